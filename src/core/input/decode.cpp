#include "input/decode.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tsimport::detail {
namespace {

void Fail(std::vector<Diagnostic>& diags, const std::string& file, const char* rule, Location loc,
          std::string message) {
  Diagnostic d;
  d.rule = rule;
  d.severity = Severity::kError;
  d.file = file;
  d.loc = loc;
  d.message = std::move(message);
  if (const RuleInfo* r = FindRule(rule)) d.hresult = r->hresult;
  diags.push_back(std::move(d));
}

// Line and column (in characters) of a byte offset in text that is valid UTF-8 before it.
Location Where(std::string_view text, std::size_t offset) {
  Location loc{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++loc.column;
    }
  }
  return loc;
}

/// Offset of the first byte that is not valid UTF-8 (or a NUL), or npos.
std::size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // Many bytes at a time while they are ASCII and not NUL (almost all of a task sequence):
    // 32 with SSE2 (on x86-64), then 8.
#if defined(__SSE2__)
    const __m128i nul = _mm_setzero_si128();
    while (i + 32 <= n) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
      // A byte's high bit, or a NUL byte's compare result (0xFF), lands in the mask.
      const __m128i stop = _mm_or_si128(
          _mm_or_si128(a, b), _mm_or_si128(_mm_cmpeq_epi8(a, nul), _mm_cmpeq_epi8(b, nul)));
      if (_mm_movemask_epi8(stop) != 0) break;
      i += 32;
    }
#endif
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      const std::uint64_t high = w & 0x8080808080808080ull;
      const std::uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
      if ((high | zero) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c == 0) return i;
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

/// Converts with iconv; on failure returns false and the input offset of the bad sequence.
bool Convert(std::string_view in, const char* from, std::string& out, std::size_t& bad_offset) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    bad_offset = 0;
    return false;
  }
  out.assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  std::size_t written = 0;
  bool ok = true;
  while (src_left > 0) {
    char* dst = out.data() + written;
    std::size_t dst_left = out.size() - written;
    std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    written = out.size() - dst_left;
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    ok = false;
    bad_offset = in.size() - src_left;
    break;
  }
  iconv_close(cd);
  out.resize(written);
  return ok;
}

/// The encoding named by an XML declaration at the start of ASCII-compatible text, lowercase.
std::string DeclaredEncoding(std::string_view text) {
  if (text.compare(0, 5, "<?xml") != 0) return {};
  std::size_t end = text.find("?>");
  if (end == std::string_view::npos) return {};
  std::string_view decl = text.substr(0, end);
  std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  at = decl.find_first_of("\"'", at);
  if (at == std::string_view::npos) return {};
  std::size_t close = decl.find(decl[at], at + 1);
  if (close == std::string_view::npos) return {};
  std::string enc(decl.substr(at + 1, close - at - 1));
  for (char& c : enc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return enc;
}

}  // namespace

Decoded Decode(std::string_view bytes, const std::string& file, std::vector<Diagnostic>& diags,
               std::string* owned) {
  Decoded out;
  const auto byte = [&](std::size_t i) {
    return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100u;
  };
  std::string_view body = bytes;
  const char* utf16 = nullptr;
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
    body.remove_prefix(3);
    out.encoding = "UTF-8 (BOM)";
  } else if (byte(0) == 0xFF && byte(1) == 0xFE) {
    body.remove_prefix(2);
    utf16 = "UTF-16LE";
    out.encoding = "UTF-16LE (BOM)";
  } else if (byte(0) == 0xFE && byte(1) == 0xFF) {
    body.remove_prefix(2);
    utf16 = "UTF-16BE";
    out.encoding = "UTF-16BE (BOM)";
  } else if (byte(0) == 0x00 && byte(1) == '<') {
    utf16 = "UTF-16BE";
    out.encoding = "UTF-16BE";
  } else if (byte(0) == '<' && byte(1) == 0x00) {
    utf16 = "UTF-16LE";
    out.encoding = "UTF-16LE";
  }
  if (utf16 != nullptr) {
    std::size_t bad = 0;
    if (body.size() % 2 != 0 || !Convert(body, utf16, out.text, bad)) {
      if (body.size() % 2 != 0) bad = body.size() - 1;
      std::size_t offset = bad + (bytes.size() - body.size());
      Fail(diags, file, "TS1003", Where(out.text, out.text.size()),
           "invalid " + std::string(utf16) + " at byte offset " + std::to_string(offset) +
               (body.size() % 2 != 0 ? " (odd number of bytes)"
                                     : " (a lone surrogate or truncated character)") +
               "; re-save the file as UTF-8 or UTF-16 from an editor");
      return out;
    }
  } else {
    std::string declared = DeclaredEncoding(body);
    const char* legacy = nullptr;
    if (declared == "windows-1252" || declared == "cp1252") legacy = "WINDOWS-1252";
    if (declared == "iso-8859-1" || declared == "latin1" || declared == "iso-8859-15")
      legacy = "ISO-8859-1";
    if (declared == "us-ascii" || declared == "ascii") legacy = nullptr;
    if (legacy != nullptr) {
      std::size_t bad = 0;
      if (!Convert(body, legacy, out.text, bad)) {
        Fail(diags, file, "TS1003", Where(body, bad),
             "byte offset " + std::to_string(bad) + " is not valid " + declared);
        return out;
      }
      out.encoding = declared;
    } else {
      if (out.encoding.empty()) out.encoding = "UTF-8";
      std::size_t bad = FirstInvalidUtf8(body);
      if (bad != std::string_view::npos) {
        std::size_t offset = bad + (bytes.size() - body.size());
        bool nul = body[bad] == '\0';
        Location loc = Where(body, bad);
        Fail(diags, file, "TS1003", loc,
             nul ? "NUL byte at byte offset " + std::to_string(offset) +
                       " (XML does not allow it; is this a UTF-16 file without byte order mark, or "
                       "a binary file?)"
                 : "invalid UTF-8 at byte offset " + std::to_string(offset) + " (line " +
                       std::to_string(loc.line) + ", column " + std::to_string(loc.column) +
                       "); if the file is in the Windows code page, add <?xml version=\"1.0\" "
                       "encoding=\"windows-1252\"?> or re-save it as UTF-8");
        return out;
      }
      if (owned != nullptr && owned->data() == bytes.data() && owned->size() == bytes.size()) {
        owned->erase(0, bytes.size() - body.size());  // the byte order mark, if any
        out.text = std::move(*owned);
        owned->clear();
      } else {
        out.text.assign(body.data(), body.size());
      }
    }
  }
  if (std::all_of(out.text.begin(), out.text.end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; })) {
    Fail(diags, file, "TS1002", {},
         bytes.empty() ? "the input is empty (0 bytes)"
                       : "the input holds no XML, only white space or a byte order mark");
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace tsimport::detail
