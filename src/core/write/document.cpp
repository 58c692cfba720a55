// What the documentation of a task sequence says (-f markdown, -f html; docs/formats.md): a
// header (name, package, version, dialect, counts, whether it would import and why not), the
// step overview, the references by name, global variables, findings, then every group and step
// with its settings in the console's words and its values decoded, and the package's internals
// in a collapsed appendix. The sinks (markdown.cpp, html.cpp) decide how it is written.
#include "write/document.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "model/text.h"
#include "tsimport/write.h"

namespace tsimport::detail::doc {
namespace {

/// "PackageID" -> "Package ID", "DiskpartBiosCompatibilityMode" -> "Diskpart bios compatibility
/// mode": the label of a property the catalog gives no console wording for.
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
    static const std::pair<const char*, const char*> kAcronyms[] = {
        {"Ts", "TS"}, {"Os", "OS"}, {"Id", "ID"}};
    for (const auto& [from, to] : kAcronyms) {
      if (w == from) {
        w = to;
        acronym = true;
      }
    }
    if (!acronym) {
      w = AsciiLowercase(w);
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
  return p.convert_failed ? p.raw().str() : ScalarText(p.value);
}

std::string Prop(const Instance& s, std::string_view name) {
  const Property* p = s.Find(name);
  return p != nullptr ? Scalar(*p) : std::string();
}

bool IsSubTaskSequence(const Instance& s) {
  return s.element == "subtasksequence" || s.class_name == "SMS_TaskSequence_SubTasksequence";
}

std::string Anchor(const Instance& s) {
  return s.step_number >= 0 ? "step-" + std::to_string(s.step_number) : std::string();
}

/// A WMI DMTF date (`20160105014820.000000+000`) as an ISO date and time; nullopt when it is not
/// one.
std::optional<std::string> DmtfDate(std::string_view v) {
  if (v.size() != 25 || v[14] != '.' || (v[21] != '+' && v[21] != '-')) return std::nullopt;
  for (std::size_t i = 0; i < 25; ++i) {
    if (i == 14 || i == 21) continue;
    if (!std::isdigit(static_cast<unsigned char>(v[i]))) return std::nullopt;
  }
  std::string out = std::string(v.substr(0, 4)) + "-" + std::string(v.substr(4, 2)) + "-" +
                    std::string(v.substr(6, 2)) + " " + std::string(v.substr(8, 2)) + ":" +
                    std::string(v.substr(10, 2)) + ":" + std::string(v.substr(12, 2));
  const int minutes = std::stoi(std::string(v.substr(22, 3)));
  if (minutes == 0) return out + " UTC";
  char buf[32];
  std::snprintf(buf, sizeof buf, " UTC%c%02d:%02d", v[21], minutes / 60, minutes % 60);
  return out + buf;
}

std::string Bytes(std::int64_t n) {
  if (n < 1024) return std::to_string(n) + " bytes";
  const char* units[] = {"KB", "MB", "GB", "TB"};
  double v = static_cast<double>(n);
  int u = -1;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %s (%lld bytes)", v, units[u], static_cast<long long>(n));
  return buf;
}

/// SMS_Program's ProgramFlags (the task sequence package carries them), bit by bit.
std::string ProgramFlags(std::int64_t flags) {
  static const std::pair<std::uint32_t, const char*> kFlags[] = {
      {0x00000001, "AUTHORIZED_DYNAMIC_INSTALL"},
      {0x00000002, "USECUSTOMPROGRESSMSG"},
      {0x00000010, "DEFAULT_PROGRAM"},
      {0x00000020, "DISABLEMOMALERTONRUNNING"},
      {0x00000040, "MOMALERTONFAIL"},
      {0x00000080, "RUN_DEPENDANT_ALWAYS"},
      {0x00000100, "WINDOWS_CE"},
      {0x00000400, "COUNTDOWN"},
      {0x00001000, "DISABLED"},
      {0x00002000, "UNATTENDED"},
      {0x00004000, "USERCONTEXT"},
      {0x00008000, "ADMINRIGHTS"},
      {0x00010000, "EVERYUSER"},
      {0x00020000, "NOUSERLOGGEDIN"},
      {0x00040000, "OKTOQUIT"},
      {0x00080000, "OKTOREBOOT"},
      {0x00100000, "USEUNCPATH"},
      {0x00200000, "PERSISTCONNECTION"},
      {0x00400000, "RUNMINIMIZED"},
      {0x00800000, "RUNMAXIMIZED"},
      {0x01000000, "HIDEWINDOW"},
      {0x02000000, "OKTOLOGOFF"},
      {0x04000000, "RUNACCOUNT"},
      {0x08000000, "ANY_PLATFORM"},
      {0x10000000, "STILL_RUNNING"},
      {0x20000000, "SUPPORT_UNINSTALL"},
      {0x40000000, "UNSUPPORTED"},
      {0x80000000, "SHOW_IN_ARP"}};
  std::string out;
  std::uint32_t left = static_cast<std::uint32_t>(flags);
  for (const auto& [bit, name] : kFlags) {
    if ((left & bit) == 0) continue;
    out += (out.empty() ? "" : ", ") + std::string(name);
    left &= ~bit;
  }
  if (left != 0) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%X", left);
    out += (out.empty() ? "" : ", ") + std::string(buf);
  }
  return out.empty() ? "none" : out;
}

std::string RunIn(std::string_view v) {
  if (v == "WinPEandFullOS") return "Windows PE or the full OS";
  if (v == "WinPE") return "Windows PE only";
  if (v == "FullOS") return "the full OS only";
  return std::string(v);
}

/// Every string a step holds (property values, embedded objects), split at commas and
/// semicolons: where the references it uses are named.
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
  Document(const ImportResult& r, const Catalog& catalog, Sink& sink)
      : r_(r), ts_(*r.task_sequence), catalog_(catalog), sink_(sink) {}

