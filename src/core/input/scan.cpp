#include "input/scan.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "model/text.h"

namespace tsimport::detail {
namespace {

// What XML 1.0 (fifth edition) allows, production by production: the scanner is the reader's
// judge of well-formedness, and libxml2 its oracle in the tests (tests/xml: the W3C suite, the
// mutations of real exports, the differential fuzz target; docs/design.md, "The XML reader").

/// Name characters in ASCII (a byte past ASCII is false in both).
struct NameTables {
  bool start[256];
  bool name[256];
  constexpr NameTables() : start(), name() {
    for (int c = 0; c < 128; ++c) {
      start[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
      name[c] = start[c] || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }
  }
};
constexpr NameTables kNames;

/// XML 1.0 production 4, NameStartChar, past ASCII.
bool IsNameStartCodePoint(char32_t c) {
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}
/// Production 4a, NameChar, past ASCII.
bool IsNameCodePoint(char32_t c) {
  return IsNameStartCodePoint(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

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

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  }
  return true;
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
    if (i_ == 0 && n >= 6 && t_.compare(0, 5, "<?xml") == 0 && IsSpace(t_[5])) {
      i_ = XmlDeclaration();  // only at the very start (production 23)
      if (r_.ok && sink_ != nullptr) sink_->Declaration(0);
    }
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
      if (open_.empty()) {
        TopLevelText(i_, next);
      } else {
        CharacterData(i_, next);
      }
      if (!r_.ok) break;
      if (sink_ != nullptr && next > i_) sink_->Text(i_, next);
      if (next >= n) break;
      // Most markup is a start or end tag: tell them by their second byte.
      const char second = next + 1 < n ? t_[next + 1] : '\0';
      i_ = second == '/' ? EndTag(next) : second != '!' && second != '?' ? StartTag(next) : Markup(next);
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
    if (r_.ok && r_.first_tag == std::string_view::npos) {
      Fail(n, "no root element (a document has exactly one)");
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

  /// Past the ASCII name characters from `j`, 16 bytes at a time while 16 are left (SSE2);
  /// the byte loop after it finishes. A name is some 4 to 30 bytes: the byte loop alone leaves
  /// it with a mispredicted branch for almost every name of the input.
  std::size_t AsciiNameEnd(std::size_t j) const {
#if defined(__SSE2__)
    const std::size_t n = t_.size();
    while (j + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t_.data() + j));
      // Signed compares: a byte past ASCII is negative, in no range, and stops the run.
      const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
      const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                           _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
      const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                          _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
      const __m128i mark = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')),
                                                     _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
                                        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                                                     _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
      const auto name =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), mark)));
      if (name != 0xFFFF) return j + static_cast<std::size_t>(__builtin_ctz(~name));
      j += 16;
    }
