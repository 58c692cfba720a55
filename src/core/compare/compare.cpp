// Compare: the two task sequences' entries and matched steps, as a list of changes.
#include "tsimport/compare.h"

#include <map>

#include "compare/entries.h"
#include "compare/match.h"
#include "tsimport/write.h"

namespace tsimport {

const char* ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kMoved:
      return "moved";
    case ChangeKind::kRenamed:
      return "renamed";
    case ChangeKind::kModified:
      return "modified";
  }
  return "modified";
}

const char* ChangeScopeName(ChangeScope scope) {
  switch (scope) {
    case ChangeScope::kStep:
      return "Step";
    case ChangeScope::kTaskSequence:
      return "TaskSequence";
    case ChangeScope::kPackage:
      return "Package";
  }
  return "Step";
}

std::size_t DiffResult::Count(ChangeKind kind) const {
  std::size_t n = 0;
  for (const auto& c : changes) n += c.kind == kind;
  return n;
}

namespace {

using compare::Entry;
using compare::Node;
using compare::Reader;
using compare::Tree;

DiffSide SideOf(const ImportResult& r) {
  DiffSide s;
  s.input = r.input;
  s.member = r.member;
  // The task sequence's own name (the root's name, the package's Name), not the file's.
  if (r.task_sequence) {
    for (const auto& a : r.task_sequence->root.attributes) {
      if (a.name == "name") s.title = a.value.str();
    }
  }
  for (const auto& p : r.package) {
    if (s.title.empty() && p.name == "Name" && p.value.kind == ValueKind::kString)
      s.title = p.value.text.str();
  }
  for (const auto& p : r.package) {
    if (p.name == "PackageID" && p.value.kind == ValueKind::kString)
      s.package_id = p.value.text.str();
  }
  if (r.task_sequence) {
    const TaskSequence& ts = *r.task_sequence;
    if (const Property* v = ts.root.Find("SchemaVersion")) s.schema_version = v->raw().str();
    s.dialect = ts.dialect == Dialect::kMdt ? "mdt" : "configmgr";
    s.groups = ts.groups;
    s.steps = ts.steps;
  }
  s.hresult = r.hresult;
  s.errors = r.Count(Severity::kError);
  s.warnings = r.Count(Severity::kWarning);
  return s;
}

DiffValue TextValue(const std::string& text, const std::string& line) {
  DiffValue v;
  v.value = Value::String(text);
  v.lines = {line};
  return v;
}

/// The changes between two lists of entries, as `proto` with the property and values set. The
/// derived entries (the action, attributes mirroring a property) count only when nothing else
/// changed: they follow from what did.
void EntriesDiff(const std::vector<Entry>& ea, const std::vector<Entry>& eb, const Change& proto,
                 bool other_changes, std::vector<Change>& out) {
  std::map<std::string_view, const Entry*> in_b;
  for (const auto& e : eb) in_b.emplace(e.key, &e);
  std::map<std::string_view, bool> in_a;
  std::vector<std::pair<const Entry*, const Entry*>> pairs;
  for (const auto& e : ea) {
    in_a.emplace(e.key, true);
    auto it = in_b.find(e.key);
    pairs.emplace_back(&e, it == in_b.end() ? nullptr : it->second);
  }
  for (const auto& e : eb) {
    if (!in_a.count(e.key)) pairs.emplace_back(nullptr, &e);
  }
  std::vector<Change> derived;
  std::size_t direct = 0;
  for (const auto& [x, y] : pairs) {
    // An entry one side does not have is unset there: equal to one at its default.
    if (x == nullptr && y->at_default) continue;
    if (y == nullptr && x->at_default) continue;
    if (x != nullptr && y != nullptr && x->canon == y->canon) continue;
    Change c = proto;
    c.kind = ChangeKind::kModified;
    c.property = (x != nullptr ? x : y)->key;
    if (x != nullptr) c.old_value = x->value;
    if (y != nullptr) c.new_value = y->value;
    c.secret = (x != nullptr && x->secret) || (y != nullptr && y->secret);
    c.old_value.list = c.new_value.list = c.old_value.list || c.new_value.list;
    if ((x != nullptr && x->derived) || (y != nullptr && y->derived)) {
      derived.push_back(std::move(c));
    } else {
      out.push_back(std::move(c));
      ++direct;
    }
  }
  if (direct == 0 && !other_changes) {
    for (auto& c : derived) out.push_back(std::move(c));
  }
}

class Differ {
 public:
  Differ(const Reader& reader, Tree& a, Tree& b, std::vector<Change>& out)
      : reader_(reader), a_(a), b_(b), out_(out) {}

  void Run() {
    compare::Match(a_, b_);
    reordered_ = compare::Reordered(a_, b_);
    // Where each removed step is listed: after the new place of the sibling before it that
    // stayed in the group, or first in its parent's new place. One pass per group.
    for (std::size_t p = 0; p < a_.nodes.size(); ++p) {
      const Node& parent = a_.nodes[p];
      if (!parent.group || parent.match < 0) continue;  // inside a removed group: listed with it
      int anchor = -1;
      for (int c : parent.children) {
        const Node& n = a_.nodes[static_cast<std::size_t>(c)];
        if (n.match >= 0) {
          if (b_.nodes[static_cast<std::size_t>(n.match)].parent == parent.match) anchor = n.match;
        } else if (anchor >= 0) {
          after_[anchor].push_back(c);
        } else {
          first_[parent.match].push_back(c);
        }
      }
    }
    Visit(0);
  }