  void Write() {
    CollectNames();
    CollectReferences();
    if (const Property* steps = ts_.root.Find("Steps")) IndexUses(steps->value.objects);
    Header();
    Overview();
    References();
    Globals();
    Findings();
    if (const Property* steps = ts_.root.Find("Steps"); steps && !steps->value.objects.empty()) {
      sink_.Heading(2, {T("Steps")}, "steps");
      Steps(steps->value.objects, {});
    }
    Appendix();
  }

 private:
  // --- names of what the sequence refers to -------------------------------------------------

  struct Ref {
    std::string id;
    std::optional<std::string> program;
    std::int64_t type = 0;
  };

  /// Names from the export (ReferencesInfo.xml...), then from the sequence itself: an Install
  /// Application step's AppInfo (DisplayName), a Run Task Sequence step's TsName, a Download
  /// Package Content step's PackageInfo (Name).
  void CollectNames() {
    for (const auto& n : r_.reference_names) {
      if (!n.name.empty()) names_.emplace(n.id, n.name);
      if (!n.kind.empty()) kinds_.emplace(n.id, n.kind);
    }
    if (const Property* steps = ts_.root.Find("Steps")) NamesFrom(steps->value.objects);
  }
  void NamesFrom(const std::vector<Instance>& steps) {
    for (const auto& s : steps) {
      if (const Property* c = s.Find("Steps"); c && s.role == InstanceRole::kGroup) {
        NamesFrom(c->value.objects);
        continue;
      }
      if (const Property* apps = s.Find("AppInfo"); apps && !apps->value.objects.empty()) {
        for (const auto& a : apps->value.objects) {
          std::string id = Prop(a, "Name");
          std::string name = Prop(a, "DisplayName");
          if (!id.empty() && !name.empty()) names_.emplace(id, name);
          if (!id.empty()) kinds_.emplace(id, "Application");
        }
      }
      if (const Property* pkgs = s.Find("PackageInfo"); pkgs && !pkgs->value.objects.empty()) {
        for (const auto& a : pkgs->value.objects) {
          std::string id = Prop(a, "PackageId");
          std::string name = Prop(a, "Name");
          if (!id.empty() && !name.empty()) names_.emplace(id, name);
        }
      }
      if (IsSubTaskSequence(s)) {
        std::string id = Prop(s, "TsPackageID");
        std::string name = Prop(s, "TsName");
        if (!id.empty() && !name.empty()) names_.emplace(id, name);
        if (!id.empty()) kinds_.emplace(id, "Task sequence");
      }
    }
  }

  /// "Name (ID)" when the name is known, else the ID.
  Inline Named(const std::string& id) const {
    auto it = names_.find(id);
    if (it == names_.end()) return {C(id)};
    return {T(it->second + " "), C(id)};
  }

  /// The package's References when the input carried them (as the JSON record has them),
  /// otherwise the sequence's <referenceList>.
  void CollectReferences() {
    for (const auto& p : r_.package) {
      if (p.name != "References" || p.value.kind != ValueKind::kObjectArray) continue;
      for (const auto& o : p.value.objects) {
        Ref ref;
        ref.id = Prop(o, "Package");
        if (const Property* x = o.Find("Program"); x != nullptr && !x->value.IsNull())
          ref.program = Scalar(*x);
        if (const Property* x = o.Find("Type"); x != nullptr && x->value.kind == ValueKind::kUInt32)
          ref.type = x->value.number;
        refs_.push_back(std::move(ref));
      }
      return;
    }
    for (const auto& r : ts_.references) refs_.push_back({r.package, r.program, r.type});
  }

  /// Which steps name each reference (and each step's references, in reference order).
  void IndexUses(const std::vector<Instance>& steps) {
    if (refs_.empty()) return;
    if (ref_index_.empty()) {
      for (std::size_t i = 0; i < refs_.size(); ++i) ref_index_.emplace(refs_[i].id, i);
      users_.resize(refs_.size());
    }
    for (const auto& s : steps) {
      if (s.role == InstanceRole::kGroup) {
        if (const Property* children = s.Find("Steps")) IndexUses(children->value.objects);
        continue;
      }
      std::vector<std::string> strings;
      Strings(s, strings);
      std::set<std::size_t> found;
      for (const auto& str : strings) {
        auto it = ref_index_.find(str);
        if (it != ref_index_.end()) found.insert(it->second);
      }
      for (std::size_t i : found) users_[i].push_back(&s);
      if (!found.empty()) uses_[&s] = std::vector<std::size_t>(found.begin(), found.end());
    }
  }

