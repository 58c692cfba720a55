// A lexical pass over XML text before the DOM is built (lite.h): it checks well-formedness
// with line and column, finds what a lenient parser lets through but XML forbids (an
// unescaped '&', '<' in an attribute value, a duplicate attribute), and enforces the limits.
#pragma once

#include <cstdint>
#include <memory>
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
  bool ok = true;
  std::size_t error_offset = 0;
  std::string error;
  /// The rule of the error: TS1004 (not well-formed), TS1015 (nesting), TS1016 (DTD),
  /// TS1017 (value size), TS1018 (node count). For TS1004 `error` says what is wrong and the
  /// caller adds "not well-formed XML: "; for the others it is the whole message.
  const char* rule = "TS1004";
};

/// Receives a document's nodes as the scanner reads them, each once it is checked; offsets
/// are in the text.
class ScanSink {
 public:
  /// A start tag's name is [lt + 1, name_end); its attributes follow, then EndStartTag.
  virtual void StartElement(std::size_t lt, std::size_t name_end) = 0;
  virtual void Attribute(std::size_t name, std::size_t name_end, std::size_t value,
                         std::size_t value_end) = 0;
  virtual void EndStartTag(bool self_closing) = 0;
  virtual void EndElement() = 0;
  /// Character data [from, to), blank or not.
  virtual void Text(std::size_t from, std::size_t to) = 0;
  /// A CDATA section at `lt`, its content [from, to).
  virtual void CData(std::size_t lt, std::size_t from, std::size_t to) = 0;
  virtual void Comment(std::size_t lt) = 0;
  /// A processing instruction or XML declaration (`<?`).
  virtual void Declaration(std::size_t lt) = 0;

 protected:
  ~ScanSink() = default;
};

/// The scanner. It reads before the DOM is built and enforces `limits` (depth, node counts,
/// value sizes, no DTD), so that the DOM only ever sees text within them; `first_line` is the
/// line of the text's first byte in the user's file (for messages). It reads a piece at a time,
/// for building a document as it is read: Next stops after the root's start tag, then after
/// each element child of the root, then at the end of the text (or at the first error, after
/// which Result() says what is wrong); Finish reads to the end.
class PieceScanner {
 public:
  PieceScanner(std::string_view text, std::uint32_t first_line = 1,
               const Limits& limits = Limits{});
  ~PieceScanner();
  PieceScanner(const PieceScanner&) = delete;
  PieceScanner& operator=(const PieceScanner&) = delete;
  /// Scans on to the next stop, telling `sink` (when not null) each node. Returns the offset
  /// where it stopped.
  std::size_t Next(ScanSink* sink);
  /// Scans on to the end without stopping.
  void Finish();
  std::size_t Position() const;
  bool AtEnd() const;
  /// The result so far; complete once AtEnd().
  const ScanResult& Result() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::size_t size_;
};

/// Maps byte offsets of a text to lines and columns (1-based) of the user's file. Not for
/// sharing between threads: it remembers the last line it found, and its const methods add the
/// line starts they find (two threads asking at once would write the same vector). A text
/// embedded in another (the sequence inside object.xml, the Set Dynamic Variables rules inside a
/// variable) maps its offsets through breakpoints to offsets of the enclosing text, and from
/// there to the file. Columns count bytes, as GCC's do. The text must outlive the map: its line
/// ends are found as offsets are asked for (in document order, mostly), a little ahead of the
/// last one asked, while the builder has that part of the text in the cache.
class LineMap {
 public:
  LineMap() = default;
  explicit LineMap(std::string_view text) : text_(text), starts_{0} {}
  /// `outer` must outlive this map. `breakpoints` are (inner offset, outer offset) pairs, sorted,
  /// the first at inner offset 0; between breakpoints offsets advance together.
  LineMap(std::string_view text, const LineMap* outer,
          std::vector<std::pair<std::size_t, std::size_t>> breakpoints);
  Location At(std::size_t offset) const {
    // In line, the usual case: the line of the last answer (the builder asks in document order,
    // and an element's attributes are mostly on its line).
    if (outer_ == nullptr && hint_ + 1 < starts_.size() && starts_[hint_] <= offset &&
        offset < starts_[hint_ + 1]) {
      return {static_cast<std::uint32_t>(hint_ + 1),
              static_cast<std::uint32_t>(offset - starts_[hint_] + 1)};
    }
    return Search(offset);
  }
  /// Location of the start of a line of the text (1-based within the text).
  Location Line(std::uint32_t line) const;

 private:
  Location Search(std::size_t offset) const;
  /// Records the line starts of the text up to `offset` (or its end) and a little past.
  void ScanTo(std::size_t offset) const;
  std::string_view text_;
  mutable std::vector<std::size_t> starts_;  ///< every line start at or before scanned_
  mutable std::size_t scanned_ = 0;          ///< the text before it is searched for line ends
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
