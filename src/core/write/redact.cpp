// Secrets: --redact blanks Secret and QuasiSecret values, as SMS_TaskSequence.ExportXml does;
// the diagnostics never quote one (a source line is masked before it is shown).
//
// The model holds a value twice: as the typed property and as the `<variable>` text it was read
// from (which the XML writer writes back). Both are blanked, so every writer sees the same
// thing. Set Dynamic Variables rules marked IsSecret="true" are blanked in the rule objects and
// the step's Rules variable is written again from them. A masked Set Task Sequence Variable
// (Do not display this value), a step or rule that sets a password variable, and the <action>
// text that repeats such a value are blanked too. One walk finds them, to blank them (Redact)
// or to list them (SecretValues).
#include <algorithm>
#include <cctype>
#include <set>
#include <type_traits>

#include "check/lint.h"
#include "model/text.h"
#include "tsimport/write.h"

namespace tsimport {
namespace {

using detail::AsciiLowercase;

bool IsSecret(const PropertyDef* def) {
  return def != nullptr && (def->secret || def->quasi_secret);
}

bool IsTrue(const Property* p) {
  if (p == nullptr) return false;
  if (p->value.kind == ValueKind::kBoolean) return p->value.boolean;
  return AsciiLowercase(p->raw().view()) == "true";
}

/// The run-time variables that hold a Secret or QuasiSecret property of the catalog
/// (OSDJoinPassword...), in lower case.
std::set<std::string> SecretVariables(const Catalog& catalog) {
  std::set<std::string> out;
  for (const PropertyDef* p : catalog.SecretProperties()) {
    if (!p->variable.empty()) out.insert(AsciiLowercase(p->variable));
  }
  return out;
}

/// Finds the secret values of a task sequence. kBlank: blanks them (Redact); otherwise lists
/// them (SecretValues), changing nothing.
template <bool kBlank>
class SecretWalker {
  template <typename T>
  using Model = std::conditional_t<kBlank, T, const T>;

 public:
  SecretWalker(const Catalog& catalog, std::vector<std::string>* found)
      : catalog_(catalog), found_(found), secret_variables_(SecretVariables(catalog)) {}

  void Steps(Model<RareVector<Instance>>& steps) {
    for (auto& s : steps) {
      if (s.role == InstanceRole::kGroup) {
        if (auto* children = s.Find("Steps")) Steps(children->value.objects);
        continue;
      }
      Step(s);
    }
  }

  void Globals(Model<std::vector<Variable>>& globals) {
    for (auto& v : globals) {
      bool secret = (v.property() && secret_properties_.count(v.property()->str()) > 0) ||
                    secret_variables_.count(AsciiLowercase(v.name().view())) > 0;
      if (secret && !v.text.empty()) {
        Found(v.text);
        ++count_;
      }
    }
  }

  std::size_t count() const { return count_; }

 private:
  /// A secret text: blanked, or listed.
  void Found(Model<Str>& text) {
    if (text.empty()) return;
    if constexpr (kBlank) {
      text.clear();
    } else {
      found_->push_back(text.str());
    }
  }

  void Found(Model<Property>& p) {
    if (p.raw().empty() && p.value.text.empty() && p.value.strings.empty()) return;
    if constexpr (kBlank) {
      p.set_raw({});
      p.value.text.clear();
      p.value.strings.clear();
      if (p.value.kind == ValueKind::kNull) p.value.kind = ValueKind::kString;
    } else {
      found_->push_back(p.raw().str());
      if (p.value.text != p.raw()) found_->push_back(p.value.text.str());
      for (const auto& s : p.value.strings) found_->push_back(s);
    }
    ++count_;
  }

