// catalog_gen OUT FILE.json...: reads the catalog files in order (as --schema files are read:
// Catalog::Load, nlohmann-json) and writes OUT, the C++ tables Catalog::Builtin() is made of
// (src/core/model/catalog_tables.h). Run by CMake before the core is compiled; OUT is left
// untouched when its text would not change.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog_emit.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: catalog_gen OUT FILE.json...\n";
    return 2;
  }
  tsimport::Catalog catalog;
  for (int i = 2; i < argc; ++i) {
    std::string path = argv[i];
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "catalog_gen: cannot read " << path << "\n";
      return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::string name = path.substr(path.find_last_of("/\\") + 1);
    std::vector<tsimport::Diagnostic> diagnostics;
    if (!catalog.Load(text.str(), name, diagnostics)) {
      for (const auto& d : diagnostics) std::cerr << path << ": " << d.message << "\n";
      return 1;
    }
  }
  std::string out;
  std::string error;
  if (!tsimport::tools::EmitCatalogTables(catalog, out, error)) {
    std::cerr << "catalog_gen: " << error << "\n";
    return 1;
  }
  const std::string target = argv[1];
  {
    std::ifstream old(target, std::ios::binary);
    std::ostringstream text;
    if (old) text << old.rdbuf();
    if (old && text.str() == out) return 0;
  }
  const std::string tmp = target + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << out;
    if (!f.flush()) {
      std::cerr << "catalog_gen: cannot write " << tmp << "\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    std::cerr << "catalog_gen: cannot write " << target << "\n";
    return 1;
  }
  return 0;
}
