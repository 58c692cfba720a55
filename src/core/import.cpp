#include "tsimport/import.h"

#include <cctype>
#include <cstdio>
#include <map>

// The pipeline: input (bytes to a document), build (document to model), check (the model
// against the catalog, then lint), in that order; the writers take the result.
#include "build/builder.h"
#include "check/lint.h"
#include "check/validate.h"
#include "input/decode.h"
#include "input/zip.h"
#include "model/text.h"

namespace tsimport {

std::size_t ImportResult::Count(Severity s) const {
  std::size_t n = 0;
  for (const auto& d : diagnostics) n += d.severity == s;
  return n;
}

std::string FormatHResult(std::uint32_t hresult) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", hresult);
  return buf;
}

void Finalize(ImportResult& result) {
  SortDiagnostics(result.diagnostics);
  result.hresult = hr::kOk;
  result.exit_code = ExitCode::kOk;
  for (const auto& d : result.diagnostics) {
    if (d.severity != Severity::kError) continue;
    const RuleInfo* rule = FindRule(d.rule);
    // Lint rules (TS3xxx and up) carry no HRESULT: ImportSequence would accept the sequence, so
    // their errors fail the run (exit 1, per --fail-on) but never set ReturnValue.
    const bool lint = rule != nullptr && rule->hresult == 0;
    if (!lint && result.hresult == hr::kOk)
      result.hresult = d.hresult != 0 ? d.hresult : hr::kFailed;
    result.exit_code = MoreSerious(result.exit_code, rule ? rule->exit_code : ExitCode::kFindings);
  }
}

ImportResult UnreadableInput(const std::string& name, std::uint32_t hresult,
                             const std::string& reason) {
  ImportResult r;
  r.input = name;
  Diagnostic d;
  d.rule = "TS1001";
  d.severity = Severity::kError;
  d.file = name;
  d.message = reason;
  d.hresult = hresult;
  r.diagnostics.push_back(std::move(d));
  Finalize(r);
  return r;
}

