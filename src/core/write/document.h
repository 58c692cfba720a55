// The documentation of a task sequence as one structure for -f markdown and -f html: what to
// say is decided once (document.cpp), how to write it by a sink per format (markdown.cpp,
// html.cpp). A sink escapes every text it is given; the document never writes markup itself.
#pragma once

#include <string>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/import.h"
#include "tsimport/write.h"

namespace tsimport::detail::doc {

/// A run of inline content: text, a code span, strong or emphasised text, a link (`href` is an
/// anchor the document made, "#step-12", or a relative path the caller made), a line break.
struct Span {
  enum Kind : unsigned char { kText, kCode, kStrong, kEmph, kLink, kBreak };
  Kind kind = kText;
  std::string text;
  std::string href;
};
using Inline = std::vector<Span>;

inline Span T(std::string s) { return {Span::kText, std::move(s), {}}; }
inline Span C(std::string s) { return {Span::kCode, std::move(s), {}}; }
inline Span B(std::string s) { return {Span::kStrong, std::move(s), {}}; }
inline Span E(std::string s) { return {Span::kEmph, std::move(s), {}}; }
inline Span Link(std::string s, std::string href) { return {Span::kLink, std::move(s), std::move(href)}; }
inline Span Br() { return {Span::kBreak, {}, {}}; }

struct Table {
  std::vector<std::string> headers;
  std::vector<bool> right;  ///< per column: right-aligned (numbers)
  std::vector<std::vector<Inline>> rows;
  std::vector<std::string> row_class;  ///< per row: "disabled", "group" or empty
  std::string id;                      ///< the table's anchor ("overview"), or empty
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Title(const std::string& text) = 0;
  /// A heading of `level` (2 or 3); `id`, when given, is its anchor.
  virtual void Heading(int level, const Inline& text, const std::string& id) = 0;
  virtual void Paragraph(const Inline& text) = 0;
  /// A note set apart (disabled, continue on error).
  virtual void Note(const Inline& text, bool warning) = 0;
  virtual void List(const std::vector<Inline>& items) = 0;
  virtual void WriteTable(const Table& table) = 0;
  /// A fenced block of code in `language` ("powershell", "cmd", "xml", "text").
  virtual void Code(const std::string& text, const std::string& language) = 0;
  /// A group and its steps (HTML: collapsible; Markdown: its heading); `disabled` greys it.
  virtual void BeginGroup(const Inline& heading, const std::string& id, bool disabled) = 0;
  virtual void EndGroup() = 0;
  /// A step's section (HTML: a section greyed when disabled; Markdown: its heading).
  virtual void BeginStep(const Inline& heading, const std::string& id, bool disabled) = 0;
  virtual void EndStep() = 0;
  /// A collapsed part (both formats: <details>), for package internals.
  virtual void BeginCollapsed(const std::string& summary) = 0;
  virtual void EndCollapsed() = 0;
};

/// Writes the documentation of one imported task sequence to `sink`.
void WriteDocument(const ImportResult& result, const Catalog& catalog, Sink& sink);

/// The index of a batch (-O): one row per task sequence written.
void WriteIndexDocument(const std::vector<IndexEntry>& entries, Sink& sink);

}  // namespace tsimport::detail::doc
