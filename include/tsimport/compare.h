// Comparing two imported task sequences (`tsimport diff`): what changed, step by step.
//
// The comparison reads the two models only (never the text): encoding, attribute order,
// whitespace, escaping and the input's shape make no difference. Steps and groups are matched
// within their parent by class and name, then by content, then across the tree, so that a
// renamed step is "renamed", a step moved to another group is "moved" (with its old and new
// path) and a changed property is one change (docs/diff.md describes the rules). The result is
// data; the writers below turn it into text. Secrets (the catalog's Secret and QuasiSecret
// values, Set Dynamic Variables rules marked IsSecret) are masked in the result itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/import.h"
#include "tsimport/model.h"

namespace tsimport {

enum class ChangeKind { kAdded, kRemoved, kMoved, kRenamed, kModified };

/// "added", "removed", "moved", "renamed", "modified".
const char* ChangeKindName(ChangeKind kind);

/// What a change is about: a step or group, the task sequence (schema version, references,
/// global variables) or the package an object.xml or export zip carries.
enum class ChangeScope { kStep, kTaskSequence, kPackage };

/// "Step", "TaskSequence", "Package".
const char* ChangeScopeName(ChangeScope scope);

/// A value as the diff shows it.
struct DiffValue {
  /// Typed as the class defines it (kNull: unset or none). A condition is its sentence (as
  /// `-f text` prints it, a String); a Run PowerShell Script's SourceScript is the decoded script;
  /// an added or removed step is the step (kObject). A secret that is set is "********".
  Value value;
  /// As a person reads it: one line for a value, the lines of a script, one line per element of
  /// a list (rules, partitions, references); for an added or removed step, its outline. Strings
  /// are quoted; a step without a condition reads "(none)". Empty: unset.
  std::vector<std::string> lines;
  /// The lines are the elements of a list (shown as a list of elements added and removed).
  bool list = false;
};

struct Change {
  ChangeKind kind = ChangeKind::kModified;
  ChangeScope scope = ChangeScope::kStep;
  /// The step's path on the new side ("Install/Apply OS"); for a removed step, on the old side.
  /// Empty for the task sequence and the package.
  std::string path;
  std::string old_path;     ///< the path on the old side; empty for an added step
  std::string class_name;   ///< the step's class (the new side's; the old side's when removed)
  std::string class_label;  ///< its friendly name ("Run Command Line", "Group")
  bool group = false;
  int step = -1;      ///< execution number on the new side (smsts.log); -1: none
  int old_step = -1;  ///< execution number on the old side; -1: none
  /// modified: the property ("CommandLine", "Enabled", "Condition", "Rules", "Class",
  /// "References", "GlobalVariables[NAME]"...); empty otherwise.
  std::string property;
  /// modified: the values; renamed: the names; moved: where (the parent's path and the
  /// sibling before, as lines); added/removed: the step.
  DiffValue old_value, new_value;
  bool secret = false;  ///< the values are masked
};

/// One side of a comparison, as its summary shows it.
struct DiffSide {
  std::string input;   ///< the name given on the command line
  std::string member;  ///< the zip member, when the task sequence came from a zip
  std::string title;   ///< the task sequence's name (TaskSequenceTitle)
  std::string package_id;
  std::string schema_version;
  std::string dialect;  ///< "configmgr" or "mdt"
  std::size_t groups = 0, steps = 0;
  std::uint32_t hresult = 0;  ///< ReturnValue as ImportSequence would return it
  std::size_t errors = 0, warnings = 0;
};

struct DiffResult {
  DiffSide old_side, new_side;
  /// In the new side's document order (a removed step where it stood); for one step, its
  /// added/removed change, then moved, renamed, then one change per property.
  std::vector<Change> changes;
  /// Why the comparison could not be made (memory ran out); empty when it was made.
  std::string error;

  bool Equal() const { return changes.empty() && error.empty(); }
  std::size_t Count(ChangeKind kind) const;
};

struct CompareOptions {
  /// Compare the package properties (PackageID, Name, Version...) when both sides carry a
  /// package. A side without one (bare XML) is never "different" for that.
  bool package = true;
};

/// Compares two imported task sequences; a result without a task sequence compares as nothing.
/// Never throws: a comparison that cannot be made says why in DiffResult::error.
DiffResult Compare(const ImportResult& old_result, const ImportResult& new_result,
                   const Catalog& catalog, const CompareOptions& options = {});

/// The diff for a terminal: a summary, then one block per changed step with its path and its
/// execution number; ANSI colour when `color`.
std::string WriteDiffHuman(const DiffResult& diff, bool color);

/// The diff as GitHub-flavoured Markdown, for a pull-request comment: a summary table, then the
/// details of every change.
std::string WriteDiffMarkdown(const DiffResult& diff);

/// The diff as one JSON document (docs/diff.md has the schema), pretty when indent >= 0.
std::string WriteDiffJson(const DiffResult& diff, int indent = 2);

/// The task sequence as the diff sees it, one item a line, for a line-based diff tool (git's
/// textconv): no input path and no execution numbers (which change when anything before them
/// does), nothing cut, every value the comparison reads, secrets masked.
std::string WriteTextconv(const ImportResult& result, const Catalog& catalog);

}  // namespace tsimport
