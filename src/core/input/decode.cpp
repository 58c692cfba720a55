#include "input/decode.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "input/transcode.h"
#include "model/errors.h"
#include "model/text.h"

namespace tsimport::detail {
namespace {

void Fail(std::vector<Diagnostic>& diags, const std::string& file, const char* rule, Location loc,
          std::string message) {
  AddError(diags, rule, file, loc, std::move(message));
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

/// What stops a text from being XML characters (production 2, Char).
enum class Bad : std::uint8_t {
  kNone,
  kUtf8,     ///< not valid UTF-8 (only looked for when asked)
  kNul,      ///< U+0000
  kControl,  ///< another C0 control character than tab, LF and CR
  kNonChar,  ///< U+FFFE or U+FFFF
};
struct Problem {
  std::size_t offset = std::string_view::npos;
  Bad what = Bad::kNone;
  std::uint32_t cp = 0;
};

/// The first byte of `s` that is not valid UTF-8 (when `validate`), or that starts a character
/// XML does not allow (NUL, the C0 controls but tab, LF and CR, U+FFFE, U+FFFF; surrogates
/// and code points past U+10FFFF are not UTF-8). Without `validate`, `s` must be valid UTF-8.
Problem FirstProblem(std::string_view s, bool validate) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // Many bytes at a time while they are printable ASCII or tab, LF, CR (almost all of a task
    // sequence): 32 at a time with SSE2 (on x86-64).
#if defined(__SSE2__)
    const __m128i x20 = _mm_set1_epi8(0x20);
    const __m128i tab = _mm_set1_epi8('\t');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    // Bytes below 0x20 as signed: the C0 controls and every byte with its high bit set; less
    // the three white space controls.
    const auto stops = [&](__m128i v) {
      const __m128i allowed = _mm_or_si128(_mm_cmpeq_epi8(v, tab),
                                           _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
      return _mm_andnot_si128(allowed, _mm_cmplt_epi8(v, x20));
    };
    while (i + 32 <= n) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
      // Most blocks have no byte below 0x20 at all; those with a line end or a tab look closer.
      if (_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(a, x20), _mm_cmplt_epi8(b, x20))) != 0 &&
          _mm_movemask_epi8(_mm_or_si128(stops(a), stops(b))) != 0)
        break;
      i += 32;
    }
#endif
    while (i < n && p[i] >= 0x20 && p[i] < 0x80) ++i;
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == '\t' || c == '\n' || c == '\r') {
        ++i;
        continue;
      }
      return {i, c == 0 ? Bad::kNul : Bad::kControl, c};
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
      return {i, Bad::kUtf8, 0};
    }
    if (i + len > n) return {i, Bad::kUtf8, 0};
    for (std::size_t k = 1; k < len; ++k) {
      if (validate && (p[i + k] & 0xC0) != 0x80) return {i, Bad::kUtf8, 0};
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (validate && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                     (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
                     (cp >= 0xD800 && cp <= 0xDFFF))) {
      return {i, Bad::kUtf8, 0};
    }
    if (cp == 0xFFFE || cp == 0xFFFF) return {i, Bad::kNonChar, cp};
    i += len;
  }
  return {};
}

/// The encoding an XML declaration at the start of `text` (ASCII-compatible) names, lowercase,
/// or "" when there is none; `at` gets the offset of its value. Only the declaration's place is
/// looked at here (it starts the text: "<?xml" and white space, up to "?>"): its form is the
/// scanner's to judge.
std::string DeclaredEncoding(std::string_view text, std::size_t& value_at) {
  if (text.size() < 6 || text.compare(0, 5, "<?xml") != 0 ||
      (text[5] != ' ' && text[5] != '\t' && text[5] != '\r' && text[5] != '\n'))
    return {};
  const std::size_t end = text.find("?>");
  const std::string_view decl = text.substr(0, end == std::string_view::npos ? 256 : end);
  std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  at += 8;
  while (at < decl.size() && (decl[at] == ' ' || decl[at] == '\t' || decl[at] == '\r' ||
                              decl[at] == '\n' || decl[at] == '='))
    ++at;
  if (at >= decl.size() || (decl[at] != '"' && decl[at] != '\'')) return {};
  const std::size_t close = decl.find(decl[at], at + 1);
  if (close == std::string_view::npos) return {};
  std::string enc = AsciiLowercase(decl.substr(at + 1, close - at - 1));
  value_at = at + 1;
  return enc;
}

enum class Family : std::uint8_t { kUnknown, kUtf8, kUtf16, kUtf32, kEightBit };

