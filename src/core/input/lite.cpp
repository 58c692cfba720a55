// See lite.h.
#include "input/lite.h"

#include <algorithm>
#include <cctype>

#include "model/text.h"

namespace tsimport::detail::lite {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
struct Tables {
  bool name[256];
  constexpr Tables() : name() {
    for (int c = 0; c < 256; ++c) {
      name[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' ||
                c >= 0x80 || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }
  }
};
constexpr Tables kTables;
bool IsNameChar(unsigned char c) { return kTables.name[c]; }

/// The first byte of [p, end) that decoding as `how` changes, or end: a CR (line ends), an '&'
/// (references), and in an attribute value a tab or LF too (normalized to a space).
char* FindSpecial(char* p, char* end, const char* limit, Document::Decoding how) {
  if (how == Document::Decoding::kAttribute) {
    // An '&' or a byte below 0x20 (the scanner lets only tab, LF and CR through).
    auto wanted = [](char c) { return c == '&' || static_cast<unsigned char>(c) < 0x20; };
#if defined(__SSE2__)
    const __m128i amp = _mm_set1_epi8('&');
    const __m128i x1f = _mm_set1_epi8(0x1F);
    auto mask = [&](__m128i v) {
      const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, x1f), v);  // v <= 0x1F, unsigned
      return static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(control, _mm_cmpeq_epi8(v, amp))));
    };
    return const_cast<char*>(FindFirst(p, end, limit, mask, wanted));
#else
    return const_cast<char*>(FindFirst(p, end, limit, nullptr, wanted));
#endif
  }
  return const_cast<char*>(
      FindEither(p, end, limit, '\r', how == Document::Decoding::kLineEnds ? '\r' : '&'));
}

/// The code point of the character reference at p ("&#...;" before `end`); sets `after` past
/// its ';'. Any number of digits (leading zeros are allowed). False, when what the scanner should
/// have refused is there, with no digit or no ';'.
bool CharacterReference(const char* p, const char* end, std::uint32_t& cp, const char*& after) {
  const char* r = p + 2;
  const bool hex = r < end && *r == 'x';
  if (hex) ++r;
  const char* digits = r;
  cp = 0;
  for (; r < end && (hex ? std::isxdigit(static_cast<unsigned char>(*r)) != 0
                         : std::isdigit(static_cast<unsigned char>(*r)) != 0);
       ++r) {
    const char d = *r;
    cp = cp > 0x10FFFF ? cp
                       : cp * (hex ? 16 : 10) +
                             static_cast<std::uint32_t>(d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
  }
  if (r == digits || r >= end || *r != ';' || cp > 0x10FFFF) return false;
  after = r + 1;
  return true;
}

/// Decodes [start, end) in place as XML 1.0 says, and NUL-terminates it: every line end (CR LF,
/// or a CR alone) is one LF (2.11); the five predefined entities and character references are
/// replaced by their characters; in an attribute value each tab, LF and line end is then a
/// space (3.3.3: every attribute is CDATA without a DTD; a character reference stays what it
/// names). `limit`: FindSpecial's.
char* Finish(char* start, char* end, const char* limit, Document::Decoding how) {
  const bool attribute = how == Document::Decoding::kAttribute;
  const bool entities = how != Document::Decoding::kLineEnds;
  char* p = start;
  char* q = start;
  while (p < end) {
    // A run of bytes that stay as they are, up to the next byte decoding changes.
    char* run = p;
    p = FindSpecial(p, end, limit, how);
    if (q != run) std::memmove(q, run, static_cast<std::size_t>(p - run));
    q += p - run;
    if (p >= end) break;
    const char c = *p;
    if (c == '\r') {
      p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
      *q++ = attribute ? ' ' : '\n';
    } else if (c != '&') {  // in an attribute value: a tab or LF (or what the scanner refuses)
      ++p;
      *q++ = c == '\n' || c == '\t' ? ' ' : c;
    } else if (!entities) {
      *q++ = *p++;
    } else if (p + 1 < end && p[1] == '#') {
      // The reference is longer than its UTF-8 (at least "&#N;" for one byte): in place.
      const char* after = nullptr;
      std::uint32_t cp = 0;
      if (!CharacterReference(p, end, cp, after)) {  // not a reference: kept as written
        *q++ = *p++;
        continue;
      }
      q += EncodeUtf8(static_cast<char32_t>(cp), q);
      p = const_cast<char*>(after);
    } else {
      static const struct {
        const char* pattern;
        int length;
        char value;
      } kEntities[] = {
          {"quot", 4, '"'}, {"amp", 3, '&'}, {"apos", 4, '\''}, {"lt", 2, '<'}, {"gt", 2, '>'}};
      bool found = false;
      for (const auto& e : kEntities) {
        if (std::strncmp(p + 1, e.pattern, static_cast<std::size_t>(e.length)) == 0 &&
            p[e.length + 1] == ';') {
          *q++ = e.value;
          p += e.length + 2;
          found = true;
          break;
        }
      }
      if (!found) *q++ = *p++;
    }
  }
  *q = '\0';
  return q;
}

/// Whether the character data [p, end) (checked by the scanner) decodes to white space only,
/// its references included (&#32; &#x9; &#10; &#13;): System.Xml then makes it a white-space
/// node, which XmlDocument drops (oracle.h, docs/design.md). `first`: its first byte that is
/// not written white space.
bool BlankAfterDecoding(const char* first, const char* end) {
  const char* p = first;
  while (p < end) {
    if (IsSpace(*p)) {
      ++p;
      continue;
    }
    if (*p != '&' || p + 1 >= end || p[1] != '#') return false;
    const char* after = nullptr;
    std::uint32_t cp = 0;
    if (!CharacterReference(p, end, cp, after)) return false;
    if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r') return false;
    p = after;
  }
  return true;
}

}  // namespace

