#include "compare/entries.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <unordered_map>

#include "model/text.h"
#include "tsimport/write.h"

namespace tsimport::compare {
namespace {

constexpr const char* kMask = "********";

bool IsRuleClass(std::string_view cls) { return cls == "SMS_TaskSequence_Rule"; }

bool IsConditionInstance(const Instance& i) {
  return i.role == InstanceRole::kCondition || i.class_name == "SMS_TaskSequence_Condition";
}

/// Attributes of a step element that set a base property or are the class: read through the
/// properties. `expand` is the MDT Workbench's tree state (whether a group is shown open), not a
/// setting of the task sequence.
bool IsPropertyAttribute(std::string_view name) {
  static const char* kNames[] = {"name",  "description", "disable", "continueOnError",
                                 "runIn", "timeout",     "type",    "expand"};
  return std::any_of(std::begin(kNames), std::end(kNames),
                     [&](const char* n) { return name == n; });
}

/// Attributes the console writes beside the property they mirror (SuccessCodes, RetryCount,
/// RunFromNet): a change there is a change of the property, reported once.
bool IsMirrorAttribute(std::string_view name) {
  return name == "successCodeList" || name == "retryCount" || name == "runFromNet";
}

std::string Escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = detail::NextCodePoint(s, i);
    if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[(cp >> 4) & 0xF];
      out += kHex[cp & 0xF];
    } else {
      out.append(s, start, i - start);
    }
  }
  return out;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(Printable(line));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  // A final line end does not make an empty last line.
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

bool Multiline(std::string_view s) { return s.find('\n') != std::string_view::npos; }

bool IsEmptyValue(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kString:
    case ValueKind::kDateTime:
      return v.text.empty();
    case ValueKind::kStringArray:
      return v.strings.empty();
    case ValueKind::kUInt32Array:
    case ValueKind::kSInt32Array:
      return v.numbers.empty();
    case ValueKind::kObject:
    case ValueKind::kObjectArray:
      return v.objects.empty();
    default:
      return false;
  }
}

std::string ScalarDisplay(const Value& v) {
  switch (v.kind) {
    case ValueKind::kString:
    case ValueKind::kDateTime:
      return Quoted(v.text);
    case ValueKind::kStringArray: {
      std::string s;
      for (const auto& x : v.strings) s += (s.empty() ? "" : ", ") + Quoted(x);
      return s;
    }
    default:
      return detail::ScalarText(v);
  }
}

std::string ElementText(const Instance& inst);

std::string ConditionSentence(const Instance& cond) { return ConditionText(cond); }

/// A value inside an element's one-line text.
std::string InlineValue(const Property& p) {
  if (p.convert_failed) return Quoted(p.raw());
  const Value& v = p.value;
  if (v.kind == ValueKind::kObject) {
    if (v.objects.empty()) return "(none)";
    const Instance& o = v.objects.front();
    if (IsConditionInstance(o))
      return IsEmptyCondition(o) ? "(none)" : "if " + ConditionSentence(o);
    return "{" + ElementText(o) + "}";
  }
  if (v.kind == ValueKind::kObjectArray) {
    std::string s;
    for (const auto& o : v.objects) s += (s.empty() ? "" : "; ") + ElementText(o);
    return "[" + s + "]";
  }
  return ScalarDisplay(v);
}

std::string RuleText(const Instance& rule) {
  std::string head = "always";
  if (const Property* c = rule.Find("Condition");
      c != nullptr && c->value.kind == ValueKind::kObject && !c->value.objects.empty() &&
      !IsEmptyCondition(c->value.objects.front())) {
    head = "if " + ConditionSentence(c->value.objects.front());
  }
  std::string vars;
  if (const Property* list = rule.Find("Variables");
      list != nullptr && list->value.kind == ValueKind::kObjectArray) {
    for (const auto& v : list->value.objects) {
      const Property* name = v.Find("Name");
      const Property* value = v.Find("Value");
      std::string text = value != nullptr ? InlineValue(*value) : std::string("(unset)");
      vars +=
          (vars.empty() ? "" : ", ") + (name ? name->raw().str() : std::string("?")) + " = " + text;
    }
  }
  return head + ": " + (vars.empty() ? std::string("(no variables)") : vars);
}