/// The encoding labels tsimport decodes (matched without case), with iconv's name for each:
/// those System.Xml honours that a task sequence file may carry (UTF-8 and UTF-16 as ConfigMgr
/// writes them; a file saved by an editor in the Windows code page of any locale, or in an ISO
/// 8859 part, declaring it; ASCII). Other labels are refused, naming them (docs/design.md).
struct Label {
  const char* name;
  Family family;
  const char* iconv;  ///< for kEightBit
};
constexpr Label kLabels[] = {
    {"utf-8", Family::kUtf8, nullptr},
    {"utf8", Family::kUtf8, nullptr},
    {"utf-16", Family::kUtf16, nullptr},
    {"utf-16le", Family::kUtf16, nullptr},
    {"utf-16be", Family::kUtf16, nullptr},
    {"ucs-2", Family::kUtf16, nullptr},
    {"iso-10646-ucs-2", Family::kUtf16, nullptr},
    {"unicode", Family::kUtf16, nullptr},
    {"utf-32", Family::kUtf32, nullptr},
    {"utf-32le", Family::kUtf32, nullptr},
    {"utf-32be", Family::kUtf32, nullptr},
    {"ucs-4", Family::kUtf32, nullptr},
    {"iso-10646-ucs-4", Family::kUtf32, nullptr},
    {"us-ascii", Family::kEightBit, "ASCII"},
    {"ascii", Family::kEightBit, "ASCII"},
    {"ansi_x3.4-1968", Family::kEightBit, "ASCII"},
    {"iso646-us", Family::kEightBit, "ASCII"},
    {"iso-8859-1", Family::kEightBit, "ISO-8859-1"},
    {"iso_8859-1", Family::kEightBit, "ISO-8859-1"},
    {"iso8859-1", Family::kEightBit, "ISO-8859-1"},
    {"latin1", Family::kEightBit, "ISO-8859-1"},
    {"l1", Family::kEightBit, "ISO-8859-1"},
    {"cp819", Family::kEightBit, "ISO-8859-1"},
    {"iso-8859-2", Family::kEightBit, "ISO-8859-2"},
    {"latin2", Family::kEightBit, "ISO-8859-2"},
    {"iso-8859-3", Family::kEightBit, "ISO-8859-3"},
    {"latin3", Family::kEightBit, "ISO-8859-3"},
    {"iso-8859-4", Family::kEightBit, "ISO-8859-4"},
    {"latin4", Family::kEightBit, "ISO-8859-4"},
    {"iso-8859-5", Family::kEightBit, "ISO-8859-5"},
    {"iso-8859-6", Family::kEightBit, "ISO-8859-6"},
    {"iso-8859-7", Family::kEightBit, "ISO-8859-7"},
    {"iso-8859-8", Family::kEightBit, "ISO-8859-8"},
    {"iso-8859-9", Family::kEightBit, "ISO-8859-9"},
    {"latin5", Family::kEightBit, "ISO-8859-9"},
    {"iso-8859-13", Family::kEightBit, "ISO-8859-13"},
    {"iso-8859-15", Family::kEightBit, "ISO-8859-15"},
    {"latin9", Family::kEightBit, "ISO-8859-15"},
    {"latin-9", Family::kEightBit, "ISO-8859-15"},
    {"windows-874", Family::kEightBit, "CP874"},
    {"windows-1250", Family::kEightBit, "WINDOWS-1250"},
    {"windows-1251", Family::kEightBit, "WINDOWS-1251"},
    {"windows-1252", Family::kEightBit, "WINDOWS-1252"},
    {"windows-1253", Family::kEightBit, "WINDOWS-1253"},
    {"windows-1254", Family::kEightBit, "WINDOWS-1254"},
    {"windows-1255", Family::kEightBit, "WINDOWS-1255"},
    {"windows-1256", Family::kEightBit, "WINDOWS-1256"},
    {"windows-1257", Family::kEightBit, "WINDOWS-1257"},
    {"windows-1258", Family::kEightBit, "WINDOWS-1258"},
    {"cp1250", Family::kEightBit, "WINDOWS-1250"},
    {"cp1251", Family::kEightBit, "WINDOWS-1251"},
    {"cp1252", Family::kEightBit, "WINDOWS-1252"},
    {"cp1253", Family::kEightBit, "WINDOWS-1253"},
    {"cp1254", Family::kEightBit, "WINDOWS-1254"},
    {"cp1255", Family::kEightBit, "WINDOWS-1255"},
    {"cp1256", Family::kEightBit, "WINDOWS-1256"},
    {"cp1257", Family::kEightBit, "WINDOWS-1257"},
    {"cp1258", Family::kEightBit, "WINDOWS-1258"},
    {"shift_jis", Family::kEightBit, "CP932"},
    {"windows-31j", Family::kEightBit, "CP932"},
    {"euc-jp", Family::kEightBit, "EUC-JP"},
    {"gb2312", Family::kEightBit, "CP936"},
    {"gbk", Family::kEightBit, "CP936"},
    {"ks_c_5601-1987", Family::kEightBit, "CP949"},
    {"euc-kr", Family::kEightBit, "EUC-KR"},
    {"big5", Family::kEightBit, "CP950"},
    {"koi8-r", Family::kEightBit, "KOI8-R"},
    {"koi8-u", Family::kEightBit, "KOI8-U"},
};

