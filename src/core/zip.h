// Console export .zip files (OPC packages): the only part of tsimport that knows libzip.
#pragma once

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
  std::vector<std::string> names;         ///< every member name (for messages)
};

struct ZipLimits {
  std::uint64_t max_members = 10000;
  std::uint64_t max_member_bytes = 256u << 20;  ///< a task sequence is at most 2 MB stored
  std::uint64_t max_ratio = 1000;               ///< uncompressed / compressed
};

bool LooksLikeZip(std::string_view bytes);

/// Reads the task sequence packages of an export. Problems are TS1011-TS1013 diagnostics.
ZipContents ReadExportZip(std::string_view bytes, const std::string& file, const ZipLimits& limits,
                          std::vector<Diagnostic>& diagnostics);

}  // namespace tsimport::detail
