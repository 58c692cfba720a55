// A small DOM with the part of tinyxml2's API that parse.cpp uses, built in one pass over text
// the scanner (scan.h) has already checked for well-formedness and limits; where it meets what
// the scanner should have refused it stops with an error rather than reading past the text.
// It replaces tinyxml2::XMLDocument::Parse, which cost twice as much (docs/performance.md).
// Semantics as tinyxml2 9 with processEntities and PRESERVE_WHITESPACE: text runs up to the next
// '<' (white space alone before markup makes no node), entities and character references decoded,
// CR LF / CR / LF CR become LF, CDATA sections are text nodes, comments and declarations are nodes
// that are neither elements nor text.
#pragma once

#include <tinyxml2.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tsimport::detail::lite {

class Element;
class Text;

class Attribute {
 public:
  const char* Name() const { return name_; }
  const char* Value() const { return value_; }
  const Attribute* Next() const { return next_; }

 private:
  friend class Document;
  const char* name_ = "";
  const char* value_ = "";
  Attribute* next_ = nullptr;
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
  Kind kind_ = kOther;
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

class Document : public Node {
 public:
  Document() {
    kind_ = kDocument;
    doc_ = this;
  }
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

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

  const Element* RootElement() const { return FirstChildElement(); }
  bool Error() const { return error_ != tinyxml2::XML_SUCCESS; }
  tinyxml2::XMLError ErrorID() const { return error_; }
  int ErrorLineNum() const { return error_line_; }
  const char* ErrorName() const { return tinyxml2::XMLDocument::ErrorIDToName(error_); }

  int LineOf(std::size_t offset) const;
  /// Offset in the text of a name or value of this document (they point into its buffer,
  /// which holds the text at the same offsets).
  std::size_t OffsetOf(const char* p) const { return static_cast<std::size_t>(p - buffer_.data()); }

 private:
  std::size_t Fail(tinyxml2::XMLError error, std::size_t offset, std::size_t elements);
  Node* NewNode(Kind kind, Node* parent, std::size_t offset);
  struct Pending {
    char* start;
    char* end;
    bool entities;  ///< also decode entities (not in CDATA)
  };

  /// Passes over the content of the element whose start tag ends before `j`, up to and past
  /// its end tag; counts the start tags in it. Returns the offset after the end tag, or npos.
  std::size_t SkipContent(std::size_t j, std::size_t& elements) const;

  std::string_view skip_element_, skip_attribute_, skip_value_;
  std::string_view text_;  ///< the text as given (for line numbers)
  std::string buffer_;     ///< the text, made NUL-terminated in place
  /// Nodes and attributes in chunks (stable addresses, one allocation per 1024).
  template <typename T>
  struct Pool {
    std::vector<std::unique_ptr<T[]>> chunks;
    std::size_t used = 1024;
    T& Add() {
      if (used == 1024) {
        chunks.push_back(std::make_unique<T[]>(1024));
        used = 0;
      }
      return chunks.back()[used++];
    }
  };
  Pool<Node> nodes_;
  Pool<lite::Attribute> attributes_store_;
  std::vector<Pending> pending_;
  mutable std::vector<std::size_t> line_starts_;
  tinyxml2::XMLError error_ = tinyxml2::XML_SUCCESS;
  int error_line_ = 0;
};

static_assert(sizeof(Node) <= 64, "a DOM node stays within 64 bytes");

}  // namespace tsimport::detail::lite