/// One element of a list (a partition, an application, a rule) on one line: its set values.
std::string ElementText(const Instance& inst) {
  if (IsRuleClass(inst.class_name)) return RuleText(inst);
  if (IsConditionInstance(inst)) return "if " + ConditionSentence(inst);
  // By name: the order of <variable> elements means nothing.
  std::vector<const Property*> props;
  for (const auto& p : inst.properties) {
    if (p.convert_failed || !IsEmptyValue(p.value)) props.push_back(&p);
  }
  std::stable_sort(props.begin(), props.end(), [](const Property* a, const Property* b) {
    return a->name.view() < b->name.view();
  });
  std::string s;
  for (const Property* p : props)
    s += (s.empty() ? "" : ", ") + p->name.str() + "=" + InlineValue(*p);
  for (const auto& v : inst.variables) {
    if (v.role != VariableRole::kUnknown && v.role != VariableRole::kNoProperty) continue;
    s += (s.empty() ? "" : ", ") + (v.property() ? v.property()->str() : v.name().str()) + "=" +
         Quoted(v.text);
  }
  return s.empty() ? std::string("(empty)") : s;
}

std::vector<std::string> DisplayLines(const Value& v, bool& list) {
  list = false;
  switch (v.kind) {
    case ValueKind::kNull:
      return {};
    case ValueKind::kString:
    case ValueKind::kDateTime:
      if (v.text.empty()) return {};  // unset, as ConfigMgr writes unset values
      if (Multiline(v.text)) return SplitLines(v.text);
      return {Quoted(v.text)};
    case ValueKind::kObject:
      if (v.objects.empty()) return {};
      return {ElementText(v.objects.front())};
    case ValueKind::kObjectArray: {
      list = true;
      std::vector<std::string> lines;
      for (const auto& o : v.objects) lines.push_back(ElementText(o));
      return lines;
    }
    default:
      return {ScalarDisplay(v)};
  }
}

void RawCanon(const RawElement& e, std::string& out) {
  out += "<" + e.name;
  for (const auto& a : e.attributes) out += " " + a.name.str() + "=" + Quoted(a.value);
  out += ">" + Quoted(e.text);
  for (const auto& c : e.children) RawCanon(c, out);
  out += "</>";
}

/// Serialised unknown elements (kept by the import, reported by the validator).
std::string ExtrasText(const RareVector<std::pair<std::size_t, RawElement>>& extras) {
  std::string out;
  for (const auto& [at, e] : extras) RawCanon(e, out);
  return out;
}

