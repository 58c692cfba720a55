// tsimport-once: imports each file once, as the command line does, and writes nothing: the
// scaling benchmark's whole process (time and peak RSS) for the import alone (--no-lint: decode,
// scan, parse, build, validate, as PRODUCT.md section 9 defines the import) beside
// `tsimport -f none`, which always lints and writes its diagnostics.
//
//   tsimport-once [--no-lint] FILE...
//
// Exits 0 when every file was read (whatever its findings), 2 otherwise.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "../src/cli/allocator.h"
#include "../src/cli/files.h"
#include "tsimport/import.h"

int main(int argc, char** argv) {
  tsimport::cli::ConfigureAllocator();
  tsimport::ImportOptions options;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--no-lint") {
      options.lint = false;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: tsimport-once [--no-lint] FILE...\n");
    return 2;
  }
  int status = 0;
  for (const auto& path : files) {
    // As the command line does before it reads its inputs (one input at a time here).
    tsimport::cli::FileId id;
    if (tsimport::cli::IdentifyFile(path, id)) tsimport::cli::PrepareForLargestInput(id.size);
    std::string bytes;
    std::uint32_t hresult = 0;
    std::string reason;
    if (!tsimport::cli::ReadInput(path, bytes, hresult, reason)) {
      std::fprintf(stderr, "tsimport-once: cannot read %s: %s\n", path.c_str(), reason.c_str());
      status = 2;
      continue;
    }
    std::vector<tsimport::ImportResult> results = tsimport::Import(std::move(bytes), path, options);
    if (results.empty()) status = 2;
  }
  return status;
}