const Label* FindLabel(const std::string& lowercase) {
  for (const Label& l : kLabels) {
    if (lowercase == l.name) return &l;
  }
  return nullptr;
}

/// TS1004 for a character XML does not allow (FirstProblem's kNul, kControl, kNonChar) in
/// decoded text.
void NotAChar(std::vector<Diagnostic>& diags, const std::string& file, std::string_view text,
              const Problem& bad) {
  char cp[16];
  std::snprintf(cp, sizeof cp, "U+%04X", static_cast<unsigned>(bad.cp));
  const Location loc = Where(text, bad.offset);
  Fail(diags, file, "TS1004", loc,
       std::string("not well-formed XML: the character ") + cp +
           (bad.what == Bad::kNul       ? " (NUL)"
            : bad.what == Bad::kControl ? " (a control character)"
                                        : " (not a character)") +
           " is not allowed anywhere in XML, not even written as a character reference: remove "
           "it (was it pasted from another program?)");
}

}  // namespace

Decoded Decode(std::string_view bytes, const std::string& file, std::vector<Diagnostic>& diags,
               std::string* owned) {
  Decoded out;
  const auto byte = [&](std::size_t i) {
    return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100u;
  };
  std::string_view body = bytes;
  // The encoding from the first bytes (XML 1.0 appendix F): a byte order mark, or the zero
  // bytes around the first '<'.
  const char* wide = nullptr;  // iconv's name of a UTF-16 or UTF-32 encoding
  Family family = Family::kEightBit;
  bool bom = false;
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
    body.remove_prefix(3);
    out.encoding = "UTF-8 (BOM)";
    bom = true;
  } else if (byte(0) == 0x00 && byte(1) == 0x00 && byte(2) == 0xFE && byte(3) == 0xFF) {
    body.remove_prefix(4);
    wide = "UTF-32BE";
    bom = true;
  } else if (byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0x00 && byte(3) == 0x00) {
    body.remove_prefix(4);
    wide = "UTF-32LE";
    bom = true;
  } else if (byte(0) == 0xFF && byte(1) == 0xFE) {
    body.remove_prefix(2);
    wide = "UTF-16LE";
    bom = true;
  } else if (byte(0) == 0xFE && byte(1) == 0xFF) {
    body.remove_prefix(2);
    wide = "UTF-16BE";
    bom = true;
  } else if (byte(0) == 0x00 && byte(1) == 0x00 && byte(2) == 0x00 && byte(3) == '<') {
    wide = "UTF-32BE";
  } else if (byte(0) == '<' && byte(1) == 0x00 && byte(2) == 0x00 && byte(3) == 0x00) {
    wide = "UTF-32LE";
  } else if (byte(0) == 0x00 && byte(1) == '<') {
    wide = "UTF-16BE";
  } else if (byte(0) == '<' && byte(1) == 0x00) {
    wide = "UTF-16LE";
  }
  std::string declared;  // the label of the XML declaration, lowercase
  std::size_t label_at = 0;  // its offset in the text (ASCII before it: a column)
  bool validated = false;  // out.text is known to be valid UTF-8
  if (wide != nullptr) {
    family = wide[4] == '3' ? Family::kUtf32 : Family::kUtf16;
    out.encoding = std::string(wide) + (bom ? " (BOM)" : "");
    const std::size_t unit = family == Family::kUtf32 ? 4 : 2;
    std::size_t bad = 0;
    const bool odd = body.size() % unit != 0;
    if (odd || !Convert(body, wide, out.text, bad)) {
      if (odd) bad = body.size() - body.size() % unit;
      std::size_t offset = bad + (bytes.size() - body.size());
      Fail(diags, file, "TS1003", Where(out.text, out.text.size()),
           "invalid " + std::string(wide) + " at byte offset " + std::to_string(offset) +
               (odd ? unit == 2 ? " (odd number of bytes)" : " (not a whole number of characters)"
                    : family == Family::kUtf16 ? " (a lone surrogate or truncated character)"
                                               : " (not a Unicode character)") +
               "; re-save the file as UTF-8 or UTF-16 from an editor");
      return out;
    }
    validated = true;
    declared = DeclaredEncoding(out.text, label_at);
    if (!declared.empty()) {
      const Label* label = FindLabel(declared);
      if (label == nullptr || label->family != family) {
        Fail(diags, file, "TS1003", {1, static_cast<std::uint32_t>(label_at + 1)},
             "the XML declaration says encoding=\"" + declared + "\" but the file is " +
                 std::string(wide) + (bom ? " (it starts with a byte order mark)" : "") +
                 ": correct the declaration (encoding=\"" +
                 (family == Family::kUtf16 ? "utf-16" : "utf-32") +
                 "\") or re-save the file in the encoding it names");
        return out;
      }
    }
  } else {
    declared = DeclaredEncoding(body, label_at);
    const Label* label = declared.empty() ? nullptr : FindLabel(declared);
    if (!declared.empty() && label == nullptr) {
      Fail(diags, file, "TS1003", {1, static_cast<std::uint32_t>(label_at + 1)},
           "the XML declaration names encoding \"" + declared +
               "\", which tsimport does not decode (it reads utf-8, utf-16, utf-32, us-ascii, "
               "iso-8859-1 to 9, 13 and 15, windows-874 and 1250 to 1258, shift_jis, euc-jp, "
               "gb2312, big5, euc-kr and koi8): is the name mistyped? Re-save the file as UTF-8 "
               "and declare encoding=\"utf-8\"");
      return out;
    }
    if (label != nullptr && label->family != Family::kUtf8 && bom) {
      Fail(diags, file, "TS1003", {1, static_cast<std::uint32_t>(label_at + 1)},
           "the file starts with a UTF-8 byte order mark but its XML declaration says encoding=\"" +
               declared + "\": correct the declaration (encoding=\"utf-8\") or re-save the file "
               "without the byte order mark");
      return out;
    }
    if (label != nullptr && (label->family == Family::kUtf16 || label->family == Family::kUtf32)) {
      Fail(diags, file, "TS1003", {1, static_cast<std::uint32_t>(label_at + 1)},
           "the XML declaration says encoding=\"" + declared +
               "\" but the file is not " +
               (label->family == Family::kUtf16 ? "UTF-16" : "UTF-32") +
               " (its first bytes are 8-bit text, as UTF-8 or a code page writes it): correct "
               "the declaration (encoding=\"utf-8\" if the file is UTF-8) or re-save the file as " +
               (label->family == Family::kUtf16 ? "UTF-16" : "UTF-32"));
      return out;
    }
    if (label != nullptr && label->family == Family::kEightBit) {
      std::size_t bad = 0;
      if (!Convert(body, label->iconv, out.text, bad)) {
        Fail(diags, file, "TS1003", Where(body, bad),
             "byte offset " + std::to_string(bad) + " (0x" +
                 "0123456789ABCDEF"[static_cast<unsigned char>(body[bad]) >> 4] +
                 "0123456789ABCDEF"[static_cast<unsigned char>(body[bad]) & 15] +
                 ") is not valid " + declared +
                 ", the encoding the XML declaration names: correct the declaration or re-save "
                 "the file in that encoding");
        return out;
      }
      out.encoding = declared;
      validated = true;
    } else {
      if (out.encoding.empty()) out.encoding = "UTF-8";
      Problem bad = FirstProblem(body, /*validate=*/true);
      if (bad.what == Bad::kControl || bad.what == Bad::kNonChar) {
        // A control character in a file that holds a NUL too is a binary file, or UTF-16
        // without a byte order mark: say that rather than "a control character".
        if (const void* nul = std::memchr(body.data(), 0, body.size())) {
          bad.offset = static_cast<std::size_t>(static_cast<const char*>(nul) - body.data());
          bad.what = Bad::kNul;
        }
      }
      if (bad.what == Bad::kUtf8 || bad.what == Bad::kNul) {
        std::size_t offset = bad.offset + (bytes.size() - body.size());
        Location loc = Where(body, bad.offset);
        Fail(diags, file, "TS1003", loc,
             bad.what == Bad::kNul
                 ? "NUL byte at byte offset " + std::to_string(offset) +
                       " (XML does not allow it; is this a UTF-16 file without byte order mark, "
                       "or a binary file?)"
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
      if (bad.what != Bad::kNone) {
        NotAChar(diags, file, out.text, bad);
        return out;
      }
      validated = false;  // checked above, characters included
    }
  }
  if (validated) {
    const Problem bad = FirstProblem(out.text, /*validate=*/false);
    if (bad.what != Bad::kNone) {
      NotAChar(diags, file, out.text, bad);
      return out;
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
