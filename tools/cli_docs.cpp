// Writes tsimport(1) or a shell completion script, generated from tsimport's options and rule
// table (src/cli/manual.cpp), into a file. CMake runs it at build time (CMakeLists.txt):
//   tsimport_cli_docs man|bash|zsh|fish OUTPUT
#include <fstream>
#include <iostream>
#include <string>

#include "manual.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: tsimport_cli_docs man|bash|zsh|fish OUTPUT\n";
    return 2;
  }
  const std::string what = argv[1];
  const std::string text =
      what == "man" ? tsimport::cli::WriteManPage() : tsimport::cli::WriteCompletion(what);
  if (text.empty()) {
    std::cerr << "tsimport_cli_docs: no " << what << " (man, bash, zsh or fish)\n";
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "tsimport_cli_docs: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}
