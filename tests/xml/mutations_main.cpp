// Mutations of real exports, judged by tsimport's reader and by libxml2 (oracle.h): every file
// of ../shared/corpus is changed in the ways hand-edited exports go wrong (a '--' in a comment,
// a control character pasted from a ticket, a file saved in another encoding than it declares,
// a processing instruction, a name with a character XML does not allow...), a few dozen times
// each, at test time (nothing is written to disk). For each mutation the reader must give
// libxml2's verdict and, when well-formed, libxml2's values, but for the deliberate differences
// (DeliberateDifference); and the import must judge it as the reader does.
//
//   tsimport_xml_mutations CORPUS_DIR [--per-file N] [--verbose]
//
// Exit 0 when every mutation agrees, 1 otherwise (each difference is listed), 77 (CTest's skip)
// when CORPUS_DIR is absent.
#include <iconv.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "oracle.h"

namespace fs = std::filesystem;
using tsimport::xmltest::Printable;
using tsimport::xmltest::Reading;

namespace {

struct Random {
  std::uint64_t state;
  std::uint64_t Next() {  // splitmix64
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(Next() % n); }
  template <typename T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
};

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `text` (UTF-8) in encoding `to` through iconv; false when a character has no place there.
bool Transcode(const std::string& text, const char* to, std::string& out) {
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.assign(text.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(text.data());
  std::size_t in_left = text.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  const std::size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1)) return false;
  out.resize(out.size() - out_left);
  return true;
}

/// Where things are in a document (8-bit, as the corpus holds UTF-8 files).
struct Places {
  std::size_t body = 0;       ///< after the BOM
  std::size_t decl_end = 0;   ///< after the XML declaration (body when there is none)
  std::size_t root = 0;       ///< the root's '<'
  std::size_t end = 0;        ///< after the root's end tag
  std::vector<std::size_t> content;  ///< just after a '>' inside the root
  std::vector<std::size_t> values;   ///< just after the opening quote of an attribute value
  std::vector<std::pair<std::size_t, std::size_t>> texts;  ///< [from, to) between '>' and '<'
  std::vector<std::string> names;    ///< element names
};

bool IsNameByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         c == ':';
}

Places Find(const std::string& d) {
  Places p;
  if (d.compare(0, 3, "\xEF\xBB\xBF") == 0) p.body = 3;
  p.decl_end = p.body;
  if (d.compare(p.body, 5, "<?xml") == 0) {
    const std::size_t e = d.find("?>", p.body);
    if (e != std::string::npos) p.decl_end = e + 2;
  }
  std::size_t i = p.decl_end;
  while ((i = d.find('<', i)) != std::string::npos) {
    if (i + 1 < d.size() && (std::isalpha(static_cast<unsigned char>(d[i + 1])) || d[i + 1] == '_'))
      break;
    ++i;
  }
  p.root = i == std::string::npos ? d.size() : i;
  const std::size_t last = d.rfind('>');
  p.end = last == std::string::npos ? d.size() : last + 1;
  std::map<std::string, int> names;
  char quote = 0;
  bool in_tag = false;
  for (std::size_t k = p.root; k < p.end; ++k) {
    const char c = d[k];
    if (in_tag) {
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
        if (k > 0 && d[k - 1] == '=') p.values.push_back(k + 1);
      } else if (c == '>') {
        in_tag = false;
        if (k + 1 < p.end) p.content.push_back(k + 1);
        const std::size_t lt = d.find('<', k + 1);
        if (lt != std::string::npos && lt > k + 1 && lt < p.end) p.texts.emplace_back(k + 1, lt);
      }
    } else if (c == '<') {
      if (d.compare(k, 4, "<!--") == 0) {
        const std::size_t e = d.find("-->", k);
        if (e == std::string::npos) break;
        k = e + 2;
        continue;
      }
      if (d.compare(k, 9, "<![CDATA[") == 0) {
        const std::size_t e = d.find("]]>", k);
        if (e == std::string::npos) break;
        k = e + 2;
        continue;
      }
      in_tag = true;
      std::size_t n = k + 1;
      while (n < d.size() && IsNameByte(d[n])) ++n;
      if (n > k + 1) ++names[d.substr(k + 1, n - k - 1)];
    }
  }
  for (const auto& [name, count] : names) p.names.push_back(name);
  return p;
}

/// Renames every start and end tag of element `from`.
std::string Rename(const std::string& d, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t i = 0;
  for (;;) {
    const std::size_t lt = d.find('<', i);
    if (lt == std::string::npos) break;
    const std::size_t at = lt + 1 + (lt + 1 < d.size() && d[lt + 1] == '/');
    out.append(d, i, at - i);
    if (d.compare(at, from.size(), from) == 0 &&
        (at + from.size() >= d.size() || !IsNameByte(d[at + from.size()]))) {
      out += to;
      i = at + from.size();
    } else {
      i = at;
    }
  }
  out.append(d, i, std::string::npos);
  return out;
}

