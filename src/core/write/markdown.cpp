// -f markdown: documentation of one task sequence, as CommonMark with GitHub's tables.
//
// Title, facts, references, global variables, the outline (the -f text outline in a code
// block), then every group and step in execution order: its class, place, marks, description,
// condition, a table of every set property (friendly name, WMI name, run-time variable, value),
// tables for embedded objects and Set Dynamic Variables rules, the decoded PowerShell script,
// the command it runs and the references it uses. Disabled steps and Run Task Sequence steps
// are documented like the others.
//
// Text from the input is escaped wherever Markdown could read it as markup; values go in code
// spans; `|` is escaped in table cells; no raw HTML is written.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "model/text.h"
#include "tsimport/write.h"
#include "write/markdown_text.h"

namespace tsimport {
namespace {

/// Inline text: every character Markdown could take for markup is backslash-escaped, line
/// breaks become spaces (in a table cell) or hard breaks (in a paragraph).
std::string Escape(std::string_view s, bool in_table) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r') continue;
    if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += in_table ? " " : "\\\n";
      line_start = !in_table;
      continue;
    }
    if (c == '\t') c = ' ';
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    if (line_start) {
      // Block markers at the start of a line: headings, lists, quotes, breaks, ordered lists.
      if (c == ' ') continue;  // leading spaces would make an indented code block
      if (std::strchr("#-+=>", c) != nullptr) out += '\\';
      if (std::isdigit(static_cast<unsigned char>(c))) {
        std::size_t j = i;
        while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        if (j < s.size() && (s[j] == '.' || s[j] == ')')) {
          out.append(s, i, j - i);
          out += '\\';
          i = j - 1;
          line_start = false;
          continue;
        }
      }
      line_start = false;
    }
    if (std::strchr("\\`*_[]<>|~&", c) != nullptr) out += '\\';
    out += c;
  }
  // No trailing spaces or hard breaks.
  for (;;) {
    if (!out.empty() && out.back() == ' ') {
      out.pop_back();
    } else if (out.size() >= 2 && out.compare(out.size() - 2, 2, "\\\n") == 0) {
      out.resize(out.size() - 2);
    } else {
      break;
    }
  }
  return out;
}

/// A code span that holds `s` exactly (on one line); `|` escaped for table cells.
std::string Code(std::string_view s, bool in_table) {
  std::string text;
  for (char c : s) {
    if (c == '\r') continue;
    if (c == '\n' || c == '\t') c = ' ';
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    text += c;
  }
  if (text.empty()) return "*(empty)*";
  std::size_t longest = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t j = i;
    while (j < text.size() && text[j] == '`') ++j;
    longest = std::max(longest, j - i);
    i = j == i ? i + 1 : j;
  }
  std::string fence(longest + 1, '`');
  bool pad = text.front() == '`' || text.back() == '`' ||
             (text.front() == ' ' && text.back() == ' ' &&
              text.find_first_not_of(' ') != std::string::npos);
  std::string body = pad ? " " + text + " " : text;
  if (in_table) {
    std::string escaped;
    for (char c : body) {
      if (c == '|') escaped += '\\';
      escaped += c;
    }
    body = escaped;
  }
  return fence + body + fence;
}

/// A fenced code block that holds `s` exactly.
std::string CodeBlock(const std::string& s, const std::string& info) {
  std::size_t longest = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && s[j] == '`') ++j;
    longest = std::max(longest, j - i);
    i = j == i ? i + 1 : j;
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body;
  for (char c : s) {
    if (c != '\r') body += c;
  }
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + info + "\n" + body + fence + "\n";
}

/// "PackageID" -> "Package ID", "DiskpartBiosCompatibilityMode" -> "Diskpart bios compatibility
/// mode".
std::string Friendly(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto is_upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  auto is_lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
  auto is_digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_' || c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
      continue;
    }
    bool boundary = false;
    if (!word.empty()) {
      char prev = name[i - 1];
      if (is_upper(c) && (is_lower(prev) || is_digit(prev))) boundary = true;
      if (is_upper(c) && is_upper(prev) && i + 1 < name.size() && is_lower(name[i + 1]))
        boundary = true;
      if (is_digit(c) && !is_digit(prev)) boundary = true;
    }
    if (boundary) {
      words.push_back(word);
      word.clear();
    }
    word += c;
  }
  if (!word.empty()) words.push_back(word);
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    bool acronym = w.size() > 1 && std::none_of(w.begin(), w.end(), is_lower);
    // Acronyms the WMI names write in mixed case.
    static const std::pair<const char*, const char*> kAcronyms[] = {
        {"Ts", "TS"}, {"Os", "OS"}, {"Id", "ID"}};
    for (const auto& [from, to] : kAcronyms) {
      if (w == from) {
        w = to;
        acronym = true;
      }
    }
    if (!acronym) {
      std::transform(w.begin(), w.end(), w.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      if (i == 0) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    }
    out += (i ? " " : "") + w;
  }
  return out;
}

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