inline std::size_t Document::TextNodeAt(const char* from, const char* to, std::size_t room) const {
  const char* first = SkipBlank(from, to, from + room);
  if (first != to && *first != '&') return static_cast<std::size_t>(first - from);  // usual
  const bool blank = first == to || BlankAfterDecoding(first, to);
  if (blank && !open_.back()->preserve_) return kNoNode;
  return static_cast<std::size_t>((first == to ? from : first) - from);
}

int Node::GetLineNum() const { return doc_->LineOf(offset_); }

const Element* Node::FirstChildElement(const char* name) const {
  for (const Node* n = first_; n != nullptr; n = n->next_) {
    if (n->kind_ == kElement && (name == nullptr || std::strcmp(n->value_, name) == 0))
      return static_cast<const Element*>(n);
  }
  return nullptr;
}

const Element* Node::NextSiblingElement(const char* name) const {
  for (const Node* n = next_; n != nullptr; n = n->next_) {
    if (n->kind_ == kElement && (name == nullptr || std::strcmp(n->value_, name) == 0))
      return static_cast<const Element*>(n);
  }
  return nullptr;
}

int Document::LineOf(std::size_t offset) const {
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    // Lines of the text as given (values are decoded in place in buffer_).
    for (std::size_t i = text_.find('\n'); i != std::string_view::npos;
         i = text_.find('\n', i + 1)) {
      line_starts_.push_back(i + 1);
    }
  }
  return static_cast<int>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                          line_starts_.begin());
}

