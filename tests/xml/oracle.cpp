// See oracle.h.
#include "oracle.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "input/decode.h"
#include "input/lite.h"
#include "input/scan.h"
#include "tsimport/diagnostic.h"
#include "tsimport/import.h"

namespace tsimport::xmltest {
namespace {

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool AllSpace(std::string_view s) {
  for (char c : s) {
    if (!IsXmlSpace(c)) return false;
  }
  return true;
}

/// Builds the canonical form: one line per element start, attribute, text run and element end.
class Canon {
 public:
  void Start(std::string_view name) {
    Flush();
    out_ += "E ";
    out_ += Printable(name, std::string::npos);
    out_ += '\n';
  }
  void Attribute(std::string_view name, std::string_view value) {
    out_ += "A ";
    out_ += Printable(name, std::string::npos);
    out_ += '=';
    out_ += Printable(value, std::string::npos);
    out_ += '\n';
  }
  /// A text or CDATA node that is kept.
  void Text(std::string_view text) { pending_ += text; }
  void End() {
    Flush();
    out_ += "/E\n";
  }
  std::string Take() { return std::move(out_); }

 private:
  void Flush() {
    if (pending_.empty()) return;
    out_ += "T ";
    out_ += Printable(pending_, std::string::npos);
    out_ += '\n';
    pending_.clear();
  }
  std::string out_;
  std::string pending_;
};

// --- libxml2 -------------------------------------------------------------------------------

std::string_view View(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

std::string QName(const xmlNode* n) {
  std::string name;
  if (n->ns != nullptr && n->ns->prefix != nullptr) {
    name = View(n->ns->prefix);
    name += ':';
  }
  name += View(n->name);
  return name;
}

void Walk(const xmlNode* e, bool preserve, Canon& canon) {
  canon.Start(QName(e));
  for (const xmlAttr* a = e->properties; a != nullptr; a = a->next) {
    std::string name;
    if (a->ns != nullptr && a->ns->prefix != nullptr) {
      name = View(a->ns->prefix);
      name += ':';
    }
    name += View(a->name);
    xmlChar* value = xmlNodeListGetString(e->doc, a->children, 1);
    canon.Attribute(name, View(value));
    if (name == "xml:space") {
      if (View(value) == "preserve") preserve = true;
      if (View(value) == "default") preserve = false;
    }
    xmlFree(value);
  }
  // Namespace declarations are attributes to System.Xml and to tsimport's DOM: libxml2 keeps
  // them apart, in nsDef; they are listed after the others, and sorted by the comparison.
  for (const xmlNs* ns = e->nsDef; ns != nullptr; ns = ns->next) {
    std::string name = ns->prefix != nullptr ? "xmlns:" + std::string(View(ns->prefix)) : "xmlns";
    canon.Attribute(name, View(ns->href));
  }
  for (const xmlNode* c = e->children; c != nullptr; c = c->next) {
    switch (c->type) {
      case XML_ELEMENT_NODE:
        Walk(c, preserve, canon);
        break;
      case XML_TEXT_NODE:
        if (preserve || !AllSpace(View(c->content))) canon.Text(View(c->content));
        break;
      case XML_CDATA_SECTION_NODE:
        canon.Text(View(c->content));
        break;
      default:  // comments, processing instructions
        break;
    }
  }
  canon.End();
}

std::string libxml2_error;
bool libxml2_namespace_errors = false;

void CollectError(void*, xmlError* e) {
  if (e != nullptr && e->domain == XML_FROM_NAMESPACE) libxml2_namespace_errors = true;
  if (e == nullptr || !libxml2_error.empty() || e->level < XML_ERR_FATAL) return;
  libxml2_error = "line " + std::to_string(e->line) + ": " + (e->message ? e->message : "");
  while (!libxml2_error.empty() && libxml2_error.back() == '\n') libxml2_error.pop_back();
}

// --- tsimport ------------------------------------------------------------------------------

void Walk(const detail::lite::Element* e, Canon& canon) {
  canon.Start(e->ValueView());
  for (const detail::lite::Attribute* a = e->FirstAttribute(); a != nullptr; a = a->Next()) {
    // libxml2 keeps no declaration of the xml prefix (bound from the start): leave it out.
    if (a->NameView() == "xmlns:xml" && a->ValueView() == "http://www.w3.org/XML/1998/namespace")
      continue;
    canon.Attribute(a->NameView(), a->ValueView());
  }
  for (const detail::lite::Node* c = e->FirstChild(); c != nullptr; c = c->NextSibling()) {
    if (const detail::lite::Element* child = c->ToElement()) {
      Walk(child, canon);
    } else if (const detail::lite::Text* t = c->ToText()) {
      canon.Text(t->ValueView());
    }
  }
  canon.End();
}

/// The attribute lines of each element sorted (libxml2 keeps namespace declarations apart).
std::string SortAttributes(const std::string& tree) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < tree.size()) {
    std::size_t nl = tree.find('\n', at);
    if (nl == std::string::npos) nl = tree.size();
    lines.emplace_back(tree.substr(at, nl - at));
    at = nl + 1;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size();) {
    if (lines[i].compare(0, 2, "A ") != 0) {
      out += lines[i++];
      out += '\n';
      continue;
    }
    std::size_t j = i;
    while (j < lines.size() && lines[j].compare(0, 2, "A ") == 0) ++j;
    std::vector<std::string> group(lines.begin() + static_cast<long>(i),
                                   lines.begin() + static_cast<long>(j));
    std::sort(group.begin(), group.end());
    for (const auto& l : group) {
      out += l;
      out += '\n';
    }
    i = j;
  }
  return out;
}

}  // namespace

