#include "run.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "config.h"
#include "files.h"
#include "parallel.h"
#include "progress.h"
#include "tsimport/catalog.h"
#include "tsimport/import.h"
#include "tsimport/write.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

struct Options {
  std::vector<std::string> inputs;
  std::string format = "summary";
  std::string output;
  std::string out_dir;
  std::string diagnostics = "human";
  std::string fail_on = "error";
  std::vector<std::string> ignore;
  std::vector<std::string> severity;  ///< RULE=LEVEL
  std::string config;
  std::string diagnostics_output;
  std::string baseline;
  std::string write_baseline;
  std::string target = "auto";
  std::vector<std::string> schemas;
  std::string color = "auto";
  std::string progress = "auto";
  unsigned jobs = 0;
  bool recursive = false;
  bool quiet = false;
  bool verbose = false;
  bool list_classes = false;
  bool list_rules = false;
  std::string explain;
  bool version = false;
  bool redact = false;
};

/// Everything one input produces, rendered by a worker and emitted in input order.
struct Processed {
  std::vector<ImportResult> results;
  std::vector<ExitCode> codes;   ///< per result, after --fail-on
  std::string stdout_text;       ///< results for standard output (or -o)
  std::string stderr_text;       ///< messages (cannot write...) and --verbose lines
  std::string diagnostics_text;  ///< diagnostics in a line format (stderr or --diagnostics-output)
  std::vector<std::string> written;  ///< output files written (-O)
  ExitCode write_failure = ExitCode::kOk;
};

/// The file extension of an output format under -O.
std::string Extension(const std::string& format) {
  if (format == "json") return ".json";
  if (format == "xml") return ".xml";
  if (format == "mof") return ".mof";
  if (format == "markdown") return ".md";
  return ".txt";
}

ExitCode ApplyThreshold(const ImportResult& r, const std::string& fail_on) {
  ExitCode code = r.exit_code;
  if (code != ExitCode::kOk && code != ExitCode::kFindings)
    return code;  // 3, 4, 5, 70 always count
  if (fail_on == "never") return ExitCode::kOk;
  Severity threshold = fail_on == "warning" ? Severity::kWarning
                       : fail_on == "info"  ? Severity::kInfo
                                            : Severity::kError;
  for (const auto& d : r.diagnostics) {
    if (d.severity >= threshold) return ExitCode::kFindings;
  }
  return ExitCode::kOk;
}

/// The suppressions of the settings: ignored rules, and severities ("off" ignores).
Suppressions SuppressionsOf(const Settings& settings) {
  Suppressions out;
  out.ignore = settings.ignore;
  for (const auto& [rule, level] : settings.severity) {
    if (level == "off") {
      out.ignore.insert(rule);
    } else if (auto severity = ParseSeverity(level)) {
      out.severity[rule] = *severity;
    }
  }
  return out;
}

/// What applies to one input: its settings (configuration file and command line), the catalog
/// they make, and the import options.
struct Resolved {
  Settings settings;
  Suppressions suppressions;
  std::optional<Baseline> baseline;
  std::shared_ptr<const Catalog> catalog;
  ImportOptions options;
};

/// Finds and loads the configuration of each input (cached per folder), merges the command
/// line over it, and builds the catalogs their schemas make (cached per schema list).
class SettingsResolver {
 public:
  SettingsResolver(const Options& o, const CLI::App& app) : o_(o), app_(app) {}

  /// Returns null and sets `error` when a configuration or schema file is unusable.
  const Resolved* For(const Input& in, std::string& error) {
    std::string config = o_.config;
    if (config.empty()) {
      std::string dir = in.path == "-" ? "." : fs::path(in.path).parent_path().string();
      auto cached = folder_config_.find(dir);
      if (cached == folder_config_.end())
        cached = folder_config_.emplace(dir, FindConfig(dir)).first;
      config = cached->second;
    }
    auto it = resolved_.find(config);
    if (it != resolved_.end()) return it->second.get();
    auto r = std::make_unique<Resolved>();
    if (!config.empty() && !LoadConfig(config, r->settings, error)) return nullptr;
    Merge(r->settings);
    if (!CheckSettings(r->settings, error)) return nullptr;
    r->suppressions = SuppressionsOf(r->settings);
    if (!r->settings.baseline.empty()) {
      r->baseline = BaselineAt(r->settings.baseline, error);
      if (!r->baseline) return nullptr;
    }
    r->catalog = CatalogFor(r->settings.schemas, error);
    if (!r->catalog) return nullptr;
    r->options.catalog = r->catalog;
    const std::string& t = r->settings.target;
    r->options.target = t == "mdt"         ? Target::kMdt
                        : t == "configmgr" ? Target::kConfigMgr
                                           : Target::kAuto;
    return resolved_.emplace(config, std::move(r)).first->second.get();
  }

