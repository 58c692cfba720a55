// Markdown text helpers of -f markdown, shared with the diff's Markdown (compare/markdown.cpp).
#pragma once

#include <string>
#include <string_view>

namespace tsimport::detail {

/// Inline text with every character Markdown could take for markup backslash-escaped; line
/// breaks become spaces (in a table cell) or hard breaks (in a paragraph).
std::string MarkdownEscape(std::string_view s, bool in_table);

/// A code span that holds `s` exactly (on one line); `|` escaped for table cells.
std::string MarkdownCode(std::string_view s, bool in_table);

/// A fenced code block that holds `s` exactly, with an info string ("diff", "text").
std::string MarkdownCodeBlock(const std::string& s, const std::string& info);

}  // namespace tsimport::detail
