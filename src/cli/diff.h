// tsimport diff: what changed between two task sequences, step by step (docs/diff.md).
#pragma once

#include <string>
#include <vector>

#include "run.h"

namespace tsimport::cli {

/// Runs `tsimport diff ...` (args[0] is the program name, args[1] "diff"). Exit status: 0 the
/// two are the same, 1 they differ, 2 usage, and an import's own status (3, 4, 5) when a side
/// holds no task sequence that can be read.
int RunDiff(const std::vector<std::string>& args, Io io);

}  // namespace tsimport::cli
