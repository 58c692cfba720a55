// A small DOM with the part of tinyxml2's API that parse.cpp uses, built in one pass over text
// the scanner (scan.h) has already checked for well-formedness and limits; where it meets what
// the scanner should have refused it stops with an error rather than reading past the text.
// It replaces tinyxml2::XMLDocument::Parse, which cost twice as much (docs/performance.md).
// Values as XML 1.0 decodes them and System.Xml's XmlDocument gives them (docs/design.md, "The XML
// reader"): entities and character references decoded, every line end (CR LF, or CR) one LF,
// attribute values normalized (a tab, LF or line end is a space); a text node runs up to the next
// markup, and one that is only white space (written or referenced) makes no node unless
// xml:space="preserve" is in scope; CDATA sections are text nodes; comments, processing
// instructions and the XML declaration are nodes that are neither elements nor text.
#pragma once

#include <tinyxml2.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "input/scan.h"

namespace tsimport::detail::lite {

/// tinyxml2's name of an error this DOM reports ("XML_ERROR_MISMATCHED_ELEMENT"), as
/// tinyxml2::XMLDocument::ErrorIDToName gives it: written here because calling that function
/// made libtinyxml2.so, and the shared libstdc++ it needs, load at every start for a string
/// that only an error shows (docs/design.md, start-up). A test holds each name to tinyxml2's.
const char* ErrorIDName(tinyxml2::XMLError error);

class Element;
class Text;

/// A length the DOM knows, or kUnknownSize (past 4 GiB, or not kept): then strlen.
inline constexpr std::uint32_t kUnknownSize = UINT32_MAX;
inline std::string_view View(const char* s, std::uint32_t size) {
  return size != kUnknownSize ? std::string_view(s, size) : std::string_view(s);
}

class Attribute {
 public:
  const char* Name() const { return name_; }
  const char* Value() const { return value_; }
  /// Name() and Value() with their lengths, without a strlen.
  std::string_view NameView() const { return View(name_, name_size_); }
  std::string_view ValueView() const { return View(value_, value_size_); }
  const Attribute* Next() const { return next_; }

 private:
  friend class Document;
  const char* name_ = "";
  const char* value_ = "";
  Attribute* next_ = nullptr;
  std::uint32_t name_size_ = 0;
  std::uint32_t value_size_ = 0;
};

class Node {
 public:
  enum Kind : std::uint8_t { kDocument, kElement, kText, kOther };
  const Node* FirstChild() const { return first_; }
  const Node* LastChild() const { return last_; }
  const Node* NextSibling() const { return next_; }
  inline const Element* ToElement() const;
  inline const Text* ToText() const;
  const char* Value() const { return value_; }
  /// Value() with its length, without a strlen.
  std::string_view ValueView() const { return View(value_, size_); }
  int GetLineNum() const;
  /// Offset in the text of '<' (elements), or of a text's first non-blank byte.
  std::size_t Offset() const { return offset_; }
  const Element* FirstChildElement(const char* name = nullptr) const;
  const Element* NextSiblingElement(const char* name = nullptr) const;

 protected:
  friend class Document;
  // 64 bytes: a document of 100 MB has millions of nodes.
  const char* value_ = "";
  Node* first_ = nullptr;
  Node* last_ = nullptr;
  Node* next_ = nullptr;
  std::size_t offset_ = 0;  ///< for GetLineNum: of '<', or of a text's first non-blank byte
  class Document* doc_ = nullptr;
  Attribute* attributes_ = nullptr;
  std::uint32_t size_ = 0;  ///< of value_
  Kind kind_ = kOther;
  bool preserve_ = false;  ///< an element in the scope of xml:space="preserve"
};

class Element : public Node {
 public:
  const char* Name() const { return value_; }
  const char* Attribute(const char* name) const {
    for (const lite::Attribute* a = attributes_; a != nullptr; a = a->Next()) {
      if (std::strcmp(a->Name(), name) == 0) return a->Value();
    }
    return nullptr;
  }
  const lite::Attribute* FirstAttribute() const { return attributes_; }
};

class Text : public Node {};

inline const Element* Node::ToElement() const {
  return kind_ == kElement ? static_cast<const Element*>(this) : nullptr;
}
inline const Text* Node::ToText() const {
  return kind_ == kText ? static_cast<const Text*>(this) : nullptr;
}

class Document : public Node, private ScanSink {
 public:
  Document() {
    kind_ = kDocument;
    doc_ = this;
  }
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  /// What a name, value or text needs once its end is no longer needed as a delimiter.
  enum class Decoding : std::uint8_t {
    kNone,       ///< a name: only its terminating NUL (names hold no CR and no '&')
    kLineEnds,   ///< a CDATA section: line ends
    kText,       ///< character data: line ends, entities and character references
    kAttribute,  ///< an attribute value: as kText, then white space normalized
  };

