// Text for a terminal: summary lines, diagnostics, the catalog and the rule table.
#include <algorithm>
#include <cstdio>

#include "tsimport/write.h"

namespace tsimport {
namespace {

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

/// Finds lines of a text, moving forward from the last one found (diagnostics come sorted by
/// place), from the top again when asked for an earlier one: no index of every line, which for
/// a large input was as large as a fifth of it.
class LineFinder {
 public:
  explicit LineFinder(std::string_view text) : text_(text) {}
  /// Line `line` (1-based) without its line end; empty when there is no such line.
  std::string Line(std::uint32_t line) {
    if (line == 0) return {};
    if (line < line_) {
      line_ = 1;
      start_ = 0;
    }
    while (line_ < line) {
      const std::size_t nl = text_.find('\n', start_);
      if (nl == std::string_view::npos) return {};
      start_ = nl + 1;
      ++line_;
    }
    const std::size_t end = text_.find('\n', start_);
    std::string s(text_.substr(
        start_, end == std::string_view::npos ? std::string_view::npos : end - start_));
    if (!s.empty() && s.back() == '\r') s.pop_back();
    return s;
  }

 private:
  std::string_view text_;
  std::uint32_t line_ = 1;  ///< the line that starts at start_
  std::size_t start_ = 0;
};

}  // namespace

std::string WriteSummaryLine(const ImportResult& r) {
  std::string verdict;
  // ok: it imports and nothing fails; flagged: it imports, but findings fail the run (lint
  // rules, or a lower --fail-on); invalid: ImportSequence would refuse it.
  if (r.task_sequence && r.hresult != 0 && r.exit_code != ExitCode::kUnsupported) {
    verdict = "invalid";
  } else if (r.task_sequence && r.exit_code == ExitCode::kOk) {
    verdict = "ok";
  } else if (r.task_sequence && r.exit_code == ExitCode::kFindings) {
    verdict = "flagged";
  } else if (r.exit_code == ExitCode::kUnreadable) {
    verdict = "unreadable";
  } else if (r.exit_code == ExitCode::kUnsupported) {
    verdict = "unsupported";
  } else if (r.exit_code == ExitCode::kInternal) {
    verdict = "failed";
  } else {
    verdict = "not-imported";
  }
  std::string line = verdict + "  " + r.input + (r.member.empty() ? "" : "!" + r.member);
  if (r.task_sequence) {
    const TaskSequence& ts = *r.task_sequence;
    // The package's name (object.xml, zips), else the MDT root's name attribute.
    std::string name;
    for (const auto& p : r.package) {
      if (p.name == "Name" && p.value.kind == ValueKind::kString) name = p.value.text;
    }
    for (const auto& a : ts.root.attributes) {
      if (a.name == "name" && name.empty()) name = a.value;
    }
    if (!name.empty()) line += "  \"" + name + "\"";
    const Property* version = ts.root.Find("SchemaVersion");
    line += "  version " + (version ? version->raw().str() : std::string("?"));
    line += "  " + std::string(ts.dialect == Dialect::kMdt ? "mdt" : "configmgr");
    line += "  " + Plural(ts.groups, "group") + ", " + Plural(ts.steps, "step");
  }
  line += "  " + Plural(r.Count(Severity::kError), "error") + ", " +
          Plural(r.Count(Severity::kWarning), "warning");
  if (r.hresult != 0) {
    line +=
        "  ReturnValue " + std::to_string(r.ReturnValue()) + " (" + FormatHResult(r.hresult) + ")";
  }
  return line;
}

namespace {
std::string FormatHuman(const Diagnostic& d, std::string src, const HumanStyle& style);
}  // namespace

std::string FormatDiagnosticHuman(const Diagnostic& d, std::string_view source_text,
                                  const HumanStyle& style) {
  return FormatHuman(d, LineFinder(source_text).Line(d.loc.line), style);
}

std::string FormatDiagnosticsHuman(const std::vector<Diagnostic>& diagnostics,
                                   std::string_view source_text, const HumanStyle& style) {
  // Lines found moving forward (a search from the top for every diagnostic made an input with
  // many findings quadratic).
  LineFinder lines(source_text);
  std::string out;
  for (const auto& d : diagnostics) out += FormatHuman(d, lines.Line(d.loc.line), style);
  return out;
}

namespace {
std::string FormatHuman(const Diagnostic& d, std::string src, const HumanStyle& style) {
  const char* bold = style.color ? "\033[1m" : "";
  const char* reset = style.color ? "\033[0m" : "";
  const char* sev_color = "";
  if (style.color) {
    sev_color = d.severity == Severity::kError     ? "\033[1;31m"
                : d.severity == Severity::kWarning ? "\033[1;35m"
                                                   : "\033[1;36m";
  }
  std::string out = bold + d.file;
  if (d.loc.line > 0) out += ":" + std::to_string(d.loc.line);
  if (d.loc.column > 0) out += ":" + std::to_string(d.loc.column);
  out += std::string(":") + reset + " " + sev_color + SeverityName(d.severity) + "[" + d.rule +
         "]" + reset + bold + ": " + d.message + reset + "\n";
  if (!src.empty()) {
    // Long lines (a whole sequence on one line) are shown around the column.
    std::size_t col = d.loc.column > 0 ? d.loc.column - 1 : 0;
    std::size_t from = 0;
    if (src.size() > 100) {
      from = col > 40 ? col - 40 : 0;
      src =
          (from > 0 ? "..." : "") + src.substr(from, 100) + (from + 100 < src.size() ? "..." : "");
      if (from > 0) from -= 3;
    }
    std::string num = std::to_string(d.loc.line);
    std::string pad(num.size(), ' ');
    out += " " + num + " | " + src + "\n";
    if (d.loc.column > 0) {
      std::string spaces;
      for (std::size_t i = from; i < col && i - from < src.size(); ++i) {
        spaces += src[i - from] == '\t' ? '\t' : ' ';
      }
      out += " " + pad + " | " + spaces + sev_color + "^" + reset + "\n";
    }
  }
  if (!d.step_path.empty()) {
    out += "  = step: " + d.step_path + " (smsts.log instruction " + std::to_string(d.step) + ")\n";
  }
  if (d.severity == Severity::kError && d.hresult != 0) {
    out += "  = ImportSequence would return " + FormatHResult(d.hresult) + "\n";
  }
  return out;
}
}  // namespace

std::string FormatDiagnosticGcc(const Diagnostic& d) {
  std::string out = d.file + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) +
                    ": " + SeverityName(d.severity) + ": " + d.message + " [" + d.rule + "]";
  return out;
}