#endif
    return j;
  }

  /// The end of the Name (production 5) that starts at `j`, or `j` when none does there.
  /// Names are ASCII almost always: other characters are decoded (the text is valid UTF-8).
  std::size_t NameEnd(std::size_t j) const {
    const std::size_t n = t_.size();
    if (j >= n) return j;
    const auto first = static_cast<unsigned char>(t_[j]);
    if (first < 0x80) {
      if (!kNames.start[first]) return j;
      ++j;
    } else {
      std::size_t k = j;
      if (!IsNameStartCodePoint(NextCodePoint(t_, k))) return j;
      j = k;
    }
    for (;;) {
      // ASCII name characters (kNames.name is false past ASCII), then anything else.
      j = AsciiNameEnd(j);
      while (j < n && kNames.name[static_cast<unsigned char>(t_[j])]) ++j;
      if (j >= n || static_cast<unsigned char>(t_[j]) < 0x80) return j;
      std::size_t k = j;
      if (!IsNameCodePoint(NextCodePoint(t_, k))) return j;
      j = k;
    }
  }

  /// The character at `at` for a message: 'c', or U+XXXX for what does not show.
  std::string Shown(std::size_t at) const {
    std::size_t k = at;
    const char32_t cp = NextCodePoint(t_, k);
    char buf[16];
    if (cp > 0x20 && cp < 0x7F) {
      std::snprintf(buf, sizeof buf, "'%c'", static_cast<char>(cp));
    } else {
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    }
    return buf;
  }

  /// A reference (production 67) at `a` ('&'), within [a, to): returns the offset past its ';'.
  std::size_t Reference(std::size_t a, std::size_t to) {
    std::size_t j = a + 1;
    if (j < to && t_[j] == '#') {
      ++j;
      const bool hex = j < to && t_[j] == 'x';
      if (hex) ++j;
      const std::size_t digits = j;
      std::uint32_t cp = 0;
      while (j < to && (hex ? std::isxdigit(static_cast<unsigned char>(t_[j]))
                            : std::isdigit(static_cast<unsigned char>(t_[j])))) {
        const auto c = static_cast<unsigned char>(t_[j]);
        const std::uint32_t digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        cp = cp > 0x10FFFF ? cp : cp * (hex ? 16 : 10) + digit;  // saturates past Unicode
        ++j;
      }
      if (j == digits || j >= to || t_[j] != ';') {
        Fail(a, "malformed character reference (write a literal '&' as &amp;)");
        return to;
      }
      if (!IsXmlChar(cp)) {
        Fail(a, "character reference '" + Clip(t_.substr(a, j + 1 - a)) +
                    "' names a character XML does not allow (NUL, a control character, a "
                    "surrogate, U+FFFE, U+FFFF or a code point beyond U+10FFFF)");
        return to;
      }
      return j + 1;
    }
    const std::size_t name = j;
    j = std::min(NameEnd(j), to);
    if (j == name || j >= to || t_[j] != ';') {
      Fail(a, "'&' does not start a reference (write a literal '&' as &amp;)");
      return to;
    }
    const std::string_view ent = t_.substr(name, j - name);
    if (ent != "amp" && ent != "lt" && ent != "gt" && ent != "quot" && ent != "apos") {
      Fail(a, "undefined entity '&" + Clip(ent) +
                  ";' (only &amp; &lt; &gt; &quot; &apos; and character references are defined)");
      return to;
    }
    return j + 1;
  }

  /// Every '&' in the attribute value [from, to) must start a reference.
  void AttributeValue(std::size_t from, std::size_t to) {
    const char* base = t_.data();
    while (from < to && r_.ok) {
      const char* amp = FindByte(base + from, base + to, base + t_.size(), '&');
      if (amp == base + to) return;
      from = Reference(static_cast<std::size_t>(amp - base), to);
    }
  }

  /// Character data inside the root (production 14): references, and no ']]>'.
  void CharacterData(std::size_t from, std::size_t to) {
    const char* base = t_.data();
    while (from < to && r_.ok) {
      const char* at = FindEither(base + from, base + to, base + t_.size(), '&', ']');
      if (at == base + to) return;
      const auto k = static_cast<std::size_t>(at - base);
      if (*at == '&') {
        from = Reference(k, to);
      } else if (k + 2 < to && t_[k + 1] == ']' && t_[k + 2] == '>') {
        return Fail(k, "']]>' in text (XML keeps it for the end of a CDATA section: write ]]&gt;)");
      } else {
        from = k + 1;
      }
    }
  }

  /// Before and after the root element only white space may stand between markup.
  void TopLevelText(std::size_t from, std::size_t to) {
    const char* base = t_.data();
    const char* other = SkipBlank(base + from, base + to, base + t_.size());
    if (other == base + to) return;
    const auto k = static_cast<std::size_t>(other - base);
    if (r_.first_tag == std::string_view::npos && k == 0 && t_.size() >= 3 &&
        t_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      return Fail(k, "a second byte order mark (U+FEFF) at the start of the document");
    }
    if (r_.first_tag == std::string_view::npos && t_.compare(k, 4, "&lt;") == 0) {
      // A whole export escaped once more (saved from a web page, or put in a string and
      // written out as text): XML to look at, but none to parse.
      return Fail(k,
                  "text before the root element: it is escaped XML ('&lt;' where '<' belongs), as "
                  "a web page or a second encoding leaves an export; unescape it (&lt; to <, &gt; "
                  "to >, &quot; to \", &amp; to &) and import that");
    }
    Fail(k, r_.first_tag == std::string_view::npos
                ? "text before the root element (only white space, comments and processing "
                  "instructions may stand there)"
                : "text outside the root element");
  }

  /// The XML declaration at the very start (production 23): version, then encoding and
  /// standalone, in that order. Its encoding is Decode's (decode.h); here only its form.
  /// Returns the offset past its '?>'.
  std::size_t XmlDeclaration() {
    const std::size_t n = t_.size();
    std::size_t j = 5;
    auto skip = [&] {
      const std::size_t from = j;
      while (j < n && IsSpace(t_[j])) ++j;
      return j > from;
    };
    auto end = [&]() { return j + 1 < n && t_[j] == '?' && t_[j + 1] == '>'; };
    auto fail = [&](std::string what) {
      Fail(j, "malformed XML declaration: " + what +
                  " (it reads <?xml version=\"1.0\" encoding=\"utf-8\"?>, version first)");
      return n;
    };
    // `name` S? '=' S? then a quoted value; returns the value's range.
    auto pseudo = [&](std::string_view name, std::size_t& from, std::size_t& to) {
      if (t_.compare(j, name.size(), name) != 0) return false;
      j += name.size();
      skip();
      if (j >= n || t_[j] != '=') return false;
      ++j;
      skip();
      if (j >= n || (t_[j] != '"' && t_[j] != '\'')) return false;
      const char quote = t_[j++];
      from = j;
      while (j < n && t_[j] != quote && t_[j] != '<' && t_[j] != '>') ++j;
      if (j >= n || t_[j] != quote) return false;
      to = j++;
      return true;
    };
    skip();
    std::size_t from = 0, to = 0;
    const std::size_t version_at = j;
    if (!pseudo("version", from, to)) return fail("no version, or a malformed one");
    // VersionNum (production 26) is '1.' [0-9]+: a 1.x document is read as XML 1.0.
    const std::string_view version = t_.substr(from, to - from);
    bool digits = version.size() >= 2 && std::isdigit(static_cast<unsigned char>(version[0])) &&
                  version[1] == '.';
    for (std::size_t k = 2; digits && k < version.size(); ++k)
      digits = std::isdigit(static_cast<unsigned char>(version[k])) != 0;
    if (!digits) {
      j = version_at;
      return fail("version '" + Clip(version) + "' is not a version number");
    }
    if (version[0] != '1') {
      Fail(version_at, "XML version " + Clip(version) +
                           " is not supported: task sequence XML is XML 1.0 (write "
                           "version=\"1.0\")");
      return n;
    }
    if (end()) return j + 2;
    if (!skip()) return fail("a space must separate its parts");
    if (t_.compare(j, 8, "encoding") == 0) {
      const std::size_t at = j;
      if (!pseudo("encoding", from, to)) return fail("a malformed encoding");
      // EncName (production 81): [A-Za-z] ([A-Za-z0-9._] | '-')*
      bool ok = to > from && std::isalpha(static_cast<unsigned char>(t_[from]));
      for (std::size_t k = from + 1; ok && k < to; ++k) {
        const char c = t_[k];
        ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      }
      if (!ok) {
        j = at;
        return fail("'" + Clip(t_.substr(from, to - from)) + "' is not an encoding name");
      }
      if (end()) return j + 2;
      if (!skip()) return fail("a space must separate its parts");
    }
    if (t_.compare(j, 10, "standalone") == 0) {
      const std::size_t at = j;
      if (!pseudo("standalone", from, to)) return fail("a malformed standalone");
      const std::string_view value = t_.substr(from, to - from);
      if (value != "yes" && value != "no") {
        j = at;
        return fail("standalone is 'yes' or 'no', not '" + Clip(value) + "'");
      }
      skip();
    }
    if (!end()) return fail("'?>' expected");
    return j + 2;
  }

  /// A processing instruction (production 16) at `lt`; returns the offset past its '?>'.
  std::size_t ProcessingInstruction(std::size_t lt) {
    const std::size_t n = t_.size();
    const std::size_t name = lt + 2;
    const std::size_t j = NameEnd(name);
    if (j == name) {
      Fail(lt, "a processing instruction must start with a name ('<?' " +
                   (name < n ? "followed by " + Shown(name) : std::string("at the end")) + ")");
      return n;
    }
    const std::string_view target = t_.substr(name, j - name);
    if (target == "xml") {
      Fail(lt,
           "an XML declaration (<?xml ...?>) is only allowed at the very start of the document, "
           "with nothing before it (no white space, comment or second declaration)");
      return n;
    }
    if (EqualsNoCase(target, "xml")) {
      Fail(lt, "a processing instruction may not be named '" + std::string(target) +
                   "' (the name xml is reserved, in any case)");
      return n;
    }
    if (j + 1 < n && t_[j] == '?' && t_[j + 1] == '>') return j + 2;
    if (j >= n || !IsSpace(t_[j])) {
      if (j >= n) {
        Fail(lt, "unterminated processing instruction");
      } else {
        Fail(j, "malformed processing instruction: a space must follow its name <?" +
                    Clip(target) + " (not " + Shown(j) + ")");
      }
      return n;
    }
    const std::size_t e = t_.find("?>", j);
    if (e == std::string_view::npos) {
      Fail(lt, "unterminated processing instruction");
      return n;
    }
    return e + 2;
  }

  /// Markup that is not a start or end tag (Advance tells those apart): comments, CDATA
  /// sections, processing instructions, declarations.
  std::size_t Markup(std::size_t lt) {
    std::string_view rest = t_.substr(lt);
    if (rest.compare(0, 4, "<!--") == 0) {
      // Production 15: no '--' inside, so none before the end, which '--->' is not.
      const std::size_t dashes = t_.find("--", lt + 4);
      if (dashes == std::string_view::npos) {
        Fail(lt, "unterminated comment");
        return t_.size();
      }
      if (dashes + 2 >= t_.size() || t_[dashes + 2] != '>') {
        Fail(dashes, "'--' inside a comment (XML allows two hyphens in a row only in the '-->' "
                     "that ends it; a comment may not end with '--->' either)");
        return t_.size();
      }
      if (sink_ != nullptr) sink_->Comment(lt);
      return dashes + 3;
    }
    if (rest.compare(0, 9, "<![CDATA[") == 0) {
      if (open_.empty()) {
        Fail(lt, "a CDATA section outside the root element");
        return t_.size();
      }
      const std::size_t close = t_.find("]]>", lt + 9);
      if (close == std::string_view::npos) {
        Fail(lt, "unterminated CDATA section");
        return t_.size();
      }
      if (close - lt - 9 > limits_.max_text_bytes) {
        Fail(lt,
             "a CDATA section of " + std::to_string(close - lt - 9) +
                 " bytes, more than the limit of " + Size(limits_.max_text_bytes) +
                 " for one text: no real task sequence has one; this looks like a hostile or "
                 "damaged file",
             "TS1017");
        return t_.size();
      }
      if (sink_ != nullptr) sink_->CData(lt, lt + 9, close);
      return close + 3;
    }
    if (rest.compare(0, 2, "<?") == 0) {
      const std::size_t end = ProcessingInstruction(lt);
      if (r_.ok && sink_ != nullptr) sink_->Declaration(lt);
      return end;
    }
    if (rest.compare(0, 9, "<!DOCTYPE") == 0 && r_.first_tag == std::string_view::npos) {
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
    if (rest.compare(0, 9, "<!DOCTYPE") == 0) {
      Fail(lt, "a document type declaration after the root element has started (it may only "
               "stand before it)");
      return t_.size();
    }
    if (rest.compare(0, 2, "<!") == 0) {
      Fail(lt,
           "markup declaration '<!' outside a DOCTYPE (a comment starts with '<!--', a CDATA "
           "section with '<![CDATA[')");
      return t_.size();
    }
    Fail(lt, "'<' does not start a tag (write a literal '<' as &lt;)");
    return t_.size();
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
    j = NameEnd(j);
    std::string_view name = t_.substr(lt + 2, j - lt - 2);
    while (j < n && IsSpace(t_[j])) ++j;
    if (name.empty() || j >= n || t_[j] != '>') {
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
    tag_attributes_.clear();
    std::size_t j = lt + 1;
    const std::size_t n = t_.size();
    j = NameEnd(j);
    if (j == lt + 1) {
      Fail(lt, "'<' does not start a tag (write a literal '<' as &lt;)");
      return n;
    }
    std::string_view tag_name = t_.substr(lt + 1, j - lt - 1);
    if (root_closed_) {
      Fail(lt, "a second root element <" + Clip(tag_name) + "> (a document has exactly one)");
      return n;
    }
    if (r_.first_tag == std::string_view::npos) r_.first_tag = lt;
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
      const std::size_t name_at = j;
      j = NameEnd(j);
      if (ws == name_at || j == name_at) {
        // A character no name may hold, just after a name or where one should start.
        const auto c = static_cast<unsigned char>(t_[name_at]);
        if (j == name_at && (c >= 0x80 || (std::isgraph(c) && std::strchr("\"'=<&", c) == nullptr))) {
          Fail(name_at, "the character " + Shown(name_at) +
                            " is not allowed in a name here (XML names are letters, digits and "
                            "'.', '-', '_', ':', and may not start with a digit, '.' or '-')");
        } else {
          Fail(name_at, "malformed attribute");
        }
        return n;
      }
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
      AttributeValue(j, close);
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
  bool root_closed_ = false;  ///< the root element has ended: no more stops, no more elements
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

void LineMap::ScanTo(std::size_t offset) const {
  // 4 KB past the offset asked for: a few hundred calls for a MB, each over text just read.
  const std::size_t want = std::max(offset, scanned_);
  const std::size_t end =
      text_.size() - std::min(want, text_.size()) <= 4096 ? text_.size() : want + 4096;
  const char* base = text_.data();
  std::size_t i = scanned_;
  while (i < end) {
    const void* nl = std::memchr(base + i, '\n', end - i);
    if (!nl) break;
    i = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
    starts_.push_back(i);
  }
  scanned_ = end;
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
  if (offset > scanned_ && scanned_ < text_.size()) ScanTo(offset);
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
  while (line > starts_.size() && scanned_ < text_.size()) ScanTo(scanned_);
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