std::vector<std::string> Tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size() && out.size() < 4000; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c) || c >= 0x80) {
      cur += detail::AsciiLower(static_cast<char>(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

std::string Quoted(std::string_view s) { return "\"" + Escaped(s) + "\""; }

std::string Printable(std::string_view s) { return detail::PrintableLine(s); }

double TextSimilarity(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  std::vector<std::string> ta = Tokens(a), tb = Tokens(b);
  if (ta.empty() || tb.empty()) return 0.0;
  std::unordered_map<std::string, int> count;
  for (const auto& t : ta) ++count[t];
  std::size_t common = 0;
  for (const auto& t : tb) {
    auto it = count.find(t);
    if (it != count.end() && it->second > 0) {
      --it->second;
      ++common;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(ta.size() + tb.size());
}

std::string CanonValue(const Value& v) {
  switch (v.kind) {
    case ValueKind::kNull:
      return "~";
    case ValueKind::kString:
    case ValueKind::kDateTime:
      // An empty value is an unset one, as ConfigMgr writes unset properties (PRODUCT.md 4).
      if (v.text.empty()) return "~";
      return "s" + std::to_string(v.text.size()) + ":" + v.text.str();
    case ValueKind::kUInt32:
    case ValueKind::kSInt32:
      return "n" + std::to_string(v.number);
    case ValueKind::kBoolean:
      return v.boolean ? "b1" : "b0";
    case ValueKind::kStringArray: {
      if (v.strings.empty()) return "~";
      std::string s = "a[";
      for (const auto& x : v.strings) s += std::to_string(x.size()) + ":" + x;
      return s + "]";
    }
    case ValueKind::kUInt32Array:
    case ValueKind::kSInt32Array: {
      if (v.numbers.empty()) return "~";
      std::string s = "a[";
      for (auto n : v.numbers) s += std::to_string(n) + ",";
      return s + "]";
    }
    case ValueKind::kObject:
      return v.objects.empty() ? std::string("~") : CanonInstance(v.objects.front());
    case ValueKind::kObjectArray: {
      if (v.objects.empty()) return "~";
      std::string s = "A[";
      for (const auto& o : v.objects) s += CanonInstance(o);
      return s + "]";
    }
  }
  return "?";
}

std::string CanonInstance(const Instance& inst) {
  // Properties by name: the order of <variable> elements (and of attributes) means nothing.
  std::vector<std::pair<std::string, std::string>> props;
  for (const auto& p : inst.properties) {
    props.emplace_back(p.name.str(), p.convert_failed ? "r" + p.raw().str() : CanonValue(p.value));
  }
  std::vector<std::string> fields;
  for (const auto& v : inst.variables) {
    if (v.role == VariableRole::kProperty || v.role == VariableRole::kArrayCount ||
        v.role == VariableRole::kArrayElement) {
      continue;
    }
    const std::string key = v.property() ? v.property()->str() : v.name().str();
    if (v.role == VariableRole::kField && inst.Find(key) != nullptr) continue;
    fields.push_back(key + "=" + std::to_string(v.text.size()) + ":" + v.text.str());
  }
  std::sort(props.begin(), props.end());
  std::sort(fields.begin(), fields.end());
  std::string s = "{" + inst.class_name.str() + "|" + inst.element.str() + "|";
  for (const auto& [name, canon] : props) s += name + "=" + canon + ";";
  s += "|";
  for (const auto& f : fields) s += f + ";";
  if (!inst.extras.empty()) s += "|" + ExtrasText(inst.extras);
  return s + "}";
}

Reader::Reader(const Catalog& catalog) : catalog_(catalog) {
  for (const PropertyDef* def : catalog.SecretProperties()) {
    if (!def->variable.empty()) secret_variables_.insert(def->variable);
    secret_variables_.insert(def->name);
  }
}

bool Reader::IsSecretName(std::string_view name) const {
  return secret_variables_.find(name) != secret_variables_.end();
}

void Reader::Mask(Instance& inst) const {
  const ClassDef* cls = catalog_.Find(inst.class_name);
  const bool rule_variable = inst.class_name == "SMS_TaskSequence_RuleVariable";
  bool secret_rule_variable = false;
  if (rule_variable) {
    if (const Property* s = inst.Find("IsSecret")) {
      secret_rule_variable =
          s->value.kind == ValueKind::kBoolean
              ? s->value.boolean
              : detail::Equals(s->raw(), "true") || detail::Equals(s->raw(), "True");
    }
  }
  for (auto& p : inst.properties) {
    const PropertyDef* def = cls != nullptr ? cls->Find(p.name) : nullptr;
    const bool secret = (def != nullptr && (def->secret || def->quasi_secret)) ||
                        (secret_rule_variable && p.name == "Value");
    if (secret) {
      if (!p.convert_failed && IsEmptyValue(p.value) && p.raw().empty()) continue;
      p.value = Value::String(kMask);
      p.convert_failed = false;
      p.set_raw_to_text();
      continue;
    }
    if (p.value.kind == ValueKind::kObject || p.value.kind == ValueKind::kObjectArray) {
      for (auto& o : p.value.objects) Mask(o);
    }
  }
  for (auto& v : inst.variables) {
    if (IsSecretName(v.name()) || (v.property() && IsSecretName(*v.property()))) {
      if (!v.text.empty()) v.text = kMask;
    }
  }
}

Entry Reader::MakeEntry(std::string key, const Value& value, const PropertyDef* def,
                        bool set) const {
  Entry e;
  e.key = std::move(key);
  e.set = set && !IsEmptyValue(value);
  e.canon = CanonValue(value);
  e.secret = (def != nullptr && (def->secret || def->quasi_secret)) || IsSecretName(e.key);
  e.at_default =
      IsEmptyValue(value) ||
      (def != nullptr && def->default_value && CanonValue(*def->default_value) == e.canon) ||
      (def != nullptr && !def->default_value && def->type == WmiType::kBoolean && e.canon == "b0");
  e.flag = e.key == "Enabled" || e.key == "ContinueOnError";
  if (e.secret && !IsEmptyValue(value)) {
    e.value.value = Value::String(kMask);
    e.value.lines = {kMask};
    return e;
  }
  e.value.value = value;
  if (value.kind == ValueKind::kObject || value.kind == ValueKind::kObjectArray) {
    for (auto& o : e.value.value.objects) Mask(o);
  }
  e.value.lines = DisplayLines(e.value.value, e.value.list);
  return e;
}

std::vector<Entry> Reader::StepEntries(const Instance& s) const {
  std::vector<Entry> out;
  const ClassDef* cls = catalog_.Find(s.class_name);
  std::set<std::string, std::less<>> seen;
  auto condition = [&](const Property* p) {
    Entry e;
    e.key = "Condition";
    const Instance* cond =
        p != nullptr && p->value.kind == ValueKind::kObject && !p->value.objects.empty()
            ? &p->value.objects.front()
            : nullptr;
    if (cond == nullptr || IsEmptyCondition(*cond)) {
      e.canon = "~";
      e.at_default = true;
      e.value.lines = {"(none)"};  // the step always runs
    } else {
      const std::string sentence = ConditionSentence(*cond);
      e.canon = CanonInstance(*cond);
      e.set = true;
      e.value.value = Value::String(sentence);
      e.value.lines = {"if " + Printable(sentence)};
    }
    out.push_back(std::move(e));
  };
  auto property = [&](std::string_view name, const Property* p, const PropertyDef* def) {
    if (name == "Name" || name == "Steps" || !seen.insert(std::string(name)).second) return;
    if (name == "Condition") {
      condition(p);
      return;
    }
    Value v;
    bool set = false;
    if (p != nullptr) {
      v = p->convert_failed ? Value::String(p->raw()) : p->value;
      set = true;
    } else if (def != nullptr && def->default_value) {
      v = *def->default_value;
    } else if (def != nullptr && def->type == WmiType::kBoolean && !def->is_array) {
      // An unset Boolean is false when the step runs: MDT's Workbench writes the false ones
      // when it saves a sequence again, which changes nothing.
      v = Value::Bool(false);
    }
    if (name == "SourceScript" && v.kind == ValueKind::kString && !v.text.empty()) {
      if (std::optional<std::string> script = DecodeSourceScript(v.text.str())) {
        v = Value::String(*script);
      }
    }
    out.push_back(MakeEntry(std::string(name), v, def, set));
  };
  if (cls != nullptr) {
    for (const auto& def : cls->properties) property(def.name, s.Find(def.name), &def);
  }
  for (const auto& p : s.properties) {
    property(p.name, &p, cls != nullptr ? cls->Find(p.name) : nullptr);
  }
  for (const auto& v : s.variables) {
    if (v.role != VariableRole::kUnknown && v.role != VariableRole::kNoProperty) continue;
    std::string key = v.property() ? v.property()->str() : v.name().str();
    if (!seen.insert(key).second) {
      // Set twice: the last one counts, as in the import record.
      for (auto& e : out) {
        if (e.key == key) e = MakeEntry(key, Value::String(v.text), nullptr, true);
      }
      continue;
    }
    Entry e = MakeEntry(key, Value::String(v.text), nullptr, true);
    if (IsSecretName(v.name()) && !v.text.empty()) {
      e.secret = true;
      e.value.value = Value::String(kMask);
      e.value.lines = {kMask};
    }
    out.push_back(std::move(e));
  }
  for (const auto& a : s.attributes) {
    if (IsPropertyAttribute(a.name) || !seen.insert(a.name.str()).second) continue;
    Entry e = MakeEntry(a.name.str(), Value::String(a.value), nullptr, true);
    e.derived = IsMirrorAttribute(a.name);
    out.push_back(std::move(e));
  }
  if (!s.extras.empty()) {
    out.push_back(MakeEntry("UnknownElements", Value::String(ExtrasText(s.extras)), nullptr, true));
  }
  // The action: MDT runs it as written; ConfigMgr's console writes it from the properties.
  Value action;
  if (s.action && !s.action->empty()) action = Value::String(*s.action);
  Entry e = MakeEntry("Action", action, nullptr, true);
  e.derived = true;
  out.push_back(std::move(e));
  return out;
}

std::vector<Entry> Reader::TaskSequenceEntries(const TaskSequence& ts) const {
  std::vector<Entry> out;
  const Property* version = ts.root.Find("SchemaVersion");
  out.push_back(MakeEntry("SchemaVersion",
                          version != nullptr ? Value::String(version->raw()) : Value(), nullptr,
                          true));
  // The root's other attributes: MDT's name and description.
  for (const auto& a : ts.root.attributes) {
    if (a.name == "version") continue;
    std::string key = a.name == "name"          ? std::string("Name")
                      : a.name == "description" ? std::string("Description")
                                                : a.name.str();
    out.push_back(MakeEntry(key, Value::String(a.value), nullptr, true));
  }
  // References: a set (their order means nothing), shown one a line.
  std::vector<Instance> refs;
  for (const auto& r : ts.references) {
    Instance i;
    i.class_name = "SMS_TaskSequence_Reference";
    i.element = "reference";
    i.role = InstanceRole::kEmbedded;
    i.properties.emplace_back("Package", Value::String(r.package), ValueSource::kAttribute, Str(),
                              r.loc);
    if (r.program) {
      i.properties.emplace_back("Program", Value::String(*r.program), ValueSource::kAttribute,
                                Str(), r.loc);
    }
    i.properties.emplace_back("Type", Value::UInt32(r.type), ValueSource::kAttribute, Str(), r.loc);
    refs.push_back(std::move(i));
  }
  std::sort(refs.begin(), refs.end(), [](const Instance& a, const Instance& b) {
    return CanonInstance(a) < CanonInstance(b);
  });
  Value list;
  if (!refs.empty()) {
    list.kind = ValueKind::kObjectArray;
    list.objects = std::move(refs);
  }
  Entry e = MakeEntry("References", list, nullptr, true);
  for (std::size_t i = 0; i < e.value.lines.size(); ++i) {
    // "CM100080", "CM100080 (program "Install (silent)")", "ScopeId_.../Application_...
    // (application)"
    const Instance& r = e.value.value.objects[i];
    std::string line = r.Find("Package")->value.text.str();
    if (const Property* program = r.Find("Program"); program && !program->value.text.empty())
      line += " (program " + Quoted(program->value.text) + ")";
    if (r.Find("Type")->value.number == 1) line += " (application)";
    e.value.lines[i] = Printable(line);
  }
  out.push_back(std::move(e));
  // Global variables, by name (the last one of a name counts).
  std::map<std::string, const Variable*> globals;
  for (const auto& v : ts.global_variables) globals[v.name().str()] = &v;
  for (const auto& [name, v] : globals) {
    Entry g = MakeEntry("GlobalVariables[" + name + "]", Value::String(v->text), nullptr, true);
    if ((IsSecretName(name) || (v->property() && IsSecretName(*v->property()))) &&
        !v->text.empty()) {
      g.secret = true;
      g.value.value = Value::String(kMask);
      g.value.lines = {kMask};
    }
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<Entry> Reader::PackageEntries(const ImportResult& result) const {
  std::vector<Entry> out;
  const ClassDef* cls = catalog_.Find("SMS_TaskSequencePackage");
  for (const auto& p : result.package) {
    Value v = p.value;
    if (v.kind == ValueKind::kObjectArray) {
      std::vector<Instance> items(v.objects.begin(), v.objects.end());
      std::sort(items.begin(), items.end(), [](const Instance& a, const Instance& b) {
        return CanonInstance(a) < CanonInstance(b);
      });
      v.objects = std::move(items);
    }
    out.push_back(MakeEntry(p.name, v, cls != nullptr ? cls->Find(p.name) : nullptr, true));
  }
  return out;
}

DiffValue Reader::StepValue(const Instance& step) const {
  DiffValue d;
  d.value.kind = ValueKind::kObject;
  Instance copy = step;
  Mask(copy);
  // The outline: the condition and main settings of a step; a group's steps, one a line.
  std::vector<std::string> lines;
  std::function<void(const Instance&, std::size_t)> outline = [&](const Instance& s,
                                                                  std::size_t depth) {
    // A group's steps from the outline's first column, their details two further in.
    const std::string indent(depth > 0 ? 2 * (depth - 1) : 0, ' ');
    std::string marks;
    const Property* enabled = s.Find("Enabled");
    if (enabled != nullptr && enabled->value.kind == ValueKind::kBoolean && !enabled->value.boolean)
      marks += " [disabled]";
    const Property* continues = s.Find("ContinueOnError");
    if (continues != nullptr && continues->value.kind == ValueKind::kBoolean &&
        continues->value.boolean)
      marks += " [continue on error]";
    if (depth > 0) {
      const Property* name = s.Find("Name");
      std::string line = indent + (name ? Printable(name->raw()) : std::string("(no name)")) +
                         marks + "  (" + ClassLabel(s) + ")";
      lines.push_back(line);
    } else if (!marks.empty()) {
      lines.push_back(marks.substr(1));
    }
    const std::string detail(depth > 0 ? 2 * depth : 0, ' ');
    if (const Property* c = s.Find("Condition");
        c != nullptr && c->value.kind == ValueKind::kObject && !c->value.objects.empty() &&
        !IsEmptyCondition(c->value.objects.front())) {
      lines.push_back(detail + "if " + Printable(ConditionSentence(c->value.objects.front())));
    }
    if (s.role == InstanceRole::kGroup) {
      if (const Property* steps = s.Find("Steps")) {
        for (const auto& child : steps->value.objects) outline(child, depth + 1);
      }
    } else if (std::string summary = StepSummary(s, catalog_); !summary.empty()) {
      lines.push_back(detail + Printable(summary));
    }
  };
  outline(copy, 0);
  d.lines = std::move(lines);
  d.value.objects.push_back(std::move(copy));
  return d;
}

std::string Reader::ClassLabel(const Instance& step) const {
  if (step.role == InstanceRole::kGroup) return "Group";
  const ClassDef* cls = catalog_.Find(step.class_name);
  return cls != nullptr && !cls->ui_name.empty() ? cls->ui_name : step.class_name.str();
}

}  // namespace tsimport::compare
