// -f text: an outline of the task sequence for a terminal, and the readable texts the outline
// and the Markdown share (conditions, step summaries, the title).
//
//   Windows 11 Deployment
//   samples/win11-deploy.xml: version 3.10, ConfigMgr, 8 groups, 26 steps
//   Numbers are the instruction numbers smsts.log shows; a group also takes one at its end.
//
//    0  Install Operating System                                             Group
//    1    Restart in Windows PE                                   Restart Computer
//           if _SMSTSInWinPE equals "false"
//           restart to WinPE
//
// Names are never cut (a long one wraps at spaces); conditions wrap; settings take at most
// three lines and end in "..." when cut. Control characters are shown as spaces or '?', so no
// value can drive the terminal. Colour (ANSI) only when asked for.
#include <algorithm>
#include <cctype>
#include <cstdint>

#include "model/text.h"
#include "tsimport/write.h"
#include "write/ansi.h"

namespace tsimport {
namespace {

using detail::AsciiLowercase;

// --- display width ------------------------------------------------------------------------

int CodePointWidth(char32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF) return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

std::size_t Width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();)
    w += static_cast<std::size_t>(CodePointWidth(detail::NextCodePoint(s, i)));
  return w;
}

/// The longest prefix of `s` that fits in `width` columns (never splitting a character).
std::string Fit(const std::string& s, std::size_t width) {
  std::size_t w = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t next = i;
    int cw = CodePointWidth(detail::NextCodePoint(s, next));
    if (w + static_cast<std::size_t>(cw) > width) break;
    w += static_cast<std::size_t>(cw);
    i = next;
  }
  return s.substr(0, i);
}

/// One line of plain text: line breaks and tabs become spaces, other control characters '?'.
std::string OneLine(std::string_view s) { return detail::PrintableLine(s); }

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t b = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > b) words.push_back(s.substr(b, i - b));
  }
  return words;
}

