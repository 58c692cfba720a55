// libFuzzer target over the zip reader alone (console export .zip files): libzip's view of the
// archive, the member limits (count, expanded size, ratio, total), member names. The whole
// pipeline over zips is fuzz_import's; this one spends its time on the archive layer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "zip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tsimport;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  detail::ZipLimits limits;
  // Small limits, so that the fuzzer reaches them with small inputs.
  limits.max_members = 64;
  limits.max_member_bytes = 1u << 20;
  limits.max_total_bytes = 2u << 20;
  limits.max_ratio = 200;
  std::vector<Diagnostic> diagnostics;
  detail::ZipContents zip = detail::ReadExportZip(bytes, "fuzz.zip", limits, diagnostics);
  std::uint64_t total = 0;
  for (const auto& m : zip.task_sequences) {
    if (m.bytes.size() > limits.max_member_bytes) std::abort();
    total += m.bytes.size();
  }
  if (total > limits.max_total_bytes) std::abort();
  // ok exactly when nothing was reported; only the zip rules report here.
  if (zip.ok != diagnostics.empty()) std::abort();
  for (const auto& d : diagnostics) {
    if (d.rule != "TS1011" && d.rule != "TS1012" && d.rule != "TS1013") std::abort();
    // Member names reach terminals and logs: never a control character.
    for (const std::string* text : {&d.message, &d.file}) {
      for (char c : *text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) std::abort();
      }
    }
  }
  return 0;
}
