#include "input/zip.h"

#include <zip.h>
#ifndef TSIMPORT_LIBZIP_LINKED
#include <dlfcn.h>
#endif

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "model/errors.h"
#include "model/text.h"

namespace tsimport::detail {
namespace {

// libzip is loaded when an input is a zip, not at every start: it brings libcrypto, libbz2 and
// libz, whose loading was about a third of a run's start-up on a small XML file
// (docs/design.md). The header gives the functions' types; the library's soname comes from
// libzip's CMake package (TSIMPORT_LIBZIP_SONAME).
#define TSIMPORT_ZIP_FUNCTIONS(X)                                                               \
  X(zip_error_init) X(zip_error_fini) X(zip_error_strerror) X(zip_error_code_zip)               \
  X(zip_source_buffer_create) X(zip_open_from_source) X(zip_source_free) X(zip_close)           \
  X(zip_get_num_entries) X(zip_stat_init) X(zip_stat_index) X(zip_fopen_index) X(zip_strerror) \
  X(zip_fread) X(zip_fclose) X(zip_file_strerror)

struct ZipApi {
#define TSIMPORT_ZIP_POINTER(f) decltype(&::f) f = nullptr;
  TSIMPORT_ZIP_FUNCTIONS(TSIMPORT_ZIP_POINTER)
#undef TSIMPORT_ZIP_POINTER
  std::string error;  ///< why libzip could not be loaded; empty when it was
};

#ifdef TSIMPORT_LIBZIP_LINKED
/// libzip linked in (the Windows build; a static Linux build with a libzip.a): its functions
/// as they are.
const ZipApi& Zip() {
  static const ZipApi api = [] {
    ZipApi a;
#define TSIMPORT_ZIP_BIND(f) a.f = &::f;
    TSIMPORT_ZIP_FUNCTIONS(TSIMPORT_ZIP_BIND)
#undef TSIMPORT_ZIP_BIND
    return a;
  }();
  return api;
}
#elif defined(TSIMPORT_NO_ZIP_LIBRARY)
/// A static Linux build without a libzip.a (-DTSIMPORT_STATIC=ON; Debian ships none): a static
/// binary cannot load a library, so it reads no zip, and says so.
const ZipApi& Zip() {
  static const ZipApi api = [] {
    ZipApi a;
    a.error =
        "cannot read a zip: this tsimport is a static build without the zip library (no "
        "libzip.a when it was built); give the object.xml the export holds, or use a "
        "dynamically linked tsimport";
    return a;
  }();
  return api;
}
#else
/// libzip's functions, resolved once (thread-safe), never unloaded.
const ZipApi& Zip() {
  static const ZipApi api = [] {
    ZipApi a;
    void* lib = dlopen(TSIMPORT_LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      a.error = std::string("cannot read a zip: the zip library (" TSIMPORT_LIBZIP_SONAME
                            ") could not be loaded (") +
                (why != nullptr ? why : "unknown error") +
                "); install it (Debian: apt-get install libzip4) or give the object.xml the "
                "export holds";
      return a;
    }
    auto bind = [&](auto& fn, const char* name) {
      void* symbol = dlsym(lib, name);
      if (symbol == nullptr && a.error.empty()) {
        a.error = std::string("cannot read a zip: the zip library (" TSIMPORT_LIBZIP_SONAME
                              ") has no ") +
                  name + "; install libzip 1.7 or later";
      }
      static_assert(sizeof fn == sizeof symbol, "function and data pointers differ in size");
      std::memcpy(&fn, &symbol, sizeof fn);
    };
#define TSIMPORT_ZIP_BIND(f) bind(a.f, #f);
    TSIMPORT_ZIP_FUNCTIONS(TSIMPORT_ZIP_BIND)
#undef TSIMPORT_ZIP_BIND
    return a;
  }();
  return api;
}
#endif

void Fail(std::vector<Diagnostic>& diags, const std::string& file, const char* rule,
          std::string message) {
  AddError(diags, rule, file, Location(), std::move(message));
}

/// A member name as it may be shown: bytes that are control characters or not UTF-8 become
/// \xNN, so that a name cannot move a terminal's cursor or break a JSON record.
std::string Printable(const char* raw) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(raw);
  const std::size_t n = std::strlen(raw);
  auto escape = [&](unsigned char c) {
    static const char kHex[] = "0123456789ABCDEF";
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  for (std::size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7F) {
        escape(c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    std::uint32_t cp = len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    bool ok = len != 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (p[i + k] & 0xC0) == 0x80;
      cp = (cp << 6) | (p[i + k] & 0x3Fu);
    }
    ok =
        ok && !((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0));
    if (!ok) {
      escape(c);
      ++i;
      continue;
    }
    out.append(raw + i, len);
    i += len;
  }
  return out;
}

/// A package folder that cannot be mistaken for a path step: not "." or "..", no backslash,
/// colon or escaped byte.
bool SafeKey(const std::string& key) {
  return key != "." && key != ".." && key.find_first_of("\\:") == std::string::npos;
}

/// "SMS_TaskSequencePackage/PS100136/object.xml" -> class and key; false for other layouts.
bool SplitObjectPath(const std::string& name, std::string& cls, std::string& key) {
  auto first = name.find('/');
  if (first == std::string::npos) return false;
  auto second = name.find('/', first + 1);
  if (second == std::string::npos) return false;
  std::string rest = name.substr(second + 1);
  if (!EqualsLower(rest, "object.xml")) return false;
  cls = name.substr(0, first);
  key = name.substr(first + 1, second - first - 1);
  return !cls.empty() && !key.empty() && SafeKey(cls) && SafeKey(key);
}

std::string Bytes(std::uint64_t n) {
  if (n >= (1u << 20) && n % (1u << 20) == 0) return std::to_string(n >> 20) + " MiB";
  return std::to_string(n) + " bytes";
}

/// SMS_TaskSequencePackage/<ID>/ReferencesInfo.xml or AppReferencesInfo.xml.
bool IsReferencesInfo(const std::string& name) {
  auto first = name.find('/');
  if (first == std::string::npos || name.compare(0, first, "SMS_TaskSequencePackage") != 0)
    return false;
  auto second = name.find('/', first + 1);
  if (second == std::string::npos || second == first + 1) return false;
  std::string rest = name.substr(second + 1);
  return rest == "ReferencesInfo.xml" || rest == "AppReferencesInfo.xml";
}

/// Reads a metadata member when it is small (at most 4 MiB, expanding at most 1000 times, and
/// 32 MiB for all of them: a zip of many large members cannot make the reader hold much);
/// leaves it out otherwise.
void ReadMetadata(const ZipApi& z, zip_t* za, zip_int64_t i, const zip_stat_t& st,
                  const std::string& name, ZipContents& out) {
  constexpr std::uint64_t kMax = 4u << 20;
  constexpr std::uint64_t kTotal = 32u << 20;
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > kMax || out.metadata.size() >= 1000 ||
      out.metadata_bytes + st.size > kTotal)
    return;
  if ((st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0 && st.size / st.comp_size > 1000)
    return;
  zip_file_t* zf = z.zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
  if (zf == nullptr) return;
  ZipMember member;
  member.name = name;
  std::vector<char> buf(1 << 16);
  for (;;) {
    zip_int64_t n = z.zip_fread(zf, buf.data(), buf.size());
    if (n <= 0) {
      if (n < 0) member.bytes.clear();
      break;
    }
    member.bytes.append(buf.data(), static_cast<std::size_t>(n));
    if (member.bytes.size() > kMax || out.metadata_bytes + member.bytes.size() > kTotal) {
      // the declared size lied
      member.bytes.clear();
      break;
    }
  }
  z.zip_fclose(zf);
  if (member.bytes.empty()) return;
  out.metadata_bytes += member.bytes.size();
  out.metadata.push_back(std::move(member));
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
}

ZipContents ReadExportZip(std::string_view bytes, const std::string& file, const ZipLimits& limits,
                          std::vector<Diagnostic>& diags) {
  ZipContents out;
  const ZipApi& z = Zip();
  if (!z.error.empty()) {
    Fail(diags, file, "TS1012", z.error);
    return out;
  }
  zip_error_t error;
  z.zip_error_init(&error);
  zip_source_t* src = z.zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (src == nullptr) {
    Fail(diags, file, "TS1012",
         std::string("cannot read the zip: ") + z.zip_error_strerror(&error));
    z.zip_error_fini(&error);
    return out;
  }
  zip_t* za = z.zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (za == nullptr) {
    Fail(diags, file, "TS1012",
         z.zip_error_code_zip(&error) == ZIP_ER_NOZIP
             ? std::string("not a zip archive: it starts like one, but its end (the central "
                           "directory) is missing, so it was cut short or damaged; copy or "
                           "download the export again")
             : std::string("not a readable zip archive: ") + z.zip_error_strerror(&error) +
                   "; copy or download the export again");
    z.zip_source_free(src);
    z.zip_error_fini(&error);
    return out;
  }
  std::unique_ptr<zip_t, int (*)(zip_t*)> archive(za, z.zip_close);
  z.zip_error_fini(&error);
  zip_int64_t count = z.zip_get_num_entries(za, 0);
  if (count < 0) {
    Fail(diags, file, "TS1012", "not a readable zip archive: no central directory");
    return out;
  }
  if (static_cast<std::uint64_t>(count) > limits.max_members) {
    Fail(diags, file, "TS1013",
         "the zip has " + std::to_string(count) + " members; an export has far fewer (limit " +
             std::to_string(limits.max_members) + ")");
    return out;
  }
  std::uint64_t total = 0;  // bytes of task sequence members read so far
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    z.zip_stat_init(&st);
    if (z.zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0 || st.name == nullptr)
      continue;
    std::string name = Printable(st.name);
    out.names.push_back(name);
    std::string cls;
    std::string key;
    if (!SplitObjectPath(name, cls, key)) {
      if (IsReferencesInfo(name)) ReadMetadata(z, za, i, st, name, out);
      continue;
    }
    if (cls != "SMS_TaskSequencePackage") {
      out.dependencies.push_back({cls, key, name});
      if (cls == "SMS_Application") ReadMetadata(z, za, i, st, name, out);
      continue;
    }
    // Member names are only ever compared, never used as paths on disk.
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limits.max_member_bytes) {
      Fail(diags, file + "!" + name, "TS1013",
           name + " would expand to " + std::to_string(st.size) + " bytes (limit " +
               Bytes(limits.max_member_bytes) + ")");
      return out;
    }
    if ((st.valid & ZIP_STAT_SIZE) &&
        st.size > limits.max_total_bytes - std::min(total, limits.max_total_bytes)) {
      Fail(diags, file + "!" + name, "TS1013",
           "the task sequences of the zip would expand to more than " +
               Bytes(limits.max_total_bytes) + " in all: not a real export");
      return out;
    }
    if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0 &&
        st.size / st.comp_size > limits.max_ratio) {
      Fail(diags, file + "!" + name, "TS1013",
           name + " expands " + std::to_string(st.size / st.comp_size) + " times (limit " +
               std::to_string(limits.max_ratio) + "): not a real export");
      return out;
    }
    zip_file_t* zf = z.zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (zf == nullptr) {
      Fail(diags, file + "!" + name, "TS1012",
           "cannot read member " + name + ": " + z.zip_strerror(za));
      return out;
    }
    ZipMember member;
    member.name = name;
    // What the member really expands to is checked as it is read: its declared size may lie.
    const std::uint64_t comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    const std::uint64_t ratio_cap =
        comp_size > (UINT64_MAX - 65536) / std::max<std::uint64_t>(limits.max_ratio, 1)
            ? UINT64_MAX
            : comp_size * limits.max_ratio + 65536;  // small members may compress better
    std::vector<char> buf(1 << 16);
    bool failed = false;
    for (;;) {
      zip_int64_t n = z.zip_fread(zf, buf.data(), buf.size());
      if (n < 0) {
        failed = true;
        break;
      }
      if (n == 0) break;
      member.bytes.append(buf.data(), static_cast<std::size_t>(n));
      std::string why;
      if (member.bytes.size() > limits.max_member_bytes) {
        why = name + " expands beyond " + Bytes(limits.max_member_bytes) + " (the limit)";
      } else if (total + member.bytes.size() > limits.max_total_bytes) {
        why = "the task sequences of the zip expand to more than " + Bytes(limits.max_total_bytes) +
              " in all: not a real export";
      } else if (member.bytes.size() > ratio_cap) {
        why = name + " expands more than " + std::to_string(limits.max_ratio) +
              " times its compressed size of " + std::to_string(comp_size) +
              " bytes: not a real export";
      }
      if (!why.empty()) {
        z.zip_fclose(zf);
        Fail(diags, file + "!" + name, "TS1013", why);
        return out;
      }
    }
    std::string why = failed ? z.zip_file_strerror(zf) : "";
    z.zip_fclose(zf);
    if (failed) {
      Fail(diags, file + "!" + name, "TS1012", "cannot read member " + name + ": " + why);
      return out;
    }
    total += member.bytes.size();
    out.task_sequences.push_back(std::move(member));
  }
  std::sort(out.task_sequences.begin(), out.task_sequences.end(),
            [](const ZipMember& a, const ZipMember& b) { return a.name < b.name; });
  std::sort(out.dependencies.begin(), out.dependencies.end(),
            [](const Dependency& a, const Dependency& b) { return a.member < b.member; });
  if (out.task_sequences.empty()) {
    std::string listing;
    for (std::size_t k = 0; k < out.names.size() && k < 8; ++k)
      listing += (k ? ", " : "") + out.names[k];
    if (out.names.size() > 8) listing += ", ...";
    Fail(diags, file, "TS1011",
         "the zip holds no SMS_TaskSequencePackage/<PackageID>/object.xml, so no task sequence (it "
         "holds " +
             std::to_string(out.names.size()) + " member(s): " + listing + ")");
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace tsimport::detail
