#include "output.h"

#include <cstdio>
#include <filesystem>

#include "platform.h"
#include "tsimport/write.h"

namespace tsimport::cli {

namespace fs = std::filesystem;

std::string Extension(const std::string& format) {
  if (format == "json") return ".json";
  if (format == "xml") return ".xml";
  if (format == "mof") return ".mof";
  if (format == "markdown") return ".md";
  if (format == "html") return ".html";
  return ".txt";
}

bool IsDocument(const std::string& format) { return format == "text" || format == "markdown"; }

bool OneDocumentOnly(const std::string& format) {
  return format == "xml" || format == "mof" || format == "html";
}

bool HasIndex(const std::string& format) { return format == "markdown" || format == "html"; }

std::string Render(const ImportResult& r, const Catalog& catalog, const std::string& format,
                   bool pretty_json, bool color) {
  if (format == "summary") return WriteSummaryLine(r) + "\n";
  if (format == "json") return WriteJsonRecord(r, catalog, pretty_json ? 2 : -1) + "\n";
  if (!r.task_sequence) return {};
  if (format == "xml") return WriteXml(*r.task_sequence);
  if (format == "mof") return WriteMof(*r.task_sequence, catalog);
  if (format == "text") return WriteText(r, catalog, color);
  if (format == "markdown") return WriteMarkdown(r, catalog);
  if (format == "html") return WriteHtml(r, catalog);
  return {};
}

std::string OutputPath(const std::string& out_dir, const std::string& format, const Input& in,
                       const ImportResult& r, bool several) {
  const fs::path rel = PathOf(in.relative);
  fs::path stem = rel.parent_path() / rel.stem();
  std::string name = TextOf(stem);
  if (several) {
    // SMS_TaskSequencePackage/<PackageID>/object.xml: one output per package.
    const fs::path member = PathOf(r.member);
    name += "." + TextOf(member.parent_path().filename());
  }
  return TextOf(PathOf(out_dir) / PathOf(name + Extension(format)));
}

void Totals::Add(const ImportResult& r) {
  errors += r.Count(Severity::kError);
  warnings += r.Count(Severity::kWarning);
  // As the summary line's verdict: invalid means ImportSequence would refuse it, whatever
  // the threshold; imported ones may still be flagged by findings.
  if (r.exit_code == ExitCode::kNothingToCheck) {
    return;  // no input at all: the folders walked held nothing
  } else if (r.exit_code == ExitCode::kUnreadable) {
    ++unreadable;  // an input, not a task sequence
  } else if (!r.task_sequence ||
             (r.exit_code != ExitCode::kOk && r.exit_code != ExitCode::kFindings)) {
    ++not_imported;
  } else if (r.hresult != 0) {
    ++invalid;
  } else {
    ++imported;
  }
}

Totals& Totals::operator+=(const Totals& o) {
  imported += o.imported;
  invalid += o.invalid;
  not_imported += o.not_imported;
  unreadable += o.unreadable;
  errors += o.errors;
  warnings += o.warnings;
  return *this;
}

std::string Totals::Line(double seconds) const {
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.2fs", seconds);
  std::size_t total = imported + invalid + not_imported;
  return std::to_string(total) + (total == 1 ? " task sequence: " : " task sequences: ") +
         std::to_string(imported) + " imported, " + std::to_string(invalid) + " invalid, " +
         std::to_string(not_imported) + " not imported; " + std::to_string(unreadable) +
         (unreadable == 1 ? " input" : " inputs") + " unreadable; " + std::to_string(errors) +
         (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) +
         (warnings == 1 ? " warning" : " warnings") + "; " + elapsed + "\n";
}

}  // namespace tsimport::cli
