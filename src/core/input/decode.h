// Turns the bytes of an input into UTF-8 text: byte order marks, UTF-16 with and without BOM,
// the encodings an XML declaration may name, and a precise error for bytes that do not decode.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tsimport/diagnostic.h"

namespace tsimport::detail {

struct Decoded {
  bool ok = false;
  std::string text;      ///< UTF-8, without BOM
  std::string encoding;  ///< "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", "windows-1252"...
};

/// `owned`, when given, holds exactly `bytes` and may be taken: UTF-8 input then becomes the
/// text without a copy (a large input is held once, not twice).
Decoded Decode(std::string_view bytes, const std::string& file,
               std::vector<Diagnostic>& diagnostics, std::string* owned = nullptr);

}  // namespace tsimport::detail
