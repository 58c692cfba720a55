// The runner: imports the inputs on -j workers, renders each one's outputs and diagnostics,
// and emits them in input order (stdout, -o, -O, --diagnostics-output), then the totals, the
// whole-run reports and the baseline.
#pragma once

#include <string>
#include <vector>

#include "files.h"
#include "options.h"
#include "run.h"
#include "settings.h"

namespace tsimport::cli {

/// Processes `inputs` (per_input[i] applies to inputs[i]); returns the exit status.
int RunInputs(const Options& o, Io io, const std::vector<Input>& inputs,
              std::vector<const Resolved*> per_input);

}  // namespace tsimport::cli