  // --- the header -------------------------------------------------------------------------

  std::string PackageValue(const char* name) const {
    for (const auto& p : r_.package) {
      if (p.name == name && p.value.kind != ValueKind::kObject &&
          p.value.kind != ValueKind::kObjectArray)
        return ScalarText(p.value);
    }
    return {};
  }

  void Count(const Instance& parent, bool parent_disabled) {
    const Property* steps = parent.Find("Steps");
    if (steps == nullptr) return;
    for (const auto& s : steps->value.objects) {
      const bool off = parent_disabled || IsFalse(s.Find("Enabled"));
      if (IsFalse(s.Find("Enabled"))) ++disabled_;
      if (off && s.role != InstanceRole::kGroup) ++not_run_;
      if (IsSubTaskSequence(s)) ++sub_;
      if (s.role == InstanceRole::kGroup) Count(s, off);
    }
  }

  void Header() {
    sink_.Title(TaskSequenceTitle(r_));
    std::string description;
    for (const auto& a : ts_.root.attributes) {
      if (a.name == "description") description = a.value.str();
    }
    if (description.empty()) description = PackageValue("Description");
    if (description.find_first_not_of(" \t\r\n") != std::string::npos)
      sink_.Paragraph({T(description)});
    Count(ts_.root, false);

    std::vector<Inline> facts;
    if (std::string id = PackageValue("PackageID"); !id.empty())
      facts.push_back({B("Package ID:"), T(" "), C(id)});
    if (std::string v = PackageValue("Version"); !v.empty())
      facts.push_back({B("Package version:"), T(" " + v)});
    if (std::string d = PackageValue("SourceDate"); !d.empty())
      facts.push_back({B("Last changed:"), T(" " + DmtfDate(d).value_or(d))});
    const Property* version = ts_.root.Find("SchemaVersion");
    facts.push_back({B("Format:"), T(" " + std::string(ts_.dialect == Dialect::kMdt ? "MDT" : "ConfigMgr") +
                                     " task sequence, schema version " +
                                     (version ? version->raw().str() : std::string("(none)")))});
    std::string counts = Plural(ts_.groups, "group") + ", " + Plural(ts_.steps, "step");
    if (disabled_ > 0) counts += "; " + std::to_string(disabled_) + " disabled";
    if (not_run_ > 0)
      counts += " (" + Plural(not_run_, "step") + (not_run_ == 1 ? " does" : " do") + " not run)";
    if (sub_ > 0) counts += "; " + Plural(sub_, "Run Task Sequence step");
    facts.push_back({B("Steps:"), T(" " + counts)});
    if (!refs_.empty()) facts.push_back({B("References:"), T(" " + std::to_string(refs_.size()))});
    std::string source = r_.input + (r_.member.empty() ? "" : "!" + r_.member);
    facts.push_back({B("Source:"), T(" "), C(source)});
    facts.push_back(ImportFact());
    facts.push_back(FindingsFact());
    sink_.List(facts);
  }

  /// Whether ImportSequence would take it, and why not.
  Inline ImportFact() const {
    if (r_.hresult == 0)
      return {B("Import:"), T(" would import (ImportSequence returns 0)")};
    Inline out = {B("Import:"), T(" would not import: ImportSequence would return " +
                                  std::to_string(r_.ReturnValue()) + " (" +
                                  FormatHResult(r_.hresult) + ")")};
    for (const auto& d : r_.diagnostics) {
      const RuleInfo* rule = FindRule(d.rule);
      if (d.severity != Severity::kError || rule == nullptr || rule->hresult == 0) continue;
      out.push_back(T(", because of " + d.rule +
                      (d.loc.line ? " at line " + std::to_string(d.loc.line) : std::string()) +
                      ": " + d.message));
      break;
    }
    return out;
  }

  /// The findings, with the lint errors told apart from those that stop the import.
  Inline FindingsFact() const {
    std::size_t import_errors = 0;
    std::size_t lint_errors = 0;
    for (const auto& d : r_.diagnostics) {
      if (d.severity != Severity::kError) continue;
      const RuleInfo* rule = FindRule(d.rule);
      (rule != nullptr && rule->hresult == 0 ? lint_errors : import_errors)++;
    }
    const std::size_t warnings = r_.Count(Severity::kWarning);
    const std::size_t infos = r_.Count(Severity::kInfo);
    std::vector<std::string> parts;
    if (import_errors > 0) parts.push_back(Plural(import_errors, "import error"));
    if (lint_errors > 0)
      parts.push_back(Plural(lint_errors, "lint error") +
                      " (fails the run, does not stop the import)");
    if (warnings > 0) parts.push_back(Plural(warnings, "warning"));
    if (infos > 0) parts.push_back(std::to_string(infos) + " info");
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
    if (text.empty()) text = "none";
    Inline out = {B("Findings:"), T(" " + text)};
    if (!r_.diagnostics.empty()) {
      out.push_back(T(" ("));
      out.push_back(Link("list", "#findings"));
      out.push_back(T(")"));
    }
    return out;
  }

