// The lint pass (TS3xxx limits, TS4xxx references, TS5xxx secrets, TS7xxx hygiene).
//
// Every rule here reports only what is certain from the file itself: a warning must be true of
// every real export it fires on (../shared/corpus is the test). Where the run-time behaviour
// is not documented (what an empty operator evaluates to, whether a name with a leading digit
// works), the message says what the file holds, not what will happen.
#include "check/lint.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "model/text.h"

namespace tsimport::detail {
namespace {

using namespace std::string_view_literals;

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

/// A value that is only a reference to a task sequence variable ("%OSDJoinPassword%") holds
/// no secret itself.
bool IsVariableReference(const std::string& value) {
  std::string v = Trim(value);
  return v.size() >= 3 && v.front() == '%' && v.back() == '%' && v.find('%', 1) == v.size() - 1;
}

/// The text of a string property (empty when unset or not a string).
std::string Text(const Instance& inst, const char* name) {
  const Property* p = inst.Find(name);
  if (p == nullptr) return {};
  if (p->value.kind == ValueKind::kString) return p->value.text.str();
  return p->raw().str();
}

bool IsTrue(const Property* p) {
  if (p == nullptr) return false;
  if (p->value.kind == ValueKind::kBoolean) return p->value.boolean;
  return EqualsNoCase(Trim(p->raw()), "true");
}

bool IsEnabled(const Instance& s) {
  const Property* p = s.Find("Enabled");
  return p == nullptr || p->convert_failed || p->value.kind != ValueKind::kBoolean ||
         p->value.boolean;
}

std::string StepName(const Instance& s) {
  const Property* p = s.Find("Name");
  return p != nullptr ? p->raw().str() : std::string("(no name)");
}

/// UTF-16 units each byte adds to text written as XML, in an attribute (1) or not (0).
struct UnitTable {
  unsigned char units[2][256];
  constexpr UnitTable() : units() {
    for (int a = 0; a < 2; ++a) {
      for (int c = 0; c < 256; ++c) {
        int n = (c & 0xC0) == 0x80 ? 0 : (c >= 0xF0 ? 2 : 1);
        if (c == '&') n += 4;
        if (c == '<' || c == '>') n += 3;
        if (a == 1 && c == '"') n += 5;
        units[a][c] = static_cast<unsigned char>(n);
      }
    }
  }
};
constexpr UnitTable kUnits;

/// UTF-16 code units of UTF-8 text.
std::uint64_t Utf16Units(std::string_view s) {
  std::uint64_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

/// UTF-16 code units of text written as XML (with its escapes). Sixteen bytes at a time where
/// they are all ASCII and none is escaped (most of every action and variable): the size
/// estimate counts every byte of every step, and a table lookup per byte cost more than the
/// rest of the lint pass.
std::uint64_t EscapedUnits(std::string_view s, bool attribute) {
  const unsigned char* t = kUnits.units[attribute ? 1 : 0];
  std::uint64_t n = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i gt = _mm_set1_epi8('>');
  const __m128i quot = _mm_set1_epi8(attribute ? '"' : '&');
  for (; s.size() - i >= 16; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i special =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)));
    // A byte's top bit: an escaped byte (all ones) or a byte of a multi-byte sequence.
    if (_mm_movemask_epi8(_mm_or_si128(special, v)) == 0) {
      n += 16;
      continue;
    }
    for (std::size_t k = i; k < i + 16; ++k) n += t[static_cast<unsigned char>(s[k])];
  }
#endif
  for (; i < s.size(); ++i) n += t[static_cast<unsigned char>(s[i])];
  return n;
}

std::string FormatKb(std::uint64_t bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.2f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  } else {
    std::snprintf(buf, sizeof buf, "%llu KB",
                  static_cast<unsigned long long>((bytes + 1023) / 1024));
  }
  return buf;
}

std::string WithThousands(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

// --- the size of the stored sequence ---------------------------------------------------------

std::uint64_t AttributesSize(const std::vector<Attribute>& attributes) {
  std::uint64_t n = 0;
  for (const auto& a : attributes) n += 4 + Utf16Units(a.name) + EscapedUnits(a.value, true);
  return n;
}

std::uint64_t ElementSize(std::string_view name, const std::vector<Attribute>& attributes) {
  return 2 + Utf16Units(name) + AttributesSize(attributes) + 3 + Utf16Units(name);
}
std::uint64_t ElementSize(std::string_view name) { return 2 + 2 * Utf16Units(name) + 3; }

std::uint64_t VariableSize(const Variable& v) {
  return ElementSize("variable", v.attributes) + EscapedUnits(v.text, false);
}

std::uint64_t RawSize(const RawElement& e) {
  if (e.name.empty()) return EscapedUnits(e.text, false);
  std::uint64_t n = ElementSize(e.name, e.attributes) + EscapedUnits(e.text, false);
  for (const auto& c : e.children) n += RawSize(c);
  return n;
}

/// A condition, operator or expression with everything in it.
std::uint64_t ConditionSize(const Instance& c) {
  std::uint64_t n = ElementSize(c.element, c.attributes);
  for (const auto& v : c.variables) n += VariableSize(v);
  if (const auto* ops = c.Children()) {
    for (const auto& o : *ops) n += ConditionSize(o);
  }
  for (const auto& [pos, raw] : c.extras) n += RawSize(raw);
  return n;
}

struct StepSize {
  std::uint64_t own = 0;         ///< the step's element without the steps inside it
  std::string biggest_property;  ///< its largest variable
  std::uint64_t biggest = 0;
};

/// The step's own size: its element, attributes, condition, action and variables (for a
/// group, without the steps inside it).
StepSize OwnSize(const Instance& s) {
  StepSize r;
  r.own = ElementSize(s.element, s.attributes);
  if (const Property* cond = s.Find("Condition")) {
    if (!cond->value.objects.empty()) r.own += ConditionSize(cond->value.objects.front());
  }
  if (s.action) r.own += ElementSize("action") + EscapedUnits(*s.action, false);
  if (s.has_variable_list) r.own += ElementSize("defaultVarList");
  for (const auto& v : s.variables) {
    std::uint64_t n = VariableSize(v);
    r.own += n;
    if (n > r.biggest) {
      r.biggest = n;
      r.biggest_property = v.property() ? *v.property() : v.name();
    }
  }
  for (const auto& [pos, raw] : s.extras) r.own += RawSize(raw);
  for (const auto& [pos, raw] : s.variable_list_extras) r.own += RawSize(raw);
  return r;
}

/// Every step and group in document order with its own size.
using StepSizes = std::vector<std::pair<const Instance*, StepSize>>;
void CollectStepSizes(const std::vector<Instance>& steps, StepSizes& out) {
  for (const auto& s : steps) {
    out.emplace_back(&s, OwnSize(s));
    if (s.role == InstanceRole::kGroup) {
      if (const auto* children = s.Children()) CollectStepSizes(*children, out);
    }
  }
}

/// UTF-16 code units of the sequence's own markup: <sequence>, its lists and unknown children,
/// without its steps.
std::uint64_t SequenceOwnSize(const TaskSequence& ts) {
  std::uint64_t n = ElementSize("sequence", ts.root.attributes);
  if (ts.has_reference_list) {
    n += ElementSize("referenceList");
    for (const auto& r : ts.references) n += ElementSize("reference", r.attributes);
  }
  if (ts.has_global_var_list) {
    n += ElementSize("globalVarList");
    for (const auto& v : ts.global_variables) n += VariableSize(v);
  }
  for (const auto& [pos, raw] : ts.root.extras) n += RawSize(raw);
  return n;
}

/// The estimate of EstimateStoredSize, from the steps' sizes already collected.
std::uint64_t StoredSize(const TaskSequence& ts, const StepSizes& sizes) {
  std::uint64_t units = SequenceOwnSize(ts);
  for (const auto& [step, size] : sizes) units += size.own;
  return 2 * units;
}

// --- package and application IDs ------------------------------------------------------------

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

/// A package ID: a three-character site code (letters and digits) and five hexadecimal digits.
bool IsPackageId(const std::string& id) {
  return id.size() == 8 && std::all_of(id.begin(), id.begin() + 3, IsAlnum) &&
         std::all_of(id.begin() + 3, id.end(), IsHex);
}

bool IsGuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !IsHex(s[i])) return false;
  }
  return true;
}

