#include "runner.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <thread>

#include "output.h"
#include "parallel.h"
#include "platform.h"
#include "progress.h"
#include "tsimport/write.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

/// Thrown by the emitter once the run is interrupted: the inputs left are not checked.
struct InterruptedRun {};

/// Everything one input produces, rendered by a worker and emitted in input order.
struct Processed {
  std::vector<ImportResult> results;
  std::vector<ExitCode> codes;   ///< per result, after --fail-on
  std::string stdout_text;       ///< results for standard output (or -o)
  std::string stderr_text;       ///< --verbose lines
  std::string diagnostics_text;  ///< diagnostics in a line format (stderr or --diagnostics-output)
  /// Messages about the outputs (cannot write...), without "tsimport: ".
  std::vector<std::string> notes;
  std::vector<std::string> written;  ///< output files written (-O)
  std::vector<IndexEntry> index;     ///< -O with markdown or html: the pages written
  Totals totals;                     ///< of its results, for the totals line
  ExitCode write_failure = ExitCode::kOk;
  bool diagnostics_at_emit = false;  ///< too many to format ahead: formatted as they are written
  /// With diagnostics_at_emit, per result: its SecretValues, for the human format to mask.
  std::vector<std::vector<std::string>> secrets;
};

/// Diagnostics of one input formatted ahead, on the worker; more are formatted when emitted.
constexpr std::size_t kFormatAhead = 1000;

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

