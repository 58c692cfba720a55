// The import: bytes of one input in, one ImportResult per task sequence it holds out.
// This is the core's entry point; it never throws and never prints.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/diagnostic.h"
#include "tsimport/model.h"

namespace tsimport {

enum class Target { kAuto, kConfigMgr, kMdt };

struct ImportOptions {
  Target target = Target::kAuto;
  std::shared_ptr<const Catalog> catalog;  ///< null: the built-in catalog
};

/// A property of the package an input carried (object.xml, the 2007 wrapper), typed as in the
/// instance; nested objects (References, schedules) are Instances.
struct PackageProperty {
  std::string name;
  Value value;
};

/// An object a console export carries beside its task sequences (an application, a package,
/// a program...): listed, not imported.
struct Dependency {
  std::string class_name;  ///< the export's class folder, e.g. "SMS_Package"
  std::string key;         ///< the object's key folder, e.g. "PS100012"
  std::string member;      ///< the member path inside the zip
};

struct ImportResult {
  std::string input;             ///< the input's name as the user gave it
  std::string shape = "unknown"; ///< "sequence", "object.xml", "zip", "SmsTaskSequencePackage"
  std::string encoding;          ///< "UTF-8", "UTF-8 (BOM)", "UTF-16LE"...
  std::optional<TaskSequence> task_sequence;  ///< set when the input held a task sequence
  std::vector<Diagnostic> diagnostics;        ///< sorted by place
  std::uint32_t hresult = 0;                  ///< ReturnValue as the HRESULT bits
  ExitCode exit_code = ExitCode::kOk;         ///< what this input alone would exit with
  std::uint64_t bytes = 0;                    ///< size of the input
  std::string text;  ///< the decoded text that lines refer to (for source snippets)
  std::string member;  ///< for a zip: the object.xml member this task sequence came from
  bool has_package = false;
  std::vector<PackageProperty> package;  ///< PackageID, Name, Version... (Icon not copied)
  std::vector<Dependency> dependencies;  ///< for a zip: the other objects it carries

  std::int32_t ReturnValue() const { return static_cast<std::int32_t>(hresult); }
  std::size_t Count(Severity s) const;
};

/// Imports one input given as bytes. `name` is used in diagnostics.
std::vector<ImportResult> Import(std::string_view bytes, const std::string& name,
                                 const ImportOptions& options);

/// The result for an input that could not be read at all (exit 5, rule TS1001).
ImportResult UnreadableInput(const std::string& name, std::uint32_t hresult,
                             const std::string& reason);

/// Applies severity overrides and ignores, then recomputes hresult and exit code from the
/// first error in document order.
void Finalize(ImportResult& result);

/// "0x80041010"
std::string FormatHResult(std::uint32_t hresult);

}  // namespace tsimport
