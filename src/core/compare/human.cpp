// tsimport diff (human): for a terminal.
//
//   old: v1.xml  "Windows 11 Deployment"  version 3.10, ConfigMgr, 8 groups, 26 steps
//   new: v2.xml  "Windows 11 Deployment"  version 3.10, ConfigMgr, 8 groups, 27 steps
//   4 changes in 3 steps: 1 added, 1 renamed, 2 modified
//   Numbers: smsts.log instruction numbers of the new version (a removed step's: of the old one).
//
//   ~ 3  Install Operating System/Set Error Dialog Timeout  (Set Task Sequence Variable)
//       VariableValue: "86400" -> "3600"
//
// One block per changed step, with its path and number; `+` added, `-` removed, `~` changed.
// Colour (ANSI) only when asked for.
#include "compare/entries.h"
#include "compare/render.h"
#include "tsimport/compare.h"
#include "write/ansi.h"

namespace tsimport {
namespace {

using compare::Block;
using compare::DiffLine;
using compare::LineOp;

using namespace detail::ansi;  // NOLINT: the colour names

class Human {
 public:
  explicit Human(bool color) : color_(color) {}

  std::string Write(const DiffResult& d) {
    Side("old", d.old_side);
    Side("new", d.new_side);
    const std::vector<Block> blocks = compare::Blocks(d);
    if (d.Equal()) {
      out_ += "No changes: the two task sequences are the same.\n";
      return std::move(out_);
    }
    out_ += compare::SummaryText(d, blocks) + "\n";
    out_ += Paint(
        "Numbers: smsts.log instruction numbers of the new version (a removed step's: of the old "
        "one).",
        kDim);
    out_ += "\n";
    for (const auto& b : blocks) WriteBlock(b);
    return std::move(out_);
  }

 private:
  void Side(const char* which, const DiffSide& side) {
    out_ += std::string(which) + ": " + Paint(compare::Printable(compare::SideInput(side)), kBold) +
            "  " + (side.title.empty() ? std::string() : compare::Quoted(side.title) + "  ") +
            compare::SideFacts(side) + "\n";
  }

  std::string Paint(const std::string& text, const char* code) const {
    if (!color_ || text.empty()) return text;
    return std::string(code) + text + kReset;
  }

  void WriteBlock(const Block& b) {
    const Change& first = *b.first;
    out_ += "\n";
    if (first.scope != ChangeScope::kStep) {
      out_ += Paint(compare::Printable(compare::BlockTitle(b)), kBold) + "\n";
    } else {
      const char* mark = first.kind == ChangeKind::kAdded     ? "+"
                         : first.kind == ChangeKind::kRemoved ? "-"
                                                              : "~";
      const char* style = first.kind == ChangeKind::kAdded     ? kGreen
                          : first.kind == ChangeKind::kRemoved ? kRed
                                                               : kYellow;
      out_ += Paint(mark, style) + " " + Paint(compare::BlockNumber(b), kDim) + "  " +
              Paint(compare::Printable(first.path), kBold) + "  " +
              Paint("(" + compare::Printable(first.class_label) + ")", kCyan) + "\n";
    }
    for (const Change* c : b.changes) WriteChange(*c);
  }

  void Lines(const std::vector<std::string>& lines, const std::string& indent) {
    for (const auto& l : lines) out_ += indent + l + "\n";
  }

  void WriteChange(const Change& c) {
    const std::string in = "    ";
    switch (c.kind) {
      case ChangeKind::kAdded:
        out_ += in + Paint("added", kGreen) + "\n";
        Lines(c.new_value.lines, in + "  ");
        return;
      case ChangeKind::kRemoved:
        out_ += in + Paint("removed", kRed) + "\n";
        Lines(c.old_value.lines, in + "  ");
        return;
      case ChangeKind::kMoved:
        out_ += in + "moved from " + compare::Printable(compare::OneLine(c.old_value)) + "\n";
        out_ += in + "        to " + compare::Printable(compare::OneLine(c.new_value)) + "\n";
        return;
      case ChangeKind::kRenamed:
        out_ += in + "renamed from " + compare::OneLine(c.old_value) + "\n";
        return;
      case ChangeKind::kModified:
        break;
    }
    const std::string note = compare::ChangeNote(c);
    if (compare::Inline(c, 100)) {
      out_ += in + compare::Printable(c.property) + ": " +
              Paint(compare::OneLine(c.old_value), kRed) + " -> " +
              Paint(compare::OneLine(c.new_value), kGreen) + (note.empty() ? "" : " " + note) +
              "\n";
      return;
    }
    out_ += in + compare::Printable(c.property) + ":" + (note.empty() ? "" : " " + note) + "\n";
    for (const DiffLine& l : compare::BlockLines(c)) {
      if (l.op == LineOp::kRemoved) {
        out_ += in + "  " + Paint("- " + l.text, kRed) + "\n";
      } else if (l.op == LineOp::kAdded) {
        out_ += in + "  " + Paint("+ " + l.text, kGreen) + "\n";
      } else {
        out_ += in + "    " + (l.op == LineOp::kSkipped ? Paint(l.text, kDim) : l.text) + "\n";
      }
    }
  }

  bool color_;
  std::string out_;
};

}  // namespace

std::string WriteDiffHuman(const DiffResult& diff, bool color) { return Human(color).Write(diff); }

}  // namespace tsimport
