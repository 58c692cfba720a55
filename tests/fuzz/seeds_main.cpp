// Writes a fuzz target's seed corpus and dictionary (used by scripts/fuzz.sh):
//   tsimport_fuzz_seeds SOURCE_DIR TARGET OUT_DIR OUT_DICT
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "seeds.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s SOURCE_DIR import|zip OUT_DIR OUT_DICT\n", argv[0]);
    return 2;
  }
  namespace fs = std::filesystem;
  fs::create_directories(argv[3]);
  auto seeds = tsimport::fuzz::MakeSeeds(argv[1], argv[2]);
  for (const auto& s : seeds) {
    std::ofstream(fs::path(argv[3]) / ("seed-" + s.name), std::ios::binary) << s.bytes;
  }
  std::ofstream(argv[4], std::ios::binary) << tsimport::fuzz::MakeDictionary(argv[1], argv[2]);
  std::printf("%zu seeds in %s, dictionary %s\n", seeds.size(), argv[3], argv[4]);
  return seeds.empty() ? 1 : 0;
}