  // --- the overview -----------------------------------------------------------------------

  void Overview() {
    const Property* steps = ts_.root.Find("Steps");
    if (steps == nullptr || steps->value.objects.empty()) return;
    sink_.Heading(2, {T("Overview")}, "overview");
    std::string rule =
        "# is the instruction number smsts.log shows for the step. A group takes one number "
        "where it starts and one more where it ends, so the numbers skip one after each group.";
    if (sub_ > 0)
      rule +=
          " At run time a Run Task Sequence step's child runs in its place, so the steps after "
          "it take higher numbers than shown (by the child's count and one).";
    sink_.Paragraph({T(rule)});
    Table t;
    t.id = "overview-table";
    t.headers = {"#", "Step", "Type", "Runs if", "Does"};
    t.right = {true, false, false, false, false};
    OverviewRows(steps->value.objects, 0, false, t);
    sink_.WriteTable(t);
  }

  void OverviewRows(const std::vector<Instance>& steps, int depth, bool parent_disabled,
                    Table& t) {
    for (const auto& s : steps) {
      const bool group = s.role == InstanceRole::kGroup;
      const bool off = parent_disabled || IsFalse(s.Find("Enabled"));
      // The nesting, visible in a table cell (leading spaces would be trimmed).
      std::string indent;
      for (int i = 0; i < std::min(depth, 12); ++i) indent += "\u00B7 ";
      Inline name;
      if (!indent.empty()) name.push_back(T(indent));
      std::string n = Prop(s, "Name");
      name.push_back(Link(n.empty() ? "(no name)" : n, "#" + Anchor(s)));
      if (IsFalse(s.Find("Enabled"))) name.push_back(E(" (disabled)"));
      if (IsTrue(s.Find("ContinueOnError"))) name.push_back(E(" (continue on error)"));
      Inline cond;
      if (const Property* c = s.Find("Condition");
          c != nullptr && c->value.kind == ValueKind::kObject && !c->value.objects.empty() &&
          !IsEmptyCondition(c->value.objects.front()))
        cond.push_back(T(Cut(ConditionText(c->value.objects.front()), 200)));
      Inline does;
      if (!group) {
        const std::string summary = Summary(s);
        if (!summary.empty()) does.push_back(T(Cut(summary, 200)));
        if (auto it = uses_.find(&s); it != uses_.end() && !names_.empty()) {
          std::string used;
          for (std::size_t i : it->second) {
            auto nm = names_.find(refs_[i].id);
            if (nm != names_.end() && summary.find(nm->second) == std::string::npos)
              used += (used.empty() ? "" : ", ") + nm->second;
          }
          if (!used.empty()) {
            if (!does.empty()) does.push_back(T("; "));
            does.push_back(E("uses " + used));
          }
        }
      }
      t.rows.push_back({{T(s.step_number >= 0 ? std::to_string(s.step_number) : "")},
                        name,
                        {T(group ? "Group" : KindOf(s))},
                        cond,
                        does});
      t.row_class.push_back(off ? "disabled" : group ? "group" : "");
      if (group) {
        if (const Property* children = s.Find("Steps"))
          OverviewRows(children->value.objects, depth + 1, off, t);
      }
    }
  }

  /// What a step does, on one line: the outline's summary where it says it in its own words
  /// (a command line, a script, a variable, partitions, applications, a package, a child task
  /// sequence, a restart), otherwise the step's settings by their console labels.
  std::string Summary(const Instance& s) const {
    static const char* const kOwnWords[] = {
        "SMS_TaskSequence_RunPowerShellScriptAction", "SMS_TaskSequence_SetVariableAction",
        "SMS_TaskSequence_SetDynamicVariablesAction", "SMS_TaskSequence_PartitionDiskAction",
        "SMS_TaskSequence_RebootAction",              "SMS_TaskSequence_SubTasksequence",
        "SMS_TaskSequence_InstallApplicationAction",  "SMS_TaskSequence_InstallSoftwareAction",
        "SMS_TaskSequence_DownloadPackageContentAction"};
    const ClassDef* cls = catalog_.Find(s.class_name);
    const bool own = s.Find("CommandLine") != nullptr || IsSubTaskSequence(s) ||
                     std::any_of(std::begin(kOwnWords), std::end(kOwnWords),
                                 [&](const char* c) { return s.class_name == c; });
    if (own || cls == nullptr) return StepSummary(s, catalog_);
    std::string out;
    for (const auto& def : cls->properties) {
      const Property* p = s.Find(def.name);
      if (p == nullptr || p->value.IsNull() || p->value.kind == ValueKind::kObject ||
          p->value.kind == ValueKind::kObjectArray)
        continue;
      static const char* const kElsewhere[] = {"Name",          "Description", "Enabled",
                                               "ContinueOnError", "Condition", "SupportedEnvironment",
                                               "Timeout",       "SuccessCodes"};
      if (std::any_of(std::begin(kElsewhere), std::end(kElsewhere),
                      [&](const char* k) { return p->name == k; }))
        continue;
      std::string value;
      if (auto nm = names_.find(p->raw().str()); nm != names_.end()) {
        value = nm->second + " (" + nm->first + ")";
      } else {
        for (const auto& span : Decoded(*p, &def)) value += span.text;
      }
      if (p->raw().empty()) continue;
      out += (out.empty() ? "" : "; ") + Label(*p, &def) + ": " + value;
      if (out.size() > 400) break;
    }
    return out.empty() ? StepSummary(s, catalog_) : out;
  }