std::size_t Document::SkipContent(const char* b, std::size_t n, std::size_t j) {
  // The scanner has checked this text: only the kind of each markup and where it ends matter.
  auto find = [&](std::size_t from, const char* what) -> std::size_t {
    const char* at = std::strstr(b + from, what);
    return at == nullptr ? std::string_view::npos : static_cast<std::size_t>(at - b);
  };
  std::size_t depth = 1;
  while (j < n) {
    const void* lt_ptr = std::memchr(b + j, '<', n - j);
    if (lt_ptr == nullptr) return std::string_view::npos;
    const std::size_t lt = static_cast<std::size_t>(static_cast<const char*>(lt_ptr) - b);
    const char c1 = lt + 1 < n ? b[lt + 1] : '\0';
    std::size_t end;
    if (c1 == '!' && lt + 3 < n && b[lt + 2] == '-' && b[lt + 3] == '-') {  // a comment
      if ((end = find(lt + 4, "-->")) == std::string_view::npos) return end;
      j = end + 3;
    } else if (c1 == '!') {  // CDATA
      if ((end = find(lt + 2, "]]>")) == std::string_view::npos) return end;
      j = end + 3;
    } else if (c1 == '?') {
      if ((end = find(lt + 2, "?>")) == std::string_view::npos) return end;
      j = end + 2;
    } else if (c1 == '/') {
      const void* gt_ptr = std::memchr(b + lt, '>', n - lt);
      if (gt_ptr == nullptr) return std::string_view::npos;
      j = static_cast<std::size_t>(static_cast<const char*>(gt_ptr) - b) + 1;
      if (--depth == 0) return j;
    } else {
      ++elements_;  // a start tag: to its '>', past quoted values (which may hold one)
      std::size_t k = lt + 1;
      while (k < n && b[k] != '>') {
        if (b[k] == '"' || b[k] == '\'') {
          const void* close = std::memchr(b + k + 1, b[k], n - k - 1);
          if (close == nullptr) return std::string_view::npos;
          k = static_cast<std::size_t>(static_cast<const char*>(close) - b);
        }
        ++k;
      }
      if (k >= n) return std::string_view::npos;
      if (b[k - 1] != '/') ++depth;
      j = k + 1;
    }
  }
  return std::string_view::npos;
}

const char* ErrorIDName(tinyxml2::XMLError error) {
  switch (error) {
    case tinyxml2::XML_SUCCESS:
      return "XML_SUCCESS";
    case tinyxml2::XML_ERROR_PARSING_ELEMENT:
      return "XML_ERROR_PARSING_ELEMENT";
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
      return "XML_ERROR_PARSING_ATTRIBUTE";
    case tinyxml2::XML_ERROR_PARSING_CDATA:
      return "XML_ERROR_PARSING_CDATA";
    case tinyxml2::XML_ERROR_PARSING_COMMENT:
      return "XML_ERROR_PARSING_COMMENT";
    case tinyxml2::XML_ERROR_PARSING_DECLARATION:
      return "XML_ERROR_PARSING_DECLARATION";
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
      return "XML_ERROR_MISMATCHED_ELEMENT";
    default:  // this DOM reports no other
      return "XML_ERROR_PARSING";
  }
}

bool Document::Fail(tinyxml2::XMLError error, std::size_t offset) {
  // The scanner rejects all of these first; this is the net under it. Every name and value
  // still points into the buffer, so terminate them all before anyone reads them.
  error_ = error;
  error_line_ = LineOf(offset);
  for (const Pending& p : pending_) {
    *p.end = '\0';
    *p.size = kUnknownSize;  // not decoded: its length is where the NUL is
  }
  pending_.clear();
  return false;
}

void Document::Complete(char* start, char* end, const char* limit, Decoding how,
                        std::uint32_t* size) {
  if (how == Decoding::kNone) {
    *end = '\0';
  } else {
    end = Finish(start, end, limit, how);
  }
  const auto length = static_cast<std::size_t>(end - start);
  *size = length < kUnknownSize ? static_cast<std::uint32_t>(length) : kUnknownSize;
}

Node* Document::NewNode(Kind kind, Node* parent, std::size_t offset) {
  Node& n = nodes_.Add();
  n.kind_ = kind;
  n.doc_ = this;
  n.offset_ = offset;
  if (parent->last_ != nullptr) {
    parent->last_->next_ = &n;
  } else {
    parent->first_ = &n;
  }
  parent->last_ = &n;
  return &n;
}

std::size_t Document::Build(std::string_view text) {
  text_ = text;
  line_starts_.clear();
  open_.assign(1, this);
  Parse(0, text.size(), head_, true);
  return elements_;
}

