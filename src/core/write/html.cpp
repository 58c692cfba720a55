// -f html: the documentation of document.cpp as one self-contained page: the CSS inline, no
// script, nothing fetched (a Content-Security-Policy that allows only the inline style says so
// to the browser too); printable; groups collapsible (<details open>, so that the browser's
// find searches them); every step an anchor (#step-12); disabled steps greyed. Every text from
// the input is escaped (&, <, >, ", ') and its control characters shown as U+FFFD, so no value
// can open markup, an attribute or a script.
#include <cstdio>
#include <string>

#include "tsimport/write.h"
#include "write/document.h"

namespace tsimport {
namespace {

namespace doc = detail::doc;

/// Text for HTML content and attribute values.
void Escape(std::string_view s, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\n':
      case '\t': out += c; break;
      case '\r': break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += "\xEF\xBF\xBD";  // U+FFFD: a control character HTML does not allow
        } else {
          out += c;
        }
    }
  }
}

std::string Esc(std::string_view s) {
  std::string out;
  Escape(s, out);
  return out;
}

/// An anchor or relative link the writers made, escaped for an attribute; a link that could
/// run something (javascript:, data:...) cannot be made: only "#..." and relative paths.
std::string Href(const std::string& href) {
  if (href.empty()) return "#";
  const auto colon = href.find(':');
  const auto slash = href.find_first_of("/#?");
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) return "#";
  std::string out;
  for (char c : href) {
    if (c == ' ') {
      out += "%20";
    } else if (c == '"' || c == '<' || c == '>' || c == '\'' || c == '&' ||
               static_cast<unsigned char>(c) < 0x20) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Inline(const doc::Inline& spans) {
  std::string out;
  for (const auto& s : spans) {
    switch (s.kind) {
      case doc::Span::kText: Escape(s.text, out); break;
      case doc::Span::kCode: out += "<code>" + Esc(s.text) + "</code>"; break;
      case doc::Span::kStrong: out += "<strong>" + Esc(s.text) + "</strong>"; break;
      case doc::Span::kEmph: out += "<em>" + Esc(s.text) + "</em>"; break;
      case doc::Span::kLink:
        out += "<a href=\"" + Href(s.href) + "\">" + Esc(s.text.empty() ? "(no name)" : s.text) +
               "</a>";
        break;
      case doc::Span::kBreak: out += "<br>"; break;
    }
  }
  return out;
}

const char kStyle[] = R"(
:root { color-scheme: light; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --accent: #0b5cad; --warn: #9a6700; --bad: #b42318; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0; display: inline; }
a { color: var(--accent); }
code, pre { font: 13px/1.45 ui-monospace, "Cascadia Mono", Consolas, monospace; }
code { background: var(--head); padding: 0 .25em; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: var(--head); border: 1px solid var(--line); padding: .6rem .8rem; overflow-x: auto;
  white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
#overview-table td:nth-child(2) { min-width: 15rem; }
#overview-table td:nth-child(3) { min-width: 9rem; }
th { background: var(--head); }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.group td { font-weight: 600; }
tr.disabled td, tr.invalid td:nth-child(5) { color: var(--muted); }
tr.invalid td:nth-child(5) { color: var(--bad); }
ul.facts { list-style: none; padding: 0; }
ul.facts li { margin: .1rem 0; }
details.group { border-left: 3px solid var(--line); padding-left: .8rem; margin: .8rem 0; }
details.group > summary { cursor: pointer; padding: .2rem 0; }
section.step { border-top: 1px solid var(--line); padding: .5rem 0; margin: .3rem 0; }
section.step > h3 { display: block; margin-bottom: .3rem; }
.disabled { opacity: .55; }
.disabled .tag { font-style: italic; }
p.note { border-left: 3px solid var(--accent); padding: .2rem .6rem; background: #f0f6fc; }
p.note.warn { border-color: var(--warn); background: #fff8c5; }
details.appendix { margin: .5rem 0; }
details.appendix > summary { cursor: pointer; font-weight: 600; }
:target { scroll-margin-top: 1rem; }
section.step:target, details.group:target > summary { background: #fff8c5; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  details.group, section.step, tr { break-inside: avoid; }
  pre { white-space: pre-wrap; }
}
)";

class HtmlSink : public doc::Sink {
 public:
  void Title(const std::string& text) override {
    title_ = text;
    body_ += "<h1>" + Esc(text) + "</h1>\n";
  }
  void Heading(int level, const doc::Inline& text, const std::string& id) override {
    const std::string h = "h" + std::to_string(level);
    body_ += "<" + h + (id.empty() ? "" : " id=\"" + Esc(id) + "\"") + ">" + Inline(text) + "</" +
             h + ">\n";
  }
  void Paragraph(const doc::Inline& text) override {
    std::string t = Inline(text);
    if (!t.empty()) body_ += "<p>" + t + "</p>\n";
  }
  void Note(const doc::Inline& text, bool warning) override {
    body_ += std::string("<p class=\"note") + (warning ? " warn" : "") + "\">" + Inline(text) +
             "</p>\n";
  }
  void List(const std::vector<doc::Inline>& items) override {
    body_ += "<ul class=\"facts\">\n";
    for (const auto& i : items) body_ += "<li>" + Inline(i) + "</li>\n";
    body_ += "</ul>\n";
  }
  void WriteTable(const doc::Table& t) override {
    body_ += "<table" + (t.id.empty() ? std::string() : " id=\"" + Esc(t.id) + "\"") +
             ">\n<thead><tr>";
    for (std::size_t i = 0; i < t.headers.size(); ++i)
      body_ += std::string(Right(t, i) ? "<th class=\"num\">" : "<th>") + Esc(t.headers[i]) +
               "</th>";
    body_ += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const std::string& cls = r < t.row_class.size() ? t.row_class[r] : std::string();
      body_ += cls.empty() ? "<tr>" : "<tr class=\"" + Esc(cls) + "\">";
      for (std::size_t i = 0; i < t.rows[r].size(); ++i)
        body_ += std::string(Right(t, i) ? "<td class=\"num\">" : "<td>") + Inline(t.rows[r][i]) +
                 "</td>";
      body_ += "</tr>\n";
    }
    body_ += "</tbody>\n</table>\n";
  }
  void Code(const std::string& text, const std::string& language) override {
    body_ += "<pre><code class=\"language-" + Esc(language) + "\">" + Esc(text) + "</code></pre>\n";
  }
  void BeginGroup(const doc::Inline& heading, const std::string& id, bool disabled) override {
    body_ += "<details open class=\"group" + std::string(disabled ? " disabled" : "") + "\"" +
             (id.empty() ? "" : " id=\"" + Esc(id) + "\"") + "><summary><h3>" + Inline(heading) +
             (disabled ? " <span class=\"tag\">(disabled)</span>" : "") + "</h3></summary>\n";
  }
  void EndGroup() override { body_ += "</details>\n"; }
  void BeginStep(const doc::Inline& heading, const std::string& id, bool disabled) override {
    body_ += "<section class=\"step" + std::string(disabled ? " disabled" : "") + "\"" +
             (id.empty() ? "" : " id=\"" + Esc(id) + "\"") + ">\n<h3>" + Inline(heading) +
             (disabled ? " <span class=\"tag\">(disabled)</span>" : "") + "</h3>\n";
  }
  void EndStep() override { body_ += "</section>\n"; }
  void BeginCollapsed(const std::string& summary) override {
    body_ += "<details class=\"appendix\"><summary>" + Esc(summary) + "</summary>\n";
  }
  void EndCollapsed() override { body_ += "</details>\n"; }

  std::string Page() const {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>" +
           Esc(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n" +
           body_ + "</main>\n</body>\n</html>\n";
  }

 private:
  static bool Right(const doc::Table& t, std::size_t i) { return i < t.right.size() && t.right[i]; }
  std::string title_;
  std::string body_;
};

}  // namespace

std::string WriteHtml(const ImportResult& result, const Catalog& catalog) {
  if (!result.task_sequence) return {};
  HtmlSink sink;
  doc::WriteDocument(result, catalog, sink);
  return sink.Page();
}

std::string WriteHtmlIndex(const std::vector<IndexEntry>& entries) {
  HtmlSink sink;
  doc::WriteIndexDocument(entries, sink);
  return sink.Page();
}

}  // namespace tsimport
