// The input files of the in-process benchmarks (import_bench.cpp, readers_bench.cpp): each
// --input FILE read whole, labelled by its file name.
#pragma once

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace tsimport::bench {

struct Input {
  std::string label;  ///< file name without directories
  std::string bytes;
};

/// Takes the --input FILE options out of argv (the others go to `rest`, argv[0] first; `extra`
/// may take an option and its value and return true). False, with a message on stderr naming
/// `program`, when a file cannot be read or none is given.
template <typename Extra>
bool ReadInputs(int argc, char** argv, const char* program, std::vector<Input>& inputs,
                std::vector<char*>& rest, Extra&& extra) {
  rest.push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
      const std::string path = argv[++i];
      std::ifstream f(path, std::ios::binary);
      if (!f) {
        std::cerr << program << ": cannot read " << path << "\n";
        return false;
      }
      std::ostringstream s;
      s << f.rdbuf();
      inputs.push_back({path.substr(path.find_last_of('/') + 1), s.str()});
    } else if (!extra(argc, argv, i)) {
      rest.push_back(argv[i]);
    }
  }
  if (inputs.empty()) {
    std::cerr << "usage: " << program
              << " --input FILE [--input FILE...] [--benchmark_* flags]\n";
    return false;
  }
  return true;
}

}  // namespace tsimport::bench
