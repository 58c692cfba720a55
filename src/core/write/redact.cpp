// --redact: blanks Secret and QuasiSecret values, as SMS_TaskSequence.ExportXml does.
//
// The model holds a value twice: as the typed property and as the `<variable>` text it was read
// from (which the XML writer writes back). Both are blanked, so every writer sees the same
// thing. Set Dynamic Variables rules marked IsSecret="true" are blanked in the rule objects and
// the step's Rules variable is written again from them.
#include <algorithm>
#include <cctype>
#include <set>

#include "tsimport/write.h"

namespace tsimport {
namespace {

bool IsSecret(const PropertyDef* def) {
  return def != nullptr && (def->secret || def->quasi_secret);
}

bool IsTrue(const Property* p) {
  if (p == nullptr) return false;
  if (p->value.kind == ValueKind::kBoolean) return p->value.boolean;
  std::string s = p->raw().str();
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s == "true";
}

class Redactor {
 public:
  explicit Redactor(const Catalog& catalog) : catalog_(catalog) {}

  void Steps(RareVector<Instance>& steps) {
    for (auto& s : steps) {
      if (s.role == InstanceRole::kGroup) {
        if (Property* children = s.Find("Steps")) Steps(children->value.objects);
        continue;
      }
      Step(s);
    }
  }

  void Globals(std::vector<Variable>& globals) {
    for (auto& v : globals) {
      bool secret = (v.property() && secret_properties_.count(v.property()->str()) > 0) ||
                    secret_variables_.count(v.name().str()) > 0;
      if (secret && !v.text.empty()) {
        v.text.clear();
        ++count_;
      }
    }
  }

  std::size_t count() const { return count_; }

 private:
  void Blank(Property& p) {
    if (p.raw().empty() && p.value.text.empty() && p.value.strings.empty()) return;
    p.set_raw({});
    p.value.text.clear();
    p.value.strings.clear();
    if (p.value.kind == ValueKind::kNull) p.value.kind = ValueKind::kString;
    ++count_;
  }

  /// Blanks the secret properties of an instance and of the objects embedded in it.
  void Properties(Instance& inst, const ClassDef* cls) {
    for (auto& p : inst.properties) {
      const PropertyDef* def = cls != nullptr ? cls->Find(p.name) : nullptr;
      if (IsSecret(def)) {
        Blank(p);
        secret_properties_.insert(def->name);
        if (!def->variable.empty()) secret_variables_.insert(def->variable);
      } else if (def != nullptr && def->type == WmiType::kObject &&
                 def->object_class != "SMS_TaskSequence_Rule") {
        const ClassDef* ocls = catalog_.Find(def->object_class);
        for (auto& o : p.value.objects) Properties(o, ocls ? ocls : catalog_.Find(o.class_name));
      }
    }
  }

  /// The definition of the property a step variable sets: a property of the class, or a field
  /// of an element of an embedded-object array (Partitions0Type).
  const PropertyDef* VariableDef(const Variable& v, const ClassDef* cls) const {
    if (cls == nullptr || !v.property()) return nullptr;
    const std::string_view key = *v.property();
    if (const PropertyDef* def = cls->Find(key)) return def;
    for (const auto& p : cls->properties) {
      if (p.type != WmiType::kObject || !p.is_array) continue;
      if (key.size() <= p.name.size() || key.compare(0, p.name.size(), p.name) != 0) continue;
      std::size_t i = p.name.size();
      while (i < key.size() && std::isdigit(static_cast<unsigned char>(key[i]))) ++i;
      if (i == p.name.size() || i == key.size()) continue;
      const ClassDef* ecls = catalog_.Find(p.object_class);
      if (ecls != nullptr) return ecls->Find(key.substr(i));
    }
    return nullptr;
  }

  void Step(Instance& s) {
    const ClassDef* cls = catalog_.Find(s.class_name);
    Properties(s, cls);
    for (auto& v : s.variables) {
      const PropertyDef* def = VariableDef(v, cls);
      if (IsSecret(def)) {
        v.text.clear();
        secret_properties_.insert(def->name);
        if (!def->variable.empty()) secret_variables_.insert(def->variable);
      }
    }
    Rules(s, cls);
  }

  void Rules(Instance& s, const ClassDef* cls) {
    if (cls == nullptr) return;
    for (auto& p : s.properties) {
      const PropertyDef* def = cls->Find(p.name);
      if (def == nullptr || def->object_class != "SMS_TaskSequence_Rule" || p.convert_failed)
        continue;
      bool changed = false;
      for (auto& rule : p.value.objects) {
        Property* vars = rule.Find("Variables");
        if (vars == nullptr) continue;
        for (auto& var : vars->value.objects) {
          if (!IsTrue(var.Find("IsSecret"))) continue;
          Property* value = var.Find("Value");
          if (value == nullptr || (value->value.text.empty() && value->raw().empty())) continue;
          Blank(*value);
          changed = true;
        }
      }
      if (!changed) continue;
      p.set_raw(WriteRulesXml(p.value.objects));
      for (auto& v : s.variables) {
        if (v.property() && *v.property() == p.name) v.text = p.raw();
      }
    }
  }

  const Catalog& catalog_;
  std::set<std::string> secret_properties_;
  std::set<std::string> secret_variables_;
  std::size_t count_ = 0;
};

}  // namespace

std::size_t Redact(TaskSequence& ts, const Catalog& catalog) {
  Redactor r(catalog);
  if (Property* steps = ts.root.Find("Steps")) r.Steps(steps->value.objects);
  r.Globals(ts.global_variables);
  return r.count();
}

}  // namespace tsimport
