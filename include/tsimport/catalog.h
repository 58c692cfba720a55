// The class catalog: every class tsimport knows, as data (data/*.json, plus --schema files).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
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

/// A value of a property's list of allowed values, with where it comes from when that is not the
/// property's own source (a value a newer ConfigMgr added).
struct AllowedValue {
  std::string value;
  std::string source;
  std::string since;
};

/// What each check of a property rests on (the catalog's "check_evidence"; docs/fidelity.md).
/// kUnstated: the entry does not say (a --schema file): a qualifier, and the type, count.
struct CheckEvidence {
  Evidence type = Evidence::kUnstated;         ///< conversion to the WMI type (TS2005)
  Evidence not_null = Evidence::kUnstated;     ///< Not_Null, or "required" (TS2006)
  Evidence allowed_len = Evidence::kUnstated;  ///< AllowedLen (TS2008)
  Evidence value_range = Evidence::kUnstated;  ///< ValueRange (TS2009)
  Evidence values = Evidence::kUnstated;       ///< the list of allowed values (TS2010)
  Evidence required_if = Evidence::kUnstated;  ///< RequiredIfNull, RequiredIfNotNull (TS2007)
};

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
  std::vector<AllowedValue> values;  ///< allowed values (ValueMap / documented list)
  std::vector<std::string> required_if_null;
  std::vector<std::string> required_if_not_null;
  bool secret = false;
  bool quasi_secret = false;
  bool global = false;
  int command_line_arg = 0;
  std::optional<Value> default_value;
  std::string qualifiers;  ///< the qualifier text as written
  std::string notes;
  CheckEvidence evidence;
  std::string source;  ///< where the property comes from, when not its class's source
  std::string since;   ///< the ConfigMgr or MDT release that introduced it, when known
  /// The console's wording of the setting (the step editor's label), when it differs from the
  /// name; empty: the documentation writers make one from the name.
  std::string label;
  std::string label_source;  ///< where the label comes from

  /// Not_Null or a RequiredIf qualifier: the only ones that make an unset property a finding.
  bool HasRequirement() const {
    return not_null || !required_if_null.empty() || !required_if_not_null.empty();
  }
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
  std::string since;    ///< the ConfigMgr or MDT release that introduced it, when known
  std::vector<PropertyDef> properties;  ///< own and inherited, inherited first

  const PropertyDef* Find(std::string_view property) const;
  /// Makes Find, PropertyName and Requirements quick: the catalog indexes each class once its
  /// properties are complete (Catalog::Load ends by indexing every class again). A ClassDef
  /// never indexed, or whose properties were added to or removed since, is searched by name;
  /// one whose properties are renamed, replaced or given other qualifiers (Not_Null,
  /// RequiredIf) must be indexed again: the index keeps their names and requirements.
  void Index();
  /// Whether Index has seen as many properties as there are (see Index for what it cannot tell).
  bool Indexed() const { return keys_.size() == properties.size(); }

  /// properties[i].name (i < properties.size()), read from a copy of all the names held
  /// together once the class is indexed: the validator compares names for every property of
  /// every step, and each PropertyDef is large and far from the next.
  std::string_view PropertyName(std::size_t i) const {
    return Indexed() ? names_[i] : std::string_view(properties[i].name);
  }
  /// When indexed: the positions in `properties` of the definitions that HasRequirement, in
  /// order (most classes have a few).
  const std::vector<std::uint32_t>& Requirements() const { return requirements_; }

 private:
  /// A key of each property's name, in the order of `properties`: Find compares a few bytes
  /// held together instead of reading every PropertyDef (large, and far apart in memory).
  std::vector<std::uint32_t> keys_;
  /// Every property's name, viewing one block of them (shared by copies: it never changes).
  std::shared_ptr<const std::string> names_block_;
  std::vector<std::string_view> names_;
  std::vector<std::uint32_t> requirements_;
};

class Catalog {
 public:
  /// The built-in catalog (classes.json, observed extensions, MDT classes).
  static std::shared_ptr<const Catalog> Builtin();

  /// Loads classes from JSON text in the classes.json format; a class whose name is already
  /// known gains the listed properties. Problems are reported as TS1007 diagnostics.
  bool Load(const std::string& json_text, const std::string& origin,
            std::vector<Diagnostic>& diagnostics);

  Catalog() = default;
  /// A copy has every class made (see lazy_).
  Catalog(const Catalog& other);
  Catalog& operator=(const Catalog& other);

  const ClassDef* Find(std::string_view name) const;
  /// Known class names closest to `name` (for did-you-mean), best first.
  std::vector<std::string> Suggest(std::string_view name, ClassKind kind) const;
  const std::vector<ClassDef>& classes() const {
    MakeAll();
    return classes_;
  }
  /// Every Secret or QuasiSecret property of every class, in catalog order (found once: the
  /// lint, redaction and masking of every input ask for them).
  const std::vector<const PropertyDef*>& SecretProperties() const;

 private:
  /// The built-in catalog's classes are made from the compiled tables when first asked for:
  /// an import uses a few of its hundred classes, and making all of them was a tenth of the
  /// start-up (docs/performance.md). Each class once, under its own flag (workers share the
  /// catalog). Null once every class is made, and for a catalog loaded from JSON.
  struct Lazy {
    void (*make)(ClassDef& cls, std::size_t index);
    bool (*has_secret)(std::size_t index);  ///< whether the class has a secret property
    std::unique_ptr<std::once_flag[]> once;
  };
  struct Secrets {
    std::once_flag once;
    std::vector<const PropertyDef*> properties;
  };
  void Make(std::size_t index) const;
  void MakeAll() const;
  void Resolve();
  mutable std::vector<ClassDef> classes_;
  std::unordered_map<std::string, std::size_t> index_;
  std::shared_ptr<Lazy> lazy_;
  std::shared_ptr<Secrets> secrets_ = std::make_shared<Secrets>();
};

}  // namespace tsimport
