// The class catalog: every class tsimport knows, as data (data/*.json, plus --schema files).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tsimport/diagnostic.h"
#include "tsimport/model.h"

namespace tsimport {

enum class WmiType { kString, kUInt32, kSInt32, kBoolean, kDateTime, kObject };

const char* WmiTypeName(WmiType t);

struct PropertyDef {
  std::string name;
  WmiType type = WmiType::kString;
  bool is_array = false;
  std::string object_class;  ///< for kObject: the embedded class
  std::string type_text;     ///< the type as written in the catalog ("UInt32", "String[]"...)
  std::string variable;      ///< run-time variable name (`name` of `<variable>`)
  bool hidden = false;       ///< written with hidden="true"
  bool not_null = false;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> allowed_len;
  std::optional<std::pair<std::int64_t, std::int64_t>> value_range;
  std::vector<std::string> value_map;  ///< allowed values (ValueMap / documented enum)
  std::vector<std::string> required_if_null;
  std::vector<std::string> required_if_not_null;
  bool secret = false;
  bool quasi_secret = false;
  bool global = false;
  int command_line_arg = 0;
  std::optional<Value> default_value;
  std::string qualifiers;  ///< the qualifier text as written
  std::string notes;
};

enum class ClassKind { kRoot, kAbstract, kGroup, kAction, kCondition, kOperand, kEmbedded };

struct ClassDef {
  std::string name;
  std::string parent;
  ClassKind kind = ClassKind::kAction;
  std::string ui_name;
  std::string description;
  std::string xml_element;
  std::string default_run_in;
  std::string variable_prefix;
  std::string success_code_list_default;
  std::string section;  ///< "actions", "conditions" or "base_classes" (as in classes.json)
  std::string origin;   ///< "classes.json", "mdt-classes.json", or a --schema path
  std::string source;   ///< documentation source
  std::vector<PropertyDef> properties;  ///< own and inherited, inherited first

  const PropertyDef* Find(std::string_view property) const;
  /// Makes Find quick: the catalog indexes each class once its properties are complete (a
  /// ClassDef never indexed, or whose properties were added to since, is searched by name;
  /// one whose properties are renamed must be indexed again).
  void Index();

 private:
  /// A key of each property's name, in the order of `properties`: Find compares a few bytes
  /// held together instead of reading every PropertyDef (large, and far apart in memory).
  std::vector<std::uint32_t> keys_;
};

class Catalog {
 public:
  /// The built-in catalog (classes.json, observed extensions, MDT classes).
  static std::shared_ptr<const Catalog> Builtin();

  /// Loads classes from JSON text in the classes.json format; a class whose name is already
  /// known gains the listed properties. Problems are reported as TS1007 diagnostics.
  bool Load(const std::string& json_text, const std::string& origin,
            std::vector<Diagnostic>& diagnostics);

  const ClassDef* Find(std::string_view name) const;
  /// Known class names closest to `name` (for did-you-mean), best first.
  std::vector<std::string> Suggest(std::string_view name, ClassKind kind) const;
  const std::vector<ClassDef>& classes() const { return classes_; }

 private:
  void Resolve();
  std::vector<ClassDef> classes_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace tsimport