std::string Printable(std::string_view s, std::size_t max) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (std::size_t i = 0; i < s.size() && out.size() < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '\\' || c >= 0x7F) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (out.size() >= max && max != std::string::npos) out += "...";
  return out;
}

Reading ReadWithLibxml2(std::string_view bytes) {
  Reading r;
  libxml2_error.clear();
  libxml2_namespace_errors = false;
  xmlSetStructuredErrorFunc(nullptr, CollectError);
  xmlDocPtr doc =
      xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "input.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                        XML_PARSE_NOWARNING);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  r.namespace_errors = libxml2_namespace_errors;
  if (doc == nullptr) {
    r.verdict = Reading::kNotWellFormed;
    r.error = libxml2_error.empty() ? "not well-formed" : libxml2_error;
    return r;
  }
  r.verdict = Reading::kWellFormed;
  if (const xmlNode* root = xmlDocGetRootElement(doc)) {
    Canon canon;
    Walk(root, false, canon);
    r.tree = SortAttributes(canon.Take());
  }
  xmlFreeDoc(doc);
  return r;
}

Reading ReadWithTsimport(std::string_view bytes) {
  Reading r;
  std::vector<Diagnostic> diagnostics;
  detail::Decoded decoded = detail::Decode(bytes, "input.xml", diagnostics);
  auto fail = [&](const std::string& rule, const std::string& message) {
    r.error = rule + ": " + message;
    r.verdict = (rule == "TS1004" || rule == "TS1003" || rule == "TS1002") ? Reading::kNotWellFormed
                                                                            : Reading::kOther;
    return r;
  };
  if (!decoded.ok) {
    const Diagnostic& d = diagnostics.front();
    return fail(d.rule, d.message);
  }
  const std::string text = std::move(decoded.text);
  detail::PieceScanner scanner(text);
  scanner.Finish();
  if (!scanner.Result().ok) return fail(scanner.Result().rule, scanner.Result().error);
  detail::lite::Document doc;
  doc.Build(text);
  if (doc.Error()) return fail("TS1004", std::string("the DOM refused it: ") + doc.ErrorName());
  const detail::lite::Element* root = doc.RootElement();
  if (root == nullptr) return fail("TS1004", "no root element");
  r.verdict = Reading::kWellFormed;
  Canon canon;
  Walk(root, canon);
  r.tree = SortAttributes(canon.Take());
  return r;
}

