// An error diagnostic of a rule, with the ReturnValue (hresult) the rule table gives it: what
// the input stages (decode, zip, the builder) report when an input cannot be imported.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tsimport/diagnostic.h"

namespace tsimport::detail {

inline void AddError(std::vector<Diagnostic>& diags, const char* rule, std::string file,
                     Location loc, std::string message) {
  Diagnostic d;
  d.rule = rule;
  d.severity = Severity::kError;
  d.file = std::move(file);
  d.loc = loc;
  d.message = std::move(message);
  if (const RuleInfo* r = FindRule(rule)) d.hresult = r->hresult;
  diags.push_back(std::move(d));
}

}  // namespace tsimport::detail
