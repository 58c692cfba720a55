// The parser: text to the model, through the scanner (scan.h) and the DOM (lite.h).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/diagnostic.h"
#include "tsimport/import.h"
#include "tsimport/model.h"

namespace tsimport::detail {

struct ParsedInput {
  std::string shape;  ///< "sequence", "object.xml", "SmsTaskSequencePackage"
  std::optional<TaskSequence> task_sequence;
  bool has_package = false;
  std::vector<PackageProperty> package;
  /// The steps were numbered and checked as they were built (ConfigMgr's dialect): what is
  /// left is ValidateSequence, then step_diagnostics (in that order, as Validate reports).
  bool steps_checked = false;
  std::vector<Diagnostic> step_diagnostics;
  /// The steps are to be checked with the whole sequence (MDT markup, or no model after all).
  void CheckStepsLater() {
    steps_checked = false;
    step_diagnostics = {};
  }
};

/// Checks one step of the sequence as soon as it is built (numbered, while it is still in the
/// cache), adding its findings to the list. The builder knows nothing of the checks: the
/// pipeline (import.cpp) hands it the validator's ValidateStep this way.
using StepCheck =
    std::function<void(const TaskSequence&, const Instance& step, std::vector<Diagnostic>&)>;

/// Parses decoded UTF-8 text: checks well-formedness, recognises the shape from the root
/// element, and builds the model. Problems with the input itself are TS1xxx diagnostics;
/// the model keeps everything else for the validator.
ParsedInput ParseText(std::string_view text, const std::string& file, const Catalog& catalog,
                      Target target, std::vector<Diagnostic>& diagnostics,
                      const Limits& limits = Limits{}, StrBuffer* text_buffer = nullptr,
                      const StepCheck* check_step = nullptr);

/// The WMI instances of an export's metadata: an `<INSTANCE>` document (an exported object's
/// object.xml), or an `<ArrayOfString>` whose strings each hold one (ReferencesInfo.xml,
/// AppReferencesInfo.xml). Binary arrays are not copied. What is not well-formed, or not one of
/// these, gives none (`diagnostics` says why; metadata changes no import).
std::vector<Instance> ReadWmiInstances(std::string_view text, const std::string& file,
                                       const Catalog& catalog, std::vector<Diagnostic>& diagnostics,
                                       const Limits& limits = Limits{});

}  // namespace tsimport::detail