  /// The catalog of the command line's schemas alone (for --list-classes).
  std::shared_ptr<const Catalog> CommandLineCatalog(std::string& error) {
    return CatalogFor(o_.schemas, error);
  }

 private:
  // The command line wins over the configuration file.
  void Merge(Settings& s) const {
    if (app_.count("--fail-on") > 0) s.fail_on = o_.fail_on;
    if (app_.count("--target") > 0) s.target = o_.target;
    for (auto id : o_.ignore) {
      std::transform(id.begin(), id.end(), id.begin(),
                     [](unsigned char c) { return std::toupper(c); });
      s.ignore.insert(id);
    }
    for (const auto& item : o_.severity) {
      auto eq = item.find('=');
      std::string id = item.substr(0, eq);
      std::transform(id.begin(), id.end(), id.begin(),
                     [](unsigned char c) { return std::toupper(c); });
      s.severity[id] = eq == std::string::npos ? "" : item.substr(eq + 1);
    }
    for (const auto& schema : o_.schemas) s.schemas.push_back(schema);
    if (!o_.baseline.empty()) s.baseline = o_.baseline;
  }

  std::optional<Baseline> BaselineAt(const std::string& path, std::string& error) {
    std::string bytes;
    std::uint32_t hresult = 0;
    std::string reason;
    if (!ReadInput(path, bytes, hresult, reason)) {
      error =
          "cannot read the baseline " + path + ": " + reason + " (write one with --write-baseline)";
      return std::nullopt;
    }
    std::string why;
    auto baseline = ParseBaseline(bytes, why);
    if (!baseline) error = "the baseline " + path + " is not usable: " + why;
    return baseline;
  }

  std::shared_ptr<const Catalog> CatalogFor(const std::vector<std::string>& schemas,
                                            std::string& error) {
    std::string key;
    for (const auto& sch : schemas) key += sch + '\n';
    auto it = catalogs_.find(key);
    if (it != catalogs_.end()) return it->second;
    std::shared_ptr<const Catalog> catalog = Catalog::Builtin();
    if (!schemas.empty()) {
      auto extended = std::make_shared<Catalog>(*catalog);
      for (const auto& path : schemas) {
        std::string bytes;
        std::uint32_t hresult = 0;
        std::string reason;
        if (!ReadInput(path, bytes, hresult, reason)) {
          error = "cannot read --schema " + path + ": " + reason;
          return nullptr;
        }
        std::vector<Diagnostic> diags;
        if (!extended->Load(bytes, path, diags)) {
          error = "--schema " + path + ": " +
                  (diags.empty() ? std::string("unusable") : diags.front().message);
          return nullptr;
        }
      }
      catalog = extended;
    }
    catalogs_.emplace(key, catalog);
    return catalog;
  }

  const Options& o_;
  const CLI::App& app_;
  std::map<std::string, std::string> folder_config_;
  std::map<std::string, std::unique_ptr<Resolved>> resolved_;
  std::map<std::string, std::shared_ptr<const Catalog>> catalogs_;
};