namespace {

std::string Mebibytes(std::uint64_t n) {
  if (n >= (1u << 20) && n % (1u << 20) == 0) return std::to_string(n >> 20) + " MiB";
  return std::to_string(n) + " bytes";
}

/// TS1099: an exception escaped a step of the import (exceptions never cross the core's API).
Diagnostic InternalError(const std::string& file, const char* doing, const std::exception& e) {
  Diagnostic d;
  d.rule = "TS1099";
  d.severity = Severity::kError;
  d.file = file;
  d.message = std::string("internal error while ") + doing + ": " + e.what();
  d.hresult = hr::kFailed;
  return d;
}

Diagnostic TooLarge(const std::string& file, std::uint64_t size, const Limits& limits) {
  Diagnostic d;
  d.rule = "TS1014";
  d.severity = Severity::kError;
  d.file = file;
  d.message = (size > 0 ? "the input is " + std::to_string(size) + " bytes, more than"
                        : std::string("the input goes on past")) +
              " the limit of " + Mebibytes(limits.max_input_bytes) +
              " (--max-input-size); real task sequences are a few MB at most";
  if (const RuleInfo* r = FindRule(d.rule)) d.hresult = r->hresult;
  return d;
}

/// What an export's metadata says of the references, per task sequence folder
/// ("SMS_TaskSequencePackage/PS100136/").
struct ZipNames {
  std::map<std::string, std::vector<ReferenceName>> by_folder;
};

std::string StringProperty(const Instance& inst, std::string_view name) {
  const Property* p = inst.Find(name);
  if (p == nullptr) return {};
  if (p->value.kind == ValueKind::kString) return p->value.text.str();
  if (p->value.kind == ValueKind::kUInt32 || p->value.kind == ValueKind::kSInt32)
    return std::to_string(p->value.number);
  return {};
}

const char* PackageTypeName(const std::string& type) {
  if (type == "0") return "Package";
  if (type == "3") return "Driver package";
  if (type == "4") return "Task sequence";
  if (type == "5") return "Software update package";
  if (type == "257") return "OS image";
  if (type == "258") return "Boot image";
  if (type == "259") return "OS upgrade package";
  if (type == "260") return "VHD package";
  return "";
}

/// ReferencesInfo.xml (ReferencePackageID, ReferenceName, ReferencePackageType,
/// ReferenceVersion), AppReferencesInfo.xml (RefAppModelName), and the exported applications'
/// LocalizedDisplayName by ModelName. Metadata that cannot be read gives no names (it changes
/// no import, so it draws no finding).
ZipNames ReadZipNames(const detail::ZipContents& zip, const std::string& name,
                      const Catalog& catalog, const ImportOptions& options) {
  ZipNames out;
  std::map<std::string, std::string> applications;  // ModelName -> LocalizedDisplayName
  std::vector<std::pair<std::string, std::vector<Instance>>> infos;
  for (const auto& m : zip.metadata) {
    try {
      std::vector<Diagnostic> ignored;
      detail::Decoded decoded = detail::Decode(m.bytes, name + "!" + m.name, ignored, nullptr);
      if (!decoded.ok) continue;
      std::vector<Instance> instances = detail::ReadWmiInstances(
          decoded.text, name + "!" + m.name, catalog, ignored, options.limits);
      if (m.name.rfind("SMS_Application/", 0) == 0) {
        for (const auto& inst : instances) {
          std::string model = StringProperty(inst, "ModelName");
          std::string display = StringProperty(inst, "LocalizedDisplayName");
          if (!model.empty() && !display.empty()) applications.emplace(model, display);
        }
      } else {
        infos.emplace_back(m.name.substr(0, m.name.rfind('/') + 1), std::move(instances));
      }
    } catch (const std::exception&) {
      continue;  // metadata only: the task sequences are read as before
    }
  }
  for (const auto& [folder, instances] : infos) {
    auto& list = out.by_folder[folder];
    for (const auto& inst : instances) {
      ReferenceName n;
      if (inst.class_name == "SMS_TaskSequenceAppReferencesInfo") {
        n.id = StringProperty(inst, "RefAppModelName");
        n.kind = "Application";
        if (auto it = applications.find(n.id); it != applications.end()) n.name = it->second;
      } else {
        n.id = StringProperty(inst, "ReferencePackageID");
        n.name = StringProperty(inst, "ReferenceName");
        n.kind = PackageTypeName(StringProperty(inst, "ReferencePackageType"));
        n.version = StringProperty(inst, "ReferenceVersion");
      }
      if (!n.id.empty()) list.push_back(std::move(n));
    }
  }
  return out;
}

/// Imports one document (not a zip). `file` is the name diagnostics carry.
ImportResult ImportDocument(std::string_view bytes, const std::string& input,
                            const std::string& file, const Catalog& catalog,
                            const ImportOptions& options, std::string* owned = nullptr) {
  ImportResult r;
  r.input = input;
  r.bytes = bytes.size();
  if (bytes.size() > options.limits.max_input_bytes) {
    r.diagnostics.push_back(TooLarge(file, bytes.size(), options.limits));
    Finalize(r);
    return r;
  }
  try {
    detail::Decoded decoded = detail::Decode(bytes, file, r.diagnostics, owned);
    r.encoding = decoded.encoding;
    if (decoded.ok) {
      // The text goes into a buffer that the model's values share (those that stand in it as
      // they are) and that the result keeps for source lines.
      StrBuffer* const buffer = StrBuffer::Adopt(std::move(decoded.text));
      const BufferRef hold(buffer);
      const std::string_view text(buffer->data, buffer->size);
      // Each step is checked as soon as it is built, while it is in the cache.
      detail::CheckOptions check_options;
      check_options.strict = options.strict;
      const detail::StepCheck check_step = [&](const TaskSequence& ts, const Instance& step,
                                               std::vector<Diagnostic>& out) {
        detail::ValidateStep(ts, step, file, catalog, check_options, out);
      };
      detail::ParsedInput parsed = detail::ParseText(
          text, file, catalog, options.target, r.diagnostics, options.limits, buffer, &check_step);
      r.shape = parsed.shape.empty() ? "unknown" : parsed.shape;
      r.has_package = parsed.has_package;
      r.package = std::move(parsed.package);
      if (parsed.task_sequence) {
        if (parsed.steps_checked) {
          detail::ValidateSequence(*parsed.task_sequence, file, catalog, check_options,
                                   r.diagnostics);
          r.diagnostics.insert(r.diagnostics.end(),
                               std::make_move_iterator(parsed.step_diagnostics.begin()),
                               std::make_move_iterator(parsed.step_diagnostics.end()));
        } else {
          NumberSteps(*parsed.task_sequence);
          detail::Validate(*parsed.task_sequence, file, catalog, check_options, r.diagnostics);
        }
        if (options.lint) {
          detail::Lint(*parsed.task_sequence, file, catalog, r.package, r.diagnostics,
                       r.external_dependencies);
        }
        r.task_sequence = std::move(parsed.task_sequence);
      }
      r.text = Str::Shared(buffer, buffer->data, buffer->size);
    }
  } catch (const std::exception& e) {
    r.task_sequence.reset();
    r.diagnostics.push_back(InternalError(file, "importing this input", e));
  }
  Finalize(r);
  return r;
}

}  // namespace

