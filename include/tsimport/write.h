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

}  // namespace tsimport