/// The document with its XML declaration replaced by `decl` (inserted when it has none).
std::string WithDeclaration(const std::string& d, const Places& p, const std::string& decl) {
  return d.substr(0, p.body) + decl + d.substr(p.decl_end);
}

std::string Insert(const std::string& d, std::size_t at, const std::string& what) {
  return d.substr(0, at) + what + d.substr(at);
}

struct Mutation {
  std::string kind;
  std::string what;
  std::string bytes;
};

/// Mutation number `k` of document `d` (UTF-8, as every corpus file is).
Mutation Mutate(const std::string& d, const Places& p, std::size_t k, Random& r) {
  auto any = [&](const std::vector<std::size_t>& v, std::size_t fallback) {
    return v.empty() ? fallback : v[r.Below(v.size())];
  };
  const std::size_t content = any(p.content, p.end);
  const std::size_t value = any(p.values, content);
  Mutation m;
  switch (k % 13) {
    case 0: {
      static const char* const comments[] = {"<!-- a -- b -->", "<!-- ends with --->",
                                             "<!---->", "<!-- - -->", "<!--->-->", "<!-- ok -->"};
      m = {"comment", comments[r.Below(std::size(comments))], {}};
      m.bytes = Insert(d, content, m.what);
      break;
    }
    case 1: {
      static const char* const chars[] = {"\x01", "\x08", "\x0B", "\x0C", "\x1B", "\x1F", "\x7F",
                                          "\xC2\x85", "\xC2\x9B", "\xEF\xBF\xBE", "\xEF\xBF\xBF",
                                          "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF", "\xE2\x80\xA8"};
      const char* c = r.Pick(chars);
      const bool in_value = r.Below(2) == 0;
      m = {"character", std::string(in_value ? "in a value: " : "in text: ") + Printable(c), {}};
      m.bytes = Insert(d, in_value ? value : content, c);
      break;
    }
    case 2: {
      static const char* const additions[] = {"\xC3\xA9", "\xC2\xB7", "\xCC\x80", "\xE2\x80\x8B",
                                              "\xC3\x97", "-", ".", "1", ":", "\xF0\x90\x80\x80",
                                              "\xE2\x80\xBF", "\xEF\xBC\xA1", "\xCD\xBE"};
      if (p.names.empty()) return {"name", "none", d};
      const std::string& name = p.names[r.Below(p.names.size())];
      const std::string add = r.Pick(additions);
      const bool first = r.Below(3) == 0;
      const std::string renamed = first ? add + name : name + add;
      m = {"name", name + " -> " + Printable(renamed), Rename(d, name, renamed)};
      break;
    }
    case 3: {
      static const char* const decls[] = {
          "",
          "<?xml version=\"1.0\"?>",
          "<?xml version=\"1.1\"?>",
          "<?xml version=\"2.0\"?>",
          "<?xml version=\"1.\"?>",
          "<?xml version=\"1.0a\"?>",
          "<?xml encoding=\"utf-8\"?>",
          "<?xml version=\"1.0\" standalone=\"maybe\"?>",
          "<?xml version=\"1.0\" standalone=\"yes\"?>",
          "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"utf-8\"?>",
          "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
          "<?xml version=\"1.0\" encoding=\"us-ascii\"?>",
          "<?xml version=\"1.0\" encoding=\"iso-8859-15\"?>",
          "<?xml version=\"1.0\" encoding=\"bogus\"?>",
          "<?xml version=\"1.0\" encoding=\"UTF8\"?>",
          "<?xml version=\"1.0\" encoding=\"1utf-8\"?>",
          " <?xml version=\"1.0\"?>",
          "<?XML version=\"1.0\"?>",
          "<?xml version=\"1.0\"encoding=\"utf-8\"?>",
          "<?xml  version = '1.0'  encoding = 'UTF-8' ?>",
          "<?xml version=\"1.0\" ?><?xml version=\"1.0\"?>",
          "<?xml version=\"1.0\">",
          "<?xml?>",
      };
      m = {"declaration", r.Pick(decls), {}};
      m.bytes = WithDeclaration(d, p, m.what);
      break;
    }
    case 4: {
      static const char* const pis[] = {"<?pi data?>", "<?xml-stylesheet href=\"a.xsl\"?>",
                                        "<?xml version=\"1.0\"?>", "<?XmL x?>", "<? x?>",
                                        "<?pi?>", "<?pi\tx?>", "<?pi x ?>?>", "<?a:b x?>",
                                        "<?pi", "<?xml-?>"};
      const std::size_t where = r.Below(3);
      m = {"processing instruction",
           std::string(r.Pick(pis)) + (where == 0 ? " inside" : where == 1 ? " after" : " before"),
           {}};
      const std::string pi = m.what.substr(0, m.what.rfind(' '));
      m.bytes = Insert(d, where == 0 ? content : where == 1 ? p.end : p.decl_end, pi);
      break;
    }
    case 5: {
      static const char* const outside[] = {"<![CDATA[x]]>", "&#32;", "&#x20;", "x", "<!-- c -->",
                                            " \r\n\t", "<a/>", "&amp;", "\xC2\xA0"};
      const bool after = r.Below(2) == 0;
      m = {"outside the root", std::string(r.Pick(outside)) + (after ? " after" : " before"), {}};
      m.bytes = Insert(d, after ? p.end : p.decl_end, m.what.substr(0, m.what.rfind(' ')));
      break;
    }
    case 6: {
      static const char* const brackets[] = {"]]>", "]]&gt;", "]>", "]]", "a]]>b", "]]]>"};
      const bool in_value = r.Below(3) == 0;
      m = {"]]>", std::string(r.Pick(brackets)) + (in_value ? " in a value" : " in text"), {}};
      m.bytes = Insert(d, in_value ? value : content, m.what.substr(0, m.what.rfind(' ')));
      break;
    }
    case 7: {
      static const char* const encodings[] = {"WINDOWS-1252", "ISO-8859-1", "ISO-8859-15",
                                              "UTF-16LE", "UTF-16BE", "US-ASCII"};
      const std::string to = r.Pick(encodings);
      const std::size_t label = r.Below(4);  // the label: its own, none, utf-8, another
      static const char* const others[] = {"utf-8", "iso-8859-1", "windows-1252", "utf-16"};
      std::string name = to;
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (to.compare(0, 6, "UTF-16") == 0) name = "utf-16";
      const std::string declared = label == 0 ? name : label == 1 ? "" : r.Pick(others);
      const std::string decl =
          declared.empty() ? "" : "<?xml version=\"1.0\" encoding=\"" + declared + "\"?>";
      const std::string text = WithDeclaration(d, p, decl).substr(p.body);
      std::string bytes;
      if (!Transcode(text, to.c_str(), bytes)) return {"encoding", to + " (not encodable)", d};
      const bool bom = to.compare(0, 6, "UTF-16") == 0 && r.Below(3) != 0;
      if (bom) bytes = (to == "UTF-16LE" ? "\xFF\xFE" : "\xFE\xFF") + bytes;
      m = {"encoding", to + (bom ? " with BOM" : "") + ", declared '" + declared + "'", bytes};
      break;
    }
    case 8: {
      static const char* const pieces[] = {"\t",       "\n",        "\r\n",  "\n\r",
                                           "\r",       "&#9;",      "&#10;", "&#xD;",
                                           "&#x000000041;", "&#0000065;", "  \t ", "&#13;&#10;"};
      const std::string piece = r.Pick(pieces);
      m = {"attribute value", Printable(piece), Insert(d, value, piece)};
      break;
    }
    case 9: {
      static const char* const texts[] = {
          "   ",          "&#32;",       "&#x20;",        " &#x9; ",      "\r\n",
          "&#13;",        "<![CDATA[ ]]>", "<![CDATA[a]]><![CDATA[b]]>", "a<!--c-->b",
          "a<?pi?>b",     " <![CDATA[x]]> ", "&#x000000041;&#65;", "x\r\ny\n\rz\r"};
      if (p.texts.empty()) return {"text", "none", d};
      const auto [from, to] = p.texts[r.Below(p.texts.size())];
      const std::string text = r.Pick(texts);
      m = {"text", Printable(text), d.substr(0, from) + text + d.substr(to)};
      if (r.Below(3) == 0) {  // and xml:space="preserve" on the root
        std::size_t name_end = p.root + 1;
        while (name_end < d.size() && IsNameByte(d[name_end])) ++name_end;
        if (name_end < from) {
          m.bytes = Insert(m.bytes, name_end, " xml:space=\"preserve\"");
          m.what += " under xml:space=\"preserve\"";
        }
      }
      break;
    }
    case 10: {
      static const char* const ends[] = {"\r\n", "\n\r", "\r", "\r\r\n"};
      const std::string end = r.Pick(ends);
      m = {"line ends", "every LF -> " + Printable(end), {}};
      for (char c : d) {
        if (c == '\n') {
          m.bytes += end;
        } else {
          m.bytes += c;
        }
      }
      break;
    }
    case 11: {
      static const char* const refs[] = {"&#0;",   "&#x1F;", "&#xD800;", "&#x110000;", "&#65",
                                         "&#X41;", "&foo;",  "& ",       "&#;",        "&#x;",
                                         "&#xFFFE;", "&#99999999999999999999;", "&am p;", "&#x10FFFF;"};
      const bool in_value = r.Below(2) == 0;
      m = {"reference", std::string(r.Pick(refs)) + (in_value ? " in a value" : " in text"), {}};
      m.bytes = Insert(d, in_value ? value : content, m.what.substr(0, m.what.rfind(' ')));
      break;
    }
    default: {  // bytes changed anywhere
      const std::size_t op = r.Below(4);
      const std::size_t at = r.Below(d.size());
      m.kind = "bytes";
      if (op == 0) {
        m.bytes = d;
        m.bytes[at] = static_cast<char>(r.Below(256));
        m.what = "byte " + std::to_string(at) + " set";
      } else if (op == 1) {
        m.bytes = d.substr(0, at) + d.substr(at + 1);
        m.what = "byte " + std::to_string(at) + " removed";
      } else if (op == 2) {
        m.bytes = d.substr(0, at);
        m.what = "cut at " + std::to_string(at);
      } else {
        const std::size_t n = std::min<std::size_t>(1 + r.Below(64), d.size() - at);
        m.bytes = Insert(d, at, d.substr(at, n));
        m.what = std::to_string(n) + " bytes at " + std::to_string(at) + " doubled";
      }
      break;
    }
  }
  return m;
}