ImportResult InputTooLarge(const std::string& name, std::uint64_t size, const Limits& limits) {
  ImportResult r;
  r.input = name;
  r.bytes = size;
  r.diagnostics.push_back(TooLarge(name, size, limits));
  Finalize(r);
  return r;
}

namespace {

/// The name of the input ends in .zip (any case).
bool NamedZip(const std::string& name) { return detail::EndsWithLower(name, ".zip"); }

/// A file named .zip whose content neither starts like a zip archive nor holds a task sequence
/// (a truncated download, an error page saved under the export's name): what the user was
/// told the file is decides the message, "not a zip archive" (TS1012) rather than the XML
/// reader's complaint about what it found instead.
void NotAZip(ImportResult& r, bool cut_short, bool empty_archive) {
  Diagnostic d;
  d.rule = empty_archive ? "TS1011" : "TS1012";
  d.severity = Severity::kError;
  d.file = r.input;
  d.message = empty_archive ? std::string(
                                  "the zip archive is empty: it holds no task sequence "
                                  "(SMS_TaskSequencePackage/<PackageID>/object.xml)")
                            : std::string("not a zip archive: the file is named .zip, but ") +
                                  (cut_short ? "it is cut short (shorter than a zip header)"
                                             : "it does not start with a zip header (PK)") +
                                  "; copy or download the export again";
  if (const RuleInfo* rule = FindRule(d.rule)) d.hresult = rule->hresult;
  r.diagnostics.assign(1, std::move(d));
  r.shape = "zip";
  r.text.clear();
  Finalize(r);
}

/// Both Imports: `owned`, when given, holds exactly `bytes` and a document may take it.
std::vector<ImportResult> ImportInput(std::string_view bytes, std::string* owned,
                                      const std::string& name, const ImportOptions& options) {
  std::shared_ptr<const Catalog> catalog = options.catalog ? options.catalog : Catalog::Builtin();
  std::vector<ImportResult> results;
  if (bytes.size() > options.limits.max_input_bytes) {
    results.push_back(InputTooLarge(name, bytes.size(), options.limits));
    return results;
  }
  if (!detail::LooksLikeZip(bytes)) {
    // (ImportDocument may take `owned`, which `bytes` views: look at them first.)
    const bool named_zip = NamedZip(name) && !bytes.empty();
    const bool cut_short =
        bytes.size() < 4 && std::string_view("PK\x03\x04").substr(0, bytes.size()) == bytes;
    const bool empty_archive = bytes.substr(0, 4) == std::string_view("PK\x05\x06", 4);
    results.push_back(ImportDocument(bytes, name, name, *catalog, options, owned));
    if (named_zip && !results.back().task_sequence)
      NotAZip(results.back(), cut_short, empty_archive);
    return results;
  }
  ImportResult zip_result;
  zip_result.input = name;
  zip_result.shape = "zip";
  zip_result.bytes = bytes.size();
  detail::ZipContents zip;
  try {
    detail::ZipLimits limits;
    limits.max_members = options.limits.max_zip_members;
    limits.max_member_bytes = options.limits.max_input_bytes;
    limits.max_total_bytes = options.limits.max_zip_total_bytes;
    limits.max_ratio = options.limits.max_zip_ratio;
    zip = detail::ReadExportZip(bytes, name, limits, zip_result.diagnostics);
  } catch (const std::exception& e) {
    zip.ok = false;
    zip_result.diagnostics.push_back(InternalError(name, "reading this zip", e));
  }
  if (!zip.ok) {
    zip_result.dependencies = std::move(zip.dependencies);
    Finalize(zip_result);
    results.push_back(std::move(zip_result));
    return results;
  }
  const ZipNames names = ReadZipNames(zip, name, *catalog, options);
  for (const auto& member : zip.task_sequences) {
    ImportResult r =
        ImportDocument(member.bytes, name, name + "!" + member.name, *catalog, options);
    r.shape = "zip";
    r.member = member.name;
    r.dependencies = zip.dependencies;
    const std::string folder = member.name.substr(0, member.name.rfind('/') + 1);
    if (auto it = names.by_folder.find(folder); it != names.by_folder.end())
      r.reference_names = it->second;
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace

std::vector<ImportResult> Import(std::string&& bytes, const std::string& name,
                                 const ImportOptions& options) {
  return ImportInput(bytes, &bytes, name, options);
}

std::vector<ImportResult> Import(std::string_view bytes, const std::string& name,
                                 const ImportOptions& options) {
  return ImportInput(bytes, nullptr, name, options);
}

}  // namespace tsimport
