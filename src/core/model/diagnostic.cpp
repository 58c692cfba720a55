#include "tsimport/diagnostic.h"

#include <algorithm>
#include <cstdint>

#include "model/text.h"

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

const char* EvidenceName(Evidence e) {
  switch (e) {
    case Evidence::kUnstated:
      return "unstated";
    case Evidence::kInput:
      return "input";
    case Evidence::kXml:
      return "xml";
    case Evidence::kClass:
      return "class";
    case Evidence::kType:
      return "type";
    case Evidence::kQualifier:
      return "qualifier";
    case Evidence::kObserved:
      return "observed";
    case Evidence::kContract:
      return "contract";
    case Evidence::kProse:
      return "prose";
    case Evidence::kReading:
      return "reading";
    case Evidence::kLint:
      return "lint";
  }
  return "unstated";
}

std::optional<Evidence> ParseEvidence(std::string_view s) {
  for (Evidence e : {Evidence::kInput, Evidence::kXml, Evidence::kClass, Evidence::kType,
                     Evidence::kQualifier, Evidence::kObserved, Evidence::kContract,
                     Evidence::kProse, Evidence::kReading, Evidence::kLint}) {
    if (s == EvidenceName(e)) return e;
  }
  return std::nullopt;
}

bool BlocksImport(Evidence e) {
  switch (e) {
    case Evidence::kProse:
    case Evidence::kReading:
    case Evidence::kLint:
      return false;
    default:
      return true;
  }
}

int ExitPrecedence(ExitCode code) {
  switch (code) {
    case ExitCode::kInternal:
      return 8;
    case ExitCode::kUnwritable:
      return 7;
    case ExitCode::kUnreadable:
      return 6;
    case ExitCode::kNotTaskSequence:
      return 5;
    case ExitCode::kUnsupported:
      return 4;
    case ExitCode::kNothingToCheck:
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
  auto before = [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.column < b.loc.column;
  };
  if (std::is_sorted(diagnostics.begin(), diagnostics.end(), before)) return;
  // Their order is sorted as indices, then applied by moving each diagnostic once along the
  // permutation's cycles: std::stable_sort's buffer held up to one Diagnostic (160 bytes) for
  // each, a lot for an input with millions.
  const std::size_t n = diagnostics.size();
  struct Key {
    std::uint64_t place;  ///< line, then column
    std::size_t index;    ///< the order they were reported in (the sort is stable)
    bool operator<(const Key& o) const {
      return place != o.place ? place < o.place : index < o.index;
    }
  };
  std::vector<Key> keys(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Location& loc = diagnostics[i].loc;
    keys[i] = {(static_cast<std::uint64_t>(loc.line) << 32) | loc.column, i};
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = keys[i].index;
  keys = std::vector<Key>();
  // Position i takes the diagnostic at order[i]; an entry set to n is done.
  for (std::size_t i = 0; i < n; ++i) {
    if (order[i] == n || order[i] == i) continue;
    Diagnostic held = std::move(diagnostics[i]);
    std::size_t at = i;
    while (order[at] != i) {
      const std::size_t from = order[at];
      diagnostics[at] = std::move(diagnostics[from]);
      order[at] = n;
      at = from;
    }
    diagnostics[at] = std::move(held);
    order[at] = n;
  }
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3));
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    const std::size_t d = detail::EditDistanceIgnoringCase(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace tsimport
