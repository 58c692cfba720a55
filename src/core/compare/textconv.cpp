// tsimport diff --textconv FILE: the task sequence as the diff reads it, for a line diff (git's
// textconv driver, docs/git.md).
//
//   Task sequence: Windows 11 Deployment
//     SchemaVersion: "3.10"
//     References:
//       - CM100002
//   Group: Install Operating System
//     Description: "Bare metal and refresh deployments of Windows 11 Enterprise 23H2"
//     Step: Restart in Windows PE  [Restart Computer]
//       Condition: if _SMSTSInWinPE equals "false"
//
// Stable: no input path and no execution numbers (both change when nothing in the task
// sequence did), one item a line, nothing wrapped or cut. Values at their class default are
// left out; secrets are masked. Git's hunk headers can name the step: xfuncname
// "^ *((Group|Step): .*)$".
#include "compare/entries.h"
#include "tsimport/compare.h"
#include "tsimport/write.h"

namespace tsimport {
namespace {

using compare::Entry;

class Textconv {
 public:
  Textconv(const ImportResult& r, const Catalog& catalog) : r_(r), reader_(catalog) {}

  std::string Write() {
    const TaskSequence& ts = *r_.task_sequence;
    mdt_ = ts.dialect == Dialect::kMdt;
    // The name the sequence itself carries (MDT's root name): never the file's name, and not
    // the package's (in the package block), so that every shape gives the same listing.
    std::string name;
    for (const auto& a : ts.root.attributes) {
      if (a.name == "name") name = a.value.str();
    }
    out_ += name.empty() ? std::string("Task sequence\n")
                         : "Task sequence: " + compare::Printable(name) + "\n";
    out_ += "  Dialect: " + std::string(mdt_ ? "MDT" : "ConfigMgr") + "\n";
    Entries(reader_.TaskSequenceEntries(ts), 2);
    if (r_.has_package) {
      out_ += "Package:\n";
      Entries(reader_.PackageEntries(r_), 2);
    }
    if (const Property* steps = ts.root.Find("Steps")) Steps(steps->value.objects, 0);
    return std::move(out_);
  }

 private:
  void Entries(const std::vector<Entry>& entries, std::size_t indent) {
    const std::string in(indent, ' ');
    std::string command_line;
    for (const auto& e : entries) {
      if (e.key == "CommandLine") command_line = e.canon;
    }
    for (const auto& e : entries) {
      // MDT runs the action; it is shown unless it is the command line again.
      if (e.key == "Action" && e.canon == command_line) continue;
      // Enabled and ContinueOnError show only when they differ from a step's usual.
      const bool usual = (e.key == "Enabled" && e.canon == "b1") ||
                         (e.key == "ContinueOnError" && e.canon == "b0");
      if (e.at_default || usual) continue;
      if (e.derived && !(mdt_ && e.key == "Action")) continue;
      const std::string key = compare::Printable(e.key);
      if (e.value.lines.size() == 1 && !e.value.list) {
        // A text as it is (no quotes: the line holds nothing else).
        const Value& v = e.value.value;
        const bool text = (v.kind == ValueKind::kString || v.kind == ValueKind::kDateTime) &&
                          e.value.lines.front() == compare::Quoted(v.text);
        out_ +=
            in + key + ": " + (text ? compare::Printable(v.text) : e.value.lines.front()) + "\n";
        continue;
      }
      out_ += in + key + ":\n";
      for (const auto& l : e.value.lines) out_ += in + (e.value.list ? "  - " : "  | ") + l + "\n";
    }
  }

  void Steps(const std::vector<Instance>& steps, std::size_t depth) {
    for (const auto& s : steps) {
      const std::string in(2 * depth, ' ');
      const Property* name = s.Find("Name");
      const std::string n = name != nullptr ? compare::Printable(name->raw()) : std::string();
      if (s.role == InstanceRole::kGroup) {
        out_ += in + "Group: " + n + "\n";
      } else {
        out_ += in + "Step: " + n + "  [" + compare::Printable(reader_.ClassLabel(s)) + "]\n";
      }
      Entries(reader_.StepEntries(s), 2 * depth + 2);
      if (s.role == InstanceRole::kGroup) {
        if (const Property* children = s.Find("Steps")) Steps(children->value.objects, depth + 1);
      }
    }
  }

  const ImportResult& r_;
  compare::Reader reader_;
  bool mdt_ = false;
  std::string out_;
};

}  // namespace

std::string WriteTextconv(const ImportResult& result, const Catalog& catalog) {
  if (!result.task_sequence) return {};
  return Textconv(result, catalog).Write();
}

}  // namespace tsimport
