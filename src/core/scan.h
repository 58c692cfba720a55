// A lexical pass over XML text before the DOM is built (lite.h): it checks well-formedness
// with line and column, finds what a lenient parser lets through but XML forbids (an
// unescaped '&', '<' in an attribute value, a duplicate attribute), and enforces the limits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tsimport/import.h"
#include "tsimport/model.h"

namespace tsimport::detail {

struct ScanResult {
  /// Offset of the first start tag ('<'), npos when there is none (the caller looks at the
  /// root's name before the DOM is built). Places of elements and attributes come from the DOM,
  /// which keeps the text's offsets: the scanner stores nothing per tag.
  std::size_t first_tag = std::string_view::npos;
  /// Where the DOM may be built a piece at a time (lite::Document::BuildHead): the offset just
  /// past the root's start tag, then just past each element child of the root. Empty when the
  /// root is self-closing (or there is none).
  std::vector<std::size_t> root_breaks;
  bool ok = true;
  std::size_t error_offset = 0;
  std::string error;
  /// The rule of the error: TS1004 (not well-formed), TS1015 (nesting), TS1016 (DTD),
  /// TS1017 (value size), TS1018 (node count). For TS1004 `error` says what is wrong and the
  /// caller adds "not well-formed XML: "; for the others it is the whole message.
  const char* rule = "TS1004";
};

/// `first_line` is the line of the text's first byte in the user's file (for messages).
/// The scanner runs before tinyxml2 and enforces `limits` (depth, node counts, value sizes, no
/// DTD), so that tinyxml2 only ever sees a document within them.
ScanResult ScanXml(std::string_view text, std::uint32_t first_line = 1,
                   const Limits& limits = Limits{});

/// Maps byte offsets of a text to lines and columns (1-based) of the user's file. Not for
/// sharing between threads (it remembers the last line it found). A text
/// embedded in another (the sequence inside object.xml, the Set Dynamic Variables rules inside a
/// variable) maps its offsets through breakpoints to offsets of the enclosing text, and from
/// there to the file. Columns count bytes, as GCC's do.
class LineMap {
 public:
  LineMap() = default;
  explicit LineMap(std::string_view text);
  /// `outer` must outlive this map. `breakpoints` are (inner offset, outer offset) pairs, sorted,
  /// the first at inner offset 0; between breakpoints offsets advance together.
  LineMap(std::string_view text, const LineMap* outer,
          std::vector<std::pair<std::size_t, std::size_t>> breakpoints);
  Location At(std::size_t offset) const;
  /// Location of the start of a line of the text (1-based within the text).
  Location Line(std::uint32_t line) const;

 private:
  std::vector<std::size_t> starts_;
  mutable std::size_t hint_ = 0;  ///< line index of the last answer (a map is used by one thread)
  const LineMap* outer_ = nullptr;
  std::vector<std::pair<std::size_t, std::size_t>> breakpoints_;
};

/// The content of an element from the raw text: character data and CDATA sections decoded
/// (the five predefined entities and character references), up to the first markup that is
/// not CDATA. `offset` is where the content starts in the raw text. Returns the decoded text
/// and the breakpoints that map its offsets back to the raw text.
struct Unescaped {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> breakpoints;
};
Unescaped UnescapeContent(std::string_view raw, std::size_t offset);

/// Offset just past the '>' of the start tag at `tag_offset`.
std::size_t EndOfStartTag(std::string_view raw, std::size_t tag_offset);

}  // namespace tsimport::detail