  /// Elements named `element` whose attribute `attribute` is exactly `value` get no children:
  /// their content is passed over (its elements still counted by Build). For what nobody
  /// reads: object.xml's Icon, a uint8 array of about a hundred thousand <VALUE> elements.
  void SkipContentOf(std::string_view element, std::string_view attribute, std::string_view value) {
    skip_element_ = element;
    skip_attribute_ = attribute;
    skip_value_ = value;
  }

  /// Builds the tree of `text` (well-formed: checked by the scanner). Returns the number of
  /// elements (start tags, skipped or not).
  std::size_t Build(std::string_view text);

  /// Builds `text` a piece at a time as `scanner` reads it, so that a large document never
  /// has all its nodes (nor a second copy of its text) at once. The scanner must have stopped
  /// after the root's start tag (its first Next()). BuildHead builds what comes up to there
  /// (the root with its attributes, and anything before it); each BuildNextPiece then frees
  /// the previous piece and builds the next from the scanner's nodes: the root's next element
  /// child (with the text and comments before it), and last the rest of the document. While
  /// streaming, the root's children are those of the current piece only, and nothing may keep
  /// a pointer into a piece once the next one is built. BuildNextPiece returns false when no
  /// piece is left or on an error: Error() for what only the DOM refuses (found only if the
  /// scanner finds nothing wrong up to the end), else the scanner's Result() says.
  void BuildHead(std::string_view text, PieceScanner& scanner);
  bool BuildNextPiece();
  bool Streaming() const { return scanner_ != nullptr; }

  const Element* RootElement() const { return FirstChildElement(); }
  bool Error() const { return error_ != tinyxml2::XML_SUCCESS; }
  tinyxml2::XMLError ErrorID() const { return error_; }
  int ErrorLineNum() const { return error_line_; }
  /// tinyxml2's name of the error (what XMLDocument::ErrorIDToName gives), from ErrorIDName.
  const char* ErrorName() const { return ErrorIDName(error_); }

  int LineOf(std::size_t offset) const;
  /// Offset in the text of a name or value of this document (they point into one of its
  /// buffers, which hold the text at known offsets).
  std::size_t OffsetOf(const char* p) const {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    const auto head = reinterpret_cast<std::uintptr_t>(head_.data());
    if (at >= head && at <= head + head_.size()) return at - head;
    return at - reinterpret_cast<std::uintptr_t>(piece_.data()) + piece_from_;
  }

 private:
  /// Builds text_[from, to) into `buffer` (its copy, decoded in place) below the open
  /// elements. `last`: the range ends the document. False on an error.
  bool Parse(std::size_t from, std::size_t to, std::string& buffer, bool last);
  bool Fail(tinyxml2::XMLError error, std::size_t offset);
  Node* NewNode(Kind kind, Node* parent, std::size_t offset);
  static constexpr std::size_t kNoNode = SIZE_MAX;
  /// Where the text node of the character data [from, to) starts (its first byte that is not
  /// white space, or `from`), relative to `from`; kNoNode when it makes no node: white space
  /// alone, written or referenced, outside the scope of xml:space="preserve". `room`: bytes
  /// readable from `from`.
  std::size_t TextNodeAt(const char* from, const char* to, std::size_t room) const;
  /// Sets element's preserve_ from its attribute `name` when that is xml:space.
  static void XmlSpace(Node* element, std::string_view name, std::string_view value);
  struct Pending {
    char* start;
    char* end;
    Decoding how;
    std::uint32_t* size;  ///< where the decoded length goes
  };
  /// NUL-terminates [start, end) and decodes it as `how` says (`limit`: the buffer's end);
  /// sets *size to the decoded length.
  static void Complete(char* start, char* end, const char* limit, Decoding how,
                       std::uint32_t* size);

