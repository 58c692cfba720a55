// tsimport diff: what changed between two task sequences, step by step (docs/diff.md).
#pragma once

#include <string>
#include <vector>

#include "options.h"
#include "run.h"

namespace CLI {
class App;
}

namespace tsimport::cli {

struct DiffOptions {
  std::vector<std::string> inputs;
  std::string format = "human";
  std::string package;
  std::string color = "auto";
  std::string textconv;
  std::vector<std::string> labels;  ///< --label: names shown for OLD and NEW
  Options settings;  ///< --config, --schema, --target, as the main command reads them
};

/// `tsimport diff`'s name, description, options and footer: what `tsimport diff --help` prints,
/// and what the man page and the completions are generated from (src/cli/manual.cpp).
void DescribeDiffApp(CLI::App& app, DiffOptions& o);

/// Runs `tsimport diff ...` (args[0] is the program name, args[1] "diff"). Exit status: 0 the
/// two are the same, 1 they differ, 2 usage, and an import's own status (3, 4, 5) when a side
/// holds no task sequence that can be read.
int RunDiff(const std::vector<std::string>& args, Io io);

}  // namespace tsimport::cli
