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

/// Safety limits (PRODUCT.md section 10, docs/robustness.md). Going past one is a clear error
/// of its own rule, never a crash, a hang or an unbounded allocation. The defaults are far
/// above any real export (the largest real ones are a few MB, nested about 15 deep).
struct Limits {
  /// TS1014: bytes of one input (a file, standard input, a zip member).
  std::uint64_t max_input_bytes = 256ull << 20;
  /// TS1015: elements nested in one document (the sequence inside object.xml and the Set
  /// Dynamic Variables rules count as documents of their own). At most 98 (the builder and the
  /// writers recurse).
  std::uint32_t max_depth = 64;
  /// TS1017: bytes of one attribute value, and of one text (character data or a CDATA section;
  /// object.xml holds the whole sequence as one text).
  std::uint64_t max_attribute_bytes = 16ull << 20;
  std::uint64_t max_text_bytes = 64ull << 20;
  /// TS1018: elements plus attributes in one document, and attributes on one element.
  std::uint64_t max_nodes = 4'000'000;
  std::uint32_t max_attributes = 256;
  /// TS1013 (zip bombs): members of an archive, task sequence bytes expanded in all, and
  /// expanded / compressed size of a member. One member is also held to max_input_bytes.
  std::uint64_t max_zip_members = 10'000;
  std::uint64_t max_zip_total_bytes = 512ull << 20;
  std::uint64_t max_zip_ratio = 1000;
};

struct ImportOptions {
  Target target = Target::kAuto;
  std::shared_ptr<const Catalog> catalog;  ///< null: the built-in catalog
  Limits limits;
  /// Run the lint rules (TS3xxx to TS7xxx) and collect the external dependencies after the
  /// import proper (decode, parse, build, validate). They never change ReturnValue; off, an
  /// embedding program gets the import alone (and the benchmark measures it, PRODUCT.md 9).
  bool lint = true;
  /// Checks that rest on documentation prose or on tsimport's reading (a value outside a list
  /// the SDK documents in prose, a type guessed from observed values) are errors that set
  /// ReturnValue, as checks backed by a class qualifier are; by default they are warnings
  /// (--strict; docs/fidelity.md).
  bool strict = false;
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

/// A package, application or task sequence the steps use (TS4xxx), or the package's boot image:
/// what the sequence needs on the site it is imported into (the record's ExternalDependencies).
struct ExternalDependency {
  struct Use {
    std::string step_path;
    int step = -1;         ///< execution number of the step
    std::string property;  ///< the property naming it, e.g. "ImagePackageID"
    bool enabled = true;   ///< false when the step or a group around it is disabled
    Location loc;
  };
  std::string kind;  ///< "Package", "Application", "TaskSequence" or "BootImage"
  std::string id;    ///< package ID, or application model name
  /// Listed in the sequence's <referenceList>; nullopt when the sequence has none.
  std::optional<bool> referenced;
  std::vector<Use> uses;  ///< in document order
};

/// What an export says a reference is (the zip's ReferencesInfo.xml, AppReferencesInfo.xml and
/// exported applications): shown by the documentation writers, never checked.
struct ReferenceName {
  std::string id;       ///< package ID, or application model name
  std::string name;     ///< the name the console shows
  std::string kind;     ///< "Package", "Driver package", "Application"... (empty: not said)
  std::string version;  ///< when the export gives one
};

struct ImportResult {
  std::string input;              ///< the input's name as the user gave it
  std::string shape = "unknown";  ///< "sequence", "object.xml", "zip", "SmsTaskSequencePackage"
  std::string encoding;           ///< "UTF-8", "UTF-8 (BOM)", "UTF-16LE"...
  std::optional<TaskSequence> task_sequence;  ///< set when the input held a task sequence
  std::vector<Diagnostic> diagnostics;        ///< sorted by place
  std::uint32_t hresult = 0;                  ///< ReturnValue as the HRESULT bits
  ExitCode exit_code = ExitCode::kOk;         ///< what this input alone would exit with
  std::uint64_t bytes = 0;                    ///< size of the input
  Str text;            ///< the decoded text that lines refer to (for source snippets)
  std::string member;  ///< for a zip: the object.xml member this task sequence came from
  bool has_package = false;
  std::vector<PackageProperty> package;  ///< PackageID, Name, Version... (Icon not copied)
  std::vector<Dependency> dependencies;  ///< for a zip: the other objects it carries
  std::vector<ExternalDependency> external_dependencies;  ///< what the steps use (lint pass)
  std::vector<ReferenceName> reference_names;             ///< for a zip: names of references

  std::int32_t ReturnValue() const { return static_cast<std::int32_t>(hresult); }
  std::size_t Count(Severity s) const;
};

/// Imports one input given as bytes. `name` is used in diagnostics.
std::vector<ImportResult> Import(std::string_view bytes, const std::string& name,
                                 const ImportOptions& options);
/// The same, taking the bytes: a UTF-8 input becomes the result's text without a copy, so a
/// large input is held once (the command line reads each file into a string and hands it over).
std::vector<ImportResult> Import(std::string&& bytes, const std::string& name,
                                 const ImportOptions& options);

/// The result for an input that could not be read at all (exit 5, rule TS1001).
ImportResult UnreadableInput(const std::string& name, std::uint32_t hresult,
                             const std::string& reason);

/// The result for an input larger than limits.max_input_bytes (exit 4, rule TS1014), for a
/// caller that learns the size before reading (fstat) and so need not read it. `size` 0: not
/// known (a pipe that went on past the limit).
ImportResult InputTooLarge(const std::string& name, std::uint64_t size, const Limits& limits);

/// Applies severity overrides and ignores, then recomputes hresult and exit code from the
/// first error in document order.
void Finalize(ImportResult& result);

/// "0x80041010"
std::string FormatHResult(std::uint32_t hresult);

}  // namespace tsimport
