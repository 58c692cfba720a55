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

#include "files.h"
#include "options.h"
#include "runner.h"
#include "settings.h"
#include "tsimport/catalog.h"
#include "tsimport/write.h"

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

int RunChecked(const std::vector<std::string>& args, Io io) {
  Options o;
  CLI::App app{
      "tsimport: import a ConfigMgr or MDT task sequence offline, as "
      "SMS_TaskSequencePackage.ImportSequence does, and validate it.",
      "tsimport"};
  AddOptions(app, o);

  std::vector<std::string> argv_rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  std::reverse(argv_rest.begin(), argv_rest.end());
  try {
    app.parse(argv_rest);
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    io.err << "tsimport: " << e.what() << "\nRun 'tsimport --help' for the options.\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  NoteGiven(app, o);
  SetUpLogging(o, io.err);

  if (o.version) {
    io.out << "tsimport " << TSIMPORT_VERSION << "\n";
    return 0;
  }
  if (!o.explain.empty()) {
    std::string id = o.explain;
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    const RuleInfo* rule = FindRule(id);
    if (rule == nullptr) {
      io.err << "tsimport: no rule " << o.explain << "; 'tsimport --list-rules' lists them\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    io.out << WriteRuleExplanation(*rule);
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
  std::vector<Input> inputs = ExpandInputs(o.inputs, o.recursive);
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
      fs::path rel(in.relative);
      std::string stem = (rel.parent_path() / rel.stem()).string();
      auto [it, inserted] = stems.emplace(stem, in.name);
      if (!inserted) {
        io.err << "tsimport: " << it->second << " and " << in.name << " would both be written to "
               << (fs::path(o.out_dir) / stem).string()
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
    return RunChecked(args, io);
  } catch (const std::exception& e) {
    io.err << "tsimport: internal error: " << e.what() << " (please report this)\n";
  } catch (...) {
    io.err << "tsimport: internal error (please report this)\n";
  }
  return static_cast<int>(ExitCode::kInternal);
}

}  // namespace tsimport::cli