void Document::BuildHead(std::string_view text, PieceScanner& scanner) {
  text_ = text;
  line_starts_.clear();
  open_.assign(1, this);
  scanner_ = &scanner;
  if (Parse(0, scanner.Position(), head_, false)) {
    nodes_mark_ = nodes_.Position();
    attributes_mark_ = attributes_store_.Position();
  }
}

bool Document::BuildNextPiece() {
  if (Error() || finished_ || scanner_ == nullptr || !scanner_->Result().ok) return false;
  // The previous piece's nodes are given back; the root forgets them.
  nodes_.Rewind(nodes_mark_);
  attributes_store_.Rewind(attributes_mark_);
  if (open_.size() != 2) return Fail(tinyxml2::XML_ERROR_MISMATCHED_ELEMENT, text_.size());
  Node* root = open_[1];
  root->first_ = root->last_ = root->next_ = nullptr;
  last_ = root;
  piece_pending_.clear();
  const std::size_t from = scanner_->Position();
  const std::size_t to = scanner_->Next(this);
  finished_ = scanner_->AtEnd();
  // Whatever the DOM refused, an error the scanner finds anywhere comes first (as when the
  // scanner read the whole text before the DOM was built).
  if (refused_ != tinyxml2::XML_SUCCESS) scanner_->Finish();
  if (!scanner_->Result().ok || refused_ != tinyxml2::XML_SUCCESS) {
    root->first_ = root->last_ = root->next_ = nullptr;  // nodes that point into the text
    last_ = root;
    finished_ = true;
    if (scanner_->Result().ok) Fail(refused_, refused_at_);
    return false;
  }
  if (open_.size() != (finished_ ? 1u : 2u))
    return Fail(tinyxml2::XML_ERROR_MISMATCHED_ELEMENT, to);
  // The nodes' names, values and texts point into a copy of the piece, decoded in place: each
  // has its entry here, in document order, and one pass sets and decodes them.
  piece_.assign(text_.data() + from, to - from);
  piece_from_ = from;
  char* base = piece_.data();
  const char* limit = base + piece_.size();
  for (const PendingAt& p : piece_pending_) {
    char* start = base + (p.start - from);
    *p.at = start;
    Complete(start, base + (p.end - from), limit, p.how, p.size);
  }
  return true;
}

// The scanner's nodes, while streaming: as Parse builds them, their names, values and texts
// left in piece_pending_ until the piece is copied (BuildNextPiece points them into the copy).
// The scanner has checked each; what it lets through and tinyxml2 refused (a declaration after
// the start) is noted and ends the building.

void Document::StartElement(std::size_t lt, std::size_t name_end) {
  if (refused_ != tinyxml2::XML_SUCCESS) return;
  tag_ = static_cast<Element*>(NewNode(kElement, open_.back(), lt));
  tag_->preserve_ = open_.back()->preserve_;
  ++elements_;
  piece_pending_.push_back({lt + 1, name_end, &tag_->value_, &tag_->size_, Decoding::kNone});
  last_attribute_ = nullptr;
}

void Document::Attribute(std::size_t name, std::size_t name_end, std::size_t value,
                         std::size_t value_end) {
  if (refused_ != tinyxml2::XML_SUCCESS) return;
  lite::Attribute& a = attributes_store_.Add();
  piece_pending_.push_back({name, name_end, &a.name_, &a.name_size_, Decoding::kNone});
  piece_pending_.push_back({value, value_end, &a.value_, &a.value_size_, Decoding::kAttribute});
  if (name_end - name == 9)
    XmlSpace(tag_, text_.substr(name, name_end - name), text_.substr(value, value_end - value));
  if (last_attribute_ != nullptr) {
    last_attribute_->next_ = &a;
  } else {
    tag_->attributes_ = &a;
  }
  last_attribute_ = &a;
}

void Document::EndStartTag(bool self_closing) {
  if (refused_ == tinyxml2::XML_SUCCESS && !self_closing) open_.push_back(tag_);
}

void Document::EndElement() {
  if (refused_ != tinyxml2::XML_SUCCESS) return;
  if (open_.size() == 1) {  // the scanner matches end tags: never
    refused_ = tinyxml2::XML_ERROR_MISMATCHED_ELEMENT;
    refused_at_ = scanner_->Position();
    return;
  }
  open_.pop_back();
}

