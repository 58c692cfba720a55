// The command line's options: what the user asked for, as CLI11 parses it.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tsimport::cli {

struct Options {
  std::vector<std::string> inputs;
  std::string format = "summary";
  std::string output;
  std::string out_dir;
  std::string diagnostics = "human";
  std::string fail_on = "error";
  std::vector<std::string> ignore;
  std::vector<std::string> severity;  ///< RULE=LEVEL
  std::string config;
  std::string diagnostics_output;
  std::string baseline;
  std::string write_baseline;
  std::string target = "auto";
  std::vector<std::string> schemas;
  std::string color = "auto";
  std::string progress = "auto";
  unsigned jobs = 0;
  bool recursive = false;
  bool quiet = false;
  bool verbose = false;
  bool list_classes = false;
  bool list_rules = false;
  std::string explain;
  bool version = false;
  bool redact = false;
  bool allow_empty = false;  ///< a run that finds nothing to check exits 0 (not 7)
  bool json_lines = false;   ///< -f json: one record a line, even for one record
  bool strict = false;
  // Given on the command line (they win over a configuration file).
  bool fail_on_given = false;
  bool target_given = false;
};

/// Declares every option of `app`, bound to `o`.
void AddOptions(CLI::App& app, Options& o);

/// The command's name, description, options (AddOptions) and footer: what --help prints, and
/// what the man page and the shell completions are generated from (src/cli/manual.cpp).
void DescribeApp(CLI::App& app, Options& o);

/// After parsing: notes which options the command line gave.
void NoteGiven(const CLI::App& app, Options& o);

}  // namespace tsimport::cli
