// Seed corpora and dictionaries for the fuzz targets, made from the project's own samples
// (samples/) and the class catalog (data/*.json, compiled in): nothing is copied into the
// repository, and nothing comes from ../shared/corpus.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tsimport::fuzz {

struct Seed {
  std::string name;  ///< file name in the corpus directory
  std::string bytes;
};

/// "import", "zip" or "xml". `source_dir` is the project's root (samples/ is read from there).
std::vector<Seed> MakeSeeds(const std::string& source_dir, const std::string& target);

/// The libFuzzer dictionary of `target`: the committed tokens (tests/fuzz/<target>.dict) plus,
/// for "import", every class, property and variable name of the built-in catalog.
std::string MakeDictionary(const std::string& source_dir, const std::string& target);

/// A zip archive of the given members (deflated unless `store`), built with libzip.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members,
                    bool store = false);

}  // namespace tsimport::fuzz
