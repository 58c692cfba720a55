// Writers: each reads only the model (and the catalog) and returns text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/import.h"

namespace tsimport {

/// The import record of PRODUCT.md section 5, as one line of JSON (pretty when indent >= 0).
std::string WriteJsonRecord(const ImportResult& result, const Catalog& catalog, int indent);

/// One summary line for an input: verdict, path, name, schema version, counts.
std::string WriteSummaryLine(const ImportResult& result);

/// The catalog, as a table for a terminal or as JSON.
std::string WriteCatalogText(const Catalog& catalog);
std::string WriteCatalogJson(const Catalog& catalog);

/// The rule table, as a table for a terminal; one rule's explanation, ending with where its
/// page is (`documentation`: a path or URL; no such line when empty).
std::string WriteRulesText();
std::string WriteRuleExplanation(const RuleInfo& rule, std::string_view documentation);

struct HumanStyle {
  bool color = false;
};
/// `file:line:col: error[TS2003]: message`, then the source line with a caret, then the step.
/// The source line never shows a secret: it is masked as MaskSecrets does, with `secrets` (the
/// input's SecretValues) and what its markup says is secret.
std::string FormatDiagnosticHuman(const Diagnostic& d, std::string_view source_text,
                                  const HumanStyle& style,
                                  const std::vector<std::string>& secrets = {});
/// The same for every diagnostic of one input (sorted by place), finding each source line
/// moving forward from the last one.
std::string FormatDiagnosticsHuman(const std::vector<Diagnostic>& diagnostics,
                                   std::string_view source_text, const HumanStyle& style,
                                   const std::vector<std::string>& secrets = {});
/// FormatDiagnosticsHuman one diagnostic at a time, for a caller that writes them out as it
/// goes rather than holding the text of every one (an input can have millions). The source
/// text must outlive the formatter. Each source line quoted is masked once (MaskSecrets), for
/// the diagnostics on it one after another.
class HumanDiagnosticFormatter {
 public:
  HumanDiagnosticFormatter(std::string_view source_text, const HumanStyle& style,
                           std::vector<std::string> secrets = {})
      : text_(source_text), style_(style), secrets_(std::move(secrets)) {}
  /// Appends the diagnostic's text to `out`.
  void Append(const Diagnostic& d, std::string& out);

