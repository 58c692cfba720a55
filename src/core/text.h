// Small text helpers the writers share.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "tsimport/model.h"

namespace tsimport::detail {

/// a == b, compared in line: std::string_view's == calls compare, which large functions do not
/// inline (a call for each comparison); in line, a literal's known length makes it a few
/// instructions.
inline bool Equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), b.size()) == 0;
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

/// A scalar or array value as text: strings as they are, numbers in decimal, booleans as
/// true/false, arrays joined with ","; null and objects give "".
std::string ScalarText(const Value& v);

}  // namespace tsimport::detail
