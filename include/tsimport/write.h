// Writers: each reads only the model (and the catalog) and returns text.
#pragma once

#include <string>
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

/// The rule table, as a table for a terminal; one rule's explanation.
std::string WriteRulesText();
std::string WriteRuleExplanation(const RuleInfo& rule);

struct HumanStyle {
  bool color = false;
};
/// `file:line:col: error[TS2003]: message`, then the source line with a caret, then the step.
std::string FormatDiagnosticHuman(const Diagnostic& d, const std::string& source_text,
                                  const HumanStyle& style);
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
std::string WriteOutline(const TaskSequence& ts, const Catalog& catalog, bool color, int width = 80);

/// Documentation of one task sequence as CommonMark/GFM (`-f markdown`).
std::string WriteMarkdown(const ImportResult& result, const Catalog& catalog);

/// A condition (SMS_TaskSequence_Condition, or any operand) as readable text, without "if":
/// `_SMSTSInWinPE equals "true" and any of (WMI: SELECT ...)`.
std::string ConditionText(const Instance& condition);

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

}  // namespace tsimport
