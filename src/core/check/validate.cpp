#include "check/validate.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "model/text.h"

namespace tsimport::detail {
namespace {

using namespace std::string_view_literals;

std::size_t Utf8Length(std::string_view s) {
  // Characters are the bytes that are not continuation bytes (10xxxxxx), counted eight at a
  // time: a continuation byte has bit 7 set and bit 6 clear.
  std::size_t n = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const std::uint64_t continuation = w & ~(w << 1) & 0x8080808080808080ull;
    n += 8 - (continuation == 0 ? 0 : static_cast<std::size_t>(__builtin_popcountll(continuation)));
  }
  for (; i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string JoinAlternatives(const std::vector<AllowedValue>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " or " : ", ";
    out += values[i].value.empty() ? "''" : values[i].value;
  }
  return out;
}

std::string ClosestProperty(std::string_view name, const ClassDef& cls) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, name.size() / 4) + 1;
  for (const auto& p : cls.properties) {
    // The distance is at least the difference in length: skip without computing it, so that
    // a huge name (a hostile input) costs nothing.
    std::size_t gap =
        name.size() > p.name.size() ? name.size() - p.name.size() : p.name.size() - name.size();
    if (gap >= best_d) continue;
    std::size_t d = EditDistanceIgnoringCase(name, p.name);
    if (d < best_d) {
      best_d = d;
      best = p.name;
    }
  }
  return best;
}

// Attributes each element may carry. MDT-only ones are legal in MDT task sequences. (Short
// lists, compared in order: cheaper than a std::set for every attribute of every step.)
constexpr std::string_view kStepAttributes[] = {
    "type",  "name",    "description",     "disable",    "continueOnError",
    "runIn", "timeout", "successCodeList", "retryCount", "runFromNet"};
constexpr std::string_view kGroupAttributes[] = {"name", "description", "disable",
                                                 "continueOnError"};
constexpr std::string_view kMdtStepAttributes[] = {"startIn", "successCodes"};
constexpr std::string_view kMdtGroupAttributes[] = {"expand"};

template <std::size_t N>
bool OneOf(std::string_view name, const std::string_view (&names)[N]) {
  for (std::string_view n : names) {
    if (Equals(name, n)) return true;
  }
  return false;
}

// Names looked up for every step or operand.
constexpr std::string_view kName = "Name";
constexpr std::string_view kCondition = "Condition";
constexpr std::string_view kOperatorType = "OperatorType";
constexpr std::string_view kVariables = "Variables";
constexpr std::string_view kRuleVariable = "SMS_TaskSequence_RuleVariable";

/// cls.Find(name), trying first the definition at `next`: an instance's properties and an
/// expression's fields mostly come in the order of their class. On success `next` is set past
/// the definition found. (A class holds each name once, so the first match is the only one.)
const PropertyDef* FindNext(const ClassDef& cls, std::string_view name, std::size_t& next) {
  const PropertyDef* def = next < cls.properties.size() && cls.PropertyName(next) == name
                               ? &cls.properties[next]
                               : cls.Find(name);
  if (def != nullptr) next = static_cast<std::size_t>(def - cls.properties.data()) + 1;
  return def;
}

/// A "seen" set that keeps the first entry for each key, as std::map::emplace does: a linear
/// scan while there are few keys (a step has about a dozen variables), in place (no allocation
/// for each step and expression); a hash table beyond, so that a hostile step with 100,000
/// variables stays linear.
template <typename T>
class FirstByKey {
 public:
  /// The entry first added under `key`, or null, and then `value` is added under `key`.
  const T* FindOrAdd(std::string_view key, const T* value) {
    if (index_.empty()) {
      for (std::size_t i = 0; i < count_; ++i) {
        if (Equals(std::string_view(items_[i].key, items_[i].size), key)) return items_[i].value;
      }
      if (count_ < kInPlace) {
        items_[count_++] = {key.data(), key.size(), value};
        return nullptr;
      }
      for (std::size_t i = 0; i < count_; ++i)
        index_.emplace(std::string_view(items_[i].key, items_[i].size), items_[i].value);
    }
    auto [it, inserted] = index_.emplace(key, value);
    return inserted ? nullptr : it->second;
  }

 private:
  static constexpr std::size_t kInPlace = 32;
  struct Item {  // (no initializers: only the first count_ are ever read)
    const char* key;
    std::size_t size;
    const T* value;
  };
  Item items_[kInPlace];
  std::size_t count_ = 0;
  std::unordered_map<std::string_view, const T*> index_;
};

class Validator {
 public:
  Validator(const std::string& file, const Catalog& catalog, const CheckOptions& options,
            std::vector<Diagnostic>& diags)
      : file_(file), catalog_(catalog), options_(options), diags_(diags) {}

