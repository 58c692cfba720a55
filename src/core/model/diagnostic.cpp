#include "tsimport/diagnostic.h"

#include <algorithm>

namespace tsimport {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "info") return Severity::kInfo;
  if (s == "warning") return Severity::kWarning;
  if (s == "error") return Severity::kError;
  return std::nullopt;
}

int ExitPrecedence(ExitCode code) {
  switch (code) {
    case ExitCode::kInternal:
      return 7;
    case ExitCode::kUnwritable:
      return 6;
    case ExitCode::kUnreadable:
      return 5;
    case ExitCode::kNotTaskSequence:
      return 4;
    case ExitCode::kUnsupported:
      return 3;
    case ExitCode::kFindings:
      return 2;
    case ExitCode::kUsage:
      return 1;
    case ExitCode::kOk:
      return 0;
  }
  return 0;
}

ExitCode MoreSerious(ExitCode a, ExitCode b) {
  return ExitPrecedence(b) > ExitPrecedence(a) ? b : a;
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
                     return a.loc.column < b.loc.column;
                   });
}

}  // namespace tsimport