  static std::string Cut(std::string s, std::size_t max) {
    for (char& c : s) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (s.size() <= max) return s;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end) + "...";
  }

  std::string KindOf(const Instance& s) const {
    const ClassDef* cls = catalog_.Find(s.class_name);
    if (cls != nullptr && !cls->ui_name.empty()) return cls->ui_name;
    return s.class_name.empty() ? "Unknown step type" : s.class_name.str();
  }

  // --- references, variables, findings -------------------------------------------------

  void References() {
    if (refs_.empty()) return;
    sink_.Heading(2, {T("References")}, "references");
    sink_.Paragraph({T(r_.reference_names.empty()
                           ? "What the task sequence needs on the site it is imported into."
                           : "What the task sequence needs on the site it is imported into; "
                             "names as the export's ReferencesInfo.xml gives them.")});
    Table t;
    t.headers = {"Name", "Type", "ID", "Program", "Used by steps"};
    t.right = {false, false, false, false, false};
    for (std::size_t i = 0; i < refs_.size(); ++i) {
      const Ref& ref = refs_[i];
      auto nm = names_.find(ref.id);
      auto kd = kinds_.find(ref.id);
      std::string kind = kd != kinds_.end() ? kd->second
                         : ref.type == 1    ? "Application"
                                            : "Package";
      Inline users;
      if (!users_.empty()) {
        for (const Instance* s : users_[i]) {
          if (!users.empty()) users.push_back(T(", "));
          users.push_back(Link(std::to_string(s->step_number), "#" + Anchor(*s)));
        }
      }
      t.rows.push_back({{T(nm != names_.end() ? nm->second : "")},
                        {T(kind)},
                        {C(ref.id)},
                        ref.program ? Inline{C(*ref.program)} : Inline{},
                        users});
      t.row_class.emplace_back();
    }
    sink_.WriteTable(t);
  }

  void Globals() {
    if (ts_.global_variables.empty()) return;
    sink_.Heading(2, {T("Global variables")}, "global-variables");
    Table t;
    t.headers = {"Variable", "Value"};
    t.right = {false, false};
    for (const auto& v : ts_.global_variables) {
      t.rows.push_back({{C(v.name().str())}, {C(v.text.str())}});
      t.row_class.emplace_back();
    }
    sink_.WriteTable(t);
  }

  void Findings() {
    if (r_.diagnostics.empty()) return;
    sink_.Heading(2, {T("Findings")}, "findings");
    Table t;
    t.headers = {"Line", "Severity", "Rule", "Step", "Message"};
    t.right = {true, false, false, true, false};
    for (const auto& d : r_.diagnostics) {
      Inline step;
      if (d.step >= 0) step.push_back(Link(std::to_string(d.step), "#step-" + std::to_string(d.step)));
      t.rows.push_back({{T(d.loc.line ? std::to_string(d.loc.line) : std::string())},
                        {T(SeverityName(d.severity))},
                        {T(d.rule)},
                        step,
                        {T(d.message)}});
      t.row_class.emplace_back();
    }
    sink_.WriteTable(t);
  }

  // --- groups and steps ---------------------------------------------------------------

  Inline StepHeading(const Instance& s) const {
    std::string name = Prop(s, "Name");
    Inline h;
    if (s.step_number >= 0) h.push_back(T(std::to_string(s.step_number) + ". "));
    h.push_back(name.empty() ? E("(no name)") : T(name));
    return h;
  }

  void Steps(const std::vector<Instance>& steps, const std::vector<std::string>& path) {
    for (const auto& s : steps) {
      if (s.role != InstanceRole::kGroup) {
        sink_.BeginStep(StepHeading(s), Anchor(s), IsFalse(s.Find("Enabled")));
        Step(s, path);
        sink_.EndStep();
        continue;
      }
      sink_.BeginGroup(StepHeading(s), Anchor(s), IsFalse(s.Find("Enabled")));
      Step(s, path);
      if (const Property* children = s.Find("Steps")) {
        std::vector<std::string> inner = path;
        // Every step below repeats the group's name: at most 400 bytes of it.
        inner.push_back(Cut(Prop(s, "Name"), 400));
        Steps(children->value.objects, inner);
      }
      sink_.EndGroup();
    }
  }

  void Step(const Instance& s, const std::vector<std::string>& path) {
    const bool group = s.role == InstanceRole::kGroup;
    Inline line = {B(group ? "Group" : KindOf(s))};
    if (!path.empty()) {
      std::string where;
      for (const auto& p : path) where += (where.empty() ? "" : " / ") + p;
      if (where.size() > 2048) where = "..." + Cut(where.substr(where.size() - 2045), 2045);
      line.push_back(T(" in " + where));
    }
    sink_.Paragraph(line);
    if (IsFalse(s.Find("Enabled")))
      sink_.Note({B("Disabled:"), T(group ? " this group and its steps do not run."
                                          : " this step does not run.")},
                 true);
    if (IsTrue(s.Find("ContinueOnError")))
      sink_.Note({B("Continue on error:"), T(" a failure does not stop the task sequence.")},
                 false);
    if (const Property* d = s.Find("Description");
        d != nullptr && d->raw().view().find_first_not_of(" \t\r\n") != std::string_view::npos)
      sink_.Paragraph({T(d->raw().str())});
    if (const Property* cond = s.Find("Condition");
        cond != nullptr && cond->value.kind == ValueKind::kObject && !cond->value.objects.empty() &&
        !IsEmptyCondition(cond->value.objects.front())) {
      sink_.Paragraph({B(group ? "Runs its steps only if" : "Runs only if"),
                       T(" " + ConditionText(cond->value.objects.front()) + ".")});
    }
    if (group) return;
    Settings(s);
    if (s.action) {
      sink_.Paragraph({B("Command it runs"), T(" (the step's "), C("<action>"), T("):")});
      sink_.Code(s.action->str(), "cmd");
    }
    if (auto it = uses_.find(&s); it != uses_.end()) {
      Inline uses = {B("Uses:")};
      for (std::size_t k = 0; k < it->second.size(); ++k) {
        uses.push_back(T(k ? ", " : " "));
        for (auto& span : Named(refs_[it->second[k]].id)) uses.push_back(span);
      }
      sink_.Paragraph(uses);
    }
  }

  /// A property's value as an administrator reads it.
  Inline Decoded(const Property& p, const PropertyDef* def) const {
    if (p.convert_failed) return {C(p.raw().str())};
    const Value& v = p.value;
    if (v.kind == ValueKind::kBoolean) return {T(v.boolean ? "yes" : "no")};
    const std::string text = ScalarText(v);
    if (v.kind == ValueKind::kDateTime || (def && def->type == WmiType::kDateTime)) {
      if (auto d = DmtfDate(text)) return {T(*d)};
    }
    if (def != nullptr && def->type == WmiType::kBoolean) {
      if (text == "true" || text == "True") return {T("yes")};
      if (text == "false" || text == "False") return {T("no")};
    }
    if (p.name == "SupportedEnvironment") return {T(RunIn(text))};
    if (p.name == "Timeout" && v.kind == ValueKind::kUInt32) {
      std::string out = Plural(static_cast<std::size_t>(v.number), "second");
      if (v.number > 0 && v.number % 60 == 0)
        out += " (" + Plural(static_cast<std::size_t>(v.number / 60), "minute") + ")";
      return {T(out)};
    }
    if (text.empty()) return {E("(empty)")};
    if (names_.count(text) > 0) return Named(text);
    if (v.kind == ValueKind::kUInt32 || v.kind == ValueKind::kSInt32) return {T(text)};
    return {C(text)};
  }

  std::string Label(const Property& p, const PropertyDef* def) const {
    if (def != nullptr && !def->label.empty()) return def->label;
    if (p.name == "SupportedEnvironment") return "Runs in";
    return Friendly(p.name);
  }

  void Settings(const Instance& s) {
    const ClassDef* cls = catalog_.Find(s.class_name);
    std::vector<const Property*> props;
    std::set<std::string_view> seen;
    auto add = [&](const Property* p) {
      // An unset property written as an empty element is shown, as it stands in the file.
      if (p == nullptr || (p->value.IsNull() && p->source != ValueSource::kVariable) ||
          !seen.insert(p->name.view()).second)
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

    Table t;
    t.headers = {"Setting", "Value"};
    t.right = {false, false};
    std::vector<const Property*> arrays;
    const Property* rules = nullptr;
    std::optional<std::string> script;
    const Property* command = nullptr;
    for (const Property* p : props) {
      const PropertyDef* def = cls != nullptr ? cls->Find(p->name) : nullptr;
      Inline value;
      if (!p->convert_failed &&
          (p->value.kind == ValueKind::kObjectArray || p->value.kind == ValueKind::kObject)) {
        if (p->name == "Rules") {
          rules = p;
          value = {T(Plural(p->value.objects.size(), "rule") + " (below)")};
        } else {
          arrays.push_back(p);
          value = {T(Plural(p->value.objects.size(), "item") + " (below)")};
        }
      } else if (p->name == "SourceScript" && (script = DecodeSourceScript(p->raw().str()))) {
        value = {T("the script below")};
      } else if (p->name == "CommandLine" && !p->raw().empty()) {
        command = p;
        value = {T("below")};
      } else {
        value = Decoded(*p, def);
      }
      t.rows.push_back({{T(Label(*p, def))}, value});
      t.row_class.emplace_back();
    }
    for (const auto& v : s.variables) {
      if (v.role != VariableRole::kUnknown && v.role != VariableRole::kNoProperty) continue;
      Inline setting;
      if (v.property()) setting.push_back(T(v.property()->str() + " "));
      if (!v.name().empty()) {
        setting.push_back(T("(variable "));
        setting.push_back(C(v.name().str()));
        setting.push_back(T(") "));
      }
      setting.push_back(E("not defined by the class"));
      t.rows.push_back({setting, {C(v.text.str())}});
      t.row_class.emplace_back();
    }
    if (!t.rows.empty()) sink_.WriteTable(t);
    if (command != nullptr) {
      const PropertyDef* def = cls != nullptr ? cls->Find("CommandLine") : nullptr;
      sink_.Paragraph({B(Label(*command, def) + ":")});
      sink_.Code(command->raw().str(), "cmd");
    }
    for (const Property* p : arrays) Objects(*p, cls);
    if (rules != nullptr) Rules(*rules);
    if (script) {
      sink_.Paragraph({B("Script"), T(" (PowerShell, entered in the step):")});
      sink_.Code(*script, "powershell");
    }
  }

  void Objects(const Property& p, const ClassDef* cls) {
    const PropertyDef* def = cls != nullptr ? cls->Find(p.name) : nullptr;
    sink_.Paragraph({B(Label(p, def))});
    if (p.value.objects.empty()) {
      sink_.Paragraph({E("(none)")});
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
      for (const auto& d : ocls->properties) add_column(d.name);
    }
    for (const auto& o : p.value.objects) {
      for (const auto& q : o.properties) add_column(q.name);
    }
    Table t;
    t.headers = {"#"};
    t.right = {true};
    for (const auto& c : columns) {
      const PropertyDef* cd = ocls != nullptr ? ocls->Find(c) : nullptr;
      t.headers.push_back(cd != nullptr && !cd->label.empty() ? cd->label : Friendly(c));
      t.right.push_back(false);
    }
    for (std::size_t i = 0; i < p.value.objects.size(); ++i) {
      const Instance& o = p.value.objects[i];
      std::vector<Inline> row = {{T(std::to_string(i + 1))}};
      for (const auto& c : columns) {
        const Property* q = o.Find(c);
        const PropertyDef* cd = ocls != nullptr ? ocls->Find(c) : nullptr;
        if (q != nullptr && q->name == "Size" && !q->convert_failed &&
            q->value.kind == ValueKind::kUInt32 && o.class_name == "SMS_TaskSequence_PackageInfo") {
          row.push_back({T(Bytes(q->value.number))});
        } else {
          row.push_back(q != nullptr ? Decoded(*q, cd) : Inline{});
        }
      }
      t.rows.push_back(std::move(row));
      t.row_class.emplace_back();
    }
    sink_.WriteTable(t);
  }

  void Rules(const Property& p) {
    sink_.Paragraph({B("Dynamic rules and variables")});
    for (std::size_t i = 0; i < p.value.objects.size(); ++i) {
      const Instance& rule = p.value.objects[i];
      Inline when = {B("Rule " + std::to_string(i + 1) + ":")};
      if (const Property* c = rule.Find("Condition"); c != nullptr && !c->value.objects.empty()) {
        when.push_back(T(" if " + ConditionText(c->value.objects.front()) + ", set"));
      } else {
        when.push_back(T(" always set"));
      }
      sink_.Paragraph(when);
      const Property* vars = rule.Find("Variables");
      if (vars == nullptr || vars->value.objects.empty()) {
        sink_.Paragraph({E("(sets no variables)")});
        continue;
      }
      Table t;
      t.headers = {"Variable", "Value", "Secret"};
      t.right = {false, false, false};
      for (const auto& v : vars->value.objects) {
        const Property* secret = v.Find("IsSecret");
        t.rows.push_back({{C(Prop(v, "Name"))},
                          {C(Prop(v, "Value"))},
                          {T(secret == nullptr ? "" : IsTrue(secret) ? "yes" : IsFalse(secret) ? "no"
                                                                                      : Scalar(*secret))}});
        t.row_class.emplace_back();
      }
      sink_.WriteTable(t);
    }
  }

  // --- the appendix -------------------------------------------------------------------

  void Appendix() {
    const bool package = r_.has_package && std::any_of(r_.package.begin(), r_.package.end(), [](const PackageProperty& p) {
      return p.value.kind != ValueKind::kObject && p.value.kind != ValueKind::kObjectArray &&
             !ScalarText(p.value).empty();
    });
    if (!package && r_.dependencies.empty()) return;
    sink_.Heading(2, {T("Appendix")}, "appendix");
    if (package) {
      sink_.BeginCollapsed("Package properties (SMS_TaskSequencePackage)");
      Table t;
      t.headers = {"Property", "Value"};
      t.right = {false, false};
      for (const auto& p : r_.package) {
        if (p.value.kind == ValueKind::kObject || p.value.kind == ValueKind::kObjectArray) continue;
        std::string v = ScalarText(p.value);
        if (v.empty()) continue;
        Inline value;
        if (auto d = DmtfDate(v)) {
          value = {T(*d)};
        } else if (p.value.kind == ValueKind::kBoolean) {
          value = {T(p.value.boolean ? "yes" : "no")};
        } else if (p.name == "ProgramFlags" && p.value.kind == ValueKind::kUInt32) {
          value = {T(ProgramFlags(p.value.number) + " "), C(v)};
        } else if (p.value.kind == ValueKind::kUInt32 && p.name.size() > 4 &&
                   p.name.compare(p.name.size() - 4, 4, "Size") == 0) {
          value = {T(Bytes(p.value.number))};
        } else if (p.value.kind == ValueKind::kUInt32 || p.value.kind == ValueKind::kSInt32) {
          value = {T(v)};
        } else {
          value = {C(v)};
        }
        t.rows.push_back({{T(Friendly(p.name))}, value});
        t.row_class.emplace_back();
      }
      sink_.WriteTable(t);
      sink_.EndCollapsed();
    }
    if (!r_.dependencies.empty()) {
      sink_.BeginCollapsed("Other objects in the export (" +
                           std::to_string(r_.dependencies.size()) + ")");
      Table t;
      t.headers = {"Class", "Key"};
      t.right = {false, false};
      for (const auto& d : r_.dependencies) {
        t.rows.push_back({{C(d.class_name)}, {C(d.key)}});
        t.row_class.emplace_back();
      }
      sink_.WriteTable(t);
      sink_.EndCollapsed();
    }
  }

  const ImportResult& r_;
  const TaskSequence& ts_;
  const Catalog& catalog_;
  Sink& sink_;
  std::size_t disabled_ = 0;
  std::size_t not_run_ = 0;
  std::size_t sub_ = 0;
  std::unordered_map<std::string, std::string> names_;
  std::unordered_map<std::string, std::string> kinds_;
  std::vector<Ref> refs_;
  std::unordered_map<std::string, std::size_t> ref_index_;
  std::vector<std::vector<const Instance*>> users_;              ///< per reference
  std::unordered_map<const Instance*, std::vector<std::size_t>> uses_;  ///< per step
};

}  // namespace