/// An application's model name: ScopeId_<GUID>/Application_<GUID>.
bool IsApplicationId(const std::string& id) {
  const std::string scope = "ScopeId_";
  const std::string app = "/Application_";
  if (id.size() != scope.size() + 36 + app.size() + 36) return false;
  if (id.compare(0, scope.size(), scope) != 0) return false;
  if (id.compare(scope.size() + 36, app.size(), app) != 0) return false;
  return IsGuid(id.substr(scope.size(), 36)) && IsGuid(id.substr(scope.size() + 36 + app.size()));
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    std::string item =
        Trim(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// --- variable names ---------------------------------------------------------------------------

/// Underscore variables that deployments set in practice (MDT's CustomSettings.ini sets both).
bool IsSettableUnderscoreVariable(const std::string& name) {
  return EqualsNoCase(name, "_SMSTSOrgName") || EqualsNoCase(name, "_SMSTSPackageName");
}

// --- passwords on command lines ---------------------------------------------------------------

bool IsPasswordSwitch(std::string_view name) {
  return EndsWithLower(name, "password") || EndsWithLower(name, "passwd") ||
         EqualsLower(name, "pwd");
}

bool IsLiteralSecret(const std::string& value) {
  if (value.empty()) return false;
  char c = value.front();
  if (c == '%' || c == '$' || c == '(' || c == '-' || c == '@' || c == '<' || c == '[')
    return false;
  if (value.find('%') != std::string::npos) return false;
  static const std::set<std::string> kNotSecrets = {"true", "false", "yes",  "no",  "0",
                                                    "1",    "*",     "none", "null"};
  return kNotSecrets.count(AsciiLowercase(value)) == 0;
}

}  // namespace

bool MayHoldPasswordSwitch(std::string_view text) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* w = FindEither(begin, end, end, 'w', 'W'); w != end;
       w = FindEither(w + 1, end, end, 'w', 'W')) {
    const auto k = static_cast<std::size_t>(w - begin);
    if (k >= 1 && k + 1 < text.size() && AsciiLower(text[k - 1]) == 'p' &&
        AsciiLower(text[k + 1]) == 'd')
      return true;
    if (k >= 4 && EqualsLower(text.substr(k - 4, 4), "pass")) return true;
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> LiteralPasswords(const std::string& line) {
  std::vector<std::pair<std::string, std::string>> found;
  if (!MayHoldPasswordSwitch(line)) return found;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n) {
    char c = line[i];
    bool at_start = i == 0 || IsAsciiSpace(line[i - 1]);
    // A switch (-Password x, /pwd:x) or a property (PASSWORD=x, as msiexec takes them).
    const bool is_switch = c == '-' || c == '/';
    const bool is_property = IsAsciiAlpha(c);
    if (!at_start) {
      // No word starts before the next white space: go past it.
      const char* const end = line.data() + n;
      i = static_cast<std::size_t>(FindAsciiSpace(line.data() + i, end, end) - line.data()) + 1;
      continue;
    }
    if (!is_switch && !is_property) {
      ++i;
      continue;
    }
    std::size_t j = is_switch ? i + 1 : i;
    while (j < n &&
           (IsAsciiAlpha(line[j]) || (is_property && (IsAsciiDigit(line[j]) || line[j] == '_')))) {
      ++j;
    }
    const std::string_view name =
        std::string_view(line).substr(is_switch ? i + 1 : i, j - i - (is_switch ? 1 : 0));
    if (name.empty() || !IsPasswordSwitch(name)) {
      i = std::max(j, i + 1);
      continue;
    }
    std::size_t k = j;
    if (k < n && (line[k] == '=' || (is_switch && line[k] == ':'))) {
      ++k;
    } else if (is_switch && k < n && IsAsciiSpace(line[k])) {
      while (k < n && IsAsciiSpace(line[k])) ++k;
    } else {
      i = j;
      continue;
    }
    std::string value;
    if (k < n && (line[k] == '"' || line[k] == '\'')) {
      char q = line[k];
      std::size_t close = line.find(q, k + 1);
      value = line.substr(k + 1, close == std::string::npos ? std::string::npos : close - k - 1);
      k = close == std::string::npos ? n : close + 1;
    } else {
      std::size_t e = k;
      while (e < n && !IsAsciiSpace(line[e])) ++e;
      value = line.substr(k, e - k);
      k = e;
    }
    if (IsLiteralSecret(value)) found.emplace_back(line.substr(i, j - i), value);
    i = k;
  }
  return found;
}