struct Tally {
  std::size_t count = 0, agree = 0, refused = 0, deliberate = 0, limits = 0, differ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tsimport_xml_mutations CORPUS_DIR [--per-file N] [--verbose]\n");
    return 2;
  }
  const fs::path corpus = argv[1];
  std::size_t per_file = 26;
  bool verbose = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--per-file") == 0 && i + 1 < argc) per_file = std::stoul(argv[++i]);
    if (std::strcmp(argv[i], "--verbose") == 0) verbose = true;
  }
  std::error_code ec;
  if (!fs::is_directory(corpus, ec)) {
    std::printf("xml-mutations: skipped: %s is not there (the real exports are read from "
                "../shared/corpus beside the source tree)\n",
                corpus.string().c_str());
    return 77;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus, ec)) {
    std::string ext = e.path().extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (e.is_regular_file() && ext == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, Tally> tallies;
  std::size_t differences = 0, total = 0;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const std::string original = ReadAll(files[f]);
    const Places places = Find(original);
    Random random{0x5EED0000ull + f};
    // Fewer mutations of the largest files (a few MB): the time stays near linear in the corpus.
    const std::size_t n = original.size() > (1u << 20) ? per_file / 4 + 1 : per_file;
    for (std::size_t k = 0; k <= n; ++k) {
      const Mutation m = k == 0 ? Mutation{"original", "as it is", original}
                                : Mutate(original, places, k - 1, random);
      Tally& t = tallies[m.kind];
      ++t.count;
      ++total;
      const Reading ours = tsimport::xmltest::ReadWithTsimport(m.bytes);
      std::string why;
      const Reading::Verdict imported = tsimport::xmltest::ImportVerdict(m.bytes, why);
      std::string problem;
      if (imported != ours.verdict && imported != Reading::kOther) {
        problem = "the import judges it otherwise than the reader (" + Printable(why) + ")";
      } else if (ours.verdict == Reading::kOther) {
        ++t.limits;
        continue;
      } else {
        const Reading reference = tsimport::xmltest::ReadWithLibxml2(m.bytes);
        const std::string deliberate =
            tsimport::xmltest::DeliberateDifference(m.bytes, ours, reference);
        if (!deliberate.empty()) {
          ++t.deliberate;
          if (verbose) {
            std::printf("deliberate %s: %s %s: %s\n", files[f].filename().string().c_str(),
                        m.kind.c_str(), m.what.c_str(), deliberate.c_str());
          }
          continue;
        }
        problem = tsimport::xmltest::Compare(ours, reference);
      }
      if (!problem.empty()) {
        ++t.differ;
        if (++differences <= 60) {
          std::printf("DIFFERS %s, %s: %s\n   %s\n", files[f].filename().string().c_str(),
                      m.kind.c_str(), Printable(m.what).c_str(), problem.c_str());
        }
        continue;
      }
      ++t.agree;
      if (ours.verdict == Reading::kNotWellFormed) ++t.refused;
    }
  }
  std::printf("%-24s %8s %8s %8s %10s %7s %7s\n", "mutation", "count", "agree", "refused",
              "deliberate", "limits", "differ");
  for (const auto& [kind, t] : tallies) {
    std::printf("%-24s %8zu %8zu %8zu %10zu %7zu %7zu\n", kind.c_str(), t.count, t.agree,
                t.refused, t.deliberate, t.limits, t.differ);
  }
  std::printf("xml-mutations: %zu documents from %zu files of %s; %zu differ from libxml2\n", total,
              files.size(), corpus.string().c_str(), differences);
  return differences == 0 ? 0 : 1;
}