  void Run(const TaskSequence& ts) {
    ts_ = &ts;
    const Instance& root = ts.root;
    const Property* version = root.Find("SchemaVersion");
    if (version == nullptr) {
      Report("TS2017", root.loc,
             "<sequence> has no version attribute (ConfigMgr writes "
             "version=\"3.10\"; the SDK default is 3.00)");
    } else {
      CheckVersion(*version);
    }
    for (const auto& a : root.attributes) {
      if (Equals(a.name, "version"sv)) continue;
      if (Equals(a.name, "name"sv) || Equals(a.name, "description"sv)) {
        MdtOnly(a, "<sequence>");
        continue;
      }
      UnknownAttribute(a, "<sequence>");
    }
    for (const auto& ref : ts.references) {
      for (const auto& a : ref.attributes) {
        if (!Equals(a.name, "package"sv) && !Equals(a.name, "application"sv) &&
            !Equals(a.name, "program"sv)) {
          UnknownAttribute(a, "<reference>");
        }
      }
    }
    for (const auto& a : ts.reference_list_attributes) UnknownAttribute(a, "<referenceList>");
    for (const auto& a : ts.global_var_list_attributes) UnknownAttribute(a, "<globalVarList>");
    Extras(root, "<sequence>");
    ListExtras(ts.reference_list_extras, "<referenceList>");
    ListExtras(ts.global_var_list_extras, "<globalVarList>");
  }

  /// One step of `ts` (a group with everything in it).
  void RunStep(const TaskSequence& ts, const Instance& s) {
    ts_ = &ts;
    Step(s);
  }

 private:
  // In an MDT task sequence ConfigMgr's class qualifiers are not enforced (MDT runs the
  // step's <action>); breaking one is a warning that the sequence would not import into
  // ConfigMgr as it is.
  Diagnostic& Qualifier(const char* rule, Location loc, std::string message,
                        Evidence evidence = Evidence::kUnstated) {
    Diagnostic& d = Report(rule, loc, std::move(message), evidence);
    if (Mdt() && d.severity == Severity::kError) {
      d.severity = Severity::kWarning;
      d.message += " (MDT does not enforce this; ConfigMgr would refuse it)";
    }
    return d;
  }

  /// Reports a finding of `rule`. An import rule's finding is an error only when what the
  /// check rests on (`evidence`, else the rule's) says the site refuses the input; otherwise it
  /// is a warning that says so, and an error again with --strict (docs/fidelity.md).
  Diagnostic& Report(const char* rule, Location loc, std::string message,
                     Evidence evidence = Evidence::kUnstated, const char* why = nullptr) {
    Diagnostic d;
    d.rule = rule;
    const RuleInfo* info = FindRule(rule);
    d.severity = info ? info->severity : Severity::kError;
    d.hresult = info ? info->hresult : hr::kFailed;
    d.file = file_;
    d.loc = loc;
    d.message = std::move(message);
    // The note says why a check of the catalog is not an error; a rule whose own evidence is
    // weak says so in its explanation (--explain) and its message.
    const bool own =
        evidence != Evidence::kUnstated && info != nullptr && evidence != info->evidence;
    if (evidence == Evidence::kUnstated && info != nullptr) evidence = info->evidence;
    if (d.severity == Severity::kError && d.hresult != 0 && !BlocksImport(evidence)) {
      const bool prose = evidence == Evidence::kProse;
      if (!own) {
        if (!options_.strict) d.severity = Severity::kWarning;
      } else if (why != nullptr) {
        if (!options_.strict) d.severity = Severity::kWarning;
        d.message += why;
      } else if (options_.strict) {
        d.message += prose ? " (documented in prose, not by a qualifier; an error with --strict)"
                           : " (tsimport's reading, not a documented qualifier; an error with "
                             "--strict)";
      } else {
        d.severity = Severity::kWarning;
        d.message += prose ? " (documented in prose, not by a qualifier: a newer ConfigMgr may "
                             "accept it)"
                           : " (tsimport's reading, not a documented qualifier: ConfigMgr may "
                             "accept it)";
      }
    }
    if (step_ != nullptr) {
      d.step_path = step_->step_path;
      d.step = step_->step_number;
    }
    diags_.push_back(std::move(d));
    return diags_.back();
  }

  bool Mdt() const { return ts_->dialect == Dialect::kMdt; }

  void MdtOnly(const Attribute& a, const std::string& where) {
    if (Mdt()) return;
    Report("TS2016", a.loc,
           "attribute '" + a.name + "' on " + where +
               " is MDT-only markup; ConfigMgr ignores it (this task sequence is checked as "
               "ConfigMgr)");
  }

  void UnknownAttribute(const Attribute& a, const std::string& where) {
    Report("TS2003", a.loc,
           "unknown attribute '" + a.name + "' on " + where + " (kept, but it sets no property)");
  }