void SetUpLogging(const Options& o, std::ostream& err) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err);
  auto logger = std::make_shared<spdlog::logger>("tsimport", sink);
  logger->set_pattern("tsimport: %v");
  logger->set_level(o.verbose ? spdlog::level::debug
                    : o.quiet ? spdlog::level::err
                              : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

class Runner {
 public:
  Runner(const Options& o, Io io, std::vector<const Resolved*> per_input)
      : o_(o), io_(io), per_input_(std::move(per_input)) {
    std::error_code ec;
    report_options_.source_root = fs::current_path(ec).string();
    if (o.fail_on == "never") {
      report_options_.fail_on = std::nullopt;
    } else {
      report_options_.fail_on = ParseSeverity(o.fail_on);
    }
    color_ = o.color == "always" ||
             (o.color == "auto" && io.err_is_terminal && std::getenv("NO_COLOR") == nullptr);
    // -f text is coloured only on a terminal, never into a file.
    out_color_ = o.output.empty() && o.out_dir.empty() &&
                 (o.color == "always" ||
                  (o.color == "auto" && io.out_is_terminal && std::getenv("NO_COLOR") == nullptr));
  }

  int Run(const std::vector<Input>& inputs) {
    auto started = std::chrono::steady_clock::now();
    if (!o_.out_dir.empty()) RemoveStaleTemporaries(o_.out_dir);
    if (!o_.out_dir.empty() || !o_.output.empty()) InstallCleanupOnSignals();
    for (const auto& in : inputs) {
      if (in.path != "-") input_paths_.push_back(in.path);
    }
    pretty_json_ = inputs.size() == 1 && !o_.recursive;

    // auto: on a terminal, once the run lasts more than a moment; always: from the start.
    bool show_progress =
        o_.progress == "always" || (o_.progress == "auto" && io_.err_is_terminal && !o_.quiet);
    Progress progress(io_.err, inputs.size(), show_progress,
                      std::chrono::milliseconds(o_.progress == "always" ? 0 : 300));
    std::vector<Processed> processed(inputs.size());
    unsigned jobs = o_.jobs != 0 ? o_.jobs : std::max(1u, std::thread::hardware_concurrency());
    // Standard input can only be read by one thread at a time; it is read in order like any input.
    // With several jobs a large input starts early (the output keeps the inputs' order): its
    // size as the directory has it; standard input and what cannot be sized cost nothing.
    std::vector<std::uint64_t> sizes;
    std::function<std::uint64_t(std::size_t)> cost;
    if (jobs > 1) {
      sizes.assign(inputs.size(), 0);
      for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::error_code ec;
        if (inputs[i].path == "-") continue;
        std::uint64_t size = std::filesystem::file_size(inputs[i].path, ec);
        if (!ec) sizes[i] = size;
      }
      cost = [&sizes](std::size_t i) { return sizes[i]; };
    }
    OrderedParallel(
        inputs.size(), jobs,
        [&](std::size_t i) { processed[i] = Process(inputs[i], *per_input_[i]); },
        [&](std::size_t i) {
          Emit(processed[i], progress);
          processed[i] = Processed();  // free it
        },
        256, cost);
    progress.Clear();

    // The total: after the summary lines, or on its own on stdout when -O writes the outputs;
    // on stderr when stdout carries records or documents (so that they stay parseable).
    {
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      char elapsed[32];
      std::snprintf(elapsed, sizeof elapsed, "%.2fs", secs);
      std::size_t total = n_imported_ + n_invalid_ + n_not_ + n_unreadable_;
      std::string line =
          std::to_string(total) + (total == 1 ? " task sequence: " : " task sequences: ") +
          std::to_string(n_imported_) + " imported, " + std::to_string(n_invalid_) + " invalid, " +
          std::to_string(n_not_) + " not imported, " + std::to_string(n_unreadable_) +
          " unreadable; " + std::to_string(n_errors_) +
          (n_errors_ == 1 ? " error, " : " errors, ") + std::to_string(n_warnings_) +
          (n_warnings_ == 1 ? " warning" : " warnings") + "; " + elapsed + "\n";
      if (o_.format == "summary" || !o_.out_dir.empty()) {
        output_ += line;
      } else if (!o_.quiet) {
        io_.err << line;
      }
    }
    FinishReports();
    if (!o_.output.empty()) {
      std::string error;
      if (!WriteAtomically(o_.output, output_, false, error)) {
        io_.err << "tsimport: cannot write " << o_.output << ": " << error << "\n";
        overall_ = MoreSerious(overall_, ExitCode::kUnwritable);
      }
    } else {
      io_.out << output_;
    }
    return static_cast<int>(overall_);
  }

 private:
  /// Reads, imports and renders one input. Runs on a worker thread: touches only its own data.
  Processed Process(const Input& in, const Resolved& resolved) {
    Processed p;
    std::string bytes;
    std::uint32_t hresult = 0;
    std::string reason;
    if (!ReadInput(in.path, bytes, hresult, reason)) {
      p.results.push_back(
          UnreadableInput(in.name, hresult, "cannot read " + in.name + ": " + reason));
    } else {
      p.results = Import(std::move(bytes), in.name, resolved.options);
    }
    const bool several = p.results.size() > 1;
    for (auto& r : p.results) ApplySuppressions(r, resolved.suppressions);
    if (resolved.baseline) {
      std::vector<ImportResult*> all;
      for (auto& r : p.results) all.push_back(&r);
      ApplyBaseline(all, *resolved.baseline);
    }
    for (auto& r : p.results) {
      p.codes.push_back(ApplyThreshold(r, resolved.settings.fail_on));
      if (!WholeRunReport()) {
        std::vector<Diagnostic> shown;
        for (const auto& d : r.diagnostics) {
          if (!o_.quiet || d.severity == Severity::kError) shown.push_back(d);
        }
        for (const auto& d : shown) {
          if (o_.diagnostics == "gcc") {
            p.diagnostics_text += FormatDiagnosticGcc(d) + "\n";
          } else if (o_.diagnostics == "github") {
            p.diagnostics_text += FormatDiagnosticGithub(d, report_options_);
          } else if (o_.diagnostics == "azure") {
            p.diagnostics_text += FormatDiagnosticAzure(d, report_options_);
          }
        }
        if (o_.diagnostics == "human") {
          // With --redact, no source line is quoted: it may hold the very secret.
          static const std::string kNoSource;
          p.diagnostics_text +=
              FormatDiagnosticsHuman(shown, o_.redact ? std::string_view(kNoSource) : r.text.view(),
                                     HumanStyle{color_ && o_.diagnostics_output.empty()});
        }
      }
      if (o_.verbose) {
        p.stderr_text +=
            "tsimport: " + r.input + (r.member.empty() ? "" : "!" + r.member) + ": shape " +
            r.shape + ", encoding " + (r.encoding.empty() ? "-" : r.encoding) + ", dialect " +
            (r.task_sequence ? (r.task_sequence->dialect == Dialect::kMdt ? "mdt" : "configmgr")
                             : "-") +
            "\n";
      }
      if (o_.redact && r.task_sequence) Redact(*r.task_sequence, *resolved.catalog);
      std::string rendered = Render(r, *resolved.catalog);
      if (!o_.out_dir.empty()) p.stdout_text += WriteSummaryLine(r) + "\n";
      if (o_.out_dir.empty()) {
        if (IsDocument() && !p.stdout_text.empty() && !rendered.empty()) p.stdout_text += "\n";
        p.stdout_text += rendered;
        continue;
      }
      // -O: one file per task sequence; none for an input that could not be imported.
      if (!r.task_sequence || o_.format == "none") continue;
      std::string path = OutputPath(in, r, several);
      std::string error;
      if (IsAnInput(path)) {
        p.stderr_text += "tsimport: refusing to write " + path + ": it is one of the inputs\n";
        p.write_failure = ExitCode::kUnwritable;
      } else if (!WriteAtomically(path, rendered, true, error)) {
        p.stderr_text += "tsimport: cannot write " + path + ": " + error + "\n";
        p.write_failure = ExitCode::kUnwritable;
      } else {
        p.written.push_back(path);
      }
    }
    return p;
  }

  bool WholeRunReport() const {
    return o_.diagnostics == "json" || o_.diagnostics == "sarif" || o_.diagnostics == "junit" ||
           o_.diagnostics == "checkstyle";
  }

  /// The whole-run diagnostics report, the --diagnostics-output file and the baseline.
  void FinishReports() {
    std::vector<const ImportResult*> all;
    for (const auto& r : kept_) all.push_back(&r);
    if (WholeRunReport()) {
      diagnostics_ +=
          WriteDiagnosticsReport(*ParseDiagnosticsFormat(o_.diagnostics), all, report_options_);
      if (o_.diagnostics_output.empty()) io_.err << diagnostics_;
    }
    if (!o_.diagnostics_output.empty()) {
      std::string error;
      if (!WriteAtomically(o_.diagnostics_output, diagnostics_, false, error)) {
        io_.err << "tsimport: cannot write " << o_.diagnostics_output << ": " << error << "\n";
        overall_ = MoreSerious(overall_, ExitCode::kUnwritable);
      }
    }
    if (!o_.write_baseline.empty()) {
      std::string error;
      if (!WriteAtomically(o_.write_baseline, WriteBaseline(all), false, error)) {
        io_.err << "tsimport: cannot write " << o_.write_baseline << ": " << error << "\n";
        overall_ = MoreSerious(overall_, ExitCode::kUnwritable);
      } else if (overall_ == ExitCode::kFindings) {
        overall_ = ExitCode::kOk;  // the findings are now accepted
      }
    }
  }

  std::string Render(const ImportResult& r, const Catalog& catalog) const {
    if (o_.format == "summary") return WriteSummaryLine(r) + "\n";
    if (o_.format == "json") {
      bool pretty = pretty_json_ || !o_.out_dir.empty();
      return WriteJsonRecord(r, catalog, pretty ? 2 : -1) + "\n";
    }
    if (!r.task_sequence) return {};
    if (o_.format == "xml") return WriteXml(*r.task_sequence);
    if (o_.format == "mof") return WriteMof(*r.task_sequence, catalog);
    if (o_.format == "text") return WriteText(r, catalog, out_color_);
    if (o_.format == "markdown") return WriteMarkdown(r, catalog);
    return {};
  }

  bool IsDocument() const { return o_.format == "text" || o_.format == "markdown"; }

  std::string OutputPath(const Input& in, const ImportResult& r, bool several) const {
    fs::path rel(in.relative);
    fs::path stem = rel.parent_path() / rel.stem();
    std::string name = stem.string();
    if (several) {
      // SMS_TaskSequencePackage/<PackageID>/object.xml: one output per package.
      fs::path member(r.member);
      name += "." + member.parent_path().filename().string();
    }
    return (fs::path(o_.out_dir) / (name + Extension(o_.format))).string();
  }

  bool IsAnInput(const std::string& path) const {
    for (const auto& in : input_paths_) {
      if (SameFile(in, path)) return true;
    }
    return false;
  }

  /// Writes one input's output and diagnostics, in input order, on the calling thread.
  void Emit(Processed& p, Progress& progress) {
    if (!p.diagnostics_text.empty()) {
      if (o_.diagnostics_output.empty()) {
        progress.Clear();
        io_.err << p.diagnostics_text;
        io_.err.flush();
      } else {
        diagnostics_ += p.diagnostics_text;
      }
    }
    if (!p.stderr_text.empty()) {
      progress.Clear();
      io_.err << p.stderr_text;
      io_.err.flush();
    }
    if (IsDocument() && !p.stdout_text.empty() && documents_++ > 0) p.stdout_text.insert(0, "\n");
    if (!o_.output.empty()) {
      output_ += p.stdout_text;
    } else if (!p.stdout_text.empty()) {
      io_.out << p.stdout_text;
    }
    for (std::size_t k = 0; k < p.results.size(); ++k) {
      const ImportResult& r = p.results[k];
      overall_ = MoreSerious(overall_, p.codes[k]);
      n_errors_ += r.Count(Severity::kError);
      n_warnings_ += r.Count(Severity::kWarning);
      // As the summary line's verdict: invalid means ImportSequence would refuse it, whatever
      // the threshold; imported ones may still be flagged by findings.
      if (r.exit_code == ExitCode::kUnreadable) {
        ++n_unreadable_;
      } else if (!r.task_sequence ||
                 (r.exit_code != ExitCode::kOk && r.exit_code != ExitCode::kFindings)) {
        ++n_not_;
      } else if (r.hresult != 0) {
        ++n_invalid_;
      } else {
        ++n_imported_;
      }
    }
    overall_ = MoreSerious(overall_, p.write_failure);
    if (WholeRunReport() || !o_.write_baseline.empty()) {
      for (auto& r : p.results) {
        r.text.clear();  // reports need the findings, not the model or the text
        r.task_sequence.reset();
        kept_.push_back(std::move(r));
      }
    }
    progress.Step();
  }

  const Options& o_;
  Io io_;
  std::vector<const Resolved*> per_input_;
  ReportOptions report_options_;
  std::string diagnostics_;         ///< for --diagnostics-output
  std::vector<ImportResult> kept_;  ///< for whole-run reports and --write-baseline
  bool color_ = false;
  bool out_color_ = false;
  std::size_t documents_ = 0;  ///< -f text/markdown documents emitted (a blank line between them)
  bool pretty_json_ = false;
  std::vector<std::string> input_paths_;
  std::string output_;
  ExitCode overall_ = ExitCode::kOk;
  std::size_t n_imported_ = 0, n_invalid_ = 0, n_not_ = 0, n_unreadable_ = 0, n_errors_ = 0,
              n_warnings_ = 0;
};