std::string StripDoctype(std::string_view bytes) {
  // Code units of 1 or 2 bytes: UTF-16 with a byte order mark or with the zero bytes of '<'.
  std::size_t unit = 1, start = 0;
  bool big = false;
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (bytes.size() >= 2 && ((b(0) == 0xFF && b(1) == 0xFE) || (b(0) == 0xFE && b(1) == 0xFF))) {
    unit = 2;
    start = 2;
    big = b(0) == 0xFE;
  } else if (bytes.size() >= 2 && ((b(0) == '<' && b(1) == 0) || (b(0) == 0 && b(1) == '<'))) {
    unit = 2;
    big = b(0) == 0;
  } else if (bytes.size() >= 3 && b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    start = 3;  // a UTF-8 byte order mark
  }
  const std::size_t n = (bytes.size() - start) / unit;
  auto at = [&](std::size_t i) -> std::uint32_t {  // the i-th code unit
    const std::size_t p = start + i * unit;
    if (unit == 1) return b(p);
    return big ? (b(p) << 8 | b(p + 1)) : (b(p + 1) << 8 | b(p));
  };
  auto is = [&](std::size_t i, std::string_view s) {
    if (i + s.size() > n) return false;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (at(i + k) != static_cast<unsigned char>(s[k])) return false;
    }
    return true;
  };
  auto find = [&](std::size_t i, std::string_view s) {
    while (i < n && !is(i, s)) ++i;
    return i < n ? i + s.size() : n;
  };
  // The prolog up to the DOCTYPE: declarations, comments, white space.
  std::size_t i = 0;
  for (;;) {
    while (i < n && (at(i) == ' ' || at(i) == '\t' || at(i) == '\r' || at(i) == '\n')) ++i;
    if (is(i, "<?")) {
      i = find(i + 2, "?>");
    } else if (is(i, "<!--")) {
      i = find(i + 4, "-->");
    } else {
      break;
    }
  }
  if (!is(i, "<!DOCTYPE")) return std::string(bytes);
  const std::size_t from = i;
  i += 9;
  bool subset = false;
  while (i < n) {
    const std::uint32_t c = at(i);
    if (c == '"' || c == '\'') {  // a literal
      ++i;
      while (i < n && at(i) != c) ++i;
      ++i;
    } else if (!subset && c == '[') {
      subset = true;
      ++i;
    } else if (subset && is(i, "<!--")) {
      i = find(i + 4, "-->");
    } else if (subset && is(i, "<?")) {
      i = find(i + 2, "?>");
    } else if (subset && is(i, "<!")) {  // a markup declaration, to its '>' past literals
      i += 2;
      while (i < n && at(i) != '>') {
        if (at(i) == '"' || at(i) == '\'') {
          const std::uint32_t q = at(i++);
          while (i < n && at(i) != q) ++i;
        }
        ++i;
      }
      ++i;
    } else if (subset && c == ']') {
      subset = false;
      ++i;
    } else if (!subset && c == '>') {
      ++i;
      break;
    } else {
      ++i;
    }
  }
  const std::size_t to = std::min(i, n);
  std::string out(bytes.substr(0, start + from * unit));
  out += bytes.substr(start + to * unit);
  return out;
}

std::string Compare(const Reading& ours, const Reading& reference) {
  static const char* names[] = {"well-formed", "not well-formed", "neither (limit, DTD)"};
  if (ours.verdict != reference.verdict) {
    return std::string("tsimport: ") + names[ours.verdict] +
           (ours.error.empty() ? "" : " (" + Printable(ours.error) + ")") +
           "; libxml2: " + names[reference.verdict] +
           (reference.error.empty() ? "" : " (" + Printable(reference.error) + ")");
  }
  if (ours.verdict != Reading::kWellFormed || ours.tree == reference.tree ||
      reference.namespace_errors)
    return {};
  std::size_t at = 0;
  for (;;) {
    const std::size_t a = ours.tree.find('\n', at), b = reference.tree.find('\n', at);
    const std::string la = ours.tree.substr(at, a == std::string::npos ? a : a - at);
    const std::string lb = reference.tree.substr(at, b == std::string::npos ? b : b - at);
    if (la != lb || a == std::string::npos || b == std::string::npos) {
      return "values differ: tsimport '" + la.substr(0, 200) + "', libxml2 '" + lb.substr(0, 200) +
             "'";
    }
    at = a + 1;
  }
}

