// Diagnostics are data: a rule ID from the one rule table, a severity, a message and a place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tsimport/model.h"

namespace tsimport {

enum class Severity { kInfo, kWarning, kError };
const char* SeverityName(Severity s);
std::optional<Severity> ParseSeverity(std::string_view s);

/// Process exit statuses (PRODUCT.md section 6).
enum class ExitCode : int {
  kOk = 0,
  kFindings = 1,
  kUsage = 2,
  kNotTaskSequence = 3,
  kUnsupported = 4,
  kUnreadable = 5,
  kUnwritable = 6,
  /// Nothing to check: the folders given to walk held no *.xml or *.zip (TS1008; --allow-empty
  /// accepts it).
  kNothingToCheck = 7,
  kInternal = 70,
};

/// Precedence of exit codes when several inputs disagree: 70, 6, 5, 3, 4, 7, 1, 0.
int ExitPrecedence(ExitCode code);
ExitCode MoreSerious(ExitCode a, ExitCode b);

/// HRESULTs used as ImportSequence's ReturnValue.
namespace hr {
inline constexpr std::uint32_t kOk = 0x00000000;
inline constexpr std::uint32_t kFailed = 0x80041001;
inline constexpr std::uint32_t kTypeMismatch = 0x80041005;
inline constexpr std::uint32_t kInvalidParameter = 0x80041008;
inline constexpr std::uint32_t kNotSupported = 0x8004100C;
inline constexpr std::uint32_t kInvalidClass = 0x80041010;
inline constexpr std::uint32_t kIllegalNull = 0x80041028;
inline constexpr std::uint32_t kValueOutOfRange = 0x8004102B;
inline constexpr std::uint32_t kInvalidProperty = 0x80041031;
inline constexpr std::uint32_t kFileNotFound = 0x80070002;
inline constexpr std::uint32_t kPathNotFound = 0x80070003;
inline constexpr std::uint32_t kAccessDenied = 0x80070005;
inline constexpr std::uint32_t kReadFault = 0x8007001E;
inline constexpr std::uint32_t kDiskFull = 0x80070070;
}  // namespace hr

/// What a check rests on (docs/fidelity.md). An import error (a non-zero ReturnValue) needs
/// evidence that the site refuses the input: the kinds up to kContract. A check that rests on
/// documentation prose or on tsimport's own reading is a warning; --strict makes it an error.
enum class Evidence : std::uint8_t {
  kUnstated,   ///< a catalog entry that does not say (a --schema file): its qualifiers count
  kInput,      ///< the input cannot be read as a task sequence at all (TS1xxx)
  kXml,        ///< not well-formed XML as System.Xml judges it
  kClass,      ///< the class does not exist in the provider's WMI schema
  kType,       ///< the value does not convert to the property's WMI type (the MOF syntax)
  kQualifier,  ///< a qualifier of the property in the class's MOF (the SDK's Qualifiers line)
  kObserved,   ///< observed behaviour of ConfigMgr
  kContract,   ///< kept an error by the product contract (docs/fidelity.md says which and why)
  kProse,      ///< documentation prose only (a "possible values" list without ValueMap)
  kReading,    ///< tsimport's own reading: an inference, a type guessed from observed values
  kLint,       ///< a lint rule: never an import error, whatever its severity
};
const char* EvidenceName(Evidence e);
std::optional<Evidence> ParseEvidence(std::string_view s);
/// True for the kinds that can make an import error (kUnstated counts as a qualifier).
bool BlocksImport(Evidence e);

/// One row of the rule table.
struct RuleInfo {
  std::string_view id;           ///< "TS2001": stable, never renumbered
  std::string_view name;         ///< short kebab-case name
  Severity severity;             ///< default severity
  std::uint32_t hresult;         ///< ReturnValue when this is the first import-blocking error
  ExitCode exit_code;            ///< exit status when this rule reports an error
  /// What the rule's checks rest on. For TS2005 to TS2010 this is the usual case; the catalog
  /// says what each property's own check rests on, and that decides.
  Evidence evidence;
  std::string_view summary;      ///< one line
  std::string_view explanation;  ///< one paragraph: what, why, how to fix
};

/// The rule table, in ID order.
const std::vector<RuleInfo>& Rules();
const RuleInfo* FindRule(std::string_view id);
/// The rule with this ID or name, in any case ("TS7003", "ts7003", "disabled"), as
/// `--list-rules` prints them; null when there is none.
const RuleInfo* FindRuleByIdOrName(std::string_view id_or_name);

/// Of `candidates`, the one closest to `word` (edit distance, ignoring case) when it is close
/// enough to be what was meant (a typo: at most a third of the word's length, and 3); empty
/// otherwise. For "did you mean" suggestions.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);
/// The severity a rule reports with by default: its own, except that an import rule whose
/// evidence does not block an import is a warning (an error with --strict).
Severity DefaultSeverity(const RuleInfo& rule, bool strict = false);

struct Diagnostic {
  std::string rule;  ///< rule ID
  Severity severity = Severity::kError;
  std::string message;
  std::string file;  ///< the name the user gave for the input
  Location loc;
  std::string step_path;      ///< "Group/Step" when inside a step
  int step = -1;              ///< execution number of that step (from 0); -1 when none
  std::uint32_t hresult = 0;  ///< HRESULT for errors (from the rule unless overridden)
};

/// Sorts diagnostics by line, then column, keeping insertion order otherwise.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace tsimport