  /// Passes over the content of the element whose start tag ends before `j` in `b` (of size
  /// `n`), up to and past its end tag; counts the start tags in it. Returns the offset after
  /// the end tag, or npos.
  std::size_t SkipContent(const char* b, std::size_t n, std::size_t j);

  std::string_view skip_element_, skip_attribute_, skip_value_;
  std::string_view text_;  ///< the text as given (for line numbers)
  std::string head_;       ///< the text (all of it, or up to the root's children when streaming)
  std::string piece_;      ///< when streaming: the current piece of the text
  std::size_t piece_from_ = 0;  ///< offset of piece_ in the text
  /// Nodes and attributes in chunks (stable addresses, one allocation per 1024); a piece's
  /// are given back for the next piece. A chunk's slots are raw memory until added: a nested
  /// document of a few nodes (a Set Dynamic Variables rule set) touches those few, not 96 KB
  /// of initialized slots.
  template <typename T>
  struct Pool {
    static_assert(std::is_trivially_destructible_v<T>, "slots are reused without destruction");
    struct Slot {
      alignas(T) unsigned char bytes[sizeof(T)];
    };
    std::vector<std::unique_ptr<Slot[]>> chunks;
    std::size_t current = 0;  ///< chunks in use
    std::size_t used = 1024;  ///< slots used in the last chunk in use
    T& Add() {
      if (used == 1024) {
        // new Slot[] default-initializes: the memory is not written here.
        if (current == chunks.size()) chunks.push_back(std::unique_ptr<Slot[]>(new Slot[1024]));
        ++current;
        used = 0;
      }
      // Constructed afresh, also when Rewind gave back a slot of the last piece.
      return *new (chunks[current - 1][used++].bytes) T();
    }
    struct Mark {
      std::size_t current, used;
    };
    Mark Position() const { return {current, used}; }
    void Rewind(Mark m) {
      current = m.current;
      used = m.used;
    }
  };
  Pool<Node> nodes_;
  Pool<lite::Attribute> attributes_store_;
  Pool<Node>::Mark nodes_mark_{};
  Pool<lite::Attribute>::Mark attributes_mark_{};
  std::vector<Pending> pending_;
  std::vector<Node*> open_;  ///< open elements while building (the document first)
  std::size_t elements_ = 0;
  // Streaming (BuildHead): the scanner, and what the current piece needs done at its end.
  PieceScanner* scanner_ = nullptr;
  struct PendingAt {
    std::size_t start, end;  ///< offsets in the text
    const char** at;         ///< the node's or attribute's pointer, set into the piece's copy
    std::uint32_t* size;
    Decoding how;
  };
  std::vector<PendingAt> piece_pending_;
  Element* tag_ = nullptr;  ///< the start tag being read
  lite::Attribute* last_attribute_ = nullptr;
  bool finished_ = false;                               ///< the last piece is built
  tinyxml2::XMLError refused_ = tinyxml2::XML_SUCCESS;  ///< what only the DOM refuses, first
  std::size_t refused_at_ = 0;
  void StartElement(std::size_t lt, std::size_t name_end) override;
  void Attribute(std::size_t name, std::size_t name_end, std::size_t value,
                 std::size_t value_end) override;
  void EndStartTag(bool self_closing) override;
  void EndElement() override;
  void Text(std::size_t from, std::size_t to) override;
  void CData(std::size_t lt, std::size_t from, std::size_t to) override;
  void Comment(std::size_t lt) override;
  void Declaration(std::size_t lt) override;
  mutable std::vector<std::size_t> line_starts_;
  tinyxml2::XMLError error_ = tinyxml2::XML_SUCCESS;
  int error_line_ = 0;
};

static_assert(sizeof(Node) <= 64, "a DOM node stays within 64 bytes");

}  // namespace tsimport::detail::lite