namespace {

// --- conditions -------------------------------------------------------------------------------

enum class Truth { kUnknown, kAlways, kNever };

struct Leaf {
  std::string variable;  ///< lower case
  std::string op;        ///< lower case
  std::string value;
  std::string shown;  ///< "OSDVar equals 'x'"
};

bool IsNumber(const std::string& s) {
  if (s.empty()) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

/// Two variable tests that cannot both hold, whatever the variable's value.
bool Contradict(const Leaf& a, const Leaf& b) {
  if (a.variable != b.variable) return false;
  auto pair = [&](const char* x, const char* y) {
    return (a.op == x && b.op == y) || (a.op == y && b.op == x);
  };
  if (pair("exists", "notexists")) return true;
  bool plain = a.value.find('%') == std::string::npos && b.value.find('%') == std::string::npos;
  if (!plain) return false;
  if (a.op == "equals"sv && b.op == "equals"sv) {
    if (EqualsNoCase(a.value, b.value)) return false;
    if (IsNumber(a.value) && IsNumber(b.value) && std::stod(a.value) == std::stod(b.value))
      return false;
    return true;
  }
  if (pair("equals", "notequals")) return a.value == b.value;
  if (pair("notexists", "equals")) {
    const Leaf& eq = a.op == "equals"sv ? a : b;
    return !eq.value.empty();
  }
  return false;
}

/// Two variable tests one of which always holds.
bool Complement(const Leaf& a, const Leaf& b) {
  return a.variable == b.variable && ((a.op == "exists"sv && b.op == "notexists"sv) ||
                                      (a.op == "notexists"sv && b.op == "exists"sv));
}

class Linter {
 public:
  Linter(const std::string& file, const Catalog& catalog, std::vector<Diagnostic>& diags)
      : file_(file), catalog_(catalog), diags_(diags) {
    for (const PropertyDef* p : catalog_.SecretProperties()) {
      if (!p->variable.empty()) secret_variables_[AsciiLowercase(p->variable)] = p;
    }
  }

  void Run(const TaskSequence& ts, const std::vector<PackageProperty>& package,
           std::vector<ExternalDependency>& deps) {
    ts_ = &ts;
    if (const auto* steps = ts.root.Children()) Steps(*steps, nullptr, Context{});
    References(package, deps);
    if (!Mdt()) Size();
  }

 private:
  struct Context {
    bool disabled = false;  ///< the step or a group around it is disabled
    bool never = false;     ///< a condition around it can never hold
  };

  struct Use {
    std::string kind;
    std::string id;
    std::string property;
    const Instance* step;
    Location loc;
    bool enabled;
    bool via_child;  ///< a reference of a child task sequence (TsReferencePackages...)
  };

  bool Mdt() const { return ts_->dialect == Dialect::kMdt; }

  Diagnostic& Report(const char* rule, Location loc, std::string message, const Instance* step) {
    Diagnostic d;
    d.rule = rule;
    const RuleInfo* info = FindRule(rule);
    d.severity = info ? info->severity : Severity::kWarning;
    d.hresult = info ? info->hresult : 0;
    d.file = file_;
    d.loc = loc;
    d.message = std::move(message);
    if (step != nullptr) {
      d.step_path = step->step_path;
      d.step = step->step_number;
    }
    diags_.push_back(std::move(d));
    return diags_.back();
  }

  static Location PropLoc(const Instance& s, const char* name) {
    const Property* p = s.Find(name);
    return p != nullptr && p->loc.line > 0 ? p->loc : s.loc;
  }

  static std::string What(const Instance& s) {
    return std::string(s.role == InstanceRole::kGroup ? "group " : "step ") + Quote(StepName(s));
  }

  std::string UiName(const Instance& s) const {
    const ClassDef* cls = catalog_.Find(s.class_name);
    return cls != nullptr && !cls->ui_name.empty() ? cls->ui_name : s.class_name.str();
  }

  /// How a finding names its step: `Run Command Line "Install agent"`. Made when a finding is
  /// reported, not for every step checked (a large sequence has tens of thousands).
  std::string Where(const Instance& s) const { return UiName(s) + " " + Quote(StepName(s)); }

  // --- steps ----------------------------------------------------------------------------------

  /// The steps of `group` (null: the task sequence's own).
  void Steps(const std::vector<Instance>& steps, const Instance* group, Context ctx) {
    std::map<std::string, const Instance*> names;
    for (const auto& s : steps) {
      if (const Property* name = s.Find("Name")) {
        auto [it, inserted] = names.emplace(name->raw(), &s);
        if (!inserted) {
          // Where the two stand: siblings, not always next to each other. The group by its
          // line, not its name: a message per sibling naming a long group name would not be
          // linear in the input (hostile_test's 2,000 steps under a 1 MiB name).
          Report("TS7002", PropLoc(s, "Name"),
                 What(s) + " has the same name as the " +
                     std::string(it->second->role == InstanceRole::kGroup ? "group" : "step") +
                     " on line " + std::to_string(it->second->loc.line) +
                     (group != nullptr
                          ? ", both in the group on line " + std::to_string(group->loc.line)
                          : std::string(", both at the top of the task sequence")) +
                     "; smsts.log, status messages and the progress dialog tell steps apart by "
                     "name",
                 &s);
        }
      }
      Step(s, ctx);
    }
  }

  static std::size_t CountInside(const Instance& group) {
    std::size_t n = 0;
    if (const auto* children = group.Children()) {
      for (const auto& c : *children)
        n += 1 + (c.role == InstanceRole::kGroup ? CountInside(c) : 0);
    }
    return n;
  }

  void Step(const Instance& s, Context ctx) {
    const bool is_group = s.role == InstanceRole::kGroup;
    const bool enabled = IsEnabled(s);
    if (!Mdt()) {
      if (const Property* name = s.Find("Name")) {
        std::size_t len = Utf8Length(name->raw());
        if (len > 50 && len <= 100) {
          Report("TS3001", name->loc,
                 "Name is " + std::to_string(len) +
                     " characters; the task sequence editor allows 50 (ImportSequence accepts up "
                     "to 100)",
                 &s);
        }
      }
    }
    if (!enabled && !ctx.disabled) {
      if (is_group) {
        std::size_t inside = CountInside(s);
        Report("TS7003", PropLoc(s, "Enabled"),
               What(s) + " is disabled: it" +
                   (inside == 0 ? std::string(" never runs")
                                : " and the " + std::to_string(inside) +
                                      (inside == 1 ? " step" : " steps") + " in it never run"),
               &s);
      } else {
        Report("TS7003", PropLoc(s, "Enabled"), What(s) + " is disabled: it never runs", &s);
      }
    }
    Context inner = ctx;
    inner.disabled = ctx.disabled || !enabled;
    if (const Property* cond = s.Find("Condition")) {
      if (!cond->value.objects.empty()) {
        Truth t = ConditionOf(s, cond->value.objects.front(), inner.disabled || ctx.never);
        if (t == Truth::kNever) inner.never = true;
      }
    }
    if (is_group) {
      const auto* children = s.Children();
      if (children == nullptr || children->empty()) {
        Report("TS7001", s.loc, What(s) + " is empty: it holds no step", &s);
      } else {
        Steps(*children, &s, inner);
      }
      return;
    }
    const ClassDef* cls = catalog_.Find(s.class_name);
    Secrets(s, cls);
    if (!Mdt() && !inner.disabled && !inner.never) Emptied(s);
    VariablesSet(s);
    Uses(s, cls, !inner.disabled);
    CommandLines(s);
  }

  // --- TS7004-TS7006: conditions ----------------------------------------------------------

  struct Verdict {
    Truth truth = Truth::kUnknown;
    std::string reason;
  };

  static std::optional<Leaf> AsLeaf(const Instance& e) {
    if (e.element != "expression"sv ||
        e.class_name != "SMS_TaskSequence_VariableConditionExpression"sv)
      return std::nullopt;
    Leaf l;
    std::string variable = Trim(Text(e, "Variable"));
    if (variable.empty() || variable.find('%') != std::string::npos) return std::nullopt;
    l.variable = AsciiLowercase(variable);
    l.op = AsciiLowercase(Trim(Text(e, "Operator")));
    l.value = Text(e, "Value");
    if (l.op == "exists"sv || l.op == "notexists"sv) {
      l.shown = variable + " " + Trim(Text(e, "Operator"));
    } else {
      l.shown = variable + " " + Trim(Text(e, "Operator")) + " \"" + l.value + "\"";
    }
    return l;
  }

  /// Evaluates what can be known of an operand; records each decided operator node.
  Verdict Evaluate(const Instance& node, std::map<const Instance*, Verdict>& decided,
                   const Instance& step, bool quiet) {
    const bool is_root = node.element == "condition"sv;
    if (!is_root && node.element != "operator"sv) return {};
    const auto* ops = node.Children();
    std::string type = is_root ? "and" : AsciiLowercase(Trim(Text(node, "OperatorType")));
    if (!is_root && (ops == nullptr || ops->empty())) {
      if (!quiet) {
        Report("TS7006", node.loc,
               "the '" + Trim(Text(node, "OperatorType")) +
                   "' operator holds no condition, so it tests nothing (conditions beside it are "
                   "not inside it); "
                   "what the task sequence engine makes of it is not documented",
               &step);
      }
      return {};
    }
    if (ops == nullptr || ops->empty()) return {};
    std::vector<Verdict> verdicts;
    std::vector<Leaf> leaves;
    for (const auto& o : *ops) {
      verdicts.push_back(Evaluate(o, decided, step, quiet));
      if (auto leaf = AsLeaf(o)) leaves.push_back(*leaf);
    }
    Verdict v;
    auto first = [&](Truth t) -> const Verdict* {
      for (const auto& x : verdicts) {
        if (x.truth == t) return &x;
      }
      return nullptr;
    };
    bool all_always = std::all_of(verdicts.begin(), verdicts.end(),
                                  [](const Verdict& x) { return x.truth == Truth::kAlways; });
    bool all_never = std::all_of(verdicts.begin(), verdicts.end(),
                                 [](const Verdict& x) { return x.truth == Truth::kNever; });
    if (type == "and"sv) {
      if (const Verdict* n = first(Truth::kNever)) {
        v = {Truth::kNever, n->reason};
      } else {
        for (std::size_t i = 0; i < leaves.size() && v.truth == Truth::kUnknown; ++i) {
          for (std::size_t j = i + 1; j < leaves.size(); ++j) {
            if (Contradict(leaves[i], leaves[j])) {
              v = {Truth::kNever,
                   leaves[i].shown + " and " + leaves[j].shown + " cannot both hold"};
              break;
            }
          }
        }
        if (v.truth == Truth::kUnknown && all_always) v = {Truth::kAlways, verdicts.front().reason};
      }
    } else if (type == "or"sv) {
      if (const Verdict* a = first(Truth::kAlways)) {
        v = {Truth::kAlways, a->reason};
      } else {
        for (std::size_t i = 0; i < leaves.size() && v.truth == Truth::kUnknown; ++i) {
          for (std::size_t j = i + 1; j < leaves.size(); ++j) {
            if (Complement(leaves[i], leaves[j])) {
              v = {Truth::kAlways,
                   "one of " + leaves[i].shown + " and " + leaves[j].shown + " always holds"};
              break;
            }
          }
        }
        if (v.truth == Truth::kUnknown && all_never) v = {Truth::kNever, verdicts.front().reason};
      }
    } else if (type == "not"sv && verdicts.size() == 1) {
      if (verdicts.front().truth == Truth::kAlways)
        v = {Truth::kNever,
             "it negates a condition that always holds (" + verdicts.front().reason + ")"};
      if (verdicts.front().truth == Truth::kNever)
        v = {Truth::kAlways,
             "it negates a condition that never holds (" + verdicts.front().reason + ")"};
    }
    if (v.truth != Truth::kUnknown) decided[&node] = v;
    return v;
  }

  /// Reports the outermost decided parts of a condition.
  void ReportDecided(const Instance& node, const std::map<const Instance*, Verdict>& decided,
                     const Instance& step) {
    auto it = decided.find(&node);
    if (it != decided.end()) {
      const bool whole = node.element == "condition"sv;
      const std::string what =
          step.role == InstanceRole::kGroup ? "the group and its steps" : "the step";
      if (it->second.truth == Truth::kNever) {
        Report("TS7004", node.loc,
               whole ? "the condition of " + What(step) + " can never hold (" + it->second.reason +
                           "): " + what + " never run" +
                           (step.role == InstanceRole::kGroup ? "" : "s")
                     : "this '" + Trim(Text(node, "OperatorType")) + "' can never hold (" +
                           it->second.reason + ")",
               &step);
      } else {
        Report("TS7005", node.loc,
               whole ? "the condition of " + What(step) + " always holds (" + it->second.reason +
                           "): it has no effect"
                     : "this '" + Trim(Text(node, "OperatorType")) + "' always holds (" +
                           it->second.reason + ")",
               &step);
      }
      return;
    }
    if (const auto* ops = node.Children()) {
      for (const auto& o : *ops) {
        if (o.element == "operator"sv) ReportDecided(o, decided, step);
      }
    }
  }

  Truth ConditionOf(const Instance& step, const Instance& condition, bool quiet) {
    std::map<const Instance*, Verdict> decided;
    Verdict v = Evaluate(condition, decided, step, false);
    if (!quiet) ReportDecided(condition, decided, step);
    return v.truth;
  }

  // --- TS5001-TS5004, TS5006: secrets in the file -------------------------------------------

  void SecretProperty(const Instance& owner, const Property& p, const PropertyDef& def,
                      const Instance& step) {
    if (p.value.kind != ValueKind::kString && p.value.kind != ValueKind::kNull) return;
    std::string value((p.value.kind == ValueKind::kString ? p.value.text : p.raw()).view());
    if (Trim(value).empty() || IsVariableReference(value)) return;
    const std::string where = Where(step);
    std::string prop =
        owner.class_name == step.class_name ? def.name : owner.class_name + "." + def.name;
    if (def.quasi_secret) {
      Report("TS5003", p.loc, where + " holds a product key (" + prop + ") in clear text", &step);
    } else if (IsRunAsPassword(def)) {
      Report("TS5002", p.loc, where + " holds its run-as password (" + prop + ") in clear text",
             &step);
    } else {
      Report("TS5001", p.loc, where + " holds a password (" + prop + ") in clear text", &step);
    }
  }

  static bool IsRunAsPassword(const PropertyDef& def) {
    std::string v = AsciiLowercase(def.variable.empty() ? def.name : def.variable);
    return v.find("runcommandlineuserpassword") != std::string::npos ||
           v.find("runpowershelluserpassword") != std::string::npos;
  }

  void SecretsOf(const Instance& inst, const ClassDef* cls, const Instance& step) {
    if (cls == nullptr) return;
    for (const auto& p : inst.properties) {
      const PropertyDef* def = cls->Find(p.name);
      if (def == nullptr) continue;
      if (def->secret || def->quasi_secret) {
        SecretProperty(inst, p, *def, step);
      } else if (def->type == WmiType::kObject && def->object_class != "SMS_TaskSequence_Rule"sv &&
                 def->object_class != "SMS_TaskSequence_Condition"sv) {
        const ClassDef* ocls = catalog_.Find(def->object_class);
        for (const auto& o : p.value.objects)
          SecretsOf(o, ocls ? ocls : catalog_.Find(o.class_name), step);
      }
    }
  }

  /// A variable that a step sets to a value: a password variable of a step class, or a secret.
  void SecretAssignment(const std::string& name, const std::string& value, Location loc,
                        const Instance& step) {
    if (Trim(value).empty() || IsVariableReference(value)) return;
    auto it = secret_variables_.find(AsciiLowercase(Trim(name)));
    if (it == secret_variables_.end()) return;
    const PropertyDef& def = *it->second;
    const std::string how = Where(step);
    const std::string var =
        Trim(name) + " to a value in clear text (the variable of " + def.name + ")";
    if (def.quasi_secret) {
      Report("TS5003", loc, how + " sets the product key variable " + var, &step);
    } else if (IsRunAsPassword(def)) {
      Report("TS5002", loc, how + " sets the run-as password variable " + var, &step);
    } else {
      Report("TS5001", loc, how + " sets the password variable " + var, &step);
    }
  }

  void Secrets(const Instance& s, const ClassDef* cls) {
    SecretsOf(s, cls, s);
    if (s.class_name == "SMS_TaskSequence_SetVariableAction"sv) {
      std::string name = Text(s, "VariableName");
      std::string value = Text(s, "VariableValue");
      std::string hidden = Text(s, "HiddenVariableValue");
      bool masked = IsTrue(s.Find("DoNotShowVariableValue"));
      if (masked && (!Trim(value).empty() || !Trim(hidden).empty())) {
        Location loc =
            !Trim(value).empty() ? PropLoc(s, "VariableValue") : PropLoc(s, "HiddenVariableValue");
        Report(
            "TS5004", loc,
            Where(s) + " sets " + Trim(name) +
                " to a masked value (Do not display this value) that is in the file in clear text",
            &s);
      } else {
        SecretAssignment(name, value, PropLoc(s, "VariableValue"), s);
      }
    }
    for (const auto& rv : RuleVariables(s)) {
      bool secret = IsTrue(rv.var->Find("IsSecret"));
      if (secret) {
        if (!Trim(rv.value).empty()) {
          Report("TS5004", rv.loc,
                 Where(s) + " sets the secret dynamic variable " + rv.name +
                     " to a value that is in the file in clear text",
                 &s);
        }
      } else {
        SecretAssignment(rv.name, rv.value, rv.loc, s);
      }
    }
  }

  void CommandLines(const Instance& s) {
    for (const char* prop : {"CommandLine", "Parameters"}) {
      const Property* p = s.Find(prop);
      if (p == nullptr || p->value.kind != ValueKind::kString) continue;
      auto switches = LiteralPasswords(p->value.text.str());
      if (switches.empty()) continue;
      std::string list;
      for (std::size_t i = 0; i < switches.size(); ++i) list += (i ? ", " : "") + switches[i].first;
      Report("TS5006", p->loc,
             Where(s) + " passes a literal value to " + list + " in its " + prop +
                 ": a password in clear text",
             &s);
    }
  }

  // --- TS5005: secrets that an export emptied -----------------------------------------------

  static bool Empty(const Instance& s, const char* name) { return Trim(Text(s, name)).empty(); }

  static bool UIntIs(const Instance& s, const char* name, std::int64_t n) {
    const Property* p = s.Find(name);
    return p != nullptr && !p->convert_failed && p->value.kind == ValueKind::kUInt32 &&
           p->value.number == n;
  }

  void Emptied(const Instance& s) {
    const Str& c = s.class_name;
    if (c == "SMS_TaskSequence_RunCommandLineAction"sv ||
        c == "SMS_TaskSequence_RunPowerShellScriptAction"sv) {
      if (IsTrue(s.Find("RunAsUser")) && Empty(s, "UserPassword") &&
          (c != "SMS_TaskSequence_RunCommandLineAction"sv ||
           Empty(s, "SMSTSRunCommandLineUserPassword"))) {
        Report("TS5005", PropLoc(s, "RunAsUser"),
               Where(s) +
                   " runs as another account but its password (UserPassword) is empty: exports "
                   "leave run-as "
                   "passwords out, so enter it again after import or the step cannot log on as "
                   "that account",
               &s);
      }
    } else if (c == "SMS_TaskSequence_JoinDomainWorkgroupAction"sv ||
               c == "SMS_TaskSequence_ApplyNetworkSettingsAction"sv) {
      const char* type =
          c == "SMS_TaskSequence_JoinDomainWorkgroupAction"sv ? "Type" : "NetworkJoinType";
      if (UIntIs(s, type, 0) && !Empty(s, "DomainUsername") && Empty(s, "DomainPassword")) {
        Report("TS5005", PropLoc(s, "DomainUsername"),
               Where(s) + " joins a domain with account " + Trim(Text(s, "DomainUsername")) +
                   " but its password (DomainPassword) is empty: exports leave it out, so enter it "
                   "again after "
                   "import or the domain join fails",
               &s);
      }
    } else if (c == "SMS_TaskSequence_ConnectNetworkFolderAction"sv) {
      if (!Empty(s, "Username") && Empty(s, "Password")) {
        Report("TS5005", PropLoc(s, "Username"),
               Where(s) + " connects as " + Trim(Text(s, "Username")) +
                   " but its password (Password) is empty: exports leave it out, so enter it again "
                   "after import or "
                   "the connection fails",
               &s);
      }
    } else if (c == "SMS_TaskSequence_SetVariableAction"sv) {
      if (IsTrue(s.Find("DoNotShowVariableValue")) && Empty(s, "VariableValue") &&
          Empty(s, "HiddenVariableValue")) {
        Report("TS5005", PropLoc(s, "DoNotShowVariableValue"),
               Where(s) + " sets " + Trim(Text(s, "VariableName")) +
                   " to a masked value (Do not display this value) that is empty: exports leave "
                   "masked values out, "
                   "so enter it again after import or the variable is set to an empty value",
               &s);
      }
    }
    for (const auto& rv : RuleVariables(s)) {
      if (IsTrue(rv.var->Find("IsSecret")) && Trim(rv.value).empty()) {
        Report("TS5005", rv.loc,
               Where(s) + " sets the secret dynamic variable " + rv.name +
                   " to an empty value: exports leave secret values out, so enter it again after "
                   "import",
               &s);
      }
    }
  }

  // --- TS3002-TS3005: variables that steps set ----------------------------------------------

  struct RuleVar {
    const Instance* var;
    std::string name;
    std::string value;
    Location loc;
  };

  static std::vector<RuleVar> RuleVariables(const Instance& s) {
    std::vector<RuleVar> out;
    const Property* rules = s.Find("Rules");
    if (rules == nullptr || rules->convert_failed || rules->value.kind != ValueKind::kObjectArray)
      return out;
    for (const auto& rule : rules->value.objects) {
      const Property* vars = rule.Find("Variables");
      if (vars == nullptr) continue;
      for (const auto& v : vars->value.objects) {
        RuleVar rv;
        rv.var = &v;
        rv.name = Trim(Text(v, "Name"));
        rv.value = Text(v, "Value");
        const Property* name = v.Find("Name");
        rv.loc = name != nullptr && name->loc.line > 0 ? name->loc
                                                       : (v.loc.line > 0 ? v.loc : rules->loc);
        out.push_back(std::move(rv));
      }
    }
    return out;
  }

  void VariableName(const std::string& raw, Location loc, const Instance& s,
                    const std::string& how) {
    std::string name = Trim(raw);
    if (name.empty() || name.find('%') != std::string::npos) return;
    auto where = [&] { return Where(s) + " " + how; };
    bool bad_chars = std::any_of(name.begin(), name.end(), [](char c) {
      return !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') || (c & 0x80);
    });
    if (bad_chars || Utf8Length(name) > 256) {
      Report("TS3002", loc,
             where() + " " + Quote(name) +
                 ", which is not a task sequence variable name: names are 1 to 256 letters, "
                 "digits, underscores and hyphens",
             &s);
      return;
    }
    if (name[0] == '_') {
      if (!IsSettableUnderscoreVariable(name)) {
        Report("TS3004", loc,
               where() + " " + Quote(name) +
                   ", which begins with an underscore: such variables are read-only "
                   "built-in variables that a task sequence cannot change",
               &s);
      }
      return;
    }
    if (!std::isalpha(static_cast<unsigned char>(name[0]))) {
      Report("TS3003", loc,
             where() + " " + Quote(name) +
                 ", which does not begin with a letter as Microsoft documents variable names",
             &s);
    }
  }

  void ValueLength(const std::string& name, const std::string& value, Location loc,
                   const Instance& s, std::size_t sdk_max) {
    std::size_t len = Utf8Length(value);
    if (len <= 4000 || len > sdk_max) return;
    Report("TS3005", loc,
           "the value set for " + Trim(name) + " is " + std::to_string(len) +
               " characters; a task sequence variable holds at most 4,000",
           &s);
  }

  void VariablesSet(const Instance& s) {
    if (s.class_name == "SMS_TaskSequence_SetVariableAction"sv) {
      VariableName(Text(s, "VariableName"), PropLoc(s, "VariableName"), s, "sets");
      ValueLength(Text(s, "VariableName"), Text(s, "VariableValue"), PropLoc(s, "VariableValue"), s,
                  4001);
    }
    for (const auto& rv : RuleVariables(s)) {
      VariableName(rv.name, rv.loc, s, "sets");
      ValueLength(rv.name, rv.value, rv.loc, s, SIZE_MAX);
    }
    for (const char* prop : {"OutputVariableName", "DestinationVariable"}) {
      const Property* p = s.Find(prop);
      if (p == nullptr || p->value.kind != ValueKind::kString) continue;
      VariableName(p->value.text.str(), p->loc, s,
                   std::string("saves its ") +
                       (std::string(prop) == "OutputVariableName"sv ? "output" : "download path") +
                       " in");
    }
  }

  // --- TS4001-TS4003: references ------------------------------------------------------------

  void AddUse(std::string kind, const std::string& id, std::string_view property, const Instance& s,
              Location loc, bool enabled, bool via_child = false) {
    if (id.empty() || id.find('%') != std::string::npos) return;
    // Once per step: a step's uses are added one after another, so only they are compared (all
    // the uses so far made the pass quadratic in references); a step with many (a package
    // list) looks them up in a set instead.
    if (&s != use_step_) {
      use_step_ = &s;
      step_uses_ = uses_.size();
      step_keys_.clear();
    }
    if (uses_.size() - step_uses_ < kScanUses) {
      for (std::size_t k = step_uses_; k < uses_.size(); ++k) {
        if (uses_[k].kind == kind && EqualsNoCase(uses_[k].id, id)) return;
      }
    } else {
      if (step_keys_.empty()) {
        for (std::size_t k = step_uses_; k < uses_.size(); ++k)
          step_keys_.insert(uses_[k].kind + '\n' + AsciiLowercase(uses_[k].id));
      }
      if (!step_keys_.insert(kind + '\n' + AsciiLowercase(id)).second) return;
    }
    uses_.push_back({std::move(kind), id, std::string(property), &s, loc, enabled, via_child});
  }

  void Uses(const Instance& s, const ClassDef* cls, bool enabled) {
    if (s.class_name == "SMS_TaskSequence_SubTasksequence"sv) {
      std::string child = Trim(Text(s, "TsPackageID"));
      AddUse("TaskSequence", child, "TsPackageID", s, PropLoc(s, "TsPackageID"), enabled);
      for (const auto& id : SplitList(Text(s, "TsReferencePackages"))) {
        AddUse("Package", id, "TsReferencePackages", s, PropLoc(s, "TsReferencePackages"), enabled,
               true);
      }
      for (const auto& id : SplitList(Text(s, "TsReferenceApplications"))) {
        AddUse("Application", id, "TsReferenceApplications", s,
               PropLoc(s, "TsReferenceApplications"), enabled, true);
      }
      return;
    }
    if (cls == nullptr) return;
    for (const auto& p : s.properties) {
      const PropertyDef* def = cls->Find(p.name);
      if (def == nullptr || p.value.kind != ValueKind::kString) continue;
      const std::string& q = def->qualifiers;
      if (q.find("TaskSequencePackageList") != std::string::npos) {
        for (const auto& id : SplitList(p.value.text))
          AddUse("Package", id, p.name, s, p.loc, enabled);
      } else if (q.find("TaskSequencePackage") != std::string::npos) {
        AddUse("Package", Trim(p.value.text), p.name, s, p.loc, enabled);
      } else if (q.find("TaskSequenceApplication") != std::string::npos) {
        for (const auto& id : SplitList(p.value.text))
          AddUse("Application", id, p.name, s, p.loc, enabled);
      }
    }
    // The embedded package and application lists repeat what the list properties name.
    for (const auto& [prop, field, kind] :
         {std::tuple<const char*, const char*, const char*>{"PackageInfo", "PackageId", "Package"},
          {"AppInfo", "Name", "Application"}}) {
      const Property* p = s.Find(prop);
      if (p == nullptr || p->value.kind != ValueKind::kObjectArray) continue;
      for (const auto& o : p->value.objects) {
        const Property* f = o.Find(field);
        if (f != nullptr && f->value.kind == ValueKind::kString) {
          AddUse(kind, Trim(f->value.text), std::string(prop) + "." + field, s, f->loc, enabled);
        }
      }
    }
  }

  /// TS4003 for an ID that is not one; `where` says who names it (made only for a finding).
  template <typename Who>
  void Malformed(const std::string& kind, const std::string& id, Location loc, const Instance* step,
                 const Who& where) {
    if (kind == "Application"sv) {
      if (IsApplicationId(id)) return;
      Report("TS4003", loc,
             where() + " names application " + Quote(id) +
                 ", which is not an application model name (ScopeId_<GUID>/Application_<GUID>)",
             step);
      return;
    }
    if (IsPackageId(id)) return;
    Report("TS4003", loc,
           where() + " names " + (kind == "TaskSequence"sv ? "task sequence " : "package ") +
               Quote(id) +
               ", which is not a package ID (a 3-character site code and 5 hexadecimal digits, "
               "such as PS100088)",
           step);
  }

  void References(const std::vector<PackageProperty>& package,
                  std::vector<ExternalDependency>& deps) {
    const TaskSequence& ts = *ts_;
    const bool compare = !Mdt() && ts.has_reference_list;
    std::set<std::string> listed;
    for (const auto& r : ts.references) listed.insert(AsciiLowercase(Trim(r.package)));

    std::set<std::pair<const Instance*, std::string>> reported;
    // Each use's ID in lower case, once; which IDs are used, by enabled steps or not.
    std::vector<std::string> lower_ids;
    lower_ids.reserve(uses_.size());
    std::unordered_map<std::string, std::pair<bool, bool>> use_of;  // lower ID: used, used enabled
    for (const auto& u : uses_) {
      lower_ids.push_back(AsciiLowercase(u.id));
      auto& e = use_of[lower_ids.back()];
      e.first = true;
      e.second = e.second || u.enabled;
    }
    for (const auto& u : uses_) {
      auto where = [&] { return Where(*u.step) + " (" + u.property + ")"; };
      Malformed(u.kind, u.id, u.loc, u.step, where);
      if (!compare || !u.enabled || listed.count(AsciiLowercase(u.id)) > 0) continue;
      if (!reported.insert({u.step, AsciiLowercase(u.id)}).second) continue;
      std::string noun = u.kind == "Application"sv    ? "application "
                         : u.kind == "TaskSequence"sv ? "task sequence "
                                                      : "package ";
      Report("TS4001", u.loc,
             where() + " uses " + noun + u.id +
                 ", which the sequence's <referenceList> does not list (ConfigMgr lists there "
                 "every package, "
                 "application and task sequence that enabled steps use)",
             u.step);
    }
    for (const auto& r : ts.references) {
      std::string id = Trim(r.package);
      if (id.empty()) continue;
      std::string kind = r.type == 1 ? "Application" : "Package";
      Malformed(kind, id, r.loc, nullptr, [] { return std::string("<reference>"); });
      if (!compare) continue;
      bool used = false, used_enabled = false;
      if (auto it = use_of.find(AsciiLowercase(id)); it != use_of.end()) {
        used = it->second.first;
        used_enabled = it->second.second;
      }
      if (used_enabled) continue;
      std::string noun = r.type == 1 ? "application " : "package ";
      Report("TS4002", r.loc,
             "<referenceList> lists " + noun + id +
                 (used ? ", which only disabled steps use" : ", which no step uses") +
                 " (ConfigMgr rebuilds the list from the enabled steps when it saves the task "
                 "sequence)",
             nullptr);
    }

    // The external dependencies, in order of first use.
    std::unordered_map<std::string, std::size_t> dep_index;  // kind + '\n' + lower ID
    const std::size_t first_dep = deps.size();
    for (std::size_t k = first_dep; k < deps.size(); ++k)
      dep_index.emplace(deps[k].kind + "\n" + AsciiLowercase(deps[k].id), k);
    for (std::size_t ui = 0; ui < uses_.size(); ++ui) {
      const auto& u = uses_[ui];
      auto [it, inserted] = dep_index.emplace(u.kind + "\n" + lower_ids[ui], deps.size());
      if (inserted) {
        ExternalDependency d;
        d.kind = u.kind;
        d.id = u.id;
        if (compare) d.referenced = listed.count(lower_ids[ui]) > 0;
        deps.push_back(std::move(d));
      }
      deps[it->second].uses.push_back(
          {u.step->step_path.str(), u.step->step_number, u.property, u.enabled, u.loc});
    }
    for (const auto& p : package) {
      if (p.name != "BootImageID"sv || p.value.kind != ValueKind::kString ||
          Trim(p.value.text).empty())
        continue;
      ExternalDependency d;
      d.kind = "BootImage";
      d.id = Trim(p.value.text);
      deps.push_back(std::move(d));
    }
  }

  // --- TS3006, TS3007: the size of the stored sequence ---------------------------------------

  void Size() {
    // A sequence read from text takes at most kStoredBytesPerTextByte bytes to store for each
    // byte of that text: smaller texts cannot come near the warning, and are not measured
    // (measuring every step was a twentieth of the import of a batch of small files).
    if (ts_->text_bytes != 0 && ts_->text_bytes * kStoredBytesPerTextByte < kSequenceSizeWarning)
      return;
    // Every step's size once: the estimate and the heaviest steps both come from them.
    StepSizes sizes;
    if (const auto* steps = ts_->root.Children()) CollectStepSizes(*steps, sizes);
    const std::uint64_t bytes = StoredSize(*ts_, sizes);
    if (bytes < kSequenceSizeWarning) return;
    std::stable_sort(sizes.begin(), sizes.end(),
                     [](const auto& a, const auto& b) { return a.second.own > b.second.own; });
    std::string heaviest;
    for (std::size_t i = 0; i < sizes.size() && i < 3; ++i) {
      const auto& [step, size] = sizes[i];
      heaviest += (i ? "; " : "") + Quote(step->step_path) + " " + FormatKb(2 * size.own);
      if (!size.biggest_property.empty() && size.biggest * 2 >= size.own) {
        heaviest += " (" + size.biggest_property + " " + FormatKb(2 * size.biggest) + ")";
      }
    }
    std::string message = "the sequence is about " + FormatKb(bytes) + " (" + WithThousands(bytes) +
                          " bytes of UTF-16 XML, an estimate of what ConfigMgr stores)";
    if (bytes > kSequenceSizeLimit) {
      message +=
          ", over the 2 MB limit: ConfigMgr refuses to import or save a larger task sequence";
      if (!heaviest.empty()) message += "; heaviest steps: " + heaviest;
      Report("TS3007", ts_->root.loc, message, nullptr);
    } else {
      message += ", near the 2 MB limit above which ConfigMgr refuses to import or save it";
      if (!heaviest.empty()) message += "; heaviest steps: " + heaviest;
      Report("TS3006", ts_->root.loc, message, nullptr);
    }
  }

  const std::string& file_;
  const Catalog& catalog_;
  std::vector<Diagnostic>& diags_;
  const TaskSequence* ts_ = nullptr;
  std::map<std::string, const PropertyDef*> secret_variables_;
  std::vector<Use> uses_;
  // AddUse: the step whose uses are being added, where they start, and (past kScanUses of them)
  // their kinds and lower-case IDs.
  static constexpr std::size_t kScanUses = 16;
  const Instance* use_step_ = nullptr;
  std::size_t step_uses_ = 0;
  std::unordered_set<std::string> step_keys_;
};

}  // namespace

std::uint64_t EstimateStoredSize(const TaskSequence& ts) {
  StepSizes sizes;
  if (const auto* steps = ts.root.Children()) CollectStepSizes(*steps, sizes);
  return StoredSize(ts, sizes);
}

void Lint(const TaskSequence& ts, const std::string& file, const Catalog& catalog,
          const std::vector<PackageProperty>& package, std::vector<Diagnostic>& diagnostics,
          std::vector<ExternalDependency>& dependencies) {
  Linter(file, catalog, diagnostics).Run(ts, package, dependencies);
}

}  // namespace tsimport::detail
