// Console export .zip files (OPC packages): the only part of tsimport that knows libzip.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tsimport/diagnostic.h"
#include "tsimport/import.h"

namespace tsimport::detail {

struct ZipMember {
  std::string name;   ///< path inside the archive
  std::string bytes;  ///< its content
};

struct ZipContents {
  bool ok = false;
  std::vector<ZipMember> task_sequences;  ///< SMS_TaskSequencePackage/<ID>/object.xml, by name
  std::vector<Dependency> dependencies;   ///< other exported objects
  /// What the export says about the references, read for the documentation writers:
  /// SMS_TaskSequencePackage/<ID>/ReferencesInfo.xml and AppReferencesInfo.xml, and the
  /// object.xml of each exported SMS_Application (for its name). Members that are too large
  /// (4 MiB each, 32 MiB in all) or cannot be read are left out: they change no import.
  std::vector<ZipMember> metadata;
  std::uint64_t metadata_bytes = 0;  ///< what the metadata members hold, in all
  std::vector<std::string> names;         ///< every member name (for messages)
};

/// Zip bombs and hostile archives (TS1013). Sizes are checked against what the archive declares
/// and again against what a member really expands to, since a declared size can lie.
struct ZipLimits {
  std::uint64_t max_members = 10000;            ///< entries in the central directory
  std::uint64_t max_member_bytes = 256u << 20;  ///< one task sequence member, expanded
  std::uint64_t max_total_bytes = 512u << 20;   ///< all task sequence members, expanded
  std::uint64_t max_ratio = 1000;               ///< expanded / compressed, per member
};

bool LooksLikeZip(std::string_view bytes);

/// Reads the task sequence packages of an export. Problems are TS1011-TS1013 diagnostics.
/// Member names are only ever compared and shown (with control characters and bytes that are
/// not UTF-8 escaped as \xNN), never used as paths; a member whose package folder is "." or
/// "..", or holds a backslash or colon, is not taken for a task sequence.
ZipContents ReadExportZip(std::string_view bytes, const std::string& file, const ZipLimits& limits,
                          std::vector<Diagnostic>& diagnostics);

}  // namespace tsimport::detail
