// libFuzzer target over the zip reader alone (console export .zip files): libzip's view of the
// archive, the member limits (count, expanded size, ratio, total), member names. The whole
// pipeline over zips is fuzz_import's; this one spends its time on the archive layer.
//
// An input that starts with "PK" is read as an archive as it is. Any other input describes an
// archive, which is built with libzip and then read: members separated by NUL bytes, each
// "NAME\nCONTENT"; a NAME that starts with '=' is stored instead of deflated. That lets the
// fuzzer reach names and sizes directly that it could hardly forge through checksums.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "input/zip.h"  // tsimport's, not libzip's

namespace {

std::string Build(std::string_view spec) {
  std::vector<std::pair<std::string, std::string>> members;
  while (!spec.empty() && members.size() < 80) {
    std::size_t end = spec.find('\0');
    std::string_view m = spec.substr(0, end);
    spec.remove_prefix(end == std::string_view::npos ? spec.size() : end + 1);
    std::size_t nl = m.find('\n');
    members.emplace_back(std::string(m.substr(0, nl)), nl == std::string_view::npos
                                                           ? std::string()
                                                           : std::string(m.substr(nl + 1)));
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_error_fini(&error);
  if (out == nullptr) return {};
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, nullptr);
  std::string bytes;
  if (za != nullptr) {
    for (const auto& [name, content] : members) {
      bool store = !name.empty() && name[0] == '=';
      zip_source_t* src = zip_source_buffer(za, content.data(), content.size(), 0);
      if (src == nullptr) continue;
      zip_int64_t index = zip_file_add(za, name.c_str() + (store ? 1 : 0), src, ZIP_FL_ENC_GUESS);
      if (index < 0) {
        zip_source_free(src);
        continue;
      }
      if (store) zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    if (zip_close(za) != 0) zip_discard(za);
  }
  if (zip_source_open(out) == 0) {
    zip_source_seek(out, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(out);
    zip_source_seek(out, 0, SEEK_SET);
    if (size > 0) {
      bytes.assign(static_cast<std::size_t>(size), '\0');
      zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
    }
    zip_source_close(out);
  }
  zip_source_free(out);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tsimport;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string built;
  if (input.substr(0, 2) != "PK") {
    built = Build(input);
    input = built;
  }
  detail::ZipLimits limits;
  // Small limits, so that the fuzzer reaches them with small inputs.
  limits.max_members = 64;
  limits.max_member_bytes = 1u << 20;
  limits.max_total_bytes = 2u << 20;
  limits.max_ratio = 200;
  std::vector<Diagnostic> diagnostics;
  detail::ZipContents zip = detail::ReadExportZip(input, "fuzz.zip", limits, diagnostics);
  std::uint64_t total = 0;
  for (const auto& m : zip.task_sequences) {
    if (m.bytes.size() > limits.max_member_bytes) std::abort();
    total += m.bytes.size();
    // A task sequence member's package folder is one safe path component.
    std::string_view key = std::string_view(m.name).substr(m.name.find('/') + 1);
    key = key.substr(0, key.find('/'));
    if (key.empty() || key == "." || key == ".." || key.find('\\') != std::string_view::npos)
      std::abort();
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