class Runner {
 public:
  Runner(const Options& o, Io io, std::vector<const Resolved*> per_input)
      : o_(o), io_(io), per_input_(std::move(per_input)) {
    std::error_code ec;
    report_options_.source_root = TextOf(fs::current_path(ec));
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
    // SIGINT and SIGTERM wind the run down (below); temporary files never stay behind.
    SignalHandling signals;
    // -f json: one indented document when the stream holds one record (one input, not walked,
    // holding one task sequence: Process decides), JSON Lines otherwise (docs/formats.md).
    pretty_json_ = inputs.size() == 1 && !o_.recursive && !o_.json_lines;

    // auto: on a terminal, once the run lasts more than a moment; always: from the start.
    // Never over a machine-readable report on stderr, which must hold that document alone.
    bool show_progress =
        !MachineStderr() &&
        (o_.progress == "always" || (o_.progress == "auto" && io_.err_is_terminal && !o_.quiet));
    Progress progress(io_.err, inputs.size(), show_progress,
                      std::chrono::milliseconds(o_.progress == "always" ? 0 : 300));
    unsigned jobs = o_.jobs != 0 ? o_.jobs : std::max(1u, std::thread::hardware_concurrency());
    // Standard input can only be read by one thread at a time; it is read in order like any input.
    // With several jobs a large input starts early (the output keeps the inputs' order): its
    // size as the directory has it; standard input and what cannot be sized cost nothing.
    // Under -O, each input's identity (device and inode), so that no output is written over an
    // input: one stat per input, not one per input for every output. And the largest input,
    // for the allocator.
    std::vector<std::uint64_t> sizes;
    std::function<std::uint64_t(std::size_t)> cost;
    if (jobs > 1) sizes.assign(inputs.size(), 0);
    std::uint64_t largest = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      FileId id;
      if (inputs[i].path == "-" || !IdentifyFile(inputs[i].path, id)) continue;
      if (jobs > 1) sizes[i] = id.size;
      largest = std::max(largest, id.size);
      if (!o_.out_dir.empty()) input_ids_.insert({id.device, id.inode});
    }
    if (io_.prepare_memory != nullptr) io_.prepare_memory(largest);
    if (jobs > 1) cost = [&sizes](std::size_t i) { return sizes[i]; };
    // What the inputs in flight produce, in a slot each: at most `kWindow` of them run ahead of
    // the next to emit, and each slot is emptied (its memory freed) once emitted, so that what
    // a run holds does not grow with the number of inputs.
    constexpr std::size_t kWindow = 256;
    std::vector<std::optional<Processed>> slots(std::min(inputs.size(), kWindow));
    try {
      OrderedParallel(
          inputs.size(), jobs,
          [&](std::size_t i) {
            // Once interrupted, the inputs left are not read (the emitter stops the run).
            if (Interrupted() == 0) slots[i % kWindow] = Process(inputs[i], *per_input_[i]);
          },
          [&](std::size_t i) {
            // (An input skipped by its worker leaves its slot empty: only once interrupted.)
            if (Interrupted() != 0 || !slots[i % kWindow]) throw InterruptedRun{};
            Emit(*slots[i % kWindow], progress);
            slots[i % kWindow].reset();  // frees its texts (assigning an empty one keeps them)
          },
          kWindow, cost);
    } catch (const InterruptedRun&) {
    }
    progress.Clear();
    const int signal = Interrupted();
    if (signal != 0) {
      report_options_.complete = false;
      Note(std::string("interrupted by ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + " after " +
           std::to_string(emitted_) + " of " + std::to_string(inputs.size()) +
           (inputs.size() == 1 ? " input" : " inputs") + ": the results are incomplete" +
           (o_.output.empty() ? "" : "; " + o_.output + " was not written") +
           (o_.write_baseline.empty() ? "" : "; " + o_.write_baseline + " was not written"));
    }

    // The total: after the summary lines, or on its own on stdout when -O writes the outputs;
    // on stderr when stdout carries records or documents (so that they stay parseable); on
    // stdout when stderr carries a machine-readable report and stdout nothing else, and not at
    // all when both carry machine-readable output.
    const std::string line = totals_.Line(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (o_.format == "summary" || !o_.out_dir.empty() || (MachineStderr() && o_.format == "none")) {
      output_ += line;
    } else if (!o_.quiet && !MachineStderr()) {
      io_.err << line;
    }
    FinishReports();
    if (!o_.out_dir.empty() && HasIndex(o_.format) && signal == 0) WriteIndex();
    if (!o_.output.empty()) {
      std::string error;
      if (signal != 0) {
        // Nothing partial: the output of an interrupted run is not written.
      } else if (!WriteAtomically(o_.output, output_, false, error)) {
        io_.err << "tsimport: cannot write " << o_.output << ": " << error << "\n";
        overall_ = MoreSerious(overall_, ExitCode::kUnwritable);
      }
    } else {
      io_.out << output_;
    }
    if (signal != 0) return 128 + signal;
    return static_cast<int>(overall_);
  }

 private:
  /// Reads, imports and renders one input. Runs on a worker thread: touches only its own data.
  Processed Process(const Input& in, const Resolved& resolved) {
    Processed p;
    std::string bytes;
    std::uint32_t hresult = 0;
    std::string reason;
    if (in.empty_folder) {
      p.results.push_back(NothingToCheck(in.name));
    } else if (in.folder_error != 0) {
      ReadFailure(in.folder_error, hresult, reason);
      p.results.push_back(UnreadableInput(
          in.name, hresult,
          "cannot read the folder " + in.name + ": " + reason + "; what it holds was not checked"));
    } else if (!ReadInput(in.path, bytes, hresult, reason)) {
      p.results.push_back(
          UnreadableInput(in.name, hresult, "cannot read " + in.name + ": " + reason));
    } else {
      p.results = Import(std::move(bytes), in.name, resolved.options);
    }
    const bool several = p.results.size() > 1;
    // -f xml and -f mof write one document: several task sequences cannot share a stream.
    const bool one_document_only =
        OneDocumentOnly(o_.format) && o_.out_dir.empty() && several;
    if (one_document_only) {
      p.notes.push_back(in.name + " holds " + std::to_string(p.results.size()) +
                        " task sequences, and -f " + o_.format + " writes one document to " +
                        (o_.output.empty() ? std::string("standard output") : o_.output) +
                        ": use -O DIR to write one file for each");
      p.write_failure = ExitCode::kUnwritable;
    }
    for (auto& r : p.results) ApplySuppressions(r, resolved.suppressions);
    if (resolved.baseline) {
      std::vector<ImportResult*> all;
      for (auto& r : p.results) all.push_back(&r);
      ApplyBaseline(all, *resolved.baseline);
    }
    // Many diagnostics are written out as they are formatted, when emitted, rather than held
    // as one text (an input can have millions: an element repeated on one line).
    std::size_t diagnostics = 0;
    for (const auto& r : p.results) diagnostics += r.diagnostics.size();
    p.diagnostics_at_emit = diagnostics > kFormatAhead;
    for (auto& r : p.results) {
      p.codes.push_back(ApplyThreshold(r, resolved.settings.fail_on));
      p.totals.Add(r);
      if (!WholeRunReport()) {
        // The source lines quoted never show a secret, with or without --redact: the values
        // are taken now, while the model is there (it is freed below, and Redact blanks them).
        std::vector<std::string> secrets;
        if (o_.diagnostics == "human" && r.task_sequence &&
            std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                        [&](const Diagnostic& d) { return Shown(d); }))
          secrets = SecretValues(*r.task_sequence, *resolved.catalog);
        if (p.diagnostics_at_emit) {
          p.secrets.push_back(std::move(secrets));
        } else {
          AppendDiagnostics(r, secrets, p.diagnostics_text, [](std::string&) {});
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
      if (one_document_only) continue;
      std::string rendered =
          Render(r, *resolved.catalog, o_.format,
                 (pretty_json_ && p.results.size() == 1) || !o_.out_dir.empty(), out_color_);
      if (!o_.out_dir.empty()) p.stdout_text += WriteSummaryLine(r) + "\n";
      if (o_.out_dir.empty()) {
        if (IsDocument(o_.format) && !p.stdout_text.empty() && !rendered.empty())
          p.stdout_text += "\n";
        p.stdout_text += rendered;
        continue;
      }
      // -O: one file per task sequence; none for an input that could not be imported.
      if (!r.task_sequence || o_.format == "none") continue;
      std::string path = OutputPath(o_.out_dir, o_.format, in, r, several);
      std::string error;
      if (IsAnInput(path)) {
        p.notes.push_back("refusing to write " + path + ": it is one of the inputs");
        p.write_failure = ExitCode::kUnwritable;
      } else if (!WriteAtomically(path, rendered, true, error)) {
        p.notes.push_back("cannot write " + path + ": " + error);
        p.write_failure = ExitCode::kUnwritable;
      } else {
        p.written.push_back(path);
        if (HasIndex(o_.format)) {
          std::string link = fs::path(path).lexically_relative(o_.out_dir).generic_string();
          // "a:b/x.md" would read as a URL scheme: "./a:b/x.md" is the file.
          if (link.find(':') != std::string::npos) link = "./" + link;
          p.index.push_back(MakeIndexEntry(r, link));
        }
      }
    }
    // What is rendered no longer needs the model (nor the text, unless diagnostics quote it
    // when emitted): freed here, on the worker, rather than held until the input is emitted.
    for (auto& r : p.results) {
      r.task_sequence.reset();
      if (!p.diagnostics_at_emit) r.text.clear();
    }
    return p;
  }

  /// -O with markdown or html: index.md / index.html in the output folder, linking every page
  /// written (none when nothing was: no page to link).
  void WriteIndex() {
    if (index_.empty()) return;
    const std::string path = (fs::path(o_.out_dir) / ("index" + Extension(o_.format))).string();
    const std::string text =
        o_.format == "html" ? WriteHtmlIndex(index_) : WriteMarkdownIndex(index_) + "\n";
    std::string error;
    if (IsAnInput(path)) {
      Note("refusing to write " + path + ": it is one of the inputs");
      overall_ = MoreSerious(overall_, ExitCode::kUnwritable);
    } else if (!WriteAtomically(path, text, true, error)) {
      Note("cannot write " + path + ": " + error);
      overall_ = MoreSerious(overall_, ExitCode::kUnwritable);
    }
  }

  /// Whether a line format shows the diagnostic (--quiet: errors only).
  bool Shown(const Diagnostic& d) const { return !o_.quiet || d.severity == Severity::kError; }

  /// Appends the diagnostics of `r` in a line format (gcc, github, azure, human) to `out`,
  /// calling flush(out) each time it has grown past 64 KB. The human format quotes source
  /// lines with `secrets` (the result's SecretValues) and what the markup says is secret masked.
  template <typename Flush>
  void AppendDiagnostics(const ImportResult& r, const std::vector<std::string>& secrets,
                         std::string& out, Flush&& flush) const {
    HumanDiagnosticFormatter human(r.text.view(),
                                   HumanStyle{color_ && o_.diagnostics_output.empty()}, secrets);
    for (const auto& d : r.diagnostics) {
      if (!Shown(d)) continue;
      if (o_.diagnostics == "gcc") {
        out += FormatDiagnosticGcc(d);
        out += '\n';
      } else if (o_.diagnostics == "github") {
        out += FormatDiagnosticGithub(d, report_options_);
        out += '\n';
      } else if (o_.diagnostics == "azure") {
        out += FormatDiagnosticAzure(d, report_options_);
        out += '\n';
      } else if (o_.diagnostics == "human") {
        human.Append(d, out);
      }
      if (out.size() >= (64u << 10)) flush(out);
    }
  }

  /// Diagnostics text, to stderr or to the --diagnostics-output file's text.
  void WriteDiagnosticsText(const std::string& text, Progress& progress) {
    if (text.empty()) return;
    if (o_.diagnostics_output.empty()) {
      progress.Clear();
      io_.err << text;
      io_.err.flush();
    } else {
      diagnostics_ += text;
    }
  }

  bool WholeRunReport() const {
    return o_.diagnostics == "json" || o_.diagnostics == "sarif" || o_.diagnostics == "junit" ||
           o_.diagnostics == "checkstyle";
  }

  /// Standard error carries a machine-readable report (`2>report.sarif`): it holds that document
  /// and nothing else (no progress bar, no totals, no --verbose lines; messages about the run go
  /// into the report).
  bool MachineStderr() const { return WholeRunReport() && o_.diagnostics_output.empty(); }

  /// A message about the run (an output not written, an interruption): on stderr, and in the
  /// report (SARIF notifications...) and a line format's --diagnostics-output file.
  void Note(const std::string& text) {
    report_options_.notifications.push_back(text);
    if (!MachineStderr()) io_.err << "tsimport: " << text << "\n";
    if (!WholeRunReport() && !o_.diagnostics_output.empty())
      diagnostics_ += FormatRunNote(*ParseDiagnosticsFormat(o_.diagnostics), text);
  }

  /// TS1008: a folder given to walk holds nothing to check.
  static ImportResult NothingToCheck(const std::string& folder) {
    ImportResult r;
    r.input = folder;
    r.shape = "directory";
    Diagnostic d;
    d.rule = "TS1008";
    d.severity = Severity::kError;
    d.file = folder;
    d.message = "nothing to check: the folder " + folder +
                " holds no *.xml or *.zip file (pass --allow-empty if that is expected)";
    r.diagnostics.push_back(std::move(d));
    Finalize(r);
    return r;
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
    if (!o_.write_baseline.empty() && report_options_.complete) {
      // (An interrupted run's baseline would accept only part of the findings: not written.)
      std::string error;
      if (!WriteAtomically(o_.write_baseline, WriteBaseline(all), false, error)) {
        io_.err << "tsimport: cannot write " << o_.write_baseline << ": " << error << "\n";
        overall_ = MoreSerious(overall_, ExitCode::kUnwritable);
      } else if (overall_ == ExitCode::kFindings) {
        overall_ = ExitCode::kOk;  // the findings are now accepted
      }
    }
  }

  bool IsAnInput(const std::string& path) const {
    FileId id;
    return IdentifyFile(path, id) && input_ids_.count({id.device, id.inode}) > 0;
  }

  /// Writes one input's output and diagnostics, in input order, on the calling thread.
  void Emit(Processed& p, Progress& progress) {
    if (p.diagnostics_at_emit && !WholeRunReport()) {
      std::string chunk;
      auto write = [&](std::string& text) {
        WriteDiagnosticsText(text, progress);
        text.clear();
      };
      for (std::size_t k = 0; k < p.results.size(); ++k)
        AppendDiagnostics(p.results[k], p.secrets[k], chunk, write);
      write(chunk);
    } else {
      WriteDiagnosticsText(p.diagnostics_text, progress);
    }
    if (!p.stderr_text.empty() && !MachineStderr()) {
      progress.Clear();
      io_.err << p.stderr_text;
      io_.err.flush();
    }
    if (!p.notes.empty()) progress.Clear();
    for (const auto& note : p.notes) Note(note);
    if (IsDocument(o_.format) && !p.stdout_text.empty() && documents_++ > 0)
      p.stdout_text.insert(0, "\n");
    if (!o_.output.empty()) {
      output_ += p.stdout_text;
    } else if (!p.stdout_text.empty()) {
      io_.out << p.stdout_text;
    }
    for (ExitCode code : p.codes) overall_ = MoreSerious(overall_, code);
    for (auto& e : p.index) index_.push_back(std::move(e));
    totals_ += p.totals;
    overall_ = MoreSerious(overall_, p.write_failure);
    if (WholeRunReport() || !o_.write_baseline.empty()) {
      for (auto& r : p.results) {
        r.text.clear();  // reports need the findings, not the model or the text
        r.task_sequence.reset();
        kept_.push_back(std::move(r));
      }
    }
    ++emitted_;
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
  std::size_t emitted_ = 0;    ///< inputs emitted (checked and reported)
  std::size_t documents_ = 0;  ///< -f text/markdown documents emitted (a blank line between them)
  bool pretty_json_ = false;
  std::set<std::pair<std::uint64_t, std::uint64_t>> input_ids_;  ///< -O: device and inode
  std::string output_;
  std::vector<IndexEntry> index_;  ///< -O with markdown or html: every page written, in order
  ExitCode overall_ = ExitCode::kOk;
  Totals totals_;
};

}  // namespace

int RunInputs(const Options& o, Io io, const std::vector<Input>& inputs,
              std::vector<const Resolved*> per_input) {
  return Runner(o, io, std::move(per_input)).Run(inputs);
}

}  // namespace tsimport::cli