void WriteDocument(const ImportResult& result, const Catalog& catalog, Sink& sink) {
  if (!result.task_sequence) return;
  Document(result, catalog, sink).Write();
}

void WriteIndexDocument(const std::vector<IndexEntry>& entries, Sink& sink) {
  sink.Title("Task sequences");
  std::size_t imported = 0;
  for (const auto& e : entries) imported += e.hresult == 0;
  sink.Paragraph({T(Plural(entries.size(), "task sequence") + ": " + std::to_string(imported) +
                    " would import, " + std::to_string(entries.size() - imported) +
                    " would not.")});
  Table t;
  t.id = "index-table";
  t.headers = {"Task sequence", "Package ID", "Groups", "Steps", "Import", "Findings", "Input"};
  t.right = {false, false, true, true, false, false, false};
  for (const auto& e : entries) {
    std::string steps = std::to_string(e.steps);
    if (e.disabled > 0) steps += " (" + std::to_string(e.disabled) + " disabled)";
    Inline import = {T(e.hresult == 0 ? "yes" : "no: " + FormatHResult(e.hresult))};
    if (!e.first_error.empty()) import.push_back(T(" " + e.first_error));
    t.rows.push_back({{Link(e.title, e.link)},
                      e.package_id.empty() ? Inline{} : Inline{C(e.package_id)},
                      {T(std::to_string(e.groups))},
                      {T(steps)},
                      import,
                      {T(Plural(e.errors, "error") + ", " + Plural(e.warnings, "warning"))},
                      {C(e.input)}});
    t.row_class.push_back(e.hresult != 0 ? "invalid" : "");
  }
  sink.WriteTable(t);
}

}  // namespace tsimport::detail::doc