  /// The secret properties of an instance and of the objects embedded in it.
  void Properties(Model<Instance>& inst, const ClassDef* cls) {
    for (auto& p : inst.properties) {
      const PropertyDef* def = cls != nullptr ? cls->Find(p.name) : nullptr;
      if (IsSecret(def)) {
        Found(p);
        secret_properties_.insert(def->name);
        if (!def->variable.empty()) secret_variables_.insert(AsciiLowercase(def->variable));
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

  void Step(Model<Instance>& s) {
    const ClassDef* cls = catalog_.Find(s.class_name);
    Properties(s, cls);
    for (auto& v : s.variables) {
      const PropertyDef* def = VariableDef(v, cls);
      if (IsSecret(def)) {
        Found(v.text);
        secret_properties_.insert(def->name);
        if (!def->variable.empty()) secret_variables_.insert(AsciiLowercase(def->variable));
      }
    }
    if (s.class_name == "SMS_TaskSequence_SetVariableAction") SetVariable(s);
    Rules(s, cls);
    CommandLines(s);
  }

  /// Set Task Sequence Variable with "Do not display this value", or setting a password
  /// variable: its value, in the property, the <variable> and the <action> (tsenv.exe "N=V").
  void SetVariable(Model<Instance>& s) {
    const auto* name = s.Find("VariableName");
    const bool secret =
        IsTrue(s.Find("DoNotShowVariableValue")) ||
        (name != nullptr && secret_variables_.count(AsciiLowercase(name->raw().view())) > 0);
    if (!secret) return;
    for (const char* prop : {"VariableValue", "HiddenVariableValue"}) {
      auto* p = s.Find(prop);
      if (p == nullptr || p->raw().empty()) continue;
      const std::string value = p->raw().str();
      Found(*p);
      for (auto& v : s.variables) {
        if (v.property() && *v.property() == prop) Found(v.text);
      }
      if constexpr (kBlank) {
        if (s.action && s.action->view().find(value) != std::string_view::npos) {
          std::string action = s.action->str();
          for (std::size_t at; (at = action.find(value)) != std::string::npos;)
            action.erase(at, value.size());
          s.action = Str(action);
        }
      }
    }
  }

  /// Set Dynamic Variables: a rule variable marked IsSecret="true", or named as a password
  /// variable.
  void Rules(Model<Instance>& s, const ClassDef* cls) {
    if (cls == nullptr) return;
    for (auto& p : s.properties) {
      const PropertyDef* def = cls->Find(p.name);
      if (def == nullptr || def->object_class != "SMS_TaskSequence_Rule" || p.convert_failed)
        continue;
      bool changed = false;
      for (auto& rule : p.value.objects) {
        auto* vars = rule.Find("Variables");
        if (vars == nullptr) continue;
        for (auto& var : vars->value.objects) {
          const auto* name = var.Find("Name");
          if (!IsTrue(var.Find("IsSecret")) &&
              (name == nullptr || secret_variables_.count(AsciiLowercase(name->raw().view())) == 0))
            continue;
          auto* value = var.Find("Value");
          if (value == nullptr || (value->value.text.empty() && value->raw().empty())) continue;
          Found(*value);
          changed = true;
        }
      }
      if constexpr (kBlank) {
        if (!changed) continue;
        p.set_raw(WriteRulesXml(p.value.objects));
        for (auto& v : s.variables) {
          if (v.property() && *v.property() == p.name) v.text = p.raw();
        }
      }
    }
  }

  /// A literal password passed on a command line (TS5006: `/pwd:x`, `-Password x`,
  /// `PASSWORD=x`): listed, or replaced by ******** (ExportXml keeps it, being no Secret
  /// property, but --redact promises no password in any output; the command line still reads
  /// as one) in the property, its <variable> and the <action> that repeats it.
  void CommandLines(Model<Instance>& s) {
    for (const char* prop : {"CommandLine", "Parameters"}) {
      auto* p = s.Find(prop);
      if (p == nullptr || p->value.kind != ValueKind::kString) continue;
      const auto found = detail::LiteralPasswords(p->value.text.str());
      if (found.empty()) continue;
      if constexpr (kBlank) {
        std::vector<std::string> values;
        for (const auto& option_value : found) values.push_back(option_value.second);
        p->value.text = Str(Masked(p->value.text.view(), values));
        p->set_raw_to_text();
        for (auto& v : s.variables) {
          if (v.property() && *v.property() == prop) v.text = Str(Masked(v.text.view(), values));
        }
        if (s.action) s.action = Str(Masked(s.action->view(), values));
        ++count_;
      } else {
        for (const auto& option_value : found) found_->push_back(option_value.second);
      }
    }
  }

  /// `text` with every occurrence of each of `values` replaced by ********.
  static std::string Masked(std::string_view text, const std::vector<std::string>& values) {
    std::string out(text);
    for (const auto& value : values) {
      if (value.empty()) continue;
      for (std::size_t at = out.find(value); at != std::string::npos;
           at = out.find(value, at + 8))
        out.replace(at, value.size(), "********");
    }
    return out;
  }

  const Catalog& catalog_;
  std::vector<std::string>* found_;
  std::set<std::string> secret_properties_;
  std::set<std::string> secret_variables_;  ///< lower case
  std::size_t count_ = 0;
};

}  // namespace

std::size_t Redact(TaskSequence& ts, const Catalog& catalog) {
  SecretWalker<true> r(catalog, nullptr);
  if (Property* steps = ts.root.Find("Steps")) r.Steps(steps->value.objects);
  r.Globals(ts.global_variables);
  return r.count();
}

std::vector<std::string> SecretValues(const TaskSequence& ts, const Catalog& catalog) {
  std::vector<std::string> found;
  SecretWalker<false> r(catalog, &found);
  if (const Property* steps = ts.root.Find("Steps")) r.Steps(steps->value.objects);
  r.Globals(ts.global_variables);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  found.erase(std::remove(found.begin(), found.end(), std::string()), found.end());
  return found;
}

}  // namespace tsimport
