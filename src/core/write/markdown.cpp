// -f markdown: documentation of one task sequence, as CommonMark with GitHub's tables; what it
// says is document.cpp's, shared with -f html. Text from the input is escaped wherever Markdown
// could read it as markup; values go in code spans; `|` is escaped in table cells. Raw HTML is
// written only for anchors (`<a id="step-12"></a>`, made by the writer) and the collapsed
// appendix (`<details>`, its summary written by the writer), never with text from the input.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <cstdio>

#include "tsimport/write.h"
#include "write/document.h"
#include "write/markdown_text.h"

namespace tsimport {
namespace {

namespace doc = detail::doc;

/// Inline text: every character Markdown could take for markup is backslash-escaped, line
/// breaks become spaces (in a table cell) or hard breaks (in a paragraph).
std::string Escape(std::string_view s, bool in_table, bool at_line_start = true,
                   bool trim = true) {
  std::string out;
  bool line_start = at_line_start;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r') continue;
    if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += in_table ? " " : "\\\n";
      line_start = !in_table;
      continue;
    }
    if (c == '\t') c = ' ';
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    if (line_start) {
      // Block markers at the start of a line: headings, lists, quotes, breaks, ordered lists.
      if (c == ' ') continue;  // leading spaces would make an indented code block
      if (std::strchr("#-+=>", c) != nullptr) out += '\\';
      if (std::isdigit(static_cast<unsigned char>(c))) {
        std::size_t j = i;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        if (j < s.size() && (s[j] == '.' || s[j] == ')')) {
          out.append(s, i, j - i);
          out += '\\';
          i = j - 1;
          line_start = false;
          continue;
        }
      }
      line_start = false;
    }
    if (std::strchr("\\`*_[]<>|~&", c) != nullptr) out += '\\';
    out += c;
  }
  // No trailing spaces or hard breaks.
  for (; trim;) {
    if (!out.empty() && out.back() == ' ') {
      out.pop_back();
    } else if (out.size() >= 2 && out.compare(out.size() - 2, 2, "\\\n") == 0) {
      out.resize(out.size() - 2);
    } else {
      break;
    }
  }
  return out;
}

/// A code span that holds `s` exactly (on one line); `|` escaped for table cells.
std::string Code(std::string_view s, bool in_table) {
  std::string text;
  for (char c : s) {
    if (c == '\r') continue;
    if (c == '\n' || c == '\t') c = ' ';
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    text += c;
  }
  if (text.empty()) return "*(empty)*";
  std::size_t longest = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t j = i;
    while (j < text.size() && text[j] == '`') ++j;
    longest = std::max(longest, j - i);
    i = j == i ? i + 1 : j;
  }
  std::string fence(longest + 1, '`');
  bool pad = text.front() == '`' || text.back() == '`' ||
             (text.front() == ' ' && text.back() == ' ' &&
              text.find_first_not_of(' ') != std::string::npos);
  std::string body = pad ? " " + text + " " : text;
  if (in_table) {
    std::string escaped;
    for (char c : body) {
      if (c == '|') escaped += '\\';
      escaped += c;
    }
    body = escaped;
  }
  return fence + body + fence;
}

/// A fenced code block that holds `s` exactly.
std::string CodeBlock(const std::string& s, const std::string& info) {
  std::size_t longest = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && s[j] == '`') ++j;
    longest = std::max(longest, j - i);
    i = j == i ? i + 1 : j;
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body;
  for (char c : s) {
    if (c != '\r') body += c;
  }
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + info + "\n" + body + fence + "\n";
}

