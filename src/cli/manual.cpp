#include "manual.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include "diff.h"
#include "options.h"
#include "tsimport/diagnostic.h"
#include "tsimport/write.h"

namespace tsimport::cli {
namespace {

/// One option as --help shows it.
struct OptionDoc {
  std::vector<std::string> names;   ///< "-f", "--format"
  std::string value;                ///< the value's name ("FORMAT"); empty for a flag
  std::vector<std::string> values;  ///< the values it takes, when it names them
  std::string default_value;
  std::string help;
  bool list = false;        ///< takes several values, comma-separated
  bool repeatable = false;  ///< may be given more than once

  bool TakesFile() const { return value == "PATH" || value == "FILE"; }
  bool TakesDir() const { return value == "DIR"; }
  bool TakesRule() const { return value == "RULE"; }
  /// The long name without its dashes ("format"), or the short one.
  std::string Long() const {
    for (const auto& n : names)
      if (n.rfind("--", 0) == 0) return n.substr(2);
    return {};
  }
  std::string Short() const {
    for (const auto& n : names)
      if (n.rfind("--", 0) != 0) return n.substr(1);
    return {};
  }
};

struct CommandDoc {
  std::string name;         ///< "tsimport", "tsimport diff"
  std::string description;  ///< CLI11's description
  std::string footer;
  std::string positional;  ///< the positional arguments' description
  std::vector<OptionDoc> options;
};

CommandDoc Describe(const CLI::App& app) {
  CommandDoc c;
  c.name = app.get_name();
  c.description = app.get_description();
  c.footer = app.get_footer();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_positional()) {
      c.positional = opt->get_description();
      continue;
    }
    OptionDoc d;
    for (const auto& s : opt->get_snames()) d.names.push_back("-" + s);
    for (const auto& l : opt->get_lnames()) d.names.push_back("--" + l);
    d.help = opt->get_description();
    if (opt->get_type_size() > 0) {
      // "FORMAT:{human,markdown,json}": the value's name, then what a validator says of it.
      const std::string type = opt->get_type_name();
      const std::size_t colon = type.find(':');
      d.value = type.substr(0, colon);
      if (colon != std::string::npos && type.compare(colon + 1, 1, "{") == 0) {
        std::stringstream in(type.substr(colon + 2, type.find('}', colon) - colon - 2));
        for (std::string v; std::getline(in, v, ',');) d.values.push_back(v);
      }
      d.default_value = opt->get_default_str();
      d.list = opt->get_delimiter() == ',';
      d.repeatable = opt->get_expected_max() > 1;
    }
    c.options.push_back(std::move(d));
  }
  return c;
}

CommandDoc MainCommand() {
  Options o;
  CLI::App app;
  DescribeApp(app, o);
  return Describe(app);
}

CommandDoc DiffCommand() {
  DiffOptions o;
  CLI::App app;
  DescribeDiffApp(app, o);
  return Describe(app);
}

std::string Capitalized(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

std::string OneLine(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  return text;
}

// ---- roff ----

/// Text for a roff line: backslashes and hyphens escaped (an option's dashes must stay ASCII
/// hyphen-minus when copied from the page), a leading period or quote made inert.
std::string Roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

/// ".B -f , --format FORMAT" as a tagged paragraph's tag.
std::string OptionTag(const OptionDoc& d) {
  std::string tag;
  for (std::size_t i = 0; i < d.names.size(); ++i)
    tag += (i == 0 ? "\\fB" : "\\fR, \\fB") + Roff(d.names[i]);
  tag += "\\fR";
  if (!d.value.empty()) tag += " \\fI" + Roff(d.value) + "\\fR" + (d.list ? "[,...]" : "");
  return tag;
}

void ManOptions(std::ostream& out, const CommandDoc& c) {
  for (const auto& d : c.options) {
    out << ".TP\n" << OptionTag(d) << "\n" << Capitalized(Roff(d.help)) << ".";
    // The values, unless the help names them all.
    const bool named = std::all_of(d.values.begin(), d.values.end(), [&](const std::string& v) {
      return d.help.find(v) != std::string::npos;
    });
    if (!named) {
      out << " Values:";
      for (std::size_t i = 0; i < d.values.size(); ++i)
        out << (i == 0 ? " " : ", ") << "\\fB" << Roff(d.values[i]) << "\\fR";
      out << ".";
    }
    if (!d.default_value.empty()) out << " Default: \\fB" << Roff(d.default_value) << "\\fR.";
    out << "\n";
  }
}

/// The exit statuses, as ExitCode and the signal handling define them.
const std::vector<std::pair<std::string, std::string>>& ExitStatuses() {
  static const std::vector<std::pair<std::string, std::string>> kStatuses = {
      {"0", "every input imported; no finding at or above --fail-on (default error)"},
      {"1",
       "a task sequence has findings at or above --fail-on (an import error: it would not "
       "import)"},
      {"2", "usage error (bad options or arguments)"},
      {"3",
       "an input is not a task sequence: not well-formed XML, undecodable bytes, an unknown "
       "root, a wrapper or zip without a sequence, a corrupt zip"},
      {"4", "recognised but unsupported (schema version)"},
      {"5", "an input cannot be read (missing, permission, a directory without -r)"},
      {"6", "an output cannot be written (nothing partial is left behind)"},
      {"7",
       "nothing to check: the directories walked hold no *.xml or *.zip (--allow-empty "
       "makes it 0)"},
      {"70", "internal error (a bug; please report it)"},
      {"130, 143",
       "interrupted by SIGINT or SIGTERM (the results so far are written, marked "
       "incomplete)"},
  };
  return kStatuses;
}

}  // namespace