namespace tsimport {

IndexEntry MakeIndexEntry(const ImportResult& r, std::string link) {
  IndexEntry e;
  e.title = TaskSequenceTitle(r);
  for (const auto& p : r.package) {
    if (p.name == "PackageID" && p.value.kind == ValueKind::kString) e.package_id = p.value.text.str();
  }
  e.input = r.input + (r.member.empty() ? "" : "!" + r.member);
  e.link = std::move(link);
  if (r.task_sequence) {
    e.groups = r.task_sequence->groups;
    e.steps = r.task_sequence->steps;
    std::vector<const Instance*> stack;
    if (const Property* steps = r.task_sequence->root.Find("Steps"))
      for (const auto& s : steps->value.objects) stack.push_back(&s);
    while (!stack.empty()) {
      const Instance* s = stack.back();
      stack.pop_back();
      if (const Property* en = s->Find("Enabled");
          en && en->value.kind == ValueKind::kBoolean && !en->value.boolean)
        ++e.disabled;
      if (s->role == InstanceRole::kGroup)
        if (const Property* c = s->Find("Steps"))
          for (const auto& x : c->value.objects) stack.push_back(&x);
    }
  }
  e.errors = r.Count(Severity::kError);
  e.warnings = r.Count(Severity::kWarning);
  e.hresult = r.hresult;
  for (const auto& d : r.diagnostics) {
    const RuleInfo* rule = FindRule(d.rule);
    if (d.severity == Severity::kError && rule != nullptr && rule->hresult != 0) {
      e.first_error = d.rule + ": " + d.message;
      break;
    }
  }
  return e;
}

}  // namespace tsimport