/// Inline content for Markdown: text escaped, code in spans, links to anchors or pages.
std::string Inline(const doc::Inline& spans, bool in_table, bool line_start = true) {
  std::string out;
  for (const auto& s : spans) {
    // Leading spaces are markup only at the start of a line: within a line they stay.
    const bool start = (line_start && out.empty()) || (!out.empty() && out.back() == '\n');
    switch (s.kind) {
      case doc::Span::kText: out += Escape(s.text, in_table, start, false); break;
      case doc::Span::kCode: out += Code(s.text, in_table); break;
      case doc::Span::kStrong: {
        std::string t = Escape(s.text, in_table, start, false);
        if (!t.empty()) out += "**" + t + "**";
        break;
      }
      case doc::Span::kEmph: {
        std::string t = Escape(s.text, in_table, start, false);
        // Emphasis cannot start or end with a space: it is kept outside.
        std::size_t b = t.find_first_not_of(' ');
        std::size_t e = t.find_last_not_of(' ');
        if (b == std::string::npos) {
          out += t;
        } else {
          out += t.substr(0, b) + "*" + t.substr(b, e - b + 1) + "*" + t.substr(e + 1);
        }
        break;
      }
      case doc::Span::kLink: {
        std::string t = Escape(s.text, in_table, start, false);
        // The target is one the writers made (an anchor or a relative path): spaces and
        // parentheses percent-encoded, so that it stays one destination.
        std::string href;
        for (char c : s.href) {
          if (c == ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '|' ||
              static_cast<unsigned char>(c) < 0x20) {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
            href += buf;
          } else {
            href += c;
          }
        }
        out += "[" + (t.empty() ? std::string("(no name)") : t) + "](" + href + ")";
        break;
      }
      case doc::Span::kBreak: out += in_table ? " " : "\\\n"; break;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

class MarkdownSink : public doc::Sink {
 public:
  void Title(const std::string& text) override { out_ += "# " + Escape(text, true) + "\n\n"; }
  void Heading(int level, const doc::Inline& text, const std::string& id) override {
    if (!id.empty()) out_ += "<a id=\"" + id + "\"></a>\n\n";
    // A heading's text starts no block: "1. Name" stays as it is.
    out_ += std::string(static_cast<std::size_t>(level), '#') + " " + Inline(text, true, false) +
            "\n\n";
  }
  void Paragraph(const doc::Inline& text) override {
    std::string t = Inline(text, false);
    if (!t.empty()) out_ += t + "\n\n";
  }
  void Note(const doc::Inline& text, bool warning) override {
    (void)warning;
    out_ += "> " + Inline(text, true) + "\n\n";
  }
  void List(const std::vector<doc::Inline>& items) override {
    for (const auto& i : items) out_ += "- " + Inline(i, true) + "\n";
    out_ += "\n";
  }
  void WriteTable(const doc::Table& t) override {
    if (!t.id.empty()) out_ += "<a id=\"" + t.id + "\"></a>\n\n";
    out_ += "|";
    for (const auto& h : t.headers) out_ += " " + Escape(h, true) + " |";
    out_ += "\n|";
    for (std::size_t i = 0; i < t.headers.size(); ++i)
      out_ += i < t.right.size() && t.right[i] ? "---:|" : "---|";
    out_ += "\n";
    for (const auto& row : t.rows) {
      out_ += "|";
      for (const auto& cell : row) out_ += " " + Inline(cell, true) + " |";
      out_ += "\n";
    }
    out_ += "\n";
  }
  void Code(const std::string& text, const std::string& language) override {
    out_ += CodeBlock(text, language) + "\n";
  }
  void BeginGroup(const doc::Inline& heading, const std::string& id, bool disabled) override {
    Heading(3, Disabled(heading, disabled), id);
  }
  void EndGroup() override {}
  void BeginStep(const doc::Inline& heading, const std::string& id, bool disabled) override {
    Heading(3, Disabled(heading, disabled), id);
  }
  void EndStep() override {}
  void BeginCollapsed(const std::string& summary) override {
    // Raw HTML for the collapsed part only; the summary is escaped as HTML.
    std::string s;
    for (char c : summary) {
      if (c == '<') s += "&lt;";
      else if (c == '>') s += "&gt;";
      else if (c == '&') s += "&amp;";
      else s += c;
    }
    out_ += "<details>\n<summary>" + s + "</summary>\n\n";
  }
  void EndCollapsed() override { out_ += "</details>\n\n"; }

  std::string Take() {
    while (out_.size() >= 2 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n')
      out_.pop_back();
    return std::move(out_);
  }

 private:
  static doc::Inline Disabled(doc::Inline heading, bool disabled) {
    if (disabled) heading.push_back(doc::E(" (disabled)"));
    return heading;
  }
  std::string out_;
};

}  // namespace

std::string WriteMarkdown(const ImportResult& result, const Catalog& catalog) {
  if (!result.task_sequence) return {};
  MarkdownSink sink;
  doc::WriteDocument(result, catalog, sink);
  return sink.Take();
}

std::string WriteMarkdownIndex(const std::vector<IndexEntry>& entries) {
  MarkdownSink sink;
  doc::WriteIndexDocument(entries, sink);
  return sink.Take();
}

namespace detail {

std::string MarkdownEscape(std::string_view s, bool in_table) { return Escape(s, in_table); }
std::string MarkdownCode(std::string_view s, bool in_table) { return Code(s, in_table); }
std::string MarkdownCodeBlock(const std::string& s, const std::string& info) {
  return CodeBlock(s, info);
}

}  // namespace detail

}  // namespace tsimport
