#include "options.h"

#include <CLI/CLI.hpp>
#include <algorithm>

#include "tsimport/diagnostic.h"

namespace tsimport::cli {
namespace {

const std::vector<std::string> kFormats = {"summary",  "json", "xml", "mof", "text",
                                           "markdown", "html", "none"};
const std::vector<std::string> kDiagnosticsFormats = {"human",  "gcc",   "json",  "sarif",
                                                      "github", "azure", "junit", "checkstyle"};

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return out;
}

/// A value of `names`; a value of `other` (the other option's formats, which is what was meant)
/// says which option takes it.
CLI::Validator OneOf(const std::vector<std::string>& names, const std::vector<std::string>& other,
                     const std::string& other_option) {
  return CLI::Validator(
      [names, other, other_option](std::string& value) -> std::string {
        if (std::find(names.begin(), names.end(), value) != names.end()) return {};
        if (std::find(other.begin(), other.end(), value) != other.end()) {
          return value + " is not one of " + Join(names) + "; for " + value + ", use " +
                 other_option + " " + value;
        }
        std::string close = ClosestMatch(value, names);
        return value + " is not one of " + Join(names) +
               (close.empty() ? "" : "; did you mean " + close + "?");
      },
      // Shown by --help after the value's name, and read by the man page and the completions
      // (src/cli/manual.cpp) as the values the option takes.
      "{" +
          [&] {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ",") + n;
            return list;
          }() +
          "}");
}

}  // namespace

void AddOptions(CLI::App& app, Options& o) {
  // CLI11 reads "/x" as the option x on Windows: an input path such as /tmp/ts.xml (or a Unix
  // path under Wine) would be refused. Options are - and -- on every system.
  app.allow_windows_style_options(false);
  app.add_option(
         "inputs", o.inputs,
         "task sequence files (.xml, object.xml, export .zip), directories with -r, or - for stdin")
      ->type_name("INPUT");
  app.add_option("-f,--format", o.format, "output: summary, json, xml, mof, text, markdown, html or none")
      ->type_name("FORMAT")
      ->check(OneOf(kFormats, kDiagnosticsFormats, "--diagnostics"))
      ->capture_default_str();
  app.add_flag("--json-lines", o.json_lines,
               "-f json: one record a line, even when there is one (default: one indented "
               "document for one record, JSON Lines for more)");
  app.add_option("-o,--output", o.output, "write the output to this file (atomically; one input)")
      ->type_name("PATH");
  app.add_option(
         "-O,--out-dir", o.out_dir,
         "write one output per task sequence under this directory, mirroring the inputs' paths")
      ->type_name("DIR");
  app.add_option("--diagnostics", o.diagnostics,
                 "diagnostics format: human, gcc, json, sarif, github, azure, junit or checkstyle")
      ->type_name("FORMAT")
      ->check(OneOf(kDiagnosticsFormats, kFormats, "-f"))
      ->capture_default_str();
  app.add_option("--diagnostics-output", o.diagnostics_output,
                 "write the diagnostics to this file instead of stderr")
      ->type_name("PATH");
  app.add_option("--baseline", o.baseline,
                 "accept the findings recorded in this file; report only new ones")
      ->type_name("PATH");
  app.add_option("--write-baseline", o.write_baseline,
                 "record the findings of this run in a baseline file (and accept them: exit 0 "
                 "unless an input fails)")
      ->type_name("PATH");
  app.add_option("--fail-on", o.fail_on,
                 "lowest severity that fails the run: error, warning, info or never")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  app.add_option("--ignore", o.ignore, "rules to leave out, e.g. TS2003,TS2004")
      ->type_name("RULE")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--severity", o.severity,
                 "per-rule severity, e.g. TS7001=info,TS3001=error (or =off)")
      ->type_name("RULE=LEVEL")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option(
         "--config", o.config,
         "settings file (default: the nearest .tsimport.toml from each input's folder upward)")
      ->type_name("PATH");
  app.add_option("--target", o.target, "dialect: auto, configmgr or mdt")
      ->type_name("DIALECT")
      ->check(CLI::IsMember({"auto", "configmgr", "mdt"}))
      ->capture_default_str();
  app.add_option("--schema", o.schemas,
                 "add classes from a JSON file in the catalog's format (repeatable)")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_flag("-r,--recursive", o.recursive, "walk directories for *.xml and *.zip");
  app.add_flag("--allow-empty", o.allow_empty,
               "exit 0 when the directories walked hold no *.xml or *.zip (default: exit 7, "
               "nothing to check)");
  app.add_option("-j,--jobs", o.jobs,
                 "parallel workers (default: all cores); output order never changes")
      ->type_name("N")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--progress", o.progress,
                 "progress bar on stderr: auto (on a terminal), always or never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--color", o.color,
                 "colour on stderr: auto, always or never (NO_COLOR is honoured)")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("--redact", o.redact,
               "blank Secret and QuasiSecret values (passwords, product keys) in the output");
  app.add_flag("--strict", o.strict,
               "checks that rest only on documentation prose or on tsimport's reading are "
               "import errors, not warnings");
  app.add_flag("-q,--quiet", o.quiet, "print only errors on stderr");
  app.add_flag("-v,--verbose", o.verbose, "log what is detected (shape, encoding, dialect)");
  app.add_flag("--list-classes", o.list_classes, "print the class catalog (as JSON with -f json)");
  app.add_flag("--list-rules", o.list_rules, "print the rule table");
  app.add_option("--explain", o.explain, "explain one rule, e.g. --explain TS2001")
      ->type_name("RULE");
  app.add_flag("--version", o.version, "print the version and the commit it was built from");
}

void DescribeApp(CLI::App& app, Options& o) {
  app.name("tsimport");
  app.description(
      "tsimport: import a ConfigMgr or MDT task sequence offline, as "
      "SMS_TaskSequencePackage.ImportSequence does, and validate it.");
  AddOptions(app, o);
  app.footer(
      "Compare two task sequences, step by step: tsimport diff OLD NEW (tsimport diff --help)");
}

void NoteGiven(const CLI::App& app, Options& o) {
  o.fail_on_given = app.count("--fail-on") > 0;
  o.target_given = app.count("--target") > 0;
}

}  // namespace tsimport::cli