void Document::Text(std::size_t from, std::size_t to) {
  if (refused_ != tinyxml2::XML_SUCCESS) return;
  const char* text = text_.data();
  const std::size_t first = TextNodeAt(text + from, text + to, text_.size() - from);
  if (first == kNoNode) return;
  Node* t = NewNode(kText, open_.back(), from + first);
  piece_pending_.push_back({from, to, &t->value_, &t->size_, Decoding::kText});
}

void Document::CData(std::size_t lt, std::size_t from, std::size_t to) {
  if (refused_ != tinyxml2::XML_SUCCESS) return;
  Node* t = NewNode(kText, open_.back(), lt);
  piece_pending_.push_back({from, to, &t->value_, &t->size_, Decoding::kLineEnds});
}

void Document::Comment(std::size_t lt) {
  if (refused_ != tinyxml2::XML_SUCCESS) return;
  NewNode(kOther, open_.back(), lt)->value_ = "";
}

void Document::Declaration(std::size_t lt) {
  if (refused_ != tinyxml2::XML_SUCCESS) return;
  NewNode(kOther, open_.back(), lt)->value_ = "";
}

void Document::XmlSpace(Node* element, std::string_view name, std::string_view value) {
  if (name != "xml:space") return;
  if (value == "preserve") element->preserve_ = true;
  if (value == "default") element->preserve_ = false;
}

