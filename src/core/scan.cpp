#include "scan.h"

#include <algorithm>
#include <cstring>

namespace tsimport::detail {
namespace {

bool IsNameStart(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}
bool IsNameChar(unsigned char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

class Scanner {
 public:
  Scanner(std::string_view t, std::uint32_t first_line) : t_(t), first_line_(first_line) {}

  ScanResult Run() {
    std::size_t i = 0;
    const std::size_t n = t_.size();
    while (i < n && r_.ok) {
      const char* base = t_.data();
      const void* lt = std::memchr(base + i, '<', n - i);
      std::size_t next = lt ? static_cast<std::size_t>(static_cast<const char*>(lt) - base) : n;
      CheckReferences(i, next);
      if (!r_.ok || next >= n) break;
      i = Markup(next);
    }
    if (r_.ok && !open_.empty()) {
      const auto& [name, at] = open_.back();
      Fail(n, "the document ends before <" + std::string(name) + "> (line " +
                  std::to_string(LineOf(at)) + ") is closed (was the file cut short?)");
    }
    return std::move(r_);
  }

 private:
  void Fail(std::size_t at, std::string message) {
    if (!r_.ok) return;
    r_.ok = false;
    r_.error_offset = at;
    r_.error = std::move(message);
  }

  // Every '&' in [from, to) must start a character or entity reference.
  void CheckReferences(std::size_t from, std::size_t to) {
    const char* base = t_.data();
    while (from < to) {
      const void* amp = std::memchr(base + from, '&', to - from);
      if (!amp) return;
      std::size_t a = static_cast<std::size_t>(static_cast<const char*>(amp) - base);
      std::size_t j = a + 1;
      if (j < to && t_[j] == '#') {
        ++j;
        bool hex = j < to && t_[j] == 'x';
        if (hex) ++j;
        std::size_t digits = j;
        while (j < to && (hex ? std::isxdigit(static_cast<unsigned char>(t_[j]))
                              : std::isdigit(static_cast<unsigned char>(t_[j])))) {
          ++j;
        }
        if (j == digits || j >= to || t_[j] != ';') {
          return Fail(a, "malformed character reference (write a literal '&' as &amp;)");
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
          return Fail(a, "undefined entity '&" + std::string(ent) +
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
    std::string_view rest = t_.substr(lt);
    if (rest.compare(0, 4, "<!--") == 0) return Skip(lt + 4, "-->", "comment");
    if (rest.compare(0, 9, "<![CDATA[") == 0) return Skip(lt + 9, "]]>", "CDATA section");
    if (rest.compare(0, 2, "<?") == 0) return Skip(lt + 2, "?>", "processing instruction");
    if (rest.compare(0, 2, "<!") == 0) {
      // DOCTYPE (possibly with an internal subset in brackets).
      r_.has_doctype = true;
      int depth = 0;
      for (std::size_t j = lt + 2; j < t_.size(); ++j) {
        if (t_[j] == '[') ++depth;
        if (t_[j] == ']') --depth;
        if (t_[j] == '>' && depth <= 0) return j + 1;
      }
      Fail(lt, "unterminated declaration");
      return t_.size();
    }
    if (rest.compare(0, 2, "</") == 0) return EndTag(lt);
    return StartTag(lt);
  }

  std::size_t LineOf(std::size_t offset) const {
    return first_line_ + static_cast<std::size_t>(std::count(t_.begin(), t_.begin() + static_cast<long>(offset), '\n'));
  }

  std::size_t EndTag(std::size_t lt) {
    std::size_t j = lt + 2;
    const std::size_t n = t_.size();
    while (j < n && IsNameChar(static_cast<unsigned char>(t_[j]))) ++j;
    std::string_view name = t_.substr(lt + 2, j - lt - 2);
    while (j < n && IsSpace(t_[j])) ++j;
    if (j >= n || t_[j] != '>') {
      Fail(lt, "malformed end tag");
      return n;
    }
    if (open_.empty()) {
      Fail(lt, "end tag </" + std::string(name) + "> has no open element");
      return n;
    }
    if (open_.back().first != name) {
      Fail(lt, "end tag </" + std::string(name) + "> does not match <" + std::string(open_.back().first) +
                   "> opened on line " + std::to_string(LineOf(open_.back().second)));
      return n;
    }
    open_.pop_back();
    return j + 1;
  }

  std::size_t StartTag(std::size_t lt) {
    ScannedTag tag;
    tag.offset = lt;
    std::size_t j = lt + 1;
    const std::size_t n = t_.size();
    if (j >= n || !IsNameStart(static_cast<unsigned char>(t_[j]))) {
      Fail(lt, "'<' does not start a tag (write a literal '<' as &lt;)");
      return n;
    }
    while (j < n && IsNameChar(static_cast<unsigned char>(t_[j]))) ++j;
    std::string_view tag_name = t_.substr(lt + 1, j - lt - 1);
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
      for (const auto& a : tag.attributes) {
        if (a.first == name) {
          Fail(name_at, "duplicate attribute '" + std::string(name) + "'");
          return n;
        }
      }
      tag.attributes.emplace_back(name, name_at);
      while (j < n && IsSpace(t_[j])) ++j;
      if (j >= n || t_[j] != '=') {
        Fail(name_at, "attribute '" + std::string(name) + "' has no value");
        return n;
      }
      ++j;
      while (j < n && IsSpace(t_[j])) ++j;
      if (j >= n || (t_[j] != '"' && t_[j] != '\'')) {
        Fail(j, "attribute value of '" + std::string(name) + "' is not quoted");
        return n;
      }
      char quote = t_[j++];
      std::size_t close = t_.find(quote, j);
      if (close == std::string_view::npos) {
        Fail(name_at, "unterminated attribute value");
        return n;
      }
      std::size_t lt_inside = t_.find('<', j);
      if (lt_inside < close) {
        Fail(lt_inside, "'<' in an attribute value (write it as &lt;)");
        return n;
      }
      CheckReferences(j, close);
      if (!r_.ok) return n;
      j = close + 1;
    }
    r_.tags.push_back(std::move(tag));
    if (!self_closing) open_.emplace_back(tag_name, lt);
    return j + 1;
  }

  std::string_view t_;
  ScanResult r_;
  std::vector<std::pair<std::string_view, std::size_t>> open_;  ///< open elements: name, offset
  std::uint32_t first_line_;
};

}  // namespace

ScanResult ScanXml(std::string_view text, std::uint32_t first_line) {
  return Scanner(text, first_line).Run();
}

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

Location LineMap::At(std::size_t offset) const {
  if (outer_ != nullptr) {
    auto it = std::upper_bound(breakpoints_.begin(), breakpoints_.end(),
                               std::make_pair(offset, SIZE_MAX));
    if (it == breakpoints_.begin()) return outer_->At(0);
    --it;
    return outer_->At(it->second + (offset - it->first));
  }
  if (starts_.empty()) return {};
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
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
      if (ent == "lt") cp = '<';
      else if (ent == "gt") cp = '>';
      else if (ent == "amp") cp = '&';
      else if (ent == "quot") cp = '"';
      else if (ent == "apos") cp = '\'';
      else if (ent.size() > 1 && ent[0] == '#') {
        bool hex = ent[1] == 'x';
        cp = static_cast<std::uint32_t>(std::strtoul(std::string(ent.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10));
      }
      if (cp < 0x80) {
        out.text += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out.text += static_cast<char>(0xC0 | (cp >> 6));
        out.text += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out.text += static_cast<char>(0xE0 | (cp >> 12));
        out.text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out.text += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out.text += static_cast<char>(0xF0 | (cp >> 18));
        out.text += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out.text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out.text += static_cast<char>(0x80 | (cp & 0x3F));
      }
      i = semi + 1;
      mark();
      continue;
    }
    std::size_t next = i;
    while (next < raw.size() && raw[next] != '<' && raw[next] != '&') ++next;
    out.text.append(raw.substr(i, next - i));
    i = next;
  }
  return out;
}

}  // namespace tsimport::detail
