#include "input/scan.h"

#include <algorithm>
#include <cstring>

#include "model/text.h"

namespace tsimport::detail {
namespace {

struct NameTables {
  bool start[256];
  bool name[256];
  constexpr NameTables() : start(), name() {
    for (int c = 0; c < 256; ++c) {
      start[c] =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
      name[c] = start[c] || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }
  }
};
constexpr NameTables kNames;
bool IsNameStart(unsigned char c) { return kNames.start[c]; }
bool IsNameChar(unsigned char c) { return kNames.name[c]; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// "16 MiB" for whole mebibytes, else "N bytes".
std::string Size(std::uint64_t n) {
  if (n >= (1u << 20) && n % (1u << 20) == 0) return std::to_string(n >> 20) + " MiB";
  return std::to_string(n) + " bytes";
}

/// At most `max` bytes of a name for a message, cut at a character boundary.
std::string Clip(std::string_view s, std::size_t max = 64) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

/// A code point XML allows as a character (XML 1.0, production 2 Char).
bool IsXmlChar(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

class Scanner {
 public:
  Scanner(std::string_view t, std::uint32_t first_line, const Limits& limits)
      : t_(t), first_line_(first_line), limits_(limits) {
    // The model builder and the writers recurse along the tree: never deeper than 98 (the
    // ceiling tinyxml2 had, kept when the DOM became our own).
    max_depth_ = std::min<std::uint32_t>(limits.max_depth, 98);
  }

  /// Scans on from where it stopped, telling `sink` (when not null) each node once it is
  /// checked. With `pause`, stops after the root's start tag and after each element child of
  /// the root. Returns where it stopped: the text's size at the end or on an error.
  std::size_t Advance(ScanSink* sink, bool pause) {
    sink_ = sink;
    const std::size_t n = t_.size();
    while (i_ < n && r_.ok) {
      const char* base = t_.data();
      const void* lt = std::memchr(base + i_, '<', n - i_);
      std::size_t next = lt ? static_cast<std::size_t>(static_cast<const char*>(lt) - base) : n;
      if (next - i_ > limits_.max_text_bytes) {
        Fail(i_,
             "a text of " + std::to_string(next - i_) + " bytes, more than the limit of " +
                 Size(limits_.max_text_bytes) +
                 " for one text: no real task sequence has one; this looks like a hostile or "
                 "damaged file",
             "TS1017");
        break;
      }
      CheckReferences(i_, next);
      if (!r_.ok) break;
      if (sink_ != nullptr && next > i_) sink_->Text(i_, next);
      if (next >= n) break;
      i_ = Markup(next);
      if (pause_) {
        pause_ = false;
        if (pause && r_.ok && i_ < n) return i_;
      }
    }
    i_ = n;
    if (r_.ok && !open_.empty()) {
      const auto& [name, at] = open_.back();
      Fail(n, "the document ends before <" + Clip(name) + "> (line " + std::to_string(LineOf(at)) +
                  ") is closed (was the file cut short?)");
    }
    return n;
  }

  std::size_t Position() const { return i_; }
  const ScanResult& Result() const { return r_; }

 private:
  void Fail(std::size_t at, std::string message, const char* rule = "TS1004") {
    if (!r_.ok) return;
    r_.ok = false;
    r_.error_offset = at;
    r_.error = std::move(message);
    r_.rule = rule;
  }

  // Every '&' in [from, to) must start a character or entity reference.
  void CheckReferences(std::size_t from, std::size_t to) {
    const char* base = t_.data();
    while (from < to) {
      const char* amp = FindByte(base + from, base + to, base + t_.size(), '&');
      if (amp == base + to) return;
      std::size_t a = static_cast<std::size_t>(amp - base);
      std::size_t j = a + 1;
      if (j < to && t_[j] == '#') {
        ++j;
        bool hex = j < to && t_[j] == 'x';
        if (hex) ++j;
        std::size_t digits = j;
        std::uint32_t cp = 0;
        while (j < to && (hex ? std::isxdigit(static_cast<unsigned char>(t_[j]))
                              : std::isdigit(static_cast<unsigned char>(t_[j])))) {
          unsigned char c = static_cast<unsigned char>(t_[j]);
          std::uint32_t digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
          cp = cp > 0x10FFFF ? cp : cp * (hex ? 16 : 10) + digit;  // saturates past Unicode
          ++j;
        }
        if (j == digits || j >= to || t_[j] != ';') {
          return Fail(a, "malformed character reference (write a literal '&' as &amp;)");
        }
        if (!IsXmlChar(cp)) {
          return Fail(a, "character reference '" + Clip(t_.substr(a, j + 1 - a)) +
                             "' names a character XML does not allow (NUL, a control character, a "
                             "surrogate or a code point beyond U+10FFFF)");
        }
      } else {
        std::size_t name = j;
        if (j < to && IsNameStart(static_cast<unsigned char>(t_[j]))) {
          ++j;
          while (j < to && IsNameChar(static_cast<unsigned char>(t_[j]))) ++j;
        }
        if (j == name || j >= to || t_[j] != ';') {
          return Fail(a, "'&' does not start a reference (write a literal '&' as &amp;)");
        }
        std::string_view ent = t_.substr(name, j - name);
        if (ent != "amp" && ent != "lt" && ent != "gt" && ent != "quot" && ent != "apos") {
          return Fail(a, "undefined entity '&" + Clip(ent) +
                             ";' (only &amp; &lt; &gt; &quot; &apos; and character references "
                             "are defined)");
        }
      }
      from = j + 1;
    }
  }

  std::size_t Skip(std::size_t at, std::string_view end, const char* what) {
    std::size_t e = t_.find(end, at);
    if (e == std::string_view::npos) {
      Fail(at, std::string("unterminated ") + what);
      return t_.size();
    }
    return e + end.size();
  }

  std::size_t Markup(std::size_t lt) {
    // Most markup is a start or end tag: tell them by their second byte.
    if (lt + 1 < t_.size()) {
      unsigned char c = static_cast<unsigned char>(t_[lt + 1]);
      if (c == '/') return EndTag(lt);
      if (c != '!' && c != '?') return StartTag(lt);
    }
    std::string_view rest = t_.substr(lt);
    if (rest.compare(0, 4, "<!--") == 0) {
      std::size_t end = Skip(lt + 4, "-->", "comment");
      if (r_.ok && sink_ != nullptr) sink_->Comment(lt);
      return end;
    }
    if (rest.compare(0, 9, "<![CDATA[") == 0) {
      std::size_t end = Skip(lt + 9, "]]>", "CDATA section");
      if (r_.ok && end - lt - 12 > limits_.max_text_bytes) {
        Fail(lt,
             "a CDATA section of " + std::to_string(end - lt - 12) +
                 " bytes, more than the limit of " + Size(limits_.max_text_bytes) +
                 " for one text: no real task sequence has one; this looks like a hostile or "
                 "damaged file",
             "TS1017");
      }
      if (r_.ok && sink_ != nullptr) sink_->CData(lt, lt + 9, end - 3);
      return end;
    }
    if (rest.compare(0, 2, "<?") == 0) {
      std::size_t end = Skip(lt + 2, "?>", "processing instruction");
      if (r_.ok && sink_ != nullptr) sink_->Declaration(lt);
      return end;
    }
    if (rest.compare(0, 9, "<!DOCTYPE") == 0) {
      // Refused, and never read further: a DTD is where entity expansion (billion laughs) and
      // external entities (file or network fetches) come from. ConfigMgr never writes one, and
      // ImportSequence's parser prohibits DTDs.
      std::size_t end = std::min(t_.size(), lt + 4096);
      std::string_view head = t_.substr(lt, end - lt);
      std::string what = "a document type declaration (<!DOCTYPE>)";
      if (head.find("<!ENTITY") != std::string_view::npos) {
        what += " that declares entities";
      } else if (head.find("SYSTEM") != std::string_view::npos ||
                 head.find("PUBLIC") != std::string_view::npos) {
        what += " that names an external DTD";
      }
      Fail(lt,
           what +
               ": task sequence XML has no DTD, and ImportSequence refuses one; tsimport "
               "neither expands entities nor fetches anything (remove the declaration)",
           "TS1016");
      return t_.size();
    }
    if (rest.compare(0, 2, "<!") == 0) {
      Fail(lt,
           "markup declaration '<!' outside a DOCTYPE (a comment starts with '<!--', a CDATA "
           "section with '<![CDATA[')");
      return t_.size();
    }
    if (rest.compare(0, 2, "</") == 0) return EndTag(lt);
    return StartTag(lt);
  }

  std::size_t LineOf(std::size_t offset) const {
    return first_line_ + static_cast<std::size_t>(
                             std::count(t_.begin(), t_.begin() + static_cast<long>(offset), '\n'));
  }

  std::size_t EndTag(std::size_t lt) {
    std::size_t j = lt + 2;
    const std::size_t n = t_.size();
    // Almost always the end tag of the open element, followed by '>': compared as a whole.
    if (!open_.empty()) {
      const std::string_view open = open_.back().first;
      const std::size_t gt = j + open.size();
      if (gt < n && t_[gt] == '>' && std::memcmp(t_.data() + j, open.data(), open.size()) == 0) {
        j = gt;
        return CloseElement(j);
      }
    }
    while (j < n && IsNameChar(static_cast<unsigned char>(t_[j]))) ++j;
    std::string_view name = t_.substr(lt + 2, j - lt - 2);
    while (j < n && IsSpace(t_[j])) ++j;
    if (j >= n || t_[j] != '>') {
      Fail(lt, "malformed end tag");
      return n;
    }
    if (open_.empty()) {
      Fail(lt, "end tag </" + Clip(name) + "> has no open element");
      return n;
    }
    const std::string_view open = open_.back().first;
    // Names are short: a loop, not a call to memcmp.
    bool same = open.size() == name.size();
    for (std::size_t k = 0; same && k < name.size(); ++k) same = open[k] == name[k];
    if (!same) {
      Fail(lt, "end tag </" + Clip(name) + "> does not match <" + Clip(open_.back().first) +
                   "> opened on line " + std::to_string(LineOf(open_.back().second)));
      return n;
    }
    return CloseElement(j);
  }

  /// The end tag of the open element, its '>' at `gt`, is read.
  std::size_t CloseElement(std::size_t gt) {
    open_.pop_back();
    if (sink_ != nullptr) sink_->EndElement();
    if (open_.size() == 1 && !root_closed_) pause_ = true;  // a child of the root has ended
    if (open_.empty()) root_closed_ = true;
    return gt + 1;
  }

  std::size_t StartTag(std::size_t lt) {
    if (r_.first_tag == std::string_view::npos) r_.first_tag = lt;
    tag_attributes_.clear();
    std::size_t j = lt + 1;
    const std::size_t n = t_.size();
    if (j >= n || !IsNameStart(static_cast<unsigned char>(t_[j]))) {
      Fail(lt, "'<' does not start a tag (write a literal '<' as &lt;)");
      return n;
    }
    while (j < n && IsNameChar(static_cast<unsigned char>(t_[j]))) ++j;
    std::string_view tag_name = t_.substr(lt + 1, j - lt - 1);
    if (open_.size() + 1 > max_depth_) {
      Fail(lt,
           "elements are nested more than " + std::to_string(max_depth_) + " deep (<" +
               Clip(tag_name) + "> here is at depth " + std::to_string(open_.size() + 1) +
               "): real task sequences nest about 15 deep; this looks like a hostile or damaged "
               "file",
           "TS1015");
      return n;
    }
    if (++nodes_ > limits_.max_nodes) {
      Fail(lt,
           "the document has more than " + std::to_string(limits_.max_nodes) +
               " elements and attributes, the limit: no real task sequence has that many",
           "TS1018");
      return n;
    }
    if (sink_ != nullptr) sink_->StartElement(lt, j);
    bool self_closing = false;
    for (;;) {
      std::size_t ws = j;
      while (j < n && IsSpace(t_[j])) ++j;
      if (j >= n) {
        Fail(lt, "unterminated start tag");
        return n;
      }
      if (t_[j] == '>') break;
      if (t_[j] == '/' && j + 1 < n && t_[j + 1] == '>') {
        ++j;
        self_closing = true;
        break;
      }
      if (j == ws || !IsNameStart(static_cast<unsigned char>(t_[j]))) {
        Fail(j, "malformed attribute");
        return n;
      }
      std::size_t name_at = j;
      while (j < n && IsNameChar(static_cast<unsigned char>(t_[j]))) ++j;
      std::string_view name = t_.substr(name_at, j - name_at);
      if (tag_attributes_.size() + 1 > limits_.max_attributes || ++nodes_ > limits_.max_nodes) {
        Fail(name_at,
             tag_attributes_.size() + 1 > limits_.max_attributes
                 ? "<" + Clip(tag_name) + "> has more than " +
                       std::to_string(limits_.max_attributes) +
                       " attributes, the limit: no real task sequence element has that many"
                 : "the document has more than " + std::to_string(limits_.max_nodes) +
                       " elements and attributes, the limit: no real task sequence has that many",
             "TS1018");
        return n;
      }
      // At most max_attributes comparisons per attribute.
      for (const std::string_view a : tag_attributes_) {
        if (a == name) {
          Fail(name_at, "duplicate attribute '" + Clip(name) + "'");
          return n;
        }
      }
      tag_attributes_.push_back(name);
      while (j < n && IsSpace(t_[j])) ++j;
      if (j >= n || t_[j] != '=') {
        Fail(name_at, "attribute '" + Clip(name) + "' has no value");
        return n;
      }
      ++j;
      while (j < n && IsSpace(t_[j])) ++j;
      if (j >= n || (t_[j] != '"' && t_[j] != '\'')) {
        Fail(j, "attribute value of '" + Clip(name) + "' is not quoted");
        return n;
      }
      char quote = t_[j++];
      const char* const base = t_.data();
      const std::size_t close =
          static_cast<std::size_t>(FindByte(base + j, base + n, base + n, quote) - base);
      if (close == n) {
        Fail(name_at, "unterminated attribute value");
        return n;
      }
      if (close - j > limits_.max_attribute_bytes) {
        Fail(name_at,
             "the value of attribute '" + Clip(name) + "' is " + std::to_string(close - j) +
                 " bytes, more than the limit of " + Size(limits_.max_attribute_bytes) +
                 " for one attribute: no real task sequence has one; this looks like a "
                 "hostile or damaged file",
             "TS1017");
        return n;
      }
      // Only inside this value: searching on past it would make a long tag quadratic.
      const char* lt_inside = FindByte(base + j, base + close, base + n, '<');
      if (lt_inside != base + close) {
        Fail(static_cast<std::size_t>(lt_inside - base),
             "'<' in an attribute value (write it as &lt;)");
        return n;
      }
      CheckReferences(j, close);
      if (!r_.ok) return n;
      if (sink_ != nullptr) sink_->Attribute(name_at, name_at + name.size(), j, close);
      j = close + 1;
    }
    if (sink_ != nullptr) sink_->EndStartTag(self_closing);
    // Stops: after the root's start tag, and after each element child of the root.
    if (!root_closed_ && (open_.empty() ? !self_closing : open_.size() == 1 && self_closing))
      pause_ = true;
    if (open_.empty() && self_closing) root_closed_ = true;
    if (!self_closing) open_.emplace_back(tag_name, lt);
    return j + 1;
  }

  std::string_view t_;
  ScanResult r_;
  std::vector<std::pair<std::string_view, std::size_t>> open_;  ///< open elements: name, offset
  std::uint32_t first_line_;
  const Limits& limits_;
  std::uint32_t max_depth_ = 0;
  std::vector<std::string_view> tag_attributes_;  ///< of the start tag being read
  std::uint64_t nodes_ = 0;                       ///< elements and attributes so far
  bool root_closed_ = false;  ///< the first root element has ended: no more stops
  std::size_t i_ = 0;         ///< where Advance goes on from
  bool pause_ = false;        ///< a stop was reached (Advance)
  ScanSink* sink_ = nullptr;
};

}  // namespace

struct PieceScanner::Impl {
  Impl(std::string_view text, std::uint32_t first_line, const Limits& l)
      : limits(l), scanner(text, first_line, limits) {}
  Limits limits;  ///< a copy: the scanner keeps a reference, and the caller's may be a temporary
  Scanner scanner;
};

PieceScanner::PieceScanner(std::string_view text, std::uint32_t first_line, const Limits& limits)
    : impl_(std::make_unique<Impl>(text, first_line, limits)), size_(text.size()) {}
PieceScanner::~PieceScanner() = default;
std::size_t PieceScanner::Next(ScanSink* sink) { return impl_->scanner.Advance(sink, true); }
void PieceScanner::Finish() { impl_->scanner.Advance(nullptr, false); }
std::size_t PieceScanner::Position() const { return impl_->scanner.Position(); }
bool PieceScanner::AtEnd() const { return Position() >= size_; }
const ScanResult& PieceScanner::Result() const { return impl_->scanner.Result(); }

LineMap::LineMap(std::string_view text) {
  starts_.push_back(0);
  const char* base = text.data();
  std::size_t i = 0;
  while (i < text.size()) {
    const void* nl = std::memchr(base + i, '\n', text.size() - i);
    if (!nl) break;
    i = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
    starts_.push_back(i);
  }
}

LineMap::LineMap(std::string_view text, const LineMap* outer,
                 std::vector<std::pair<std::size_t, std::size_t>> breakpoints)
    : LineMap(text) {
  outer_ = outer;
  breakpoints_ = std::move(breakpoints);
}

Location LineMap::Search(std::size_t offset) const {
  if (outer_ != nullptr) {
    auto it = std::upper_bound(breakpoints_.begin(), breakpoints_.end(),
                               std::make_pair(offset, SIZE_MAX));
    if (it == breakpoints_.begin()) return outer_->At(0);
    --it;
    return outer_->At(it->second + (offset - it->first));
  }
  if (starts_.empty()) return {};
  // The parser asks in document order, mostly: try the line of the last answer and the next
  // one before searching.
  std::size_t line = 0;  // 1-based
  const std::size_t n = starts_.size();
  for (std::size_t l = hint_; l < n && l <= hint_ + 1; ++l) {
    if (starts_[l] <= offset && (l + 1 == n || offset < starts_[l + 1])) {
      line = l + 1;
      break;
    }
  }
  if (line == 0) {
    line = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                    starts_.begin());
  }
  hint_ = line - 1;
  Location loc;
  loc.line = static_cast<std::uint32_t>(line);
  loc.column = static_cast<std::uint32_t>(offset - starts_[line - 1] + 1);
  return loc;
}

Location LineMap::Line(std::uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  Location loc = At(starts_[line - 1]);
  if (outer_ == nullptr) loc.column = 0;  // a whole line: no column
  return loc;
}

std::size_t EndOfStartTag(std::string_view raw, std::size_t tag_offset) {
  char quote = 0;
  for (std::size_t i = tag_offset; i < raw.size(); ++i) {
    char c = raw[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return raw.size();
}

Unescaped UnescapeContent(std::string_view raw, std::size_t offset) {
  Unescaped out;
  std::size_t i = offset;
  auto mark = [&]() { out.breakpoints.emplace_back(out.text.size(), i); };
  mark();
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '<') {
      if (raw.compare(i, 9, "<![CDATA[") != 0) break;
      std::size_t end = raw.find("]]>", i + 9);
      if (end == std::string_view::npos) end = raw.size();
      i += 9;
      mark();
      out.text.append(raw.substr(i, end - i));
      i = end + 3;
      mark();
      continue;
    }
    if (c == '&') {
      std::size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos) {
        out.text += c;
        ++i;
        continue;
      }
      std::string_view ent = raw.substr(i + 1, semi - i - 1);
      std::uint32_t cp = 0;
      if (ent == "lt")
        cp = '<';
      else if (ent == "gt")
        cp = '>';
      else if (ent == "amp")
        cp = '&';
      else if (ent == "quot")
        cp = '"';
      else if (ent == "apos")
        cp = '\'';
      else if (ent.size() > 1 && ent[0] == '#') {
        bool hex = ent[1] == 'x';
        cp = static_cast<std::uint32_t>(
            std::strtoul(std::string(ent.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10));
      }
      AppendUtf8(out.text, static_cast<char32_t>(cp));
      i = semi + 1;
      mark();
      continue;
    }
    const char* base = raw.data();
    const std::size_t next = static_cast<std::size_t>(
        FindEither(base + i, base + raw.size(), base + raw.size(), '<', '&') - base);
    out.text.append(raw.substr(i, next - i));
    i = next;
  }
  return out;
}

}  // namespace tsimport::detail