bool Document::Parse(std::size_t from, std::size_t to, std::string& buffer, bool last) {
  buffer.assign(text_.data() + from, to - from);
  // Offsets in the buffer are offsets in the text less `from`; nodes keep the text's.
  char* b = buffer.data();
  const std::size_t n = buffer.size();
  pending_.clear();
  pending_.reserve(n / 32 + 16);
  std::size_t i = 0;
  while (i < n) {
    const void* lt_ptr = std::memchr(b + i, '<', n - i);
    std::size_t lt = lt_ptr ? static_cast<std::size_t>(static_cast<const char*>(lt_ptr) - b) : n;
    if (lt > i) {
      const std::size_t first = TextNodeAt(b + i, b + lt, n - i);
      if (first != kNoNode) {
        Node* t = NewNode(kText, open_.back(), from + i + first);
        t->value_ = b + i;
        pending_.push_back({b + i, b + lt, Decoding::kText, &t->size_});
      }
    }
    if (lt >= n) break;
    char c1 = lt + 1 < n ? b[lt + 1] : '\0';
    if (c1 == '/') {
      const char* gt = static_cast<const char*>(std::memchr(b + lt, '>', n - lt));
      if (gt == nullptr || open_.size() == 1)
        return Fail(tinyxml2::XML_ERROR_MISMATCHED_ELEMENT, from + lt);
      open_.pop_back();
      i = static_cast<std::size_t>(gt - b) + 1;
      continue;
    }
    if (c1 == '!' && std::strncmp(b + lt, "<!--", 4) == 0) {
      Node* c = NewNode(kOther, open_.back(), from + lt);
      c->value_ = "";
      const char* end = std::strstr(b + lt + 4, "-->");
      if (end == nullptr) return Fail(tinyxml2::XML_ERROR_PARSING_COMMENT, from + lt);
      i = static_cast<std::size_t>(end - b) + 3;
      continue;
    }
    if (c1 == '!' && std::strncmp(b + lt, "<![CDATA[", 9) == 0) {
      Node* t = NewNode(kText, open_.back(), from + lt);
      char* start = b + lt + 9;
      char* end = std::strstr(start, "]]>");
      if (end == nullptr) return Fail(tinyxml2::XML_ERROR_PARSING_CDATA, from + lt);
      t->value_ = start;
      pending_.push_back({start, end, Decoding::kLineEnds, &t->size_});
      i = static_cast<std::size_t>(end - b) + 3;
      continue;
    }
    if (c1 == '?') {
      const char* end = std::strstr(b + lt + 2, "?>");
      if (end == nullptr) return Fail(tinyxml2::XML_ERROR_PARSING_DECLARATION, from + lt);
      Node* d = NewNode(kOther, open_.back(), from + lt);
      d->value_ = "";
      i = static_cast<std::size_t>(end - b) + 2;
      continue;
    }
    // A start tag.
    Node* e = NewNode(kElement, open_.back(), from + lt);
    e->preserve_ = open_.back()->preserve_;
    ++elements_;
    std::size_t j = lt + 1;
    std::size_t name_start = j;
    while (j < n && IsNameChar(static_cast<unsigned char>(b[j]))) ++j;
    if (j == name_start) return Fail(tinyxml2::XML_ERROR_PARSING_ELEMENT, from + lt);
    // An element whose content is passed over (SkipContentOf), when its attribute says so.
    const bool may_skip =
        !skip_element_.empty() && std::string_view(b + name_start, j - name_start) == skip_element_;
    bool skip = false;
    e->value_ = b + name_start;
    pending_.push_back({b + name_start, b + j, Decoding::kNone, &e->size_});
    lite::Attribute* last_attr = nullptr;
    bool self_closing = false;
    for (;;) {
      while (j < n && IsSpace(b[j])) ++j;
      if (j >= n) return Fail(tinyxml2::XML_ERROR_PARSING_ELEMENT, from + lt);
      if (b[j] == '>') {
        ++j;
        break;
      }
      if (b[j] == '/') {
        if (j + 1 >= n || b[j + 1] != '>')
          return Fail(tinyxml2::XML_ERROR_PARSING_ELEMENT, from + lt);
        self_closing = true;
        j += 2;
        break;
      }
      std::size_t an = j;
      while (j < n && IsNameChar(static_cast<unsigned char>(b[j]))) ++j;
      std::size_t an_end = j;
      if (an_end == an) return Fail(tinyxml2::XML_ERROR_PARSING_ATTRIBUTE, from + lt);
      while (j < n && b[j] != '"' && b[j] != '\'') ++j;
      if (j >= n) return Fail(tinyxml2::XML_ERROR_PARSING_ATTRIBUTE, from + lt);
      char quote = b[j++];
      std::size_t v = j;
      const char* close = static_cast<const char*>(std::memchr(b + v, quote, n - v));
      if (close == nullptr) return Fail(tinyxml2::XML_ERROR_PARSING_ATTRIBUTE, from + lt);
      j = static_cast<std::size_t>(close - b) + 1;
      if (may_skip && std::string_view(b + an, an_end - an) == skip_attribute_) {
        skip = std::string_view(b + v, j - 1 - v) == skip_value_;
      }
      lite::Attribute& a = attributes_store_.Add();
      a.name_ = b + an;
      a.value_ = b + v;
      pending_.push_back({b + an, b + an_end, Decoding::kNone, &a.name_size_});
      pending_.push_back({b + v, b + (j - 1), Decoding::kAttribute, &a.value_size_});
      if (an_end - an == 9)
        XmlSpace(e, std::string_view(b + an, an_end - an), std::string_view(b + v, j - 1 - v));
      if (last_attr != nullptr) {
        last_attr->next_ = &a;
      } else {
        e->attributes_ = &a;
      }
      last_attr = &a;
    }
    if (skip && !self_closing) {
      const std::size_t after = SkipContent(b, n, j);
      if (after == std::string_view::npos)
        return Fail(tinyxml2::XML_ERROR_PARSING_ELEMENT, from + lt);
      i = after;
      continue;
    }
    if (!self_closing) open_.push_back(e);
    i = j;
  }
  if (last && open_.size() != 1) return Fail(tinyxml2::XML_ERROR_PARSING_ELEMENT, from + n);
  // NUL-terminate and decode, now that no delimiter is needed any more.
  for (const Pending& p : pending_) Complete(p.start, p.end, b + n, p.how, p.size);
  pending_.clear();
  if (last) pending_.shrink_to_fit();
  return true;
}

}  // namespace tsimport::detail::lite