std::string WriteCatalogText(const Catalog& catalog) {
  std::string out;
  std::string section;
  for (const auto& cls : catalog.classes()) {
    if (cls.section != section) {
      section = cls.section;
      out += section == "actions"      ? "Actions (step types):\n"
             : section == "conditions" ? "Condition classes:\n"
                                       : "Base and embedded classes:\n";
    }
    std::size_t own = cls.properties.size();
    char buf[512];
    std::snprintf(buf, sizeof buf, "  %-52s %-38s %2zu properties  [%s]\n", cls.name.c_str(),
                  cls.ui_name.c_str(), own, cls.origin.c_str());
    out += buf;
  }
  out += std::to_string(catalog.classes().size()) + " classes\n";
  return out;
}

std::string WriteRulesText() {
  std::string out;
  for (const auto& r : Rules()) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s  %-8s %-26s %s\n", std::string(r.id).c_str(),
                  SeverityName(r.severity), std::string(r.name).c_str(),
                  std::string(r.summary).c_str());
    out += buf;
  }
  return out;
}

std::string WriteRuleExplanation(const RuleInfo& r) {
  std::string out = std::string(r.id) + " " + std::string(r.name) + " (" +
                    SeverityName(r.severity) + ")\n" + std::string(r.summary) + "\n\n";
  // Wrap the paragraph at 78 columns.
  std::string line;
  std::string para(r.explanation);
  std::size_t i = 0;
  while (i < para.size()) {
    std::size_t sp = para.find(' ', i);
    std::string word = para.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
    if (!line.empty() && line.size() + 1 + word.size() > 78) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    if (sp == std::string::npos) break;
    i = sp + 1;
  }
  if (!line.empty()) out += line + "\n";
  out += "\nExit status " + std::to_string(static_cast<int>(r.exit_code)) +
         " when reported as an error";
  if (r.exit_code == ExitCode::kFindings) out += " (or at --fail-on's threshold)";
  if (r.hresult != 0) {
    out += "; ReturnValue " + FormatHResult(r.hresult) + ".\n";
  } else {
    out += "; ReturnValue unchanged (a lint rule: the task sequence would still import).\n";
  }
  out += "Documentation: docs/rules/" + std::string(r.id) + ".md\n";
  return out;
}

}  // namespace tsimport