  void Extras(const Instance& inst, const std::string& where) {
    for (const auto& [pos, raw] : inst.extras) {
      (void)pos;
      if (Equals(raw.name, "platformKey"sv) && Equals(inst.element, "osExpressionGroup"sv))
        continue;
      if (raw.name.empty()) {
        std::string text = raw.text;
        std::size_t b = text.find_first_not_of(" \t\r\n");
        std::size_t e = text.find_last_not_of(" \t\r\n");
        text = text.substr(b, e - b + 1);
        if (text.size() > 40) text = text.substr(0, 37) + "...";
        Stray(Report("TS2002", raw.loc,
                     "text " + Quote(text) + " is not allowed directly inside " + where +
                         (Mdt() ? KeptNote() : "")));
      } else {
        Stray(Report("TS2002", raw.loc,
                     "element <" + raw.name + "> is not allowed inside " + where + KeptNote()));
      }
    }
  }

  /// In an MDT task sequence, markup the format has no place for is a warning, --strict or not:
  /// MDT reads the steps it knows and ignores the rest (its own VHDClient.xml has an
  /// <expression> directly inside a <step>), and no provider sees the file.
  void Stray(Diagnostic& d) const {
    if (Mdt()) d.severity = Severity::kWarning;
  }

  /// What becomes of markup the format has no place for: tsimport keeps it (and -f xml writes
  /// it back); MDT, which reads the steps it knows, ignores it (as MDT's own VHDClient.xml
  /// template has an <expression> directly inside a <step>).
  const char* KeptNote() const {
    return Mdt() ? " (kept and written back; MDT ignores it)"
                 : " (kept, but it is not part of the object)";
  }

  void ListExtras(const std::vector<std::pair<std::size_t, RawElement>>& extras,
                  const std::string& where) {
    for (const auto& [pos, raw] : extras) {
      (void)pos;
      if (raw.name.empty()) {
        Stray(Report("TS2002", raw.loc,
                     "text is not allowed directly inside " + where + (Mdt() ? KeptNote() : "")));
      } else {
        Stray(Report("TS2002", raw.loc,
                     "element <" + raw.name + "> is not allowed inside " + where + KeptNote()));
      }
    }
  }

  void CheckVersion(const Property& version) {
    const std::string v = version.raw().str();
    std::size_t dot = v.find('.');
    bool digits_ok = dot != std::string::npos && dot > 0 && dot + 1 < v.size() &&
                     std::all_of(v.begin(), v.begin() + static_cast<long>(dot), ::isdigit) &&
                     std::all_of(v.begin() + static_cast<long>(dot) + 1, v.end(), ::isdigit);
    if (!digits_ok) {
      Report("TS2017", version.loc,
             "version " + Quote(v) + " is not a schema version such as 3.10 or 3.00");
      return;
    }
    if (v.substr(0, dot) != "3"sv) {
      Report("TS1006", version.loc,
             "schema version " + v +
                 " is not supported: ConfigMgr task sequences are version 3.x (3.00 to 3.10 in "
                 "exports)");
    }
  }

  // --- steps ------------------------------------------------------------------------------

  void Step(const Instance& s) {
    const Instance* saved = step_;
    step_ = &s;
    const bool is_group = s.role == InstanceRole::kGroup;
    // "<step>": only messages need it.
    auto where = [&s] { return "<" + s.element + ">"; };
    const ClassDef* cls = catalog_.Find(s.class_name);
    if (!is_group && !s.has_type_attribute && !Mdt()) {
      Report("TS2001", s.loc,
             where() +
                 " has no type attribute: ConfigMgr cannot tell which step class to create (only "
                 "MDT task sequences have untyped command-line steps)");
    } else if (cls == nullptr) {
      std::string message = "unknown step class " + Quote(s.class_name);
      auto suggestions = catalog_.Suggest(s.class_name, ClassKind::kAction);
      if (!suggestions.empty()) message += "; did you mean " + Quote(suggestions.front()) + "?";
      Report("TS2001", AttrLoc(s, "type"), message);
    }
    if (s.Find(kName) == nullptr) {
      Report("TS2006", s.loc,
             where() + " has no name attribute (Name is required, 1 to 100 characters)");
    }
    for (const auto& a : s.attributes) {
      if (is_group ? OneOf(a.name, kGroupAttributes) : OneOf(a.name, kStepAttributes)) {
        CheckStepAttribute(s, a);
        continue;
      }
      if (is_group ? OneOf(a.name, kMdtGroupAttributes) : OneOf(a.name, kMdtStepAttributes)) {
        MdtOnly(a, where());
        continue;
      }
      UnknownAttribute(a, where());
    }
    if (is_group && s.action && !Mdt()) {
      Report("TS2016", s.action_loc,
             "<action> in a <group> is MDT-only markup; ConfigMgr ignores it");
    }
    for (const auto& a : s.action_attributes) UnknownAttribute(a, "<action>");
    for (const auto& a : s.variable_list_attributes) UnknownAttribute(a, "<defaultVarList>");
    if (cls != nullptr) Properties(s, *cls);
    if (!is_group) Variables(s, cls);
    if (!s.extras.empty()) Extras(s, where());
    if (!s.variable_list_extras.empty())
      ListExtras(s.variable_list_extras.get(), "<defaultVarList>");
    if (const Property* cond = s.Find(kCondition)) {
      if (!cond->value.objects.empty()) Condition(cond->value.objects.front());
    }
    if (is_group) {
      if (const auto* children = s.Children()) {
        for (const auto& c : *children) Step(c);
      }
    }
    step_ = saved;
  }

