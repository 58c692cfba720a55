// The command line: parses arguments, drives the core, writes results and diagnostics.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace tsimport::cli {

struct Io {
  std::ostream& out;  ///< results
  std::ostream& err;  ///< diagnostics and logs
  bool out_is_terminal = false;
  bool err_is_terminal = false;
};

/// Runs tsimport with argv-style arguments (args[0] is the program name). Returns the exit
/// status of PRODUCT.md section 6. Never throws.
int Run(const std::vector<std::string>& args, Io io);

}  // namespace tsimport::cli
