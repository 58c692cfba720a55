// libFuzzer target over the whole pipeline: bytes in, shape detection, decoding, the scanner,
// the DOM, the model, the validator, then every writer on every result. Anything that throws out
// of a writer, an internal error (TS1099, exit 70) or a sanitizer report is a finding.
//
// Built as a fuzzer with clang (-DTSIMPORT_FUZZ=ON, scripts/fuzz.sh) and, with the normal
// compiler, linked into a replay driver (replay_main.cpp) that CTest runs over the seed corpus
// and every crasher ever found (tests/fuzz/crashers/import).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tsimport/import.h"
#include "tsimport/write.h"

namespace {

[[noreturn]] void Finding(const char* what, const tsimport::ImportResult& r) {
  std::fprintf(stderr, "fuzz_import: %s\n", what);
  for (const auto& d : r.diagnostics) {
    std::fprintf(stderr, "  %s: %s\n", d.rule.c_str(), d.message.c_str());
  }
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tsimport;
  static const std::shared_ptr<const Catalog> catalog = Catalog::Builtin();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ImportOptions options;
  options.catalog = catalog;
  // The dialect option from the input's length, so that one input always takes one path.
  options.target = static_cast<Target>(size % 3);
  std::vector<ImportResult> results = Import(bytes, "fuzz.xml", options);
  if (results.empty()) std::abort();
  std::size_t sink = 0;
  for (ImportResult& r : results) {
    if (r.exit_code == ExitCode::kInternal) Finding("internal error (exit 70)", r);
    if (r.exit_code == ExitCode::kUnreadable) Finding("bytes in memory reported unreadable", r);
    if (!r.task_sequence && r.exit_code == ExitCode::kOk)
      Finding("no task sequence, yet exit 0", r);
    sink += WriteJsonRecord(r, *catalog, -1).size();
    sink += WriteJsonRecord(r, *catalog, 2).size();
    sink += WriteSummaryLine(r).size();
    for (const Diagnostic& d : r.diagnostics) {
      sink += FormatDiagnosticHuman(d, r.text, HumanStyle{false}).size();
      sink += FormatDiagnosticHuman(d, r.text, HumanStyle{true}).size();
      sink += FormatDiagnosticGcc(d).size();
      sink += FormatDiagnosticJson(d).size();
    }
    if (r.task_sequence) {
      sink += WriteXml(*r.task_sequence).size();
      sink += WriteMof(*r.task_sequence, *catalog).size();
      sink += WriteText(r, *catalog, false, 80).size();
      sink += WriteText(r, *catalog, true, 20).size();
      sink += WriteOutline(*r.task_sequence, *catalog, false, 1).size();
      sink += WriteMarkdown(r, *catalog).size();
      sink += WriteHtml(r, *catalog).size();
      sink += TaskSequenceTitle(r).size();
      Redact(*r.task_sequence, *catalog);
      sink += WriteXml(*r.task_sequence).size();
      sink += WriteJsonRecord(r, *catalog, -1).size();
      sink += WriteMarkdown(r, *catalog).size();
    }
  }
  // Keep the writers' work observable so that nothing is optimised away.
  if (sink == SIZE_MAX) std::abort();
  return 0;
}
