// The command line: parses the arguments, answers the requests that import nothing (--help,
// --version, --explain, --list-rules, --list-classes), checks the options against each other,
// resolves each input's settings, and hands the inputs to the runner.
#include "run.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "diff.h"
#include "files.h"
#include "options.h"
#include "output.h"
#include "platform.h"
#include "runner.h"
#include "settings.h"
#include "tsimport/catalog.h"
#include "tsimport/write.h"
#include "version.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

void SetUpLogging(const Options& o, std::ostream& err) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err);
  auto logger = std::make_shared<spdlog::logger>("tsimport", sink);
  logger->set_pattern("tsimport: %v");
  logger->set_level(o.verbose ? spdlog::level::debug
                    : o.quiet ? spdlog::level::err
                              : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

/// "did you mean disabled (TS7003)? " for a rule ID or name that is close to one.
std::string RuleSuggestion(const std::string& given) {
  std::vector<std::string> names;
  for (const auto& rule : Rules()) {
    names.emplace_back(rule.id);
    names.emplace_back(rule.name);
  }
  std::string close = ClosestMatch(given, names);
  const RuleInfo* rule = close.empty() ? nullptr : FindRuleByIdOrName(close);
  if (rule == nullptr) return {};
  return "did you mean " + close + (close == rule->id ? "" : " (" + std::string(rule->id) + ")") +
         "? ";
}

/// Where a rule's page is: the copy installed beside the binary (PREFIX/share/doc/tsimport/
/// rules, as `cmake --install` puts it), or the project's online copy.
std::string RulePage(std::string_view id) {
  const std::string file = std::string(id) + ".md";
  std::error_code ec;
  const fs::path exe = ExecutablePath();
  if (!exe.empty()) {
    const fs::path page =
        exe.parent_path().parent_path() / "share" / "doc" / "tsimport" / "rules" / file;
    if (fs::is_regular_file(page, ec)) return TextOf(page);
  }
  return ReportOptions().help_base_uri + file;
}

/// "unknown option --fromat; did you mean --format?" for each argument that looks like an
/// option and is not one (empty when there is none).
std::string UnknownOptions(const CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> known;
  for (const CLI::Option* opt : app.get_options()) {
    for (const auto& n : opt->get_lnames()) known.push_back("--" + n);
    for (const auto& n : opt->get_snames()) known.push_back("-" + n);
  }
  std::string out;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i].size() < 2 || args[i][0] != '-') continue;
    std::string name = args[i].substr(0, args[i].find('='));
    if (args[i][1] != '-') name = name.substr(0, 2);  // -fjson is -f json
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string close = name.size() > 2 ? ClosestMatch(name, known) : std::string();
    out += std::string(out.empty() ? "" : "\ntsimport: ") + "unknown option " + name +
           (close.empty() ? "" : "; did you mean " + close + "?");
  }
  return out;
}