/// Greedy word wrap: the first line takes `first` columns, the others `rest`. A word longer
/// than a line is cut when `cut_words`, otherwise it stays whole (and overflows). With
/// `max_lines`, stops after max_lines + 1 lines (one more says that there was more). Linear in
/// the text, however long it is.
std::vector<std::string> Wrap(const std::string& text, std::size_t first, std::size_t rest,
                              bool cut_words, std::size_t max_lines = 0) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_width = 0;
  auto limit = [&]() { return std::max<std::size_t>(lines.empty() ? first : rest, 8); };
  auto full = [&]() { return max_lines > 0 && lines.size() > max_lines; };
  auto flush = [&]() {
    lines.push_back(std::move(line));
    line.clear();
    line_width = 0;
  };
  std::size_t i = 0;
  while (i < text.size() && !full()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t b = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i == b) break;
    std::size_t pos = b;  // the part of the word still to place: [pos, i)
    std::size_t word_width = Width(text.substr(b, i - b));
    while (pos < i && !full()) {
      std::size_t gap = line.empty() ? 0 : 1;
      if (line_width + gap + word_width <= limit()) {
        if (gap) line += ' ';
        line.append(text, pos, i - pos);
        line_width += gap + word_width;
        break;
      }
      if (!line.empty()) {
        flush();
        continue;
      }
      if (!cut_words) {
        line.append(text, pos, i - pos);
        flush();
        break;
      }
      // Cut the word at the line's end, never inside a character.
      std::size_t end = pos;
      std::size_t w = 0;
      while (end < i) {
        std::size_t next = end;
        int cw = CodePointWidth(detail::NextCodePoint(text, next));
        if (w + static_cast<std::size_t>(cw) > limit()) break;
        w += static_cast<std::size_t>(cw);
        end = next;
      }
      if (end == pos) {  // a character wider than the line: take it anyway
        detail::NextCodePoint(text, end);
        w = word_width;
      }
      line.append(text, pos, end - pos);
      word_width -= std::min(word_width, w);
      pos = end;
      flush();
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// --- values -------------------------------------------------------------------------------

/// A field of a condition expression or a property of any instance, as text ("" when unset).
std::string Field(const Instance& inst, const std::string& name) {
  if (const Property* p = inst.Find(name))
    return (p->raw().empty() ? p->value.text : p->raw()).str();
  for (const auto& v : inst.variables) {
    if (v.name() == name && !v.property()) return v.text.str();
  }
  return {};
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string OperatorWords(const std::string& op) {
  static const std::pair<const char*, const char*> kWords[] = {{"equals", "equals"},
                                                               {"notequals", "not equals"},
                                                               {"less", "less than"},
                                                               {"lessequal", "less or equal"},
                                                               {"greater", "greater than"},
                                                               {"greaterequal", "greater or equal"},
                                                               {"exists", "exists"},
                                                               {"notexists", "does not exist"},
                                                               {"nonexists", "does not exist"},
                                                               {"like", "like"},
                                                               {"notlike", "not like"}};
  std::string l = AsciiLowercase(op);
  for (const auto& [k, w] : kWords) {
    if (l == k) return w;
  }
  return op;
}

/// DMTF datetime (20240131235959.000000+000) as 2024-01-31 23:59:59; anything else as is.
std::string DateText(const std::string& dmtf) {
  if (dmtf.size() < 14 || !std::all_of(dmtf.begin(), dmtf.begin() + 14, [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return dmtf;
  }
  return dmtf.substr(0, 4) + "-" + dmtf.substr(4, 2) + "-" + dmtf.substr(6, 2) + " " +
         dmtf.substr(8, 2) + ":" + dmtf.substr(10, 2) + ":" + dmtf.substr(12, 2);
}

std::string ShortClass(std::string_view cls) {
  const std::string prefix = "SMS_TaskSequence_";
  std::string s(cls.compare(0, prefix.size(), prefix) == 0 ? cls.substr(prefix.size()) : cls);
  const std::string suffix = "ConditionExpression";
  if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
    s = s.substr(0, s.size() - suffix.size());
  }
  return s;
}

std::string GroupWords(const std::string& type) {
  std::string t = AsciiLowercase(type);
  if (t == "or") return "any of";
  if (t == "and") return "all of";
  if (t == "not") return "none of";
  return (type.empty() ? std::string("(no type)") : type) + " of";
}

std::string ExpressionText(const Instance& e) {
  const std::string short_class = ShortClass(e.class_name);
  if (short_class == "Variable") {
    std::string op = Field(e, "Operator");
    std::string l = AsciiLowercase(op);
    std::string var = Field(e, "Variable");
    if (l == "exists" || l == "notexists") return var + " " + OperatorWords(op);
    return var + " " + OperatorWords(op) + " " + Quote(Field(e, "Value"));
  }
  if (short_class == "WMI") {
    std::string ns = Field(e, "Namespace");
    std::string l = AsciiLowercase(ns);
    bool default_ns = l.empty() || l == "root\\cimv2" || l == "root/cimv2";
    return "WMI" + (default_ns ? std::string() : " (" + ns + ")") + ": " + Field(e, "Query");
  }
  if (short_class == "File" || short_class == "Folder") {
    std::string s =
        (short_class == "File" ? "file " : "folder ") + Quote(Field(e, "Path")) + " exists";
    if (std::string v = Field(e, "Version"); !v.empty()) {
      s += ", version " + OperatorWords(Field(e, "VersionOperator")) + " " + Quote(v);
    }
    if (std::string d = Field(e, "DateTime"); !d.empty()) {
      s += ", date " + OperatorWords(Field(e, "DateTimeOperator")) + " " + DateText(d);
    }
    return s;
  }
  if (short_class == "Registry") {
    std::string key = Field(e, "KeyPath");
    std::string value = Field(e, "Value");
    std::string op = Field(e, "Operator");
    std::string l = AsciiLowercase(op);
    std::string s =
        "registry " + Quote(value.empty() ? key : key + "\\" + value) + " " + OperatorWords(op);
    if (l != "exists" && l != "notexists" && l != "nonexists") s += " " + Quote(Field(e, "Data"));
    if (std::string type = Field(e, "Type"); !type.empty()) s += " (" + type + ")";
    return s;
  }
  if (short_class == "Software") {
    std::string name = Field(e, "ProductName");
    std::string code = Field(e, "ProductCode");
    std::string s = "software " + Quote(name.empty() ? code : name);
    if (AsciiLowercase(Field(e, "Operator")) == "thisversion") {
      s += " version " + Quote(Field(e, "Version"));
    } else {
      s += " (any version)";
    }
    return s + " installed";
  }
  if (short_class == "OS") {
    std::string s = "OS";
    for (const char* f : {"Architecture", "Operator", "Version"}) {
      if (std::string v = Field(e, f); !v.empty())
        s += " " + (std::string(f) == "Operator" ? OperatorWords(v) : v);
    }
    return s;
  }
  // Computer (Set Dynamic Variables rules) and any other class: its fields.
  std::string s = short_class.empty() ? std::string("expression") : short_class;
  std::string fields;
  for (const auto& v : e.variables) {
    if (v.text.empty()) continue;
    fields += (fields.empty() ? " " : ", ") + v.name() + " " + Quote(v.text);
  }
  if (fields.empty()) {
    for (const auto& p : e.properties) {
      if (p.raw().empty()) continue;
      fields += (fields.empty() ? " " : ", ") + p.name + " " + Quote(p.raw());
    }
  }
  return s + (fields.empty() ? std::string() : ":" + fields);
}

std::string OperandText(const Instance& o);

std::string OperandList(const Instance& o, const char* separator) {
  std::string s;
  const Property* ops = o.Find("Operands");
  if (ops == nullptr) return s;
  for (const auto& child : ops->value.objects) {
    s += (s.empty() ? "" : separator) + OperandText(child);
  }
  return s;
}

std::string OperandText(const Instance& o) {
  if (o.role == InstanceRole::kCondition || o.element == "condition") {
    std::string s = OperandList(o, " and ");
    return s.empty() ? std::string("(empty condition)") : s;
  }
  if (o.element == "operator")
    return GroupWords(Field(o, "OperatorType")) + " (" + OperandList(o, ", ") + ")";
  if (o.element == "osConditionGroup") {
    return "OS is " + GroupWords(Field(o, "OperatorType")) + " (" + OperandList(o, ", ") + ")";
  }
  if (o.element == "osExpressionGroup") {
    std::string name = Field(o, "Name");
    if (!name.empty()) return name;
    std::string s;
    for (const char* key :
         {"PlatformTypeKey", "PlatformArchKey", "PlatformMinVerKey", "PlatformMaxVerKey"}) {
      if (std::string v = Field(o, key); !v.empty()) s += (s.empty() ? "" : " ") + v;
    }
    return s.empty() ? std::string("OS group") : s;
  }
  return ExpressionText(o);
}

// --- step summaries -----------------------------------------------------------------------

bool IsBaseProperty(std::string_view name) {
  static const char* kBase[] = {"Name",      "Description",          "Enabled", "ContinueOnError",
                                "Condition", "SupportedEnvironment", "Timeout", "Steps"};
  return std::any_of(std::begin(kBase), std::end(kBase), [&](const char* b) { return name == b; });
}

std::string ValueText(const Property& p) {
  if (p.convert_failed) return p.raw().str();
  const Value& v = p.value;
  if (v.kind == ValueKind::kObject) return v.objects.empty() ? std::string() : "1 object";
  if (v.kind == ValueKind::kObjectArray) {
    return std::to_string(v.objects.size()) + (v.objects.size() == 1 ? " item" : " items");
  }
  return detail::ScalarText(v);
}

std::string Prop(const Instance& s, const char* name) {
  const Property* p = s.Find(name);
  return p != nullptr ? ValueText(*p) : std::string();
}

bool PropTrue(const Instance& s, const char* name) {
  const Property* p = s.Find(name);
  return p != nullptr && !p->convert_failed && p->value.kind == ValueKind::kBoolean &&
         p->value.boolean;
}

const std::vector<Instance>* ObjectsOf(const Instance& s, const char* name) {
  const Property* p = s.Find(name);
  if (p == nullptr || p->convert_failed || p->value.kind != ValueKind::kObjectArray) return nullptr;
  return &p->value.objects.get();
}

std::string KeyValue(std::string_view key, const std::string& value) {
  bool quote = value.empty() || value.find_first_of(" ,;") != std::string::npos;
  return key + "=" + (quote ? Quote(value) : value);
}

std::string CommandLineSummary(const Instance& s) {
  std::string out = Prop(s, "CommandLine");
  if (std::string dir = Prop(s, "WorkingDirectory"); !dir.empty()) out += "  (in " + dir + ")";
  if (std::string pkg = Prop(s, "PackageID"); !pkg.empty()) out += "  (package " + pkg + ")";
  if (PropTrue(s, "RunAsUser")) {
    std::string user = Prop(s, "UserName");
    // MDT's Workbench writes the account as property="SMSTSRunCommandLineUserName", which the
    // class does not define (kept as an unknown variable).
    for (const auto& v : s.variables) {
      if (user.empty() && v.property() && *v.property() == "SMSTSRunCommandLineUserName")
        user = v.text.str();
    }
    out += "  (as " + user + ")";
  }
  return out;
}

std::string PartitionsSummary(const Instance& s) {
  std::string out = "disk " + (Prop(s, "DiskIndex").empty() ? Prop(s, "DiskIndexVariable")
                                                            : Prop(s, "DiskIndex"));
  if (std::string style = Prop(s, "PartitionStyle"); !style.empty()) out += " " + style;
  if (const auto* parts = ObjectsOf(s, "Partitions")) {
    std::string list;
    for (const auto& p : *parts) {
      std::string one = Prop(p, "VolumeName").empty() ? Prop(p, "Type") : Prop(p, "VolumeName");
      std::string size = Prop(p, "Size");
      if (!size.empty()) {
        std::string units = Prop(p, "SizeUnits");
        one += " " + size + (AsciiLowercase(units) == "percent" ? "%" : " " + units);
      }
      if (std::string fs = Prop(p, "FileSystem"); !fs.empty()) one += " " + fs;
      list += (list.empty() ? "" : ", ") + one;
    }
    out += ": " + (list.empty() ? std::string("no partitions") : list);
  }
  return out;
}

std::string RulesSummary(const Instance& s) {
  const auto* rules = ObjectsOf(s, "Rules");
  if (rules == nullptr) return Prop(s, "Rules").empty() ? std::string() : "rules (not readable)";
  std::string vars;
  for (const auto& rule : *rules) {
    if (const auto* list = ObjectsOf(rule, "Variables")) {
      for (const auto& v : *list) {
        std::string name = Prop(v, "Name");
        if (vars.find(name + ",") == std::string::npos) vars += name + ",";
      }
    }
  }
  std::string out = std::to_string(rules->size()) + (rules->size() == 1 ? " rule" : " rules");
  if (!vars.empty()) {
    vars.pop_back();
    std::string list;
    for (std::size_t i = 0; i < vars.size(); ++i)
      list += vars[i] == ',' ? std::string(", ") : std::string(1, vars[i]);
    out += ", set " + list;
  }
  return out;
}

std::string GenericSummary(const Instance& s, const Catalog& catalog) {
  std::string out;
  auto add = [&](const Property& p) {
    if (IsBaseProperty(p.name) || p.value.IsNull()) return;
    std::string v = ValueText(p);
    if (v.empty() && !p.convert_failed) return;
    out += (out.empty() ? "" : ", ") + KeyValue(p.name, v);
  };
  const ClassDef* cls = catalog.Find(s.class_name);
  if (cls != nullptr) {
    for (const auto& def : cls->properties) {
      if (const Property* p = s.Find(def.name)) add(*p);
    }
  }
  for (const auto& p : s.properties) {
    if (cls == nullptr || cls->Find(p.name) == nullptr) add(p);
  }
  return out;
}

}  // namespace

std::string ConditionText(const Instance& condition) { return OperandText(condition); }

bool IsEmptyCondition(const Instance& condition) {
  const Property* ops = condition.Find("Operands");
  return (ops == nullptr || ops->value.objects.empty()) && condition.extras.empty();
}

std::optional<std::string> DecodeSourceScript(const std::string& value) {
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : value) {
    if (c == '=' || c == ' ' || c == '\r' || c == '\n' || c == '\t') continue;
    int v = sextet(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (bytes.size() < 2) return std::nullopt;
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (b(0) == 0xEF && bytes.size() >= 3 && b(1) == 0xBB && b(2) == 0xBF) return bytes.substr(3);
  if (!(b(0) == 0xFF && b(1) == 0xFE) || bytes.size() % 2 != 0) return std::nullopt;
  // UTF-16LE with a BOM (what the console writes) to UTF-8.
  std::string out;
  for (std::size_t i = 2; i + 1 < bytes.size(); i += 2) {
    char32_t cp = b(i) | (b(i + 1) << 8);
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes.size()) {
      char32_t lo = b(i + 2) | (b(i + 3) << 8);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    detail::AppendUtf8(out, static_cast<char32_t>(cp));
  }
  return out;
}

std::string StepSummary(const Instance& s, const Catalog& catalog) {
  if (s.role == InstanceRole::kGroup) return {};
  const std::string c = ShortClass(s.class_name);
  if (!Prop(s, "CommandLine").empty()) return CommandLineSummary(s);
  if (c == "RunPowerShellScriptAction") {
    std::string out;
    if (std::string source = Prop(s, "SourceScript"); !source.empty()) {
      std::optional<std::string> script = DecodeSourceScript(source);
      std::size_t lines = 0;
      std::string first;
      if (script) {
        std::size_t start = 0;
        while (start <= script->size()) {
          std::size_t end = script->find('\n', start);
          std::string line =
              script->substr(start, end == std::string::npos ? std::string::npos : end - start);
          std::vector<std::string> words = Words(OneLine(line));
          if (!words.empty()) {
            ++lines;
            // The first line that does something: not a comment.
            if (first.empty() && words.front()[0] != '#') first = line;
          }
          if (end == std::string::npos) break;
          start = end + 1;
        }
      }
      out = script ? "script (" + std::to_string(lines) + (lines == 1 ? " line): " : " lines): ") +
                         first
                   : std::string("script (not readable)");
    } else {
      out = Prop(s, "ScriptName");
      if (std::string params = Prop(s, "Parameters"); !params.empty()) out += " " + params;
      if (std::string pkg = Prop(s, "PackageID"); !pkg.empty()) out += "  (package " + pkg + ")";
    }
    if (std::string policy = Prop(s, "ExecutionPolicy"); !policy.empty())
      out += "  (policy " + policy + ")";
    return out;
  }
  if (c == "SetVariableAction")
    return Prop(s, "VariableName") + " = " + Quote(Prop(s, "VariableValue"));
  if (c == "SetDynamicVariablesAction") return RulesSummary(s);
  if (c == "PartitionDiskAction") return PartitionsSummary(s);
  if (c == "RebootAction") {
    std::string target = Prop(s, "Target");
    if (target.empty()) return "restart";
    return "restart to " +
           (AsciiLowercase(target) == "hd" ? std::string("the installed OS") : target);
  }
  if (c == "SubTasksequence") {
    std::string name = Prop(s, "TsName");
    return "runs " + (name.empty() ? Prop(s, "TsPackageID") : name);
  }
  if (c == "InstallApplicationAction") {
    std::string list;
    if (const auto* apps = ObjectsOf(s, "AppInfo")) {
      for (const auto& a : *apps) {
        std::string n = Prop(a, "DisplayName").empty() ? Prop(a, "Name") : Prop(a, "DisplayName");
        list += (list.empty() ? "" : ", ") + n;
      }
    }
    if (list.empty() && !Prop(s, "BaseVariableName").empty())
      list = "applications listed in " + Prop(s, "BaseVariableName") + "01...";
    return list.empty() ? GenericSummary(s, catalog) : list;
  }
  if (c == "InstallSoftwareAction") {
    if (std::string pkg = Prop(s, "PackageID"); !pkg.empty())
      return "package " + pkg + ", program " + Quote(Prop(s, "ProgramName"));
    if (std::string base = Prop(s, "BaseVariableName"); !base.empty())
      return "packages listed in " + base + "001...";
  }
  if (c == "DownloadPackageContentAction") {
    std::string list;
    if (const auto* pkgs = ObjectsOf(s, "PackageInfo")) {
      for (const auto& p : *pkgs) {
        std::string n = Prop(p, "Name");
        std::string id = Prop(p, "PackageId");
        list += (list.empty() ? "" : ", ") + (n.empty()    ? id
                                              : id.empty() ? n
                                                           : n + " (" + id + ")");
      }
    }
    if (!list.empty()) return list;
  }
  return GenericSummary(s, catalog);
}

std::string TaskSequenceTitle(const ImportResult& result) {
  if (result.task_sequence) {
    for (const auto& a : result.task_sequence->root.attributes) {
      if (a.name == "name" && !Words(OneLine(a.value)).empty()) return a.value.str();
    }
  }
  // object.xml and export zips carry the package, whose Name is the task sequence's name.
  for (const auto& p : result.package) {
    if (p.name == "Name" && p.value.kind == ValueKind::kString &&
        !Words(OneLine(p.value.text)).empty()) {
      return p.value.text.str();
    }
  }
  std::string name = result.input;
  std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  return name.empty() ? std::string("Task sequence") : name;
}

namespace {

using namespace detail::ansi;  // NOLINT: the colour names

std::string Plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

class Outline {
 public:
  Outline(const Catalog& catalog, bool color, std::size_t width)
      : catalog_(catalog), color_(color), width_(std::max<std::size_t>(width, 40)) {}

  void Steps(const std::vector<Instance>& steps, std::size_t depth) {
    for (const auto& s : steps) {
      Step(s, depth);
      if (s.role == InstanceRole::kGroup) {
        if (const Property* children = s.Find("Steps")) Steps(children->value.objects, depth + 1);
      }
    }
  }

  void SetNumberWidth(int max_number) {
    number_width_ = std::to_string(std::max(max_number, 0)).size();
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string Paint(const std::string& text, const char* code) const {
    if (!color_ || text.empty()) return text;
    return std::string(code) + text + kReset;
  }

  void Step(const Instance& s, std::size_t depth) {
    const bool group = s.role == InstanceRole::kGroup;
    const bool disabled = s.Find("Enabled") != nullptr && !s.Find("Enabled")->convert_failed &&
                          s.Find("Enabled")->value.kind == ValueKind::kBoolean &&
                          !s.Find("Enabled")->value.boolean;
    const bool continues = PropTrue(s, "ContinueOnError");

    std::string number = s.step_number >= 0 ? std::to_string(s.step_number) : std::string("-");
    std::string head =
        std::string(number_width_ - std::min(number_width_, number.size()), ' ') + number + "  ";
    // Two columns per level; very deep nesting stops indenting so that names keep 32 columns.
    const std::size_t indent =
        std::min(2 * depth, width_ > head.size() + 32 ? width_ - head.size() - 32 : 0);
    const std::size_t name_column = head.size() + indent;
    const std::size_t detail_column = name_column + 2;

    std::string name = OneLine(Prop(s, "Name"));
    if (name.empty()) name = "(no name)";
    std::string marks;
    if (disabled) marks += " [disabled]";
    if (continues) marks += " [continue on error]";
    const ClassDef* cls = catalog_.Find(s.class_name);
    std::string label = group                                     ? "Group"
                        : cls != nullptr && !cls->ui_name.empty() ? cls->ui_name
                                                                  : s.class_name.str();
    label = OneLine(label);

    // The name (wrapped at spaces when it is too long), the marks, the class at the right.
    const std::size_t room = width_ > name_column ? width_ - name_column : 1;
    std::vector<std::string> name_lines = Wrap(name, room, room > 2 ? room - 2 : room, false);
    const std::size_t last_width = Width(name_lines.back()) + (name_lines.size() > 1 ? 2 : 0);
    const bool marks_fit = last_width + Width(marks) <= room;
    // Appends the class at the right of a line whose text takes `used` of the room.
    auto right = [&](std::string& line, std::size_t used) {
      if (!label.empty() && used + 2 + Width(label) <= room) {
        line += std::string(room - used - Width(label), ' ') + Paint(label, kCyan);
        label.clear();
      }
    };
    for (std::size_t i = 0; i < name_lines.size(); ++i) {
      std::string line =
          i == 0 ? Paint(head, kDim) + std::string(indent, ' ') : std::string(name_column + 2, ' ');
      const char* style = disabled ? kDim : group ? kBold : "";
      line += *style ? Paint(name_lines[i], style) : name_lines[i];
      if (i + 1 == name_lines.size() && marks_fit) {
        line += PaintMarks(disabled, continues);
        right(line, last_width + Width(marks));
      }
      out_ += line + "\n";
    }
    if (!marks_fit && !marks.empty()) {
      // The marks on a line of their own, under the name (marks starts with a space).
      std::string line =
          std::string(name_column + 2, ' ') + PaintMarks(disabled, continues).substr(1);
      right(line, 2 + Width(marks) - 1);
      out_ += line + "\n";
    }
    if (!label.empty()) Detail(label, detail_column, kCyan, 1, true);

    if (const Property* cond = s.Find("Condition");
        cond != nullptr && cond->value.kind == ValueKind::kObject && !cond->value.objects.empty() &&
        !IsEmptyCondition(cond->value.objects.front())) {
      Detail("if " + OneLine(ConditionText(cond->value.objects.front())), detail_column, kYellow, 0,
             false);
    }
    if (std::string summary = OneLine(StepSummary(s, catalog_)); !Words(summary).empty()) {
      Detail(summary, detail_column, "", 3, false);
    }
  }

  std::string PaintMarks(bool disabled, bool continues) const {
    std::string s;
    if (disabled) s += " " + Paint("[disabled]", kRed);
    if (continues) s += " " + Paint("[continue on error]", kMagenta);
    return s;
  }

  /// A detail line at `column`, wrapped (continuation lines indented 3 more), at most
  /// `max_lines` lines (0: all), the last one ending in "..." when cut.
  void Detail(const std::string& text, std::size_t column, const char* style, std::size_t max_lines,
              bool right) {
    std::size_t room = width_ > column ? width_ - column : 8;
    if (right && Width(text) <= room) {
      out_ += std::string(width_ - Width(text), ' ') + Paint(text, style) + "\n";
      return;
    }
    std::vector<std::string> lines = Wrap(text, room, room > 3 ? room - 3 : room, true, max_lines);
    bool cut = max_lines > 0 && lines.size() > max_lines;
    if (cut) {
      lines.resize(max_lines);
      std::string& last = lines.back();
      std::size_t limit = (max_lines == 1 ? room : room - 3);
      if (Width(last) + 3 > limit) last = Fit(last, limit > 3 ? limit - 3 : 0);
      last += "...";
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out_ += std::string(column + (i == 0 ? 0 : 3), ' ') +
              (*style ? Paint(lines[i], style) : lines[i]) + "\n";
    }
  }

  const Catalog& catalog_;
  bool color_;
  std::size_t width_;
  std::size_t number_width_ = 1;
  std::string out_;
};

bool HasSubTaskSequence(const std::vector<Instance>& steps) {
  for (const auto& s : steps) {
    if (s.element == "subtasksequence" || s.class_name == "SMS_TaskSequence_SubTasksequence")
      return true;
    if (const Property* children = s.Find("Steps"); children != nullptr &&
                                                    s.role == InstanceRole::kGroup &&
                                                    HasSubTaskSequence(children->value.objects)) {
      return true;
    }
  }
  return false;
}

int MaxNumber(const std::vector<Instance>& steps) {
  int n = -1;
  for (const auto& s : steps) {
    n = std::max(n, s.step_number);
    if (const Property* children = s.Find("Steps");
        children != nullptr && s.role == InstanceRole::kGroup) {
      n = std::max(n, MaxNumber(children->value.objects));
    }
  }
  return n;
}

}  // namespace

std::string WriteText(const ImportResult& result, const Catalog& catalog, bool color, int width) {
  if (!result.task_sequence) return {};
  const TaskSequence& ts = *result.task_sequence;
  const std::size_t w = static_cast<std::size_t>(std::max(width, 40));
  std::string out;
  std::string title = OneLine(TaskSequenceTitle(result));

  std::string source =
      OneLine(result.input) +
      (result.member.empty() ? std::string() : " (" + OneLine(result.member) + ")");
  std::size_t slash = result.input.find_last_of("/\\");
  if (title ==
      OneLine(slash == std::string::npos ? result.input : result.input.substr(slash + 1))) {
    title = source;  // no name: the path says it all
  }
  for (const auto& line : Wrap(title, w, w, true))
    out += (color ? kBold + line + kReset : line) + "\n";
  if (source != title) {
    for (const auto& line : Wrap(source, w, w, true)) out += line + "\n";
  }
  const Property* version = ts.root.Find("SchemaVersion");
  std::string facts;
  for (const auto& p : result.package) {
    if (p.name == "PackageID" && p.value.kind == ValueKind::kString && !p.value.text.empty()) {
      facts = "package " + OneLine(p.value.text) + ", ";
    }
  }
  facts += "version " + (version ? OneLine(version->raw()) : std::string("?")) + ", " +
           (ts.dialect == Dialect::kMdt ? "MDT" : "ConfigMgr") + ", " + Plural(ts.groups, "group") +
           ", " + Plural(ts.steps, "step");
  if (!ts.references.empty()) facts += ", " + Plural(ts.references.size(), "reference");
  std::size_t errors = result.Count(Severity::kError);
  std::size_t warnings = result.Count(Severity::kWarning);
  if (errors + warnings > 0)
    facts += ", " + Plural(errors, "error") + ", " + Plural(warnings, "warning");
  for (const auto& line : Wrap(facts, w, w, true)) out += line + "\n";

  const Property* steps = ts.root.Find("Steps");
  if (steps == nullptr || steps->value.objects.empty()) return out + "(no steps)\n";
  std::string legend =
      "Numbers: smsts.log instruction numbers (a group also takes one at its end).";
  if (HasSubTaskSequence(steps->value.objects)) {
    legend +=
        " The steps of a child task sequence take numbers after its Run Task Sequence step at run "
        "time.";
  }
  for (const auto& line : Wrap(legend, w, w, true))
    out += (color ? kDim + line + kReset : line) + "\n";
  return out + "\n" + WriteOutline(ts, catalog, color, width);
}

std::string WriteOutline(const TaskSequence& ts, const Catalog& catalog, bool color, int width) {
  const Property* steps = ts.root.Find("Steps");
  if (steps == nullptr || steps->value.objects.empty()) return "(no steps)\n";
  Outline outline(catalog, color, static_cast<std::size_t>(std::max(width, 40)));
  outline.SetNumberWidth(MaxNumber(steps->value.objects));
  outline.Steps(steps->value.objects, 0);
  return outline.Take();
}

}  // namespace tsimport
