// Convert (transcode.h) where the C library has no iconv: the Windows build.
#include <windows.h>

#include <cstring>

#include "input/transcode.h"

namespace tsimport::detail {

// tools/codepage_gen.cpp's tables (generated/codepages.cpp).
extern const SingleByteTable kSingleByteTables[];
extern const std::size_t kSingleByteTableCount;

namespace {

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

unsigned Byte(std::string_view in, std::size_t i) { return static_cast<unsigned char>(in[i]); }

/// UTF-16 or UTF-32 (`unit`: 2 or 4 bytes) as iconv reads them: in UTF-16 a surrogate pair
/// makes one character; a lone surrogate (a high one cut off by the end included), in UTF-32 a
/// surrogate or a value past U+10FFFF, or a partial unit at the end is an error at its offset.
bool Wide(std::string_view in, std::size_t unit, bool big_endian, std::string& out,
          std::size_t& bad) {
  auto at = [&](std::size_t i) -> char32_t {
    char32_t v = 0;
    for (std::size_t k = 0; k < unit; ++k)
      v = v << 8 | Byte(in, big_endian ? i + k : i + unit - 1 - k);
    return v;
  };
  out.clear();
  out.reserve(in.size());
  const std::size_t n = in.size() - in.size() % unit;
  for (std::size_t i = 0; i < n; i += unit) {
    char32_t cp = at(i);
    if (unit == 2 && cp >= 0xD800 && cp <= 0xDBFF && i + 4 <= n && at(i + 2) >= 0xDC00 &&
        at(i + 2) <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (at(i + 2) - 0xDC00);
      i += 2;
    } else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      bad = i;
      return false;
    }
    Append(out, cp);
  }
  if (n != in.size()) {
    bad = n;
    return false;
  }
  return true;
}

bool SingleByte(std::string_view in, const SingleByteTable& table, std::string& out,
                std::size_t& bad) {
  out.clear();
  out.reserve(in.size() + in.size() / 2);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char32_t cp = table.map[Byte(in, i)];
    if (cp == kNoChar) {
      bad = i;
      return false;
    }
    Append(out, cp);
  }
  return true;
}

/// UTF-16 from Windows for `size` bytes at `p` of code page `cp` (stateless multi-byte code
/// pages); false when they are not whole valid characters.
bool FromCodePage(UINT cp, const char* p, std::size_t size, std::wstring& wide) {
  const int n =
      MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, p, static_cast<int>(size), nullptr, 0);
  if (n <= 0) return false;
  wide.resize(static_cast<std::size_t>(n));
  return MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, p, static_cast<int>(size), wide.data(), n) ==
         n;
}

/// The East Asian multi-byte code pages, through Windows' own tables (which agree with
/// glibc's on the characters these code pages define; docs/design.md). On failure, the
/// offset of the first character that does not convert, found a character at a time.
bool MultiByte(std::string_view in, UINT cp, std::string& out, std::size_t& bad) {
  std::wstring wide;
  if (in.empty()) {
    out.clear();
    return true;
  }
  if (!FromCodePage(cp, in.data(), in.size(), wide)) {
    std::wstring one;
    for (std::size_t i = 0; i < in.size();) {
      std::size_t len = 1;
      while (len <= 3 && i + len <= in.size() && !FromCodePage(cp, in.data() + i, len, one)) ++len;
      if (len > 3 || i + len > in.size()) {
        bad = i;
        return false;
      }
      i += len;
    }
    bad = 0;
    return false;
  }
  out.clear();
  if (wide.empty()) return true;
  const int n = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), nullptr,
                                    0, nullptr, nullptr);
  out.resize(static_cast<std::size_t>(n));
  WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), out.data(), n,
                      nullptr, nullptr);
  return true;
}

}  // namespace

bool Convert(std::string_view in, const char* from, std::string& out, std::size_t& bad_offset) {
  bad_offset = 0;
  const std::string_view name(from);
  if (name == "UTF-16LE" || name == "UTF-16BE") return Wide(in, 2, name[6] == 'B', out, bad_offset);
  if (name == "UTF-32LE" || name == "UTF-32BE") return Wide(in, 4, name[6] == 'B', out, bad_offset);
  for (std::size_t i = 0; i < kSingleByteTableCount; ++i) {
    if (name == kSingleByteTables[i].name)
      return SingleByte(in, kSingleByteTables[i], out, bad_offset);
  }
  static const struct {
    const char* name;
    UINT code_page;
  } kMultiByte[] = {{"CP932", 932}, {"EUC-JP", 20932}, {"CP936", 936},
                    {"CP949", 949}, {"EUC-KR", 51949}, {"CP950", 950}};
  for (const auto& m : kMultiByte) {
    if (name == m.name) return MultiByte(in, m.code_page, out, bad_offset);
  }
  return false;  // not an encoding the decoder names
}

}  // namespace tsimport::detail
