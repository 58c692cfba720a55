// What the comparison reads of a step, of the task sequence and of the package: a list of
// entries, each a key with its typed value, how a person reads it, and a canonical form that
// decides equality (computed from the real value, before a secret is masked).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tsimport/catalog.h"
#include "tsimport/compare.h"
#include "tsimport/import.h"
#include "tsimport/model.h"

namespace tsimport::compare {

struct Entry {
  std::string key;
  DiffValue value;          ///< as shown (masked when secret)
  std::string canon;        ///< equal canon: equal values
  bool secret = false;      ///< the value is masked
  bool set = false;         ///< set in the input (not a class default): counts for similarity
  bool at_default = false;  ///< unset, empty or the class default (textconv leaves it out)
  bool flag = false;        ///< Enabled or ContinueOnError: not content, for similarity
  bool derived = false;     ///< the step's <action>: reported only when nothing else changed
};

/// Reads the catalog once for what every comparison needs: secret variable names.
class Reader {
 public:
  explicit Reader(const Catalog& catalog);

  const Catalog& catalog() const { return catalog_; }

  /// Every entry of a step or group except its name and its steps, in the class's order: the
  /// class's properties (unset ones as their default), properties and variables the class does
  /// not define, MDT attributes (startIn, successCodes), unknown elements, then the action.
  std::vector<Entry> StepEntries(const Instance& step) const;

  /// SchemaVersion, the root's name and description (MDT), References (one list), and each
  /// global variable ("GlobalVariables[NAME]").
  std::vector<Entry> TaskSequenceEntries(const TaskSequence& ts) const;

  /// Every package property, typed (lists of objects sorted, as their order means nothing).
  std::vector<Entry> PackageEntries(const ImportResult& result) const;

  /// A step (or group, with its steps) as a masked copy, for an added or removed change.
  DiffValue StepValue(const Instance& step) const;

  /// The friendly name of a class ("Group" for a group).
  std::string ClassLabel(const Instance& step) const;

 private:
  Entry MakeEntry(std::string key, const Value& value, const PropertyDef* def, bool set) const;
  bool IsSecretName(std::string_view name) const;
  void Mask(Instance& inst) const;

  const Catalog& catalog_;
  std::set<std::string, std::less<>> secret_variables_;
};

/// The canonical form of a value and of an instance (set properties by name, fields, operands
/// in order).
std::string CanonValue(const Value& v);
std::string CanonInstance(const Instance& inst);

/// A string as the diff quotes it: in double quotes, control characters escaped.
std::string Quoted(std::string_view s);

/// A text on one line for a terminal: line breaks and tabs as spaces, other control characters
/// as '?' (no value can drive the terminal).
std::string Printable(std::string_view s);

/// How similar two texts are, 0 to 1, by the words they share (a command line's script name
/// weighs as much as its "cscript.exe").
double TextSimilarity(std::string_view a, std::string_view b);

}  // namespace tsimport::compare
