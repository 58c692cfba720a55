#include "tsimport/import.h"

#include <cstdio>

#include "decode.h"
#include "parse.h"
#include "validate.h"
#include "zip.h"

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
    if (result.hresult == hr::kOk) result.hresult = d.hresult != 0 ? d.hresult : hr::kFailed;
    const RuleInfo* rule = FindRule(d.rule);
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

/// Imports one document (not a zip). `file` is the name diagnostics carry.
ImportResult ImportDocument(std::string_view bytes, const std::string& input, const std::string& file,
                            const Catalog& catalog, const ImportOptions& options) {
  ImportResult r;
  r.input = input;
  r.bytes = bytes.size();
  try {
    detail::Decoded decoded = detail::Decode(bytes, file, r.diagnostics);
    r.encoding = decoded.encoding;
    if (decoded.ok) {
      detail::ParsedInput parsed = detail::ParseText(decoded.text, file, catalog, options.target, r.diagnostics);
      r.shape = parsed.shape.empty() ? "unknown" : parsed.shape;
      r.has_package = parsed.has_package;
      r.package = std::move(parsed.package);
      if (parsed.task_sequence) {
        NumberSteps(*parsed.task_sequence);
        detail::Validate(*parsed.task_sequence, file, catalog, r.diagnostics);
        r.task_sequence = std::move(parsed.task_sequence);
      }
      r.text = std::move(decoded.text);
    }
  } catch (const std::exception& e) {
    r.task_sequence.reset();
    Diagnostic d;
    d.rule = "TS1099";
    d.severity = Severity::kError;
    d.file = file;
    d.message = std::string("internal error while importing this input: ") + e.what();
    d.hresult = hr::kFailed;
    r.diagnostics.push_back(std::move(d));
  }
  Finalize(r);
  return r;
}

}  // namespace

std::vector<ImportResult> Import(std::string_view bytes, const std::string& name,
                                 const ImportOptions& options) {
  std::shared_ptr<const Catalog> catalog = options.catalog ? options.catalog : Catalog::Builtin();
  std::vector<ImportResult> results;
  if (!detail::LooksLikeZip(bytes)) {
    results.push_back(ImportDocument(bytes, name, name, *catalog, options));
    return results;
  }
  ImportResult zip_result;
  zip_result.input = name;
  zip_result.shape = "zip";
  zip_result.bytes = bytes.size();
  detail::ZipContents zip;
  try {
    zip = detail::ReadExportZip(bytes, name, detail::ZipLimits{}, zip_result.diagnostics);
  } catch (const std::exception& e) {
    zip.ok = false;
    Diagnostic d;
    d.rule = "TS1099";
    d.severity = Severity::kError;
    d.file = name;
    d.message = std::string("internal error while reading this zip: ") + e.what();
    d.hresult = hr::kFailed;
    zip_result.diagnostics.push_back(std::move(d));
  }
  if (!zip.ok) {
    zip_result.dependencies = std::move(zip.dependencies);
    Finalize(zip_result);
    results.push_back(std::move(zip_result));
    return results;
  }
  for (const auto& member : zip.task_sequences) {
    ImportResult r = ImportDocument(member.bytes, name, name + "!" + member.name, *catalog, options);
    r.shape = "zip";
    r.member = member.name;
    r.dependencies = zip.dependencies;
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace tsimport
