// Replays inputs through a fuzz target without libFuzzer (any compiler): the seed corpus made
// from samples/ (--seeds SOURCE_DIR TARGET) and every file under the directories or files given
// (tests/fuzz/crashers/<target>, a corpus directory). Exits non-zero when an input crashes,
// which a sanitizer or the target's own checks turn into an abort.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "seeds.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

namespace {

void Run(const std::string& name, const std::string& bytes) {
  std::fprintf(stderr, "replay %s (%zu bytes)\n", name.c_str(), bytes.size());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t count = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--seeds" && i + 2 < args.size()) {
      for (const auto& seed : tsimport::fuzz::MakeSeeds(args[i + 1], args[i + 2])) {
        Run("seed:" + seed.name, seed.bytes);
        ++count;
      }
      i += 2;
      continue;
    }
    fs::path p(args[i]);
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        if (e.is_regular_file() && e.path().filename().string()[0] != '.' &&
            e.path().filename() != "README.md") {
          files.push_back(e.path());
        }
      }
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", args[i].c_str());
      return 2;
    }
    for (const auto& f : files) {
      Run(f.string(), ReadAll(f));
      ++count;
    }
  }
  std::fprintf(stderr, "replay: %zu inputs, no crash\n", count);
  return count > 0 ? 0 : 1;
}