 private:
  void Visit(int y) {
    if (y != 0) Emit(y);
    for (int x : first_[y]) Removed(x);
    for (int c : b_.nodes[static_cast<std::size_t>(y)].children) {
      Visit(c);
      for (int x : after_[c]) Removed(x);
    }
  }

  Change Proto(const Node* o, const Node* n) const {
    Change c;
    c.scope = ChangeScope::kStep;
    const Node& any = n != nullptr ? *n : *o;
    c.class_name = any.step->class_name.str();
    c.class_label = reader_.ClassLabel(*any.step);
    c.group = any.group;
    if (n != nullptr) {
      c.path = n->step->step_path.str();
      c.step = n->step->step_number;
    }
    if (o != nullptr) {
      c.old_path = o->step->step_path.str();
      c.old_step = o->step->step_number;
      if (n == nullptr) c.path = c.old_path;
    }
    return c;
  }

  /// Where a step stands: its group's path and the step before it ("first" when none).
  static std::string Position(const Tree& t, const Node& n) {
    const Node& parent = t.nodes[static_cast<std::size_t>(n.parent)];
    std::string where = n.parent == 0 ? std::string("top level") : parent.step->step_path.str();
    if (n.position == 0) return where + " (first)";
    const Node& before = t.nodes[static_cast<std::size_t>(
        parent.children[static_cast<std::size_t>(n.position - 1)])];
    return where + " (after " + compare::Quoted(before.name) + ")";
  }

  void Removed(int x) {
    const Node& o = a_.nodes[static_cast<std::size_t>(x)];
    Change c = Proto(&o, nullptr);
    c.kind = ChangeKind::kRemoved;
    c.old_value = reader_.StepValue(*o.step);
    out_.push_back(std::move(c));
  }

  void Emit(int y) {
    const Node& n = b_.nodes[static_cast<std::size_t>(y)];
    if (n.match < 0) {
      // Added, unless its group was added too (then it is part of that group).
      if (b_.nodes[static_cast<std::size_t>(n.parent)].match < 0) return;
      Change c = Proto(nullptr, &n);
      c.kind = ChangeKind::kAdded;
      c.new_value = reader_.StepValue(*n.step);
      out_.push_back(std::move(c));
      return;
    }
    const Node& o = a_.nodes[static_cast<std::size_t>(n.match)];
    const Change proto = Proto(&o, &n);
    bool other = false;
    if (a_.nodes[static_cast<std::size_t>(o.parent)].match != n.parent ||
        reordered_[static_cast<std::size_t>(y)]) {
      Change c = proto;
      c.kind = ChangeKind::kMoved;
      const std::string from = Position(a_, o), to = Position(b_, n);
      c.old_value = TextValue(from, from);
      c.new_value = TextValue(to, to);
      out_.push_back(std::move(c));
    }
    if (o.name != n.name) {
      Change c = proto;
      c.kind = ChangeKind::kRenamed;
      c.old_value = TextValue(o.name, compare::Quoted(o.name));
      c.new_value = TextValue(n.name, compare::Quoted(n.name));
      out_.push_back(std::move(c));
    }
    if (o.step->class_name != n.step->class_name) {
      Change c = proto;
      c.kind = ChangeKind::kModified;
      c.property = "Class";
      c.old_value = TextValue(o.step->class_name.str(), o.step->class_name.str());
      c.new_value = TextValue(n.step->class_name.str(), n.step->class_name.str());
      out_.push_back(std::move(c));
      other = true;
    }
    EntriesDiff(o.entries, n.entries, proto, other, out_);
  }

  const Reader& reader_;
  Tree& a_;
  Tree& b_;
  std::vector<Change>& out_;
  std::vector<bool> reordered_;
  std::map<int, std::vector<int>> after_, first_;
};

}  // namespace

namespace {
void Run(const ImportResult& old_result, const ImportResult& new_result, const Catalog& catalog,
         const CompareOptions& options, DiffResult& d);
}  // namespace

DiffResult Compare(const ImportResult& old_result, const ImportResult& new_result,
                   const Catalog& catalog, const CompareOptions& options) {
  DiffResult d;
  try {
    d.old_side = SideOf(old_result);
    d.new_side = SideOf(new_result);
    if (old_result.task_sequence && new_result.task_sequence)
      Run(old_result, new_result, catalog, options, d);
  } catch (const std::exception& e) {
    d.changes.clear();
    d.error = e.what();
  }
  return d;
}

namespace {

void Run(const ImportResult& old_result, const ImportResult& new_result, const Catalog& catalog,
         const CompareOptions& options, DiffResult& d) {
  const Reader reader(catalog);
  const TaskSequence& ta = *old_result.task_sequence;
  const TaskSequence& tb = *new_result.task_sequence;

  Change ts;
  ts.scope = ChangeScope::kTaskSequence;
  EntriesDiff(reader.TaskSequenceEntries(ta), reader.TaskSequenceEntries(tb), ts, false, d.changes);
  if (options.package && old_result.has_package && new_result.has_package) {
    Change pkg;
    pkg.scope = ChangeScope::kPackage;
    EntriesDiff(reader.PackageEntries(old_result), reader.PackageEntries(new_result), pkg, false,
                d.changes);
  }
  Tree a = compare::BuildTree(ta, reader);
  Tree b = compare::BuildTree(tb, reader);
  Differ(reader, a, b, d.changes).Run();
}

}  // namespace

}  // namespace tsimport