std::string WriteManPage() {
  const CommandDoc main = MainCommand();
  const CommandDoc diff = DiffCommand();
  std::ostringstream out;
  out << ".\\\" tsimport(1). Generated from tsimport's options and rule table "
         "(src/cli/manual.cpp): do not edit.\n"
      << ".TH TSIMPORT 1 \"\" \"tsimport " << TSIMPORT_VERSION << "\" \"User Commands\"\n"
      << ".nh\n.ad l\n"
      << ".SH NAME\n"
      << "tsimport \\- import a ConfigMgr or MDT task sequence offline, as ImportSequence does, "
         "and validate it\n"
      << ".SH SYNOPSIS\n"
      << ".B tsimport\n[\\fIOPTIONS\\fR] \\fIINPUT\\fR...\n.br\n"
      << ".B tsimport diff\n[\\fIOPTIONS\\fR] \\fIOLD NEW\\fR\n.br\n"
      << ".B tsimport\n\\fB\\-\\-list\\-rules\\fR | \\fB\\-\\-explain\\fR \\fIRULE\\fR | "
         "\\fB\\-\\-list\\-classes\\fR | \\fB\\-\\-version\\fR\n"
      << ".SH DESCRIPTION\n"
      << Capitalized(Roff(main.description.substr(main.description.find(": ") + 2))) << "\n"
      << ".PP\n"
      << "It reads an exported task sequence (bare sequence XML, an export's object.xml, a "
         "console export .zip, an MDT ts.xml; any encoding), builds the SMS_TaskSequence object "
         "with every step typed as its WMI class defines it, checks it against the class "
         "definitions, and reports every problem with its file, line and column, the step it "
         "belongs to and the ReturnValue (HRESULT) ImportSequence would return. The exit "
         "status says what kind of outcome it was (EXIT STATUS).\n"
      << ".PP\n"
      << "\\fIINPUT\\fR: " << Roff(main.positional) << ".\n"
      << ".SH OPTIONS\n";
  ManOptions(out, main);
  out << ".SH COMMANDS\n"
      << ".SS tsimport diff [\\fIOPTIONS\\fR] \\fIOLD NEW\\fR\n"
      << Capitalized(Roff(diff.description.substr(diff.description.find(": ") + 2))) << ". "
      << Roff(OneLine(diff.footer)) << "\n.PP\n"
      << "\\fIOLD\\fR, \\fINEW\\fR: "
      << Roff(diff.positional.substr(diff.positional.find(": ") + 2)) << ".\n";
  ManOptions(out, diff);
  out << ".SH EXIT STATUS\n";
  for (const auto& [code, meaning] : ExitStatuses())
    out << ".TP\n.B " << code << "\n" << Capitalized(Roff(meaning)) << ".\n";
  out << ".PP\nWith several inputs the most serious outcome wins, in this order: "
         "70, 6, 5, 3, 4, 7, 1, 0.\n"
      << ".SH RULES\n"
      << "Each finding names its rule. TS1xxx and TS2xxx errors are what ImportSequence would "
         "refuse: they set ReturnValue. The others are lint rules: they fail the run by "
         "\\fB\\-\\-fail\\-on\\fR but never change ReturnValue. "
         "\\fBtsimport \\-\\-explain\\fR \\fIRULE\\fR explains one. Each rule with its default "
         "severity and, for an import error, the ReturnValue it gives:\n";
  for (const RuleInfo& rule : Rules()) {
    char hresult[16] = "";
    if (rule.hresult != 0) std::snprintf(hresult, sizeof hresult, ", 0x%08X", rule.hresult);
    out << ".TP\n\\fB" << rule.id << "\\fR " << Roff(rule.name) << " ("
        << SeverityName(DefaultSeverity(rule)) << hresult << ")\n"
        << Capitalized(Roff(rule.summary)) << ".\n";
  }
  out << ".SH FILES\n"
      << ".TP\n.I .tsimport.toml\n"
         "Settings for a repository, looked for from each input's folder upward (or named with "
         "\\fB\\-\\-config\\fR): fail\\-on, ignore, target, strict, schema, baseline and a "
         "[severity] table. The command line wins over it.\n"
      << ".TP\n.I PREFIX/share/doc/tsimport/rules/TSnnnn.md\n"
         "The rule pages \\fB\\-\\-explain\\fR points to.\n"
      << ".SH ENVIRONMENT\n"
      << ".TP\n.B NO_COLOR\n"
         "When set and not empty, no colour unless \\fB\\-\\-color always\\fR.\n"
      << ".SH EXAMPLES\n"
      << "Check every export under a folder, as code scanning reads it:\n"
      << ".PP\n.nf\n.RS\n"
         "tsimport \\-r \\-\\-diagnostics sarif \\-\\-diagnostics\\-output tsimport.sarif "
         "tasksequences/\n"
         ".RE\n.fi\n"
      << ".PP\nThe import record, as JSON:\n"
      << ".PP\n.nf\n.RS\ntsimport \\-f json ts.xml\n.RE\n.fi\n"
      << ".PP\nWhat changed between two versions:\n"
      << ".PP\n.nf\n.RS\ntsimport diff old.xml new.xml\n.RE\n.fi\n"
      << ".SH SEE ALSO\n"
      << "The rule pages, the formats, CI set-up and the design: "
      << Roff(
             ReportOptions().help_base_uri.substr(0, ReportOptions().help_base_uri.rfind("rules/")))
      << "\n";
  return out.str();
}

