#include <iostream>
#include <string>
#include <vector>

#include "allocator.h"
#include "platform.h"
#include "run.h"

int main(int argc, char** argv) {
  tsimport::cli::ConfigureAllocator();
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args = tsimport::cli::Arguments(argc, argv);
  const tsimport::cli::Console console = tsimport::cli::SetUpConsole();
  tsimport::cli::Io io{std::cout, std::cerr, console.out_is_terminal, console.err_is_terminal,
                       &tsimport::cli::PrepareForLargestInput};
  int code = tsimport::cli::Run(args, io);
  std::cout.flush();
  return std::cout.good() ? code : 6;
}
