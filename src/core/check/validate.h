// The validator: checks a built model against the catalog's class definitions (TS2xxx).
#pragma once

#include <string>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/diagnostic.h"
#include "tsimport/model.h"

namespace tsimport::detail {

/// How the checks report.
struct CheckOptions {
  /// Checks that rest on documentation prose or on tsimport's reading are errors, as checks
  /// backed by a qualifier are (--strict); otherwise they are warnings.
  bool strict = false;
};

/// The whole task sequence: ValidateSequence, then ValidateStep for each of its steps.
void Validate(const TaskSequence& ts, const std::string& file, const Catalog& catalog,
              const CheckOptions& options, std::vector<Diagnostic>& diagnostics);

/// The task sequence's own element and lists, not its steps.
void ValidateSequence(const TaskSequence& ts, const std::string& file, const Catalog& catalog,
                      const CheckOptions& options, std::vector<Diagnostic>& diagnostics);

/// One step of ts's Steps (a group with everything in it), numbered (NumberStep); ts's
/// dialect decides what MDT markup means. The builder checks each step this way as soon as it
/// is built, while it is still in the cache.
void ValidateStep(const TaskSequence& ts, const Instance& step, const std::string& file,
                  const Catalog& catalog, const CheckOptions& options,
                  std::vector<Diagnostic>& diagnostics);

}  // namespace tsimport::detail