// ---- completions ----

namespace {

std::string Words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> RuleWords() {
  std::vector<std::string> out;
  for (const RuleInfo& rule : Rules()) out.emplace_back(rule.id);
  for (const RuleInfo& rule : Rules()) out.emplace_back(rule.name);
  return out;
}

/// Single-quoted for a shell.
std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// The first clause of an option's help, for a completion menu.
std::string Brief(const std::string& help) {
  std::string out = OneLine(help);
  for (const char* stop : {"; ", " (", ": "}) {
    const std::size_t at = out.find(stop);
    if (at != std::string::npos && at > 10) out.erase(at);
  }
  return out;
}

void BashCases(std::ostream& out, const CommandDoc& c, const std::string& indent) {
  out << indent << "case $prev in\n";
  for (const auto& d : c.options) {
    if (d.value.empty()) continue;
    std::string names;
    for (const auto& n : d.names) names += (names.empty() ? "" : "|") + n;
    out << indent << "  " << names << ")\n" << indent << "    ";
    if (!d.values.empty()) {
      out << "__tsimport_words " << Quoted(Words(d.values));
    } else if (d.TakesRule()) {
      out << "__tsimport_words \"$__tsimport_rules\"";
    } else if (d.TakesFile()) {
      out << "COMPREPLY=($(compgen -f -- \"$cur\"))";
    } else if (d.TakesDir()) {
      out << "COMPREPLY=($(compgen -d -- \"$cur\"))";
    } else {
      out << ":";
    }
    out << "\n" << indent << "    return;;\n";
  }
  out << indent << "esac\n";
  std::vector<std::string> names;
  for (const auto& d : c.options) names.insert(names.end(), d.names.begin(), d.names.end());
  out << indent << "if [[ $cur == -* ]]; then\n"
      << indent << "  COMPREPLY=($(compgen -W " << Quoted(Words(names)) << " -- \"$cur\"))\n"
      << indent << "  return\n"
      << indent << "fi\n";
}

std::string Bash() {
  const CommandDoc main = MainCommand();
  const CommandDoc diff = DiffCommand();
  std::ostringstream out;
  out << "# bash completion for tsimport " << TSIMPORT_VERSION
      << ". Generated from tsimport's options and rule table (src/cli/manual.cpp): do not edit.\n"
      << "__tsimport_rules=" << Quoted(Words(RuleWords())) << "\n\n"
      << "# The words of $1 that complete the current word; after a comma, the part after it.\n"
      << "__tsimport_words() {\n"
      << "  local pre=\n"
      << "  [[ $cur == *,* ]] && pre=${cur%,*},\n"
      << "  COMPREPLY=($(compgen -P \"$pre\" -W \"$1\" -- \"${cur##*,}\"))\n"
      << "}\n\n"
      << "_tsimport() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  COMPREPLY=()\n"
      << "  if [[ ${COMP_WORDS[1]} == diff && $COMP_CWORD -gt 1 ]]; then\n";
  BashCases(out, diff, "    ");
  out << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "    return\n"
      << "  fi\n";
  BashCases(out, main, "  ");
  out << "  COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  [[ $COMP_CWORD -eq 1 ]] && COMPREPLY+=($(compgen -W diff -- \"$cur\"))\n"
      << "  return 0\n"
      << "}\n"
      << "complete -o filenames -F _tsimport tsimport\n";
  return out.str();
}

/// Text inside a zsh _arguments spec's brackets or values: what would end it escaped.
std::string ZshText(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void ZshSpecs(std::ostream& out, const CommandDoc& c) {
  for (const auto& d : c.options) {
    std::string exclusive;
    for (const auto& n : d.names) exclusive += (exclusive.empty() ? "" : " ") + n;
    std::string spec = d.repeatable ? "*" : "(" + exclusive + ")";
    std::string names;
    if (d.names.size() == 1) {
      names = d.names.front();
    } else {
      names = "{";
      for (std::size_t i = 0; i < d.names.size(); ++i) names += (i == 0 ? "" : ",") + d.names[i];
      names += "}";
    }
    std::string action;
    if (!d.value.empty()) {
      action = ":" + ZshText(d.value) + ":";
      if (!d.values.empty()) {
        action += d.list ? "_sequence compadd - " + Words(d.values) : "(" + Words(d.values) + ")";
      } else if (d.TakesRule()) {
        action +=
            d.list ? "_sequence compadd - " + Words(RuleWords()) : "(" + Words(RuleWords()) + ")";
      } else if (d.TakesFile()) {
        action += "_files";
      } else if (d.TakesDir()) {
        action += "_files -/";
      } else {
        action += " ";
      }
    }
    std::string help = "[" + ZshText(Brief(d.help)) + "]";
    out << "    " << Quoted(spec) << names << Quoted(help + action) << " \\\n";
  }
}

std::string Zsh() {
  const CommandDoc main = MainCommand();
  const CommandDoc diff = DiffCommand();
  std::ostringstream out;
  out << "#compdef tsimport\n"
      << "# zsh completion for tsimport " << TSIMPORT_VERSION
      << ". Generated from tsimport's options and rule table (src/cli/manual.cpp): do not edit.\n"
      << "if [[ $words[2] == diff ]] && (( CURRENT > 2 )); then\n"
      << "  shift words\n"
      << "  (( CURRENT-- ))\n"
      << "  _arguments -s -S \\\n";
  ZshSpecs(out, diff);
  out << "    '*:task sequence:_files'\n"
      << "  return\n"
      << "fi\n"
      << "_arguments -s -S \\\n";
  ZshSpecs(out, main);
  // The first word: an input, or the diff command.
  const std::string diff_brief =
      ZshText(Brief(diff.description.substr(diff.description.find(": ") + 2)));
  out << "  "
      << Quoted("1: :{_alternative \"commands:command:((diff\\:" + diff_brief +
                "))\" \"files:task sequence:_files\"}")
      << " \\\n"
      << "  '*:task sequence:_files'\n";
  return out.str();
}

std::string Fish() {
  const CommandDoc main = MainCommand();
  const CommandDoc diff = DiffCommand();
  std::ostringstream out;
  out << "# fish completion for tsimport " << TSIMPORT_VERSION
      << ". Generated from tsimport's options and rule table (src/cli/manual.cpp): do not edit.\n"
      << "complete -c tsimport -n __fish_use_subcommand -f -a diff -d "
      << Quoted(Brief(diff.description.substr(diff.description.find(": ") + 2))) << "\n";
  auto emit = [&](const CommandDoc& c, const char* condition) {
    for (const auto& d : c.options) {
      out << "complete -c tsimport -n " << Quoted(condition);
      if (!d.Short().empty()) out << " -s " << d.Short();
      if (!d.Long().empty()) out << " -l " << d.Long();
      if (!d.value.empty()) {
        if (!d.values.empty()) {
          out << " -x -a " << Quoted(Words(d.values));
        } else if (d.TakesRule()) {
          out << " -x -a " << Quoted(Words(RuleWords()));
        } else if (d.TakesFile()) {
          out << " -r -F";
        } else if (d.TakesDir()) {
          out << " -x -a '(__fish_complete_directories)'";
        } else {
          out << " -x";
        }
      }
      out << " -d " << Quoted(Brief(d.help)) << "\n";
    }
  };
  emit(main, "not __fish_seen_subcommand_from diff");
  emit(diff, "__fish_seen_subcommand_from diff");
  return out.str();
}

}  // namespace

std::string WriteCompletion(std::string_view shell) {
  if (shell == "bash") return Bash();
  if (shell == "zsh") return Zsh();
  if (shell == "fish") return Fish();
  return {};
}

}  // namespace tsimport::cli
