#include "zip.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace tsimport::detail {
namespace {

void Fail(std::vector<Diagnostic>& diags, const std::string& file, const char* rule, std::string message) {
  Diagnostic d;
  d.rule = rule;
  d.severity = Severity::kError;
  d.file = file;
  d.message = std::move(message);
  if (const RuleInfo* r = FindRule(rule)) d.hresult = r->hresult;
  diags.push_back(std::move(d));
}

/// "SMS_TaskSequencePackage/PS100136/object.xml" -> class and key; false for other layouts.
bool SplitObjectPath(const std::string& name, std::string& cls, std::string& key) {
  auto first = name.find('/');
  if (first == std::string::npos) return false;
  auto second = name.find('/', first + 1);
  if (second == std::string::npos) return false;
  std::string rest = name.substr(second + 1);
  std::string lower = rest;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower != "object.xml") return false;
  cls = name.substr(0, first);
  key = name.substr(first + 1, second - first - 1);
  return !cls.empty() && !key.empty();
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
}

ZipContents ReadExportZip(std::string_view bytes, const std::string& file, const ZipLimits& limits,
                          std::vector<Diagnostic>& diags) {
  ZipContents out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) {
    Fail(diags, file, "TS1012", std::string("cannot read the zip: ") + zip_error_strerror(&error));
    zip_error_fini(&error);
    return out;
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (za == nullptr) {
    Fail(diags, file, "TS1012", std::string("not a readable zip archive: ") + zip_error_strerror(&error));
    zip_source_free(src);
    zip_error_fini(&error);
    return out;
  }
  std::unique_ptr<zip_t, int (*)(zip_t*)> archive(za, zip_close);
  zip_error_fini(&error);
  zip_int64_t count = zip_get_num_entries(za, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_members) {
    Fail(diags, file, "TS1013",
         "the zip has " + std::to_string(count) + " members; an export has far fewer (limit " +
             std::to_string(limits.max_members) + ")");
    return out;
  }
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0 || st.name == nullptr) continue;
    std::string name = st.name;
    out.names.push_back(name);
    std::string cls;
    std::string key;
    if (!SplitObjectPath(name, cls, key)) continue;
    if (cls != "SMS_TaskSequencePackage") {
      out.dependencies.push_back({cls, key, name});
      continue;
    }
    // Member names are only ever compared, never used as paths on disk.
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limits.max_member_bytes) {
      Fail(diags, file + "!" + name, "TS1013",
           name + " would expand to " + std::to_string(st.size) + " bytes (limit " +
               std::to_string(limits.max_member_bytes) + ")");
      return out;
    }
    if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0 &&
        st.size / st.comp_size > limits.max_ratio) {
      Fail(diags, file + "!" + name, "TS1013",
           name + " expands " + std::to_string(st.size / st.comp_size) + " times (limit " +
               std::to_string(limits.max_ratio) + "): not a real export");
      return out;
    }
    zip_file_t* zf = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (zf == nullptr) {
      Fail(diags, file + "!" + name, "TS1012",
           "cannot read member " + name + ": " + zip_strerror(za));
      return out;
    }
    ZipMember member;
    member.name = name;
    char buf[1 << 16];
    bool failed = false;
    for (;;) {
      zip_int64_t n = zip_fread(zf, buf, sizeof buf);
      if (n < 0) {
        failed = true;
        break;
      }
      if (n == 0) break;
      member.bytes.append(buf, static_cast<std::size_t>(n));
      if (member.bytes.size() > limits.max_member_bytes) {
        zip_fclose(zf);
        Fail(diags, file + "!" + name, "TS1013",
             name + " expands beyond " + std::to_string(limits.max_member_bytes) + " bytes");
        return out;
      }
    }
    std::string why = failed ? zip_file_strerror(zf) : "";
    zip_fclose(zf);
    if (failed) {
      Fail(diags, file + "!" + name, "TS1012", "cannot read member " + name + ": " + why);
      return out;
    }
    out.task_sequences.push_back(std::move(member));
  }
  std::sort(out.task_sequences.begin(), out.task_sequences.end(),
            [](const ZipMember& a, const ZipMember& b) { return a.name < b.name; });
  std::sort(out.dependencies.begin(), out.dependencies.end(),
            [](const Dependency& a, const Dependency& b) { return a.member < b.member; });
  if (out.task_sequences.empty()) {
    std::string listing;
    for (std::size_t k = 0; k < out.names.size() && k < 8; ++k) listing += (k ? ", " : "") + out.names[k];
    if (out.names.size() > 8) listing += ", ...";
    Fail(diags, file, "TS1011",
         "the zip holds no SMS_TaskSequencePackage/<PackageID>/object.xml, so no task sequence (it holds " +
             std::to_string(out.names.size()) + " member(s): " + listing + ")");
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace tsimport::detail