 private:
  std::string_view Line(std::uint32_t line);
  std::string_view text_;
  HumanStyle style_;
  std::vector<std::string> secrets_;
  std::uint32_t line_ = 1;  ///< the line that starts at start_
  std::size_t start_ = 0;
  std::size_t end_ = 0;  ///< where line_ ends (its '\n', or npos), once end_known_
  bool end_known_ = false;
  /// Whether the masks of the line's first masked_upto_ bytes decide what a diagnostic at
  /// `column` shows (see Append).
  bool MaskCovers(std::uint32_t column) const;
  /// The last line quoted, masked: its number (0: none yet), its text, and where its masks
  /// are (byte ranges of the line as it is, and the shift before each, to move a column).
  /// Only the first masked_upto_ bytes of a long line are masked (the rest of masked_ is '*').
  std::uint32_t masked_line_ = 0;
  std::size_t masked_upto_ = 0;
  std::size_t line_size_ = 0;
  std::string masked_;
  std::vector<std::pair<std::size_t, std::size_t>> mask_ranges_;
  std::vector<std::int64_t> mask_shift_;
  std::vector<std::string> forms_;  ///< secrets_ as a line may hold them (made at the first Append)
  std::size_t longest_form_ = 0;    ///< the longest of forms_ (+1); 0 until forms_ is made
};

/// A source line as a diagnostic quotes it, every secret in it replaced by "********": the
/// content of a `<variable>` (or a Set Dynamic Variables rule's `<Variable>`) whose name or
/// property is a password or product key (the catalog's Secret and QuasiSecret properties and
/// their variables, any name holding "password") or that IsSecret="true" marks, at any level of
/// escaping (object.xml, the rules inside a variable), even when the input is not well-formed;
/// and every occurrence of a value of `secrets`, as it is or XML-escaped up to three times.
/// `column` (1-based, in bytes), when given, is moved to where its byte stands in the result.
std::string MaskSecrets(std::string_view line, const std::vector<std::string>& secrets,
                        std::uint32_t* column = nullptr);
/// `file:line:col: error: message [TS2003]`
std::string FormatDiagnosticGcc(const Diagnostic& d);
/// One JSON object per diagnostic.
std::string FormatDiagnosticJson(const Diagnostic& d);

// --- -f xml, mof, text, markdown and --redact (docs/formats.md) ----------------------------

/// The sequence written back from the model (`-f xml`): the input's elements in their order,
/// their attributes in their order, their texts; two-space indentation, LF line ends, no XML
/// declaration. Parsing it gives the input's tree again, and writing that again gives the
/// same bytes.
std::string WriteXml(const TaskSequence& ts);

/// Set Dynamic Variables rules (SMS_TaskSequence_Rule objects) as the nested document that the
/// step's `Rules` variable holds: `<Rules><Rule><condition>...</condition><Variables>...`.
std::string WriteRulesXml(const std::vector<Instance>& rules);

/// The SMS_TaskSequence instance as MOF text (`-f mof`): nested instances, set properties only.
std::string WriteMof(const TaskSequence& ts, const Catalog& catalog);

/// An outline for a terminal (`-f text`): execution numbers, nesting, friendly class names,
/// marks, conditions and main settings, fitted to `width` columns; ANSI colour when `color`.
std::string WriteText(const ImportResult& result, const Catalog& catalog, bool color,
                      int width = 80);

/// The outline alone (the steps part of -f text, without the title lines).
std::string WriteOutline(const TaskSequence& ts, const Catalog& catalog, bool color,
                         int width = 80);

/// Documentation of one task sequence as CommonMark/GFM (`-f markdown`).
std::string WriteMarkdown(const ImportResult& result, const Catalog& catalog);

/// The same documentation as one self-contained HTML page (`-f html`): CSS inline, no script,
/// nothing fetched; every value escaped.
std::string WriteHtml(const ImportResult& result, const Catalog& catalog);

/// One task sequence written by a batch (-O), for its index page.
struct IndexEntry {
  std::string title;
  std::string package_id;  ///< empty when the input carried no package
  std::string input;       ///< the input (and zip member) it came from
  std::string link;        ///< the page written, relative to the index
  std::size_t groups = 0;
  std::size_t steps = 0;
  std::size_t disabled = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::uint32_t hresult = 0;  ///< ReturnValue as HRESULT bits
  std::string first_error;    ///< the message of the error that sets ReturnValue, if any
};
IndexEntry MakeIndexEntry(const ImportResult& result, std::string link);
/// `index.md` / `index.html` of a batch: every task sequence written, linking each page.
std::string WriteMarkdownIndex(const std::vector<IndexEntry>& entries);
std::string WriteHtmlIndex(const std::vector<IndexEntry>& entries);

/// A condition (SMS_TaskSequence_Condition, or any operand) as readable text, without "if":
/// `_SMSTSInWinPE equals "true" and any of (WMI: SELECT ...)`.
std::string ConditionText(const Instance& condition);

/// An empty `<condition/>` (no operands): the step always runs; the outline shows no condition.
bool IsEmptyCondition(const Instance& condition);

/// The command line or main settings of a step, on one line (empty when there is nothing).
std::string StepSummary(const Instance& step, const Catalog& catalog);

/// A Run PowerShell Script step's SourceScript (base64 of UTF-16LE text with a BOM, or of
/// UTF-8 with a BOM) as UTF-8 text; nullopt when it is not that.
std::optional<std::string> DecodeSourceScript(const std::string& value);

/// The title of a task sequence: the root's `name` attribute, the package's Name (object.xml,
/// export zips), or the input's file name.
std::string TaskSequenceTitle(const ImportResult& result);

/// `--redact`: blanks every Secret and QuasiSecret value (catalog qualifiers) and every Set
/// Dynamic Variables rule variable with IsSecret="true", in the properties and in the kept
/// `<variable>` texts, so that every writer sees the blanked value. Returns how many values it
/// blanked.
std::size_t Redact(TaskSequence& ts, const Catalog& catalog);

/// The secret values of a task sequence, for diagnostics to mask (MaskSecrets): what Redact
/// blanks, and the literal passwords that command lines pass (TS5006). Sorted, unique, none
/// empty.
std::vector<std::string> SecretValues(const TaskSequence& ts, const Catalog& catalog);

// --- diagnostics reports for CI (--diagnostics, --diagnostics-output), suppression, baselines --
// (src/core/write_diagnostics.cpp; docs/ci.md)

enum class DiagnosticsFormat { kHuman, kGcc, kJson, kSarif, kGithub, kAzure, kJunit, kCheckstyle };

/// "gcc" -> kGcc...; nullopt for an unknown name.
std::optional<DiagnosticsFormat> ParseDiagnosticsFormat(std::string_view name);
const char* DiagnosticsFormatName(DiagnosticsFormat format);

struct ReportOptions {
  /// Rule pages: helpUri = help_base_uri + "TS2001.md". Point it at docs/rules/ of the
  /// repository or mirror the users read.
  std::string help_base_uri = "https://github.com/tsimport/tsimport/blob/main/docs/rules/";
  std::string information_uri = "https://github.com/tsimport/tsimport";
  std::string tool_version = TSIMPORT_VERSION;
  /// Absolute input paths under this directory are written relative to it (SARIF, GitHub and
  /// Azure annotations, checkstyle); empty: paths as given.
  std::string source_root;
  /// SARIF: at most this many results in the run (GitHub keeps 25,000); the most severe are
  /// kept and a notification says how many were left out.
  std::size_t max_results = 25000;
  /// JUnit: findings at or above this severity fail a test case (--fail-on); nullopt: none do
  /// (--fail-on never).
  std::optional<Severity> fail_on = Severity::kError;
  /// Messages about the run itself rather than an input (an output that could not be written,
  /// an interruption): SARIF toolExecutionNotifications (and executionSuccessful false), JSON
  /// "Notifications", a JUnit test case "tsimport" in error, checkstyle comments.
  std::vector<std::string> notifications;
  /// False when the run was cut short (interrupted): the report holds the inputs checked so
  /// far and says it is incomplete (SARIF executionSuccessful false, JSON "Complete": false,
  /// the JUnit test case "tsimport" in error, a checkstyle comment).
  bool complete = true;
};

/// A whole-run report: `json` (one document: tool, inputs with their diagnostics, totals),
/// `sarif` (SARIF 2.1.0, one run, every rule of the table), `junit` (one test case per task
/// sequence), `checkstyle`; and for the line formats (`gcc`, `github`, `azure`, `human`
/// without source snippets) their lines, one per diagnostic, each ending in a newline.
std::string WriteDiagnosticsReport(DiagnosticsFormat format,
                                   const std::vector<const ImportResult*>& results,
                                   const ReportOptions& options);

/// A message about the run (ReportOptions::notifications) as a line of a line format: GitHub
/// `::error title=tsimport::note`, Azure `##vso[task.logissue type=error;code=tsimport]note`,
/// otherwise `tsimport: note`; ends in a newline.
std::string FormatRunNote(DiagnosticsFormat format, const std::string& note);

/// `::error file=F,line=L,col=C,title=TS2001::message` (GitHub Actions workflow command;
/// warning -> ::warning, info -> ::notice), escaped as GitHub requires. A zip member's
/// diagnostic points at the zip, and its message names the member and place.
std::string FormatDiagnosticGithub(const Diagnostic& d, const ReportOptions& options = {});
/// `##vso[task.logissue type=error;sourcepath=F;linenumber=L;columnnumber=C;code=TS2001]message`
/// (Azure Pipelines logging command), escaped as Azure requires; info findings, which Azure
/// has no issue type for, are written as a gcc-style line.
std::string FormatDiagnosticAzure(const Diagnostic& d, const ReportOptions& options = {});

/// Suppression (.tsimport.toml, --ignore, per-rule severity overrides): drops ignored rules,
/// sets overridden severities, then recomputes the exit code from the findings left.
/// ReturnValue (hresult) is not changed: it is what ImportSequence would return. Rules whose
/// errors mean the input could not be imported at all (exit 3, 4, 5, 70: TS1xxx) are never
/// dropped or re-levelled: a file that cannot be read is never hidden. Returns how many
/// diagnostics were dropped.
struct Suppressions {
  std::set<std::string> ignore;              ///< rule IDs
  std::map<std::string, Severity> severity;  ///< rule ID -> severity
};
std::size_t ApplySuppressions(ImportResult& result, const Suppressions& suppressions);

/// A finding's fingerprint: stable across edits elsewhere in the file (it hashes the rule, the
/// file, the step path and the message with its numbers blanked, never the line or column).
std::string Fingerprint(const Diagnostic& d);

/// A baseline: the fingerprints of accepted findings, each with how often it occurs.
struct Baseline {
  std::map<std::string, std::size_t> counts;
};
/// The baseline file (JSON) for the findings of `results` (input failures, exit 3-5, are not
/// baselined).
std::string WriteBaseline(const std::vector<const ImportResult*>& results);
/// Reads a baseline file; nullopt (and `error`) when it is not one.
std::optional<Baseline> ParseBaseline(const std::string& text, std::string& error);
/// Drops the findings the baseline accepts (as many of each fingerprint as it counts, in
/// document order) and recomputes each result's exit code as ApplySuppressions does
/// (ReturnValue unchanged). Returns how many were dropped.
std::size_t ApplyBaseline(const std::vector<ImportResult*>& results, const Baseline& baseline);

}  // namespace tsimport
