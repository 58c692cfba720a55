#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "allocator.h"
#include "run.h"

int main(int argc, char** argv) {
  tsimport::cli::ConfigureAllocator();
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv, argv + argc);
  tsimport::cli::Io io{std::cout, std::cerr, isatty(STDOUT_FILENO) != 0,
                       isatty(STDERR_FILENO) != 0};
  int code = tsimport::cli::Run(args, io);
  std::cout.flush();
  return std::cout.good() ? code : 6;
}
