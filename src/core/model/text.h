// Small text helpers the writers share.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "tsimport/model.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tsimport::detail {

/// a == b, compared in line: std::string_view's == calls compare, which large functions do not
/// inline (a call for each comparison); in line, a literal's known length makes it a few
/// instructions.
inline bool Equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), b.size()) == 0;
}

/// ASCII classes and case, in line: <cctype>'s functions are calls through the locale (the
/// program runs in the "C" locale, where they give the same answers), and the scanners that
/// mask secrets in quoted lines call them for every byte of a line.
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

/// `s` in ASCII lower case: what std::tolower gives in the "C" locale, without a call into the
/// C library for each byte (lint lowers every package ID and variable name it compares).
inline std::string AsciiLowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

/// a == b ignoring ASCII case, with no copy.
inline bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

/// a == b ignoring ASCII case, with no copy; `lower` is already in lower case.
inline bool EqualsLower(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != lower[i]) return false;
  }
  return true;
}

/// Whether `s` ends with `lower` (lower case), ignoring ASCII case.
inline bool EndsWithLower(std::string_view s, std::string_view lower) {
  return s.size() >= lower.size() && EqualsLower(s.substr(s.size() - lower.size()), lower);
}

/// The first byte of [p, end) that is `wanted`, or end. Sixteen bytes at a time while that
/// reads nothing at or past `limit` (the end of the buffer, at or after end), `mask` giving a
/// bit for each of the 16 that is wanted: for the many short ranges a scanner checks, where a
/// call to memchr costs more than the search. (Without SSE2, byte by byte; `mask` is unused.)
template <typename Mask, typename Wanted>
const char* FindFirst(const char* p, const char* end, const char* limit, Mask mask, Wanted wanted) {
#if defined(__SSE2__)
  while (p < end && limit - p >= 16) {
    unsigned bits = mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    if (end - p < 16) bits &= (1u << (end - p)) - 1;  // bytes past the range do not count
    if (bits != 0) return p + __builtin_ctz(bits);
    if (end - p <= 16) return end;
    p += 16;
  }
#else
  (void)limit;
  (void)mask;
#endif
  while (p < end && !wanted(*p)) ++p;
  return p;
}

/// The first `a` or `b` in [p, end), or end; reads as FindFirst does.
inline const char* FindEither(const char* p, const char* end, const char* limit, char a, char b) {
  auto wanted = [a, b](char c) { return c == a || c == b; };
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(a);
  const __m128i second = _mm_set1_epi8(b);
  auto mask = [&](__m128i v) {
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, first), _mm_cmpeq_epi8(v, second))));
  };
  return FindFirst(p, end, limit, mask, wanted);
#else
  return FindFirst(p, end, limit, nullptr, wanted);
#endif
}

/// The first `c` in [p, end), or end; reads as FindFirst does.
inline const char* FindByte(const char* p, const char* end, const char* limit, char c) {
  return FindEither(p, end, limit, c, c);
}

/// The first byte of [p, end) that is not XML white space (space, tab, CR, LF), or end; reads
/// as FindFirst does.
inline const char* SkipBlank(const char* p, const char* end, const char* limit) {
  auto wanted = [](char c) { return c != ' ' && c != '\t' && c != '\r' && c != '\n'; };
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  auto mask = [&](__m128i v) {
    const __m128i blank =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
    return ~static_cast<unsigned>(_mm_movemask_epi8(blank)) & 0xFFFFu;
  };
  return FindFirst(p, end, limit, mask, wanted);
#else
  return FindFirst(p, end, limit, nullptr, wanted);
#endif
}

/// The first byte of [p, end) that is ASCII white space (isspace in the "C" locale: space, tab,
/// LF, VT, FF, CR), or end; reads as FindFirst does.
inline const char* FindAsciiSpace(const char* p, const char* end, const char* limit) {
  auto wanted = [](char c) { return IsAsciiSpace(c); };
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i below_tab = _mm_set1_epi8('\t' - 1);
  const __m128i above_cr = _mm_set1_epi8('\r' + 1);
  auto mask = [&](__m128i v) {
    // Bytes of 0x80 and up compare as negative: not in \t..\r.
    const __m128i control =
        _mm_and_si128(_mm_cmpgt_epi8(v, below_tab), _mm_cmplt_epi8(v, above_cr));
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space), control)));
  };
  return FindFirst(p, end, limit, mask, wanted);
#else
  return FindFirst(p, end, limit, nullptr, wanted);
#endif
}

/// Decodes one UTF-8 sequence at s[i] and advances i past it; a malformed or truncated
/// sequence gives U+FFFD (and i moves past the bytes read).
char32_t NextCodePoint(std::string_view s, std::size_t& i);

/// Writes code point `cp` (at most U+10FFFF) as UTF-8 into `out` (room for 4 bytes); returns
/// the number of bytes written.
std::size_t EncodeUtf8(char32_t cp, char* out);
/// Appends code point `cp` as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

/// Length of the valid UTF-8 sequence at s[i] (RFC 3629: no overlongs, no surrogates, at most
/// U+10FFFF), or 0 when the bytes there are not one.
std::size_t ValidUtf8Length(std::string_view s, std::size_t i);

/// `s` on one line for a terminal: line breaks and tabs become spaces (CR LF one space), other
/// control characters (C0, DEL, C1) '?', so that no value can drive the terminal.
std::string PrintableLine(std::string_view s);

/// A scalar or array value as text: strings as they are, numbers in decimal, booleans as
/// true/false, arrays joined with ","; null and objects give "".
std::string ScalarText(const Value& v);

/// Levenshtein distance between `a` and `b`, ignoring ASCII case (for did-you-mean).
std::size_t EditDistanceIgnoringCase(std::string_view a, std::string_view b);

}  // namespace tsimport::detail