std::string DeliberateDifference(std::string_view bytes, const Reading& ours,
                                 const Reading& reference) {
  if (ours.verdict == reference.verdict) return {};
  const auto b = [&](std::size_t i) {
    return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0x100u;
  };
  // UTF-16 or UTF-32 without a byte order mark, detected from the zero bytes around '<'.
  if ((b(0) == '<' && b(1) == 0 && !(b(2) == '?' && b(3) == 0)) ||
      (b(0) == 0 && b(1) == '<' && !(b(2) == 0 && b(3) == '?')) ||
      (b(0) == 0 && b(1) == 0 && b(2) == 0 && b(3) == '<') ||
      (b(0) == '<' && b(1) == 0 && b(2) == 0 && b(3) == 0))
    return "UTF-16 or UTF-32 without a byte order mark";
  if (ours.error.rfind("TS1003: the XML declaration", 0) == 0 ||
      ours.error.rfind("TS1003: the file starts with a UTF-8 byte order mark", 0) == 0)
    return "an encoding label that contradicts the bytes, or one tsimport does not decode";
  // libxml2 takes a NUL for the end of its input: what follows the root element after one
  // is not read (XML allows no NUL anywhere; System.Xml refuses it as tsimport does).
  if (reference.verdict == Reading::kWellFormed) {
    // A NUL character: a zero byte, or in UTF-16 (and UTF-32) a zero code unit.
    std::size_t unit = 1, start = 0;
    if ((b(0) == 0xFF && b(1) == 0xFE) || (b(0) == 0xFE && b(1) == 0xFF)) {
      unit = 2;
      start = 2;
    } else if ((b(0) == '<' && b(1) == 0) || (b(0) == 0 && b(1) == '<')) {
      unit = 2;
    }
    for (std::size_t i = start; i + unit <= bytes.size(); i += unit) {
      if (b(i) == 0 && (unit == 1 || b(i + 1) == 0))
        return "a NUL after the root element (libxml2 stops reading at a NUL)";
    }
  }
  // libxml2 drops an incomplete character at the very end of UTF-16 or UTF-32 input.
  if (reference.verdict == Reading::kWellFormed &&
      (ours.error.rfind("TS1003: invalid UTF-16", 0) == 0 ||
       ours.error.rfind("TS1003: invalid UTF-32", 0) == 0)) {
    const std::size_t at = ours.error.find("at byte offset ");
    if (at != std::string::npos && std::stoul(ours.error.substr(at + 15)) + 4 > bytes.size())
      return "an incomplete character at the end of UTF-16 or UTF-32 (libxml2 drops it)";
  }
  // libxml2 takes a byte the declared 8-bit encoding cannot decode, after the root element, for
  // the end of its input (what follows is not read). tsimport refuses the byte; System.Xml's
  // decoder fails on it, or makes it '?': content after the root, refused as well.
  if (reference.verdict == Reading::kWellFormed &&
      ours.error.rfind("TS1003: byte offset ", 0) == 0) {
    const std::size_t bad = std::stoul(ours.error.substr(20));
    if (bad < bytes.size() && ReadWithLibxml2(bytes.substr(0, bad)).verdict == Reading::kWellFormed)
      return "a byte the declared encoding cannot decode, after the root element (libxml2 stops "
             "reading there)";
  }
  if (reference.error.find("Unsupported encoding") != std::string::npos)
    return "a label libxml2 does not know by that name (iconv's names differ from System.Xml's)";
  return {};
}

Reading::Verdict ImportVerdict(std::string_view bytes, std::string& why) {
  ImportOptions options;
  options.lint = false;
  const std::vector<ImportResult> results = Import(bytes, "case.xml", options);
  const ImportResult& r = results.front();
  if (r.shape == "zip") {  // a zip archive's signature: not read as XML
    why = "a zip archive";
    return Reading::kOther;
  }
  const Diagnostic* first = nullptr;
  for (const auto& d : r.diagnostics) {
    if (d.severity != Severity::kError) continue;
    if (first == nullptr) first = &d;
    if (d.rule == "TS1014" || d.rule == "TS1015" || d.rule == "TS1016" || d.rule == "TS1017" ||
        d.rule == "TS1018" || d.rule == "TS1099") {
      why = d.rule + ": " + d.message;
      return Reading::kOther;
    }
    if ((d.rule == "TS1002" || d.rule == "TS1003" || d.rule == "TS1004") &&
        d.message.rfind("the Sequence property of object.xml: ", 0) != 0) {
      why = d.rule + ": " + d.message;
      return Reading::kNotWellFormed;
    }
  }
  if (first != nullptr) why = first->rule + ": " + first->message;
  return Reading::kWellFormed;
}

}  // namespace tsimport::xmltest