int RunChecked(const std::vector<std::string>& args, Io io) {
  Options o;
  CLI::App app;
  DescribeApp(app, o);

  std::vector<std::string> argv_rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  std::reverse(argv_rest.begin(), argv_rest.end());
  try {
    app.parse(argv_rest);
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::string unknown = UnknownOptions(app, args);
    io.err << "tsimport: " << (unknown.empty() ? std::string(e.what()) : unknown)
           << "\nRun 'tsimport --help' for the options.\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  NoteGiven(app, o);
  SetUpLogging(o, io.err);

  // The requests that import nothing take no input.
  const char* request = o.version            ? "--version"
                        : !o.explain.empty() ? "--explain"
                        : o.list_rules       ? "--list-rules"
                        : o.list_classes     ? "--list-classes"
                                             : nullptr;
  if (request != nullptr && !o.inputs.empty()) {
    io.err << "tsimport: " << request << " imports nothing, so '" << o.inputs.front()
           << "' is not expected";
    if (o.list_classes && o.explain.empty() && !o.version && !o.list_rules) {
      io.err << " (it prints the whole catalog: tsimport --list-classes | grep " << o.inputs.front()
             << ")";
    }
    io.err << "\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (o.version) {
    io.out << VersionLine() << "\n";
    return 0;
  }
  if (!o.explain.empty()) {
    const RuleInfo* rule = FindRuleByIdOrName(o.explain);
    if (rule == nullptr) {
      io.err << "tsimport: no rule " << o.explain << "; " << RuleSuggestion(o.explain)
             << "'tsimport --list-rules' lists them\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    io.out << WriteRuleExplanation(*rule, RulePage(rule->id));
    return 0;
  }
  if (o.list_rules) {
    io.out << WriteRulesText();
    return 0;
  }

  SettingsResolver resolver(o);
  if (o.list_classes) {
    std::string error;
    auto catalog = resolver.CommandLineCatalog(error);
    if (!catalog) {
      io.err << "tsimport: " << error << "\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    io.out << (o.format == "json" ? WriteCatalogJson(*catalog) + "\n" : WriteCatalogText(*catalog));
    return 0;
  }
  if (o.inputs.empty()) {
    io.err << "tsimport: no input given\nUsage: tsimport [OPTIONS] INPUT...   (tsimport --help for "
              "more)\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (std::count(o.inputs.begin(), o.inputs.end(), "-") > 1) {
    io.err << "tsimport: standard input (-) can be given only once\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (!o.output.empty() && !o.out_dir.empty()) {
    io.err << "tsimport: -o and -O exclude each other: -o writes one file, -O one file per input\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  // An output into a folder that does not exist would fail after the whole run: say so now.
  for (const auto& [option, path] : {std::pair<const char*, const std::string&>{"-o", o.output},
                                     {"--diagnostics-output", o.diagnostics_output},
                                     {"--write-baseline", o.write_baseline}}) {
    std::string why = MissingFolder(path);
    if (path.empty() || why.empty()) continue;
    io.err << "tsimport: cannot write " << option << " " << path << ": " << why << "\n";
    return static_cast<int>(ExitCode::kUnwritable);
  }
  std::vector<Input> inputs = ExpandInputs(o.inputs, o.recursive);
  if (o.allow_empty) {
    // An empty folder is expected: nothing to check is no error (the run may check nothing).
    inputs.erase(std::remove_if(inputs.begin(), inputs.end(),
                                [](const Input& in) { return in.empty_folder; }),
                 inputs.end());
  } else if (std::any_of(inputs.begin(), inputs.end(),
                         [](const Input& in) { return !in.empty_folder; })) {
    // Some folder or file has something to check: an empty folder beside it is no error.
    inputs.erase(std::remove_if(inputs.begin(), inputs.end(),
                                [](const Input& in) { return in.empty_folder; }),
                 inputs.end());
  }
  const auto files = std::count_if(inputs.begin(), inputs.end(), [](const Input& in) {
    return in.folder_error == 0 && !in.empty_folder;
  });
  if (OneDocumentOnly(o.format) && o.out_dir.empty() && files > 1) {
    io.err << "tsimport: -f " << o.format << " writes one document, and " << files
           << " inputs were given: use -O DIR to write one file per task sequence\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (!o.output.empty()) {
    if (inputs.size() != 1) {
      io.err << "tsimport: -o takes one input; " << inputs.size()
             << " were given (use -O for one output per input)\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    if (SameFile(o.output, inputs.front().path)) {
      io.err << "tsimport: refusing to write the output over the input " << inputs.front().name
             << "\n";
      return static_cast<int>(ExitCode::kUsage);
    }
  }
  if (!o.out_dir.empty()) {
    // Two inputs whose outputs would have the same name (x.xml and x.zip, or the same relative
    // path under two directories) would overwrite each other.
    std::map<std::string, std::string> stems;
    for (const auto& in : inputs) {
      if (in.folder_error != 0 || in.empty_folder) continue;  // no output
      const fs::path rel = PathOf(in.relative);
      std::string stem = TextOf(rel.parent_path() / rel.stem());
      if (HasIndex(o.format) && stem == "index") {
        io.err << "tsimport: " << in.name << " would be written to "
               << TextOf(PathOf(o.out_dir) / "index") << Extension(o.format)
               << ", over the index of the run; rename it or run it separately\n";
        return static_cast<int>(ExitCode::kUsage);
      }
      auto [it, inserted] = stems.emplace(stem, in.name);
      if (!inserted) {
        io.err << "tsimport: " << it->second << " and " << in.name << " would both be written to "
               << TextOf(PathOf(o.out_dir) / PathOf(stem))
               << ".*; run them separately or rename one\n";
        return static_cast<int>(ExitCode::kUsage);
      }
    }
  }
  std::vector<const Resolved*> per_input;
  per_input.reserve(inputs.size());
  for (const auto& in : inputs) {
    std::string error;
    const Resolved* r = resolver.For(in, error);
    if (r == nullptr) {
      io.err << "tsimport: " << error << "\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    per_input.push_back(r);
  }
  return RunInputs(o, io, inputs, std::move(per_input));
}

}  // namespace

int Run(const std::vector<std::string>& args, Io io) {
  try {
    if (args.size() > 1 && args[1] == "diff") return RunDiff(args, io);  // diff.cpp
    return RunChecked(args, io);
  } catch (const std::exception& e) {
    io.err << "tsimport: internal error: " << e.what() << " (please report this)\n";
  } catch (...) {
    io.err << "tsimport: internal error (please report this)\n";
  }
  return static_cast<int>(ExitCode::kInternal);
}

}  // namespace tsimport::cli
