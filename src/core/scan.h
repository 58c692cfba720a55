// A lexical pass over XML text that tinyxml2 does not make: it records where every start tag
// and attribute begins (tinyxml2 keeps lines only), and finds what tinyxml2 lets through but
// XML forbids (an unescaped '&', '<' in an attribute value, a duplicate attribute).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tsimport/model.h"

namespace tsimport::detail {

struct ScannedTag {
  std::size_t offset = 0;  ///< of '<'
  std::vector<std::pair<std::string_view, std::size_t>> attributes;  ///< name, offset
};

struct ScanResult {
  std::vector<ScannedTag> tags;  ///< start tags in document order (= element pre-order)
  bool ok = true;
  std::size_t error_offset = 0;
  std::string error;
  bool has_doctype = false;
};

/// `first_line` is the line of the text's first byte in the user's file (for messages).
ScanResult ScanXml(std::string_view text, std::uint32_t first_line = 1);

/// Maps byte offsets of a text to lines and columns (1-based), with an optional shift for
/// texts embedded in another file.
class LineMap {
 public:
  LineMap() = default;
  explicit LineMap(std::string_view text, std::uint32_t first_line = 1,
                   std::uint32_t first_column = 1);
  Location At(std::size_t offset) const;
  /// Location of a line of the text (1-based within the text).
  Location Line(std::uint32_t line) const;

 private:
  std::vector<std::size_t> starts_;
  std::uint32_t first_line_ = 1;
  std::uint32_t first_column_ = 1;
};

}  // namespace tsimport::detail
