// libFuzzer target comparing tsimport's XML reader with libxml2 on the same bytes
// (tests/xml/oracle.h): the verdict (well-formed or not), and for a well-formed document every
// element, attribute and text as the provider gets them. A difference is a finding, unless it
// is one of the deliberate ones (DeliberateDifference, docs/design.md). Also a finding: the
// import (which reads a <sequence> a piece at a time) judging the bytes otherwise than the
// reader does.
//
// Built as a fuzzer with clang (-DTSIMPORT_FUZZ=ON, scripts/fuzz.sh xml) and, with the normal
// compiler, linked into the replay driver that CTest runs over the seeds and tests/fuzz/crashers/xml.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../xml/oracle.h"

namespace {

[[noreturn]] void Finding(const std::string& what, std::string_view bytes) {
  std::fprintf(stderr, "fuzz_xml: %s\n  input: %s\n", what.c_str(),
               tsimport::xmltest::Printable(bytes, 400).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using tsimport::xmltest::Reading;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const Reading ours = tsimport::xmltest::ReadWithTsimport(bytes);
  std::string why;
  const Reading::Verdict imported = tsimport::xmltest::ImportVerdict(bytes, why);
  if (imported != ours.verdict && imported != Reading::kOther) {
    Finding("the import judges the bytes otherwise than the reader: " + why + " / reader: " +
                (ours.error.empty() ? "well-formed" : ours.error),
            bytes);
  }
  if (ours.verdict == Reading::kOther) return 0;  // a limit or a DTD
  const Reading reference = tsimport::xmltest::ReadWithLibxml2(bytes);
  if (!tsimport::xmltest::DeliberateDifference(bytes, ours, reference).empty()) return 0;
  const std::string difference = tsimport::xmltest::Compare(ours, reference);
  if (!difference.empty()) Finding(difference, bytes);
  return 0;
}