bool IsFalse(const Property* p) {
  return p != nullptr && !p->convert_failed && p->value.kind == ValueKind::kBoolean &&
         !p->value.boolean;
}

bool IsTrue(const Property* p) {
  return p != nullptr && !p->convert_failed && p->value.kind == ValueKind::kBoolean &&
         p->value.boolean;
}

std::string Scalar(const Property& p) {
  return p.convert_failed ? p.raw().str() : detail::ScalarText(p.value);
}

/// Every string a step holds (property values, embedded objects), for finding the references
/// it uses.
void Strings(const Instance& inst, std::vector<std::string>& out) {
  for (const auto& p : inst.properties) {
    if (p.name == "Condition" || p.name == "Steps") continue;
    if (p.value.kind == ValueKind::kObject || p.value.kind == ValueKind::kObjectArray) {
      for (const auto& o : p.value.objects) Strings(o, out);
      continue;
    }
    std::string s = Scalar(p);
    std::size_t start = 0;
    for (;;) {
      std::size_t comma = s.find_first_of(",;", start);
      std::string part =
          s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      std::size_t b = part.find_first_not_of(' ');
      std::size_t e = part.find_last_not_of(' ');
      if (b != std::string::npos) out.push_back(part.substr(b, e - b + 1));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
}

class Document {
 public:
  Document(const ImportResult& r, const Catalog& catalog)
      : r_(r), ts_(*r.task_sequence), catalog_(catalog) {}

  std::string Write() {
    Title();
    Facts();
    Package();
    References();
    Globals();
    Outline();
    Findings();
    const Property* steps = ts_.root.Find("Steps");
    if (steps != nullptr && !steps->value.objects.empty()) {
      out_ += "## Steps\n\n";
      Steps(steps->value.objects, {});
    }
    while (out_.size() >= 2 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n')
      out_.pop_back();
    return out_;
  }

 private:
  void Title() {
    out_ += "# " + Escape(TaskSequenceTitle(r_), true) + "\n\n";
    for (const auto& a : ts_.root.attributes) {
      if (a.name == "description" && !Escape(a.value, false).empty())
        out_ += Escape(a.value, false) + "\n\n";
    }
  }

  void Facts() {
    const Property* version = ts_.root.Find("SchemaVersion");
    std::size_t disabled = 0;
    std::size_t sub = 0;
    Count(ts_.root, disabled, sub);
    out_ += "- **Source:** " + Code(r_.input, false) + "\n";
    out_ += "- **Schema version:** " +
            (version ? Code(version->raw(), false) : std::string("*(none)*")) + "\n";
    out_ +=
        "- **Dialect:** " + std::string(ts_.dialect == Dialect::kMdt ? "MDT" : "ConfigMgr") + "\n";
    std::string counts = Plural(ts_.groups, "group") + ", " + Plural(ts_.steps, "step");
    if (disabled > 0) counts += " (" + std::to_string(disabled) + " disabled)";
    out_ += "- **Groups and steps:** " + counts + "\n";
    if (sub > 0) out_ += "- **Run Task Sequence steps:** " + std::to_string(sub) + "\n";
    out_ += "- **References:** " + std::to_string(ReferenceList().size()) + "\n";
    out_ += "- **Import:** ReturnValue " + std::to_string(r_.ReturnValue()) + " (" +
            FormatHResult(r_.hresult) + "); " + Plural(r_.Count(Severity::kError), "error") + ", " +
            Plural(r_.Count(Severity::kWarning), "warning") + "\n\n";
  }

  void Count(const Instance& parent, std::size_t& disabled, std::size_t& sub) const {
    const Property* steps = parent.Find("Steps");
    if (steps == nullptr) return;
    for (const auto& s : steps->value.objects) {
      if (IsFalse(s.Find("Enabled"))) ++disabled;
      if (s.element == "subtasksequence" || s.class_name == "SMS_TaskSequence_SubTasksequence")
        ++sub;
      if (s.role == InstanceRole::kGroup) Count(s, disabled, sub);
    }
  }

  /// The package's properties (object.xml, export zips, the 2007 wrapper): every one that has
  /// a value, References aside (they have their own section).
  void Package() {
    if (!r_.has_package) return;
    std::string rows;
    // What identifies the package first, then the rest in the instance's order.
    static const char* kFirst[] = {"PackageID",       "Name",       "Description", "Version",
                                   "Manufacturer",    "Language",   "SourceSite",  "SourceDate",
                                   "LastRefreshTime", "BootImageID"};
    std::vector<const PackageProperty*> ordered;
    for (const char* name : kFirst) {
      for (const auto& p : r_.package) {
        if (p.name == name) ordered.push_back(&p);
      }
    }
    for (const auto& p : r_.package) {
      if (std::find(std::begin(kFirst), std::end(kFirst), p.name) == std::end(kFirst))
        ordered.push_back(&p);
    }
    for (const PackageProperty* pp : ordered) {
      const PackageProperty& p = *pp;
      if (p.value.kind == ValueKind::kObject || p.value.kind == ValueKind::kObjectArray) continue;
      std::string v = detail::ScalarText(p.value);
      if (v.empty()) continue;
      rows += "| " + Escape(Friendly(p.name), true) + " | " + Code(p.name, true) + " | " +
              Code(v, true) + " |\n";
    }
    if (rows.empty()) return;
    out_ += "## Package\n\n| Setting | Property | Value |\n|---|---|---|\n" + rows + "\n";
  }

  struct Ref {
    std::string package;
    std::optional<std::string> program;
    std::int64_t type = 0;
  };

  /// The package's References when the input carried them (as the JSON record has them),
  /// otherwise the sequence's <referenceList>.
  std::vector<Ref> ReferenceList() const {
    std::vector<Ref> out;
    for (const auto& p : r_.package) {
      if (p.name != "References" || p.value.kind != ValueKind::kObjectArray) continue;
      for (const auto& o : p.value.objects) {
        Ref ref;
        if (const Property* x = o.Find("Package")) ref.package = Scalar(*x);
        if (const Property* x = o.Find("Program"); x != nullptr && !x->value.IsNull())
          ref.program = Scalar(*x);
        if (const Property* x = o.Find("Type"); x != nullptr && x->value.kind == ValueKind::kUInt32)
          ref.type = x->value.number;
        out.push_back(std::move(ref));
      }
      return out;
    }
    for (const auto& r : ts_.references) out.push_back({r.package, r.program, r.type});
    return out;
  }

  void References() {
    refs_ = ReferenceList();
    if (refs_.empty()) return;
    out_ +=
        "## References\n\n| # | Type | Package or application | Program | Used by steps "
        "|\n|---:|---|---|---|---|\n";
    for (std::size_t i = 0; i < refs_.size(); ++i) {
      const Ref& ref = refs_[i];
      std::string users;
      for (const auto& [number, strings] : uses_) {
        if (std::find(strings.begin(), strings.end(), ref.package) != strings.end()) {
          users += (users.empty() ? "" : ", ") + std::to_string(number);
        }
      }
      out_ += "| " + std::to_string(i + 1) + " | " + (ref.type == 1 ? "Application" : "Package") +
              " | " + Code(ref.package, true) + " | " +
              (ref.program ? Code(*ref.program, true) : std::string()) + " | " + users + " |\n";
    }
    out_ += "\n";
  }

  void Globals() {
    if (ts_.global_variables.empty()) return;
    out_ += "## Global variables\n\n| Variable | Property | Value |\n|---|---|---|\n";
    for (const auto& v : ts_.global_variables) {
      out_ += "| " + Code(v.name(), true) + " | " +
              (v.property() ? Code(*v.property(), true) : std::string()) + " | " +
              Code(v.text, true) + " |\n";
    }
    out_ += "\n";
  }

  void Outline() {
    out_ +=
        "## Outline\n\nNumbers are the instruction numbers `smsts.log` shows; a group also takes "
        "one at its end.\n\n";
    out_ += CodeBlock(WriteOutline(ts_, catalog_, false, 80), "text") + "\n";
  }

  void Findings() {
    if (r_.diagnostics.empty()) return;
    out_ += "## Findings\n\n| Line | Severity | Rule | Step | Message |\n|---:|---|---|---|---|\n";
    for (const auto& d : r_.diagnostics) {
      out_ += "| " + (d.loc.line ? std::to_string(d.loc.line) : std::string()) + " | " +
              SeverityName(d.severity) + " | " + d.rule + " | " +
              (d.step >= 0 ? std::to_string(d.step) : std::string()) + " | " +
              Escape(d.message, true) + " |\n";
    }
    out_ += "\n";
  }

  void Steps(const std::vector<Instance>& steps, const std::vector<std::string>& path) {
    for (const auto& s : steps) {
      Step(s, path);
      if (s.role == InstanceRole::kGroup) {
        if (const Property* children = s.Find("Steps")) {
          std::vector<std::string> inner = path;
          const Property* name = s.Find("Name");
          // Every step below repeats the group's name: at most 400 bytes of it (a valid name
          // has at most 100 characters), so that a huge name is not copied once per step.
          std::string own = name ? name->raw().str() : std::string();
          if (own.size() > 400) {
            std::size_t end = 397;
            while (end > 0 && (static_cast<unsigned char>(own[end]) & 0xC0) == 0x80) --end;
            own = own.substr(0, end) + "...";
          }
          inner.push_back(std::move(own));
          Steps(children->value.objects, inner);
        }
      }
    }
  }

  void Step(const Instance& s, const std::vector<std::string>& path) {
    const bool group = s.role == InstanceRole::kGroup;
    const Property* name = s.Find("Name");
    std::string heading = Escape(name != nullptr ? name->raw().str() : std::string(), true);
    out_ += "### " + (s.step_number >= 0 ? std::to_string(s.step_number) + ". " : std::string()) +
            (heading.empty() ? "*(no name)*" : heading) + "\n\n";

    const ClassDef* cls = catalog_.Find(s.class_name);
    std::string kind = group                                     ? "Group"
                       : cls != nullptr && !cls->ui_name.empty() ? cls->ui_name
                                                                 : "Unknown step type";
    std::string line = "**" + Escape(kind, false) + "**";
    if (!group) line += " (" + Code(s.class_name, false) + ")";
    if (!path.empty()) {
      std::string where;
      for (const auto& p : path) where += (where.empty() ? "" : " / ") + Escape(p, true);
      if (where.size() > 2048) {  // deep nests of long names: the innermost groups
        std::size_t start = where.size() - 2045;
        while (start < where.size() && (static_cast<unsigned char>(where[start]) & 0xC0) == 0x80)
          ++start;
        where = "..." + where.substr(start);
      }
      line += " in " + where;
    } else {
      line += " at the top level";
    }
    out_ += line + "\n\n";

    std::vector<std::string> marks;
    if (IsFalse(s.Find("Enabled")))
      marks.push_back(group ? "**Disabled:** this group and its steps do not run."
                            : "**Disabled:** this step does not run.");
    if (IsTrue(s.Find("ContinueOnError")))
      marks.push_back("**Continue on error:** a failure does not stop the task sequence.");
    for (const auto& m : marks) out_ += m + "\n";
    if (!marks.empty()) out_ += "\n";

    if (const Property* d = s.Find("Description");
        d != nullptr && !Escape(d->raw(), false).empty()) {
      out_ += Escape(d->raw(), false) + "\n\n";
    }
    if (const Property* cond = s.Find("Condition");
        cond != nullptr && cond->value.kind == ValueKind::kObject && !cond->value.objects.empty() &&
        !IsEmptyCondition(cond->value.objects.front())) {
      out_ +=
          "**Condition:** if " + Escape(ConditionText(cond->value.objects.front()), false) + "\n\n";
    }
    if (group) return;
    if (s.element == "subtasksequence" || s.class_name == "SMS_TaskSequence_SubTasksequence") {
      out_ +=
          "At run time the steps of the child task sequence run here: they take the numbers "
          "after " +
          std::to_string(s.step_number) +
          ", and the steps after this one take higher numbers than shown (by the child's count and "
          "one).\n\n";
    }
    Settings(s, cls);
    if (s.action) out_ += "**Runs:** " + Code(*s.action, false) + "\n\n";
    Uses(s);
  }

  void Settings(const Instance& s, const ClassDef* cls) {
    std::vector<const Property*> props;
    std::set<std::string> seen;
    auto add = [&](const Property* p) {
      // An unset property written as an empty element is shown, as it stands in the file.
      if (p == nullptr || (p->value.IsNull() && p->source != ValueSource::kVariable) ||
          !seen.insert(p->name.str()).second)
        return;
      static const char* kShownElsewhere[] = {"Name", "Description", "Enabled", "ContinueOnError",
                                              "Condition"};
      for (const char* k : kShownElsewhere) {
        if (p->name == k) return;
      }
      props.push_back(p);
    };
    if (cls != nullptr) {
      for (const auto& def : cls->properties) add(s.Find(def.name));
    }
    for (const auto& p : s.properties) add(&p);

    std::vector<std::string> rows;
    std::vector<const Property*> arrays;
    const Property* rules = nullptr;
    std::optional<std::string> script;
    for (const Property* p : props) {
      std::string value;
      if (!p->convert_failed &&
          (p->value.kind == ValueKind::kObjectArray || p->value.kind == ValueKind::kObject)) {
        if (p->name == "Rules") {
          rules = p;
          value = Plural(p->value.objects.size(), "rule") + " (below)";
        } else {
          arrays.push_back(p);
          value = Plural(p->value.objects.size(), "item") + " (below)";
        }
        value = Escape(value, true);
      } else if (p->name == "SourceScript" && (script = DecodeSourceScript(p->raw().str()))) {
        value = "PowerShell script, below (" +
                Code(p->raw().size() > 24 ? std::string(p->raw().substr(0, 20)) + "..."
                                          : p->raw().str(),
                     true) +
                ")";
      } else {
        value = Code(Scalar(*p), true);
      }
      rows.push_back("| " + Escape(Friendly(p->name), true) + " | " + Code(p->name, true) + " | " +
                     VariableOf(s, *p) + " | " + value + " |");
    }
    for (const auto& v : s.variables) {
      if (v.role != VariableRole::kUnknown && v.role != VariableRole::kNoProperty) continue;
      rows.push_back("| *(not defined by the class)* | " +
                     (v.property() ? Code(*v.property(), true) : std::string()) + " | " +
                     Code(v.name(), true) + " | " + Code(v.text, true) + " |");
    }
    if (!rows.empty()) {
      out_ += "| Setting | Property | Variable | Value |\n|---|---|---|---|\n";
      for (const auto& r : rows) out_ += r + "\n";
      out_ += "\n";
    }
    for (const Property* p : arrays) Objects(*p);
    if (rules != nullptr) Rules(*rules);
    if (script)
      out_ += "**Script** (`SourceScript`, decoded):\n\n" + CodeBlock(*script, "powershell") + "\n";
  }

  /// The run-time variable that holds a property: the `name` of its `<variable>`, or the
  /// attribute it came from.
  static std::string VariableOf(const Instance& s, const Property& p) {
    if (p.source == ValueSource::kAttribute) {
      static const std::pair<const char*, const char*> kAttributes[] = {
          {"SupportedEnvironment", "runIn"},
          {"Timeout", "timeout"},
          {"SuccessCodes", "successCodeList"},
          {"RetryCount", "retryCount"},
          {"RunFromNet", "runFromNet"}};
      for (const auto& [prop, attr] : kAttributes) {
        if (p.name == prop) return "attribute " + Code(attr, true);
      }
      return {};
    }
    for (const auto& v : s.variables) {
      if (v.property() && *v.property() == p.name && v.role != VariableRole::kArrayElement)
        return Code(v.name(), true);
    }
    if (p.source == ValueSource::kDerived) return "`<action>`";
    return {};
  }

  void Objects(const Property& p) {
    out_ += "**" + Escape(Friendly(p.name), false) + "** (" + Code(p.name, false) + ")\n\n";
    if (p.value.objects.empty()) {
      out_ += "*(none)*\n\n";
      return;
    }
    // Columns: every property set on any element, in catalog order.
    std::vector<std::string> columns;
    const ClassDef* ocls = catalog_.Find(p.value.objects.front().class_name);
    auto add_column = [&](std::string_view name) {
      if (std::find(columns.begin(), columns.end(), name) != columns.end()) return;
      for (const auto& o : p.value.objects) {
        if (o.Find(name) != nullptr) {
          columns.emplace_back(name);
          return;
        }
      }
    };
    if (ocls != nullptr) {
      for (const auto& def : ocls->properties) add_column(def.name);
    }
    for (const auto& o : p.value.objects) {
      for (const auto& q : o.properties) add_column(q.name);
    }
    out_ += "| # |";
    for (const auto& c : columns) out_ += " " + Escape(Friendly(c), true) + " |";
    out_ += "\n|---:|";
    for (std::size_t i = 0; i < columns.size(); ++i) out_ += "---|";
    out_ += "\n";
    for (std::size_t i = 0; i < p.value.objects.size(); ++i) {
      const Instance& o = p.value.objects[i];
      out_ += "| " + std::to_string(i) + " |";
      for (const auto& c : columns) {
        const Property* q = o.Find(c);
        out_ += " " + (q != nullptr ? Code(Scalar(*q), true) : std::string()) + " |";
      }
      out_ += "\n";
    }
    out_ += "\n";
  }

  void Rules(const Property& p) {
    out_ += "**Rules** (" + Code(p.name, false) + ")\n\n";
    for (std::size_t i = 0; i < p.value.objects.size(); ++i) {
      const Instance& rule = p.value.objects[i];
      std::string when = "always";
      if (const Property* c = rule.Find("Condition"); c != nullptr && !c->value.objects.empty()) {
        when = "if " + Escape(ConditionText(c->value.objects.front()), false);
      }
      out_ += "Rule " + std::to_string(i + 1) + ": " + when + "\n\n";
      const Property* vars = rule.Find("Variables");
      if (vars == nullptr || vars->value.objects.empty()) {
        out_ += "*(sets no variables)*\n\n";
        continue;
      }
      out_ += "| Variable | Value | Secret |\n|---|---|---|\n";
      for (const auto& v : vars->value.objects) {
        const Property* n = v.Find("Name");
        const Property* val = v.Find("Value");
        const Property* secret = v.Find("IsSecret");
        out_ += "| " + Code(n ? n->raw().str() : std::string(), true) + " | " +
                Code(val ? Scalar(*val) : std::string(), true) + " | " +
                (secret != nullptr ? Escape(Scalar(*secret), true) : std::string()) + " |\n";
      }
      out_ += "\n";
    }
  }

  void Uses(const Instance& s) {
    std::vector<std::string> strings;
    Strings(s, strings);
    std::vector<std::string> used;
    for (const auto& ref : refs_) {
      if (std::find(strings.begin(), strings.end(), ref.package) != strings.end() &&
          std::find(used.begin(), used.end(), ref.package) == used.end()) {
        used.push_back(ref.package);
      }
    }
    if (used.empty()) return;
    std::string line = "**Uses:**";
    for (std::size_t i = 0; i < used.size(); ++i) line += (i ? ", " : " ") + Code(used[i], false);
    out_ += line + "\n\n";
  }

 public:
  /// Steps and the strings they hold, for the "used by" column of the references.
  void IndexUses(const std::vector<Instance>& steps) {
    for (const auto& s : steps) {
      if (s.role == InstanceRole::kGroup) {
        if (const Property* children = s.Find("Steps")) IndexUses(children->value.objects);
        continue;
      }
      std::vector<std::string> strings;
      Strings(s, strings);
      uses_.emplace_back(s.step_number, std::move(strings));
    }
  }

 private:
  const ImportResult& r_;
  const TaskSequence& ts_;
  const Catalog& catalog_;
  std::vector<std::pair<int, std::vector<std::string>>> uses_;
  std::vector<Ref> refs_;
  std::string out_;
};

}  // namespace

std::string WriteMarkdown(const ImportResult& result, const Catalog& catalog) {
  if (!result.task_sequence) return {};
  Document doc(result, catalog);
  if (const Property* steps = result.task_sequence->root.Find("Steps"))
    doc.IndexUses(steps->value.objects);
  return doc.Write();
}

namespace detail {

std::string MarkdownEscape(std::string_view s, bool in_table) { return Escape(s, in_table); }
std::string MarkdownCode(std::string_view s, bool in_table) { return Code(s, in_table); }
std::string MarkdownCodeBlock(const std::string& s, const std::string& info) {
  return CodeBlock(s, info);
}

}  // namespace detail

}  // namespace tsimport
