// tsimport diff --format markdown: for a pull-request comment (GitHub-flavoured Markdown).
//
// A heading, the two sides, the summary, a table with one row per changed step (number, path,
// class, what changed), then the details of each: values in code spans, several lines (scripts,
// lists) in `diff` code blocks. Text from the inputs is escaped; no raw HTML is written.
#include <cctype>

#include "compare/render.h"
#include "tsimport/compare.h"
#include "write/markdown_text.h"

namespace tsimport {
namespace {

using compare::Block;
using compare::DiffLine;
using compare::LineOp;
using detail::MarkdownCode;
using detail::MarkdownCodeBlock;
using detail::MarkdownEscape;

/// What changed in a block, for its table row: "added", "moved, renamed, modified: Enabled".
std::string ChangeSummary(const Block& b) {
  std::string kinds;
  std::string properties;
  for (const Change* c : b.changes) {
    if (c->kind == ChangeKind::kModified) {
      properties += (properties.empty() ? "" : ", ") + MarkdownCode(c->property, true);
      continue;
    }
    kinds += (kinds.empty() ? "" : ", ") + std::string(ChangeKindName(c->kind));
  }
  if (!properties.empty())
    kinds += (kinds.empty() ? "" : ", ") + std::string("modified: ") + properties;
  return kinds;
}

std::string Indented(const std::string& text, const std::string& indent) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += indent + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

class Markdown {
 public:
  std::string Write(const DiffResult& d) {
    const std::vector<Block> blocks = compare::Blocks(d);
    std::string title = d.new_side.title.empty() ? d.old_side.title : d.new_side.title;
    if (title.empty()) title = compare::SideInput(d.new_side);  // no name: the file's path
    out_ += "## Task sequence changes: " + MarkdownEscape(title, true) + "\n\n";
    out_ += "- old: " + MarkdownCode(compare::SideInput(d.old_side), false) + " (" +
            MarkdownEscape(compare::SideFacts(d.old_side), false) + ")\n";
    out_ += "- new: " + MarkdownCode(compare::SideInput(d.new_side), false) + " (" +
            MarkdownEscape(compare::SideFacts(d.new_side), false) + ")\n\n";
    if (d.Equal()) {
      out_ += "No changes: the two task sequences are the same.\n";
      return std::move(out_);
    }
    std::string summary = compare::SummaryText(d, blocks);
    summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
    out_ += "**" + MarkdownEscape(summary, false) +
            ".** Steps are numbered as smsts.log numbers "
            "them in the new version (a removed step: in the old one).\n\n";
    out_ += "| Step | Path | Class | Change |\n|---:|---|---|---|\n";
    for (const auto& b : blocks) {
      const bool step = b.first->scope == ChangeScope::kStep;
      out_ += "| " + MarkdownEscape(compare::BlockNumber(b), true) + " | " +
              (step ? MarkdownEscape(compare::BlockTitle(b), true)
                    : "*" + MarkdownEscape(compare::BlockTitle(b), true) + "*") +
              " | " + (step ? MarkdownEscape(b.first->class_label, true) : std::string()) + " | " +
              ChangeSummary(b) + " |\n";
    }
    out_ += "\n### Details\n";
    for (const auto& b : blocks) WriteBlock(b);
    return std::move(out_);
  }

 private:
  void WriteBlock(const Block& b) {
    const Change& first = *b.first;
    out_ += "\n#### ";
    if (first.scope == ChangeScope::kStep) {
      out_ += MarkdownEscape(compare::BlockNumber(b), true) + " " +
              MarkdownEscape(first.path, true) + " (" + MarkdownEscape(first.class_label, true) +
              ")\n\n";
    } else {
      out_ += MarkdownEscape(compare::BlockTitle(b), true) + "\n\n";
    }
    for (const Change* c : b.changes) WriteChange(*c);
  }

  void Outline(const DiffValue& v) {
    if (v.lines.empty()) return;
    std::string text;
    for (const auto& l : v.lines) text += l + "\n";
    out_ += "\n" + Indented(MarkdownCodeBlock(text, "text"), "  ");
  }

  void WriteChange(const Change& c) {
    switch (c.kind) {
      case ChangeKind::kAdded:
        out_ += "- **added**\n";
        Outline(c.new_value);
        return;
      case ChangeKind::kRemoved:
        out_ += "- **removed**\n";
        Outline(c.old_value);
        return;
      case ChangeKind::kMoved:
        out_ += "- **moved** from " + MarkdownEscape(compare::OneLine(c.old_value), true) + " to " +
                MarkdownEscape(compare::OneLine(c.new_value), true) + "\n";
        return;
      case ChangeKind::kRenamed:
        out_ += "- **renamed** from " + MarkdownCode(compare::OneLine(c.old_value), false) + "\n";
        return;
      case ChangeKind::kModified:
        break;
    }
    const std::string note = compare::ChangeNote(c);
    if (compare::Inline(c, 120)) {
      auto value = [](const DiffValue& v) {
        return v.lines.empty() ? std::string("*(unset)*") : MarkdownCode(v.lines.front(), false);
      };
      out_ += "- **" + MarkdownEscape(c.property, true) + "**: " + value(c.old_value) + " → " +
              value(c.new_value) + note + "\n";
      return;
    }
    out_ += "- **" + MarkdownEscape(c.property, true) + "**" + note + "\n";
    std::string text;
    for (const DiffLine& l : compare::BlockLines(c)) {
      text += (l.op == LineOp::kRemoved ? "- "
               : l.op == LineOp::kAdded ? "+ "
                                        : "  ") +
              l.text + "\n";
    }
    out_ += "\n" + Indented(MarkdownCodeBlock(text, "diff"), "  ");
  }

  std::string out_;
};

}  // namespace

std::string WriteDiffMarkdown(const DiffResult& diff) { return Markdown().Write(diff); }

}  // namespace tsimport