int RunChecked(const std::vector<std::string>& args, Io io) {
  Options o;
  CLI::App app{
      "tsimport: import a ConfigMgr or MDT task sequence offline, as "
      "SMS_TaskSequencePackage.ImportSequence does, and validate it.",
      "tsimport"};
  app.add_option(
      "inputs", o.inputs,
      "task sequence files (.xml, object.xml, export .zip), directories with -r, or - for stdin");
  app.add_option("-f,--format", o.format, "output: summary, json, xml, mof, text, markdown or none")
      ->check(CLI::IsMember({"summary", "json", "xml", "mof", "text", "markdown", "none"}))
      ->capture_default_str();
  app.add_option("-o,--output", o.output, "write the output to this file (atomically; one input)");
  app.add_option(
      "-O,--out-dir", o.out_dir,
      "write one output per task sequence under this directory, mirroring the inputs' paths");
  app.add_option("--diagnostics", o.diagnostics,
                 "diagnostics format: human, gcc, json, sarif, github, azure, junit or checkstyle")
      ->check(CLI::IsMember(
          {"human", "gcc", "json", "sarif", "github", "azure", "junit", "checkstyle"}))
      ->capture_default_str();
  app.add_option("--diagnostics-output", o.diagnostics_output,
                 "write the diagnostics to this file instead of stderr");
  app.add_option("--baseline", o.baseline,
                 "accept the findings recorded in this file; report only new ones");
  app.add_option("--write-baseline", o.write_baseline,
                 "record the findings of this run in a baseline file (and accept them: exit 0 "
                 "unless an input fails)");
  app.add_option("--fail-on", o.fail_on,
                 "lowest severity that fails the run: error, warning, info or never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  app.add_option("--ignore", o.ignore, "rules to leave out, e.g. TS2003,TS2004")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--severity", o.severity,
                 "per-rule severity, e.g. TS7001=info,TS3001=error (or =off)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option(
      "--config", o.config,
      "settings file (default: the nearest .tsimport.toml from each input's folder upward)");
  app.add_option("--target", o.target, "dialect: auto, configmgr or mdt")
      ->check(CLI::IsMember({"auto", "configmgr", "mdt"}))
      ->capture_default_str();
  app.add_option("--schema", o.schemas,
                 "add classes from a JSON file in the catalog's format (repeatable)")
      ->allow_extra_args(false);
  app.add_flag("-r,--recursive", o.recursive, "walk directories for *.xml and *.zip");
  app.add_option("-j,--jobs", o.jobs,
                 "parallel workers (default: all cores); output order never changes")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--progress", o.progress,
                 "progress bar on stderr: auto (on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--color", o.color,
                 "colour on stderr: auto, always or never (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("--redact", o.redact,
               "blank Secret and QuasiSecret values (passwords, product keys) in the output");
  app.add_flag("-q,--quiet", o.quiet, "print only errors on stderr");
  app.add_flag("-v,--verbose", o.verbose, "log what is detected (shape, encoding, dialect)");
  app.add_flag("--list-classes", o.list_classes, "print the class catalog (as JSON with -f json)");
  app.add_flag("--list-rules", o.list_rules, "print the rule table");
  app.add_option("--explain", o.explain, "explain one rule, e.g. --explain TS2001");
  app.add_flag("--version", o.version, "print the version");

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

  SettingsResolver resolver(o, app);
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
  Runner runner(o, io, std::move(per_input));
  return runner.Run(inputs);
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
