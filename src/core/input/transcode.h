// Text in an 8-bit code page, UTF-16 or UTF-32 to UTF-8, for the decoder (decode.cpp). With
// iconv where the C library has it (transcode_iconv.cpp); on Windows, where it has none,
// transcode_windows.cpp: UTF-16 and UTF-32 decoded by hand, the single-byte code pages through
// tables made from the build machine's iconv (tools/codepage_gen.cpp: the same mapping as on
// Linux), the East Asian multi-byte ones through Windows (docs/design.md, "Windows").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tsimport::detail {

/// Converts `in`, in the encoding iconv calls `from` ("UTF-16LE", "WINDOWS-1252", "CP932"...),
/// to UTF-8 in `out`; on failure returns false and the input offset of the bad sequence.
bool Convert(std::string_view in, const char* from, std::string& out, std::size_t& bad_offset);

/// The single-byte encodings the decoder reads, by iconv's name (tools/codepage_gen.cpp makes a
/// table for each, for the Windows build).
struct SingleByteTable {
  const char* name;
  char32_t map[256];  ///< the code point of each byte; kNoChar where the encoding has none
};
inline constexpr char32_t kNoChar = 0xFFFFFFFFu;

}  // namespace tsimport::detail