  static Location AttrLoc(const Instance& s, const char* name) {
    for (const auto& a : s.attributes) {
      if (a.name == name) return a.loc;
    }
    return s.loc;
  }

  void CheckStepAttribute(const Instance& s, const Attribute& a) {
    if (Equals(a.name, "runIn"sv)) {
      static constexpr std::string_view kEnv[] = {"WinPE", "FullOS", "WinPEandFullOS"};
      if (std::none_of(std::begin(kEnv), std::end(kEnv),
                       [&](std::string_view e) { return EqualsNoCase(e, a.value); })) {
        Report("TS2011", a.loc,
               "runIn=" + Quote(a.value) + " is not WinPE, FullOS or WinPEandFullOS");
      }
      return;
    }
    // The other attributes (type, name, description, disable, continueOnError, timeout) are
    // checked as the properties they set.
    static const std::string kSuccessCodes = "SuccessCodes";
    static const std::string kRetryCount = "RetryCount";
    static const std::string kRunFromNet = "RunFromNet";
    const std::string* mirror = Equals(a.name, "successCodeList"sv) ? &kSuccessCodes
                                : Equals(a.name, "retryCount"sv)    ? &kRetryCount
                                : Equals(a.name, "runFromNet"sv)    ? &kRunFromNet
                                                                    : nullptr;
    if (mirror == nullptr) return;
    const Property* mirrored = s.Find(*mirror);
    if (mirrored != nullptr && mirrored->source == ValueSource::kAttribute)
      return;  // checked as a property
    if (Equals(a.name, "successCodeList"sv)) {
      bool ok = true;
      std::size_t digits = 0;
      for (char c : a.value) {
        if (c == ' ') continue;
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
          ++digits;
          continue;
        }
        ok = false;
      }
      if (!ok)
        Report(
            "TS2005", a.loc,
            "successCodeList=" + Quote(a.value) + " is not a space-separated list of exit codes");
      (void)digits;
    } else if (Equals(a.name, "retryCount"sv)) {
      bool ok = !a.value.empty() && a.value.size() <= 10 &&
                std::all_of(a.value.begin(), a.value.end(), ::isdigit);
      if (!ok)
        Report("TS2005", a.loc, "retryCount=" + Quote(a.value) + " is not a number (UInt32)");
    } else if (Equals(a.name, "runFromNet"sv)) {
      if (!EqualsNoCase(a.value, "true") && !EqualsNoCase(a.value, "false")) {
        Report("TS2005", a.loc, "runFromNet=" + Quote(a.value) + " is not true or false");
      }
    }
  }

  // Checks the typed properties of an instance against its class: conversions, Not_Null,
  // RequiredIf*, AllowedLen, ValueRange, ValueMap.
  void Properties(const Instance& inst, const ClassDef& cls) {
    // Each property's definition, looked up once; and which definitions are set. (A class
    // holds each property name once, so a definition is set when a property has its name.)
    const std::size_t np = inst.properties.size();
    const std::size_t nd = cls.properties.size();
    const PropertyDef* stack_defs[32];
    unsigned char stack_set[128];
    std::vector<const PropertyDef*> heap_defs;
    std::vector<unsigned char> heap_set;
    const PropertyDef** defs = stack_defs;
    unsigned char* is_set = stack_set;
    if (np > sizeof stack_defs / sizeof stack_defs[0]) {
      heap_defs.resize(np);
      defs = heap_defs.data();
    }
    if (nd > sizeof stack_set) {
      heap_set.resize(nd);
      is_set = heap_set.data();
    }
    std::fill(is_set, is_set + nd, static_cast<unsigned char>(0));
    std::size_t next = 0;
    for (std::size_t i = 0; i < np; ++i) {
      const PropertyDef* def = FindNext(cls, inst.properties[i].name, next);
      defs[i] = def;
      if (def != nullptr) is_set[next - 1] = 1;
    }
    for (std::size_t i = 0; i < np; ++i) {
      const Property& p = inst.properties[i];
      const PropertyDef* def = defs[i];
      if (def == nullptr) continue;
      if (p.convert_failed) {
        if (Equals(def->object_class, "SMS_TaskSequence_Rule"sv)) {
          Report("TS2018", p.loc,
                 "the rules of Set Dynamic Variables are not a well-formed <Rules> document: " +
                     p.error());
        } else {
          Report("TS2005", p.loc, Describe(inst, p) + " is not a " + TypeName(*def),
                 def->evidence.type);
        }
        continue;
      }
      // An unset value (an empty element or attribute: how ConfigMgr writes a property it does
      // not set) has no length, number or value to check (docs/fidelity.md, "Empty means
      // unset").
      if (p.value.IsNull()) continue;
      CheckValue(inst, p, *def);
    }
    // Only a definition that HasRequirement makes an unset property a finding: an indexed
    // class lists them (the others are not read at all).
    const bool listed = cls.Indexed();
    const std::size_t checks = listed ? cls.Requirements().size() : nd;
    for (std::size_t k = 0; k < checks; ++k) {
      const std::size_t di = listed ? cls.Requirements()[k] : k;
      if (is_set[di]) continue;
      const PropertyDef& def = cls.properties[di];
      if (!def.HasRequirement()) continue;
      if (def.type == WmiType::kObject && !def.is_array) continue;  // Condition
      if (Equals(def.name, "Name"sv) || Equals(def.name, "Steps"sv) ||
          Equals(def.name, "Operands"sv))
        continue;
      // MDT runs a step's <action> itself and does not build ConfigMgr objects, so a property
      // that ConfigMgr requires is not required there.
      if (Mdt() && inst.role != InstanceRole::kOperand) continue;
      // Nothing ConfigMgr writes for a property it leaves unset (an empty element) makes an
      // import error (docs/fidelity.md, "Empty means unset"): an empty element satisfies
      // Not_Null and a RequiredIf* requirement, and does not make one. Only a property with no
      // element at all is missing; only one with a value is set.
      if (def.not_null && !def.default_value) {
        Report("TS2006", inst.loc, MissingWhat(inst, def) + " is required (Not_Null) but not set",
               def.evidence.not_null);
        continue;
      }
      for (const auto& other : def.required_if_null) {
        if (inst.Find(other) == nullptr) {
          Report(
              "TS2007", inst.loc,
              MissingWhat(inst, def) + " is required when " + other + " is not set, and neither is",
              def.evidence.required_if);
        }
      }
      for (const auto& other : def.required_if_not_null) {
        const Property* given = inst.Find(other);
        if (given != nullptr && !given->value.IsNull()) {
          Report("TS2007", inst.loc,
                 MissingWhat(inst, def) + " is required because " + other + " is set",
                 def.evidence.required_if);
        }
      }
    }
    // Embedded objects (partitions, packages...): their own classes.
    for (std::size_t i = 0; i < np; ++i) {
      const Property& p = inst.properties[i];
      const PropertyDef* def = defs[i];
      if (def == nullptr || def->type != WmiType::kObject || !def->is_array) continue;
      if (Equals(def->object_class, "SMS_TaskSequence_Rule"sv)) {
        for (const auto& rule : p.value.objects) Rule(rule);
        continue;
      }
      if (p.source == ValueSource::kChildren) continue;  // steps, operands: checked elsewhere
      std::int64_t count = -1;
      const Str& raw = p.raw();
      bool count_ok =
          !raw.empty() && raw.size() <= 9 && std::all_of(raw.begin(), raw.end(), ::isdigit);
      if (count_ok) count = std::stoll(raw.str());
      bool has_count =
          std::any_of(inst.variables.begin(), inst.variables.end(), [&](const Variable& v) {
            return v.role == VariableRole::kArrayCount && v.property() && *v.property() == p.name;
          });
      if (has_count && IsBlank(raw)) {
        // An empty count is unset: no elements.
        if (!p.value.objects.empty()) {
          Report("TS2015", p.loc,
                 p.name + " elements are set but the count variable (property " + p.name +
                     ") is empty");
        }
      } else if (has_count && !count_ok) {
        Report("TS2005", p.loc, p.name + " count " + Quote(raw) + " is not a number");
      } else if (has_count && static_cast<std::size_t>(count) != p.value.objects.size()) {
        Report("TS2015", p.loc,
               p.name + " says " + raw + " element(s) but the variables hold " +
                   std::to_string(p.value.objects.size()) + " (indexes from 0)");
      } else if (!has_count && !p.value.objects.empty()) {
        Report("TS2015", p.loc,
               p.name + " elements are set but the count variable (property " + p.name +
                   ") is missing");
      }
      const ClassDef* ecls = catalog_.Find(def->object_class);
      for (std::size_t i = 0; i < p.value.objects.size(); ++i) {
        const Instance& el = p.value.objects[i];
        if (el.properties.empty()) {
          Report("TS2015", p.loc,
                 p.name + " element " + std::to_string(i) +
                     " has no fields (indexes must run from 0 without gaps)");
          continue;
        }
        if (ecls != nullptr) Properties(el, *ecls);
      }
    }
  }

  static bool IsBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
  }

  static std::string TypeName(const PropertyDef& def) {
    switch (def.type) {
      case WmiType::kBoolean:
        return "Boolean (true or false)";
      case WmiType::kUInt32:
        return def.is_array ? "list of UInt32 numbers" : "UInt32 number (0 to 4294967295)";
      case WmiType::kSInt32:
        return def.is_array ? "list of SInt32 numbers" : "SInt32 number";
      case WmiType::kDateTime:
        return "DateTime (yyyymmddHHMMSS.ffffff+UUU)";
      default:
        return def.type_text;
    }
  }

  static std::string Describe(const Instance& inst, const Property& p) {
    if (p.source == ValueSource::kAttribute) {
      for (const auto& a : inst.attributes) {
        if (a.loc.line == p.loc.line && a.loc.column == p.loc.column)
          return a.name + "=" + Quote(p.raw());
      }
    }
    return inst.class_name + "." + p.name + " " + Quote(p.raw());
  }

  static std::string MissingWhat(const Instance& inst, const PropertyDef& def) {
    std::string what = inst.class_name + "." + def.name;
    if (!def.variable.empty() && inst.role == InstanceRole::kAction)
      what += " (variable " + def.variable + ")";
    return what;
  }

  void CheckValue(const Instance& inst, const Property& p, const PropertyDef& def) {
    const Value& v = p.value;
    if (v.kind == ValueKind::kString && def.allowed_len) {
      std::size_t len = Utf8Length(v.text);
      if (len < def.allowed_len->first || len > def.allowed_len->second) {
        std::string what = Equals(p.name, "Name"sv) || Equals(p.name, "Description"sv)
                               ? p.name.str()
                               : inst.class_name + "." + p.name;
        Qualifier("TS2008", p.loc,
                  what + " is " + std::to_string(len) + " characters; it must be " +
                      std::to_string(def.allowed_len->first) + " to " +
                      std::to_string(def.allowed_len->second),
                  def.evidence.allowed_len);
      }
    }
    if ((v.kind == ValueKind::kUInt32 || v.kind == ValueKind::kSInt32) && def.value_range) {
      if (v.number < def.value_range->first || v.number > def.value_range->second) {
        Qualifier("TS2009", p.loc,
                  inst.class_name + "." + p.name + " is " + std::to_string(v.number) +
                      "; it must be " + std::to_string(def.value_range->first) + " to " +
                      std::to_string(def.value_range->second),
                  def.evidence.value_range);
      }
    }
    if (def.values.empty()) return;
    // A list the class enforces (a ValueMap qualifier) says "allowed"; a list documented in
    // prose says what is documented, which a newer ConfigMgr may go beyond.
    const bool enforced = BlocksImport(def.evidence.values);
    if (v.kind == ValueKind::kUInt32 || v.kind == ValueKind::kSInt32) {
      std::string n = std::to_string(v.number);
      if (std::none_of(def.values.begin(), def.values.end(),
                       [&](const AllowedValue& a) { return a.value == n; })) {
        Qualifier("TS2010", p.loc,
                  inst.class_name + "." + p.name + " is " + n +
                      (enforced ? "; allowed: " : ", not one of ") + JoinAlternatives(def.values),
                  def.evidence.values);
      }
    }
    if (v.kind == ValueKind::kString && !Equals(p.name, "SupportedEnvironment"sv)) {
      bool found = std::any_of(def.values.begin(), def.values.end(), [&](const AllowedValue& a) {
        return EqualsNoCase(a.value, v.text);
      });
      if (found) return;
      bool is_operator = inst.role == InstanceRole::kOperand &&
                         (Equals(p.name, "Operator"sv) || Equals(p.name, "DateTimeOperator"sv) ||
                          Equals(p.name, "VersionOperator"sv));
      if (is_operator) {
        Report("TS2012", p.loc,
               inst.class_name + "." + p.name + " " + Quote(v.text) + " is not an operator; use " +
                   JoinAlternatives(def.values));
        return;
      }
      Qualifier("TS2010", p.loc,
                inst.class_name + "." + p.name + " is " + Quote(v.text) +
                    (enforced ? "; allowed: " + JoinAlternatives(def.values) +
                                    " (compared without regard to case)"
                              : ", not one of " + JoinAlternatives(def.values)),
                def.evidence.values);
    }
  }

  void Variables(const Instance& s, const ClassDef* cls) {
    FirstByKey<Variable> seen;
    // The embedded array whose element class was last looked up (its fields come together).
    const PropertyDef* array = nullptr;
    const ClassDef* ecls = nullptr;
    for (const auto& v : s.variables) {
      for (const auto& a : v.attributes) {
        if (!Equals(a.name, "name"sv) && !Equals(a.name, "property"sv) &&
            !Equals(a.name, "hidden"sv))
          UnknownAttribute(a, "<variable>");
      }
      if (v.role == VariableRole::kNoProperty) {
        Report("TS2019", v.loc,
               "<variable name=" + Quote(v.name()) +
                   "> has no property attribute, so it sets no property of " + s.class_name);
        continue;
      }
      if (v.property()) {
        if (const Variable* first = seen.FindOrAdd(*v.property(), &v)) {
          Report("TS2014", v.loc,
                 "property " + *v.property() + " is set twice (first on line " +
                     std::to_string(first->loc.line) + "); the last value wins");
        }
      }
      if (v.role == VariableRole::kUnknown && cls != nullptr) {
        std::string message = s.class_name + " has no property " + Quote(*v.property());
        std::string close = ClosestProperty(*v.property(), *cls);
        if (!close.empty()) message += "; did you mean " + Quote(close) + "?";
        message += " (kept)";
        Report("TS2004", v.loc, message);
      }
      if (v.role == VariableRole::kArrayElement && cls != nullptr) {
        // Unknown fields of embedded elements.
        for (const auto& def : cls->properties) {
          if (def.type != WmiType::kObject || !def.is_array) continue;
          const std::string_view key = *v.property();
          if (!Equals(key.substr(0, def.name.size()), def.name)) continue;
          std::size_t i = def.name.size();
          while (i < key.size() && std::isdigit(static_cast<unsigned char>(key[i]))) ++i;
          std::string field(key.substr(i));
          if (array != &def) {
            array = &def;
            ecls = catalog_.Find(def.object_class);
          }
          if (ecls != nullptr && ecls->Find(field) == nullptr) {
            Report("TS2004", v.loc,
                   def.object_class + " has no property " + Quote(field) + " (kept)");
          }
        }
      }
    }
  }

  // --- conditions --------------------------------------------------------------------------

  void Condition(const Instance& c) {
    for (const auto& a : c.attributes) UnknownAttribute(a, "<condition>");
    // An empty <condition/> is no condition: MDT writes it (69 steps in ../shared/corpus).
    if (const auto* ops = c.Children()) {
      for (const auto& o : *ops) Operand(o);
    }
    Extras(c, "<condition>");
  }

  void Operand(const Instance& o) {
    if (Equals(o.element, "expression"sv)) {
      Expression(o);
      return;
    }
    // "<operator>"... made only for a finding: most operands have none.
    const auto where = [&o] { return "<" + o.element + ">"; };
    const Property* type = o.Find(kOperatorType);
    const auto* ops = o.Children();
    if (Equals(o.element, "operator"sv)) {
      for (const auto& a : o.attributes) {
        if (!Equals(a.name, "type"sv)) UnknownAttribute(a, where());
      }
      if (type == nullptr) {
        Report("TS2012", o.loc, "<operator> has no type; use and, or or not");
      } else if (!EqualsNoCase(type->raw(), "and") && !EqualsNoCase(type->raw(), "or") &&
                 !EqualsNoCase(type->raw(), "not")) {
        Report("TS2012", type->loc,
               "operator type " + Quote(type->raw()) + " is not and, or or not");
      }
      // An operator without operands is legal: a real console export carries <operator type="or"/>.
    } else if (Equals(o.element, "osConditionGroup"sv)) {
      for (const auto& a : o.attributes) {
        if (!Equals(a.name, "type"sv)) UnknownAttribute(a, where());
      }
      if (type == nullptr || !EqualsNoCase(type->raw(), "or")) {
        Report("TS2012", type ? type->loc : o.loc, "<osConditionGroup> must have type=\"or\"");
      }
      if (ops == nullptr || ops->empty())
        Report("TS2013", o.loc, "<osConditionGroup> holds no <osExpressionGroup>",
               Evidence::kQualifier);  // Operands: Not_NULL
      if (ops != nullptr) {
        for (const auto& g : *ops) {
          if (!Equals(g.element, "osExpressionGroup"sv)) {
            Report("TS2013", g.loc,
                   "<" + g.element +
                       "> inside <osConditionGroup>; only <osExpressionGroup> belongs there",
                   Evidence::kType);  // Operands: SMS_TaskSequence_OSExpressionGroup[]
          }
        }
      }
    } else {  // osExpressionGroup
      for (const auto& a : o.attributes) {
        if (!Equals(a.name, "type"sv) && !Equals(a.name, "name"sv)) UnknownAttribute(a, where());
      }
    }
    if (ops != nullptr) {
      for (const auto& c : *ops) Operand(c);
    }
    if (!o.extras.empty()) Extras(o, where());
  }

  void Expression(const Instance& e) {
    for (const auto& a : e.attributes) {
      if (Equals(a.name, "type"sv)) continue;
      if (Equals(a.name, "ignoreQueryFailure"sv) &&
          Equals(e.class_name, "SMS_TaskSequence_WMIConditionExpression"sv))
        continue;
      UnknownAttribute(a, "<expression>");
    }
    if (!e.has_type_attribute) {
      Report("TS2013", e.loc,
             "<expression> has no type naming its condition class (such as "
             "SMS_TaskSequence_VariableConditionExpression)",
             Evidence::kClass);
      return;
    }
    const ClassDef* cls = catalog_.Find(e.class_name);
    if (cls == nullptr || cls->kind != ClassKind::kOperand) {
      std::string message = "unknown condition class " + Quote(e.class_name);
      auto suggestions = catalog_.Suggest(e.class_name, ClassKind::kOperand);
      if (!suggestions.empty()) message += "; did you mean " + Quote(suggestions.front()) + "?";
      // The rules of Set Dynamic Variables have four kinds (New-CMTSRule): computer, location,
      // make and model, variable. The location rule's class is the catalog's reading, not seen
      // in an export: a rule class that is no misspelling of a known one may be the real one.
      Evidence evidence = Evidence::kUnstated;
      const char* why = nullptr;
      if (in_rule_ && suggestions.empty() &&
          e.class_name.view().rfind("SMS_TaskSequence_", 0) == 0 && e.class_name.size() > 19 &&
          e.class_name.view().substr(e.class_name.size() - 19) == "ConditionExpression") {
        message += " in a Set Dynamic Variables rule";
        evidence = Evidence::kReading;
        why =
            " (the catalog's rule classes are partly a reading: the real one may have another "
            "name)";
      }
      Report("TS2001", AttrLoc(e, "type"), message, evidence, why);
      return;
    }
    FirstByKey<Variable> seen;
    std::size_t next = 0;
    for (const auto& v : e.variables) {
      if (v.name().empty()) {
        Report("TS2013", v.loc, "an expression field <variable> has no name attribute",
               Evidence::kReading);
        continue;
      }
      if (const Variable* first = seen.FindOrAdd(v.name(), &v)) {
        Report("TS2014", v.loc,
               "field " + v.name() + " is set twice (first on line " +
                   std::to_string(first->loc.line) + ")");
      }
      if (FindNext(*cls, v.name(), next) == nullptr) {
        std::string message = e.class_name + " has no field " + Quote(v.name());
        std::string close = ClosestProperty(v.name(), *cls);
        if (!close.empty()) message += "; did you mean " + Quote(close) + "?";
        Report("TS2004", v.loc, message + " (kept)");
      }
    }
    Properties(e, *cls);
    if (!e.extras.empty()) Extras(e, "<expression>");
  }

  void Rule(const Instance& rule) {
    if (const Property* cond = rule.Find(kCondition)) {
      in_rule_ = true;
      if (!cond->value.objects.empty()) Condition(cond->value.objects.front());
      in_rule_ = false;
    }
    const ClassDef* vcls = catalog_.Find(kRuleVariable);
    if (const Property* vars = rule.Find(kVariables)) {
      for (const auto& v : vars->value.objects) {
        if (vcls != nullptr) Properties(v, *vcls);
        for (const auto& a : v.attributes) {
          if (!Equals(a.name, "Name"sv) && !Equals(a.name, "IsSecret"sv))
            UnknownAttribute(a, "<Variable>");
        }
      }
    }
    Extras(rule, "<Rule>");
  }

  const std::string& file_;
  const Catalog& catalog_;
  const CheckOptions& options_;
  std::vector<Diagnostic>& diags_;
  const TaskSequence* ts_ = nullptr;
  const Instance* step_ = nullptr;
  bool in_rule_ = false;  ///< checking a condition of a Set Dynamic Variables rule
};

}  // namespace

void Validate(const TaskSequence& ts, const std::string& file, const Catalog& catalog,
              const CheckOptions& options, std::vector<Diagnostic>& diagnostics) {
  Validator v(file, catalog, options, diagnostics);
  v.Run(ts);
  if (const auto* steps = ts.root.Children()) {
    for (const auto& s : *steps) v.RunStep(ts, s);
  }
}

void ValidateSequence(const TaskSequence& ts, const std::string& file, const Catalog& catalog,
                      const CheckOptions& options, std::vector<Diagnostic>& diagnostics) {
  Validator(file, catalog, options, diagnostics).Run(ts);
}

void ValidateStep(const TaskSequence& ts, const Instance& step, const std::string& file,
                  const Catalog& catalog, const CheckOptions& options,
                  std::vector<Diagnostic>& diagnostics) {
  Validator(file, catalog, options, diagnostics).RunStep(ts, step);
}

}  // namespace tsimport::detail
