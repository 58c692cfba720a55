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
  /// Called once, before any input is read, with the size of the largest input (0 when none
  /// can be sized: standard input): the allocator's settings for it (src/cli/allocator.h).
  void (*prepare_memory)(std::uint64_t largest_input) = nullptr;
};

/// Runs tsimport with argv-style arguments (args[0] is the program name). Returns the exit
/// status of PRODUCT.md section 6. Never throws.
int Run(const std::vector<std::string>& args, Io io);

}  // namespace tsimport::cli
