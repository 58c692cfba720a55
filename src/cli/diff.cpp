#include "diff.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <ostream>

#include "files.h"
#include "options.h"
#include "settings.h"
#include "tsimport/compare.h"
#include "tsimport/write.h"

namespace tsimport::cli {
namespace {

/// The package ID of an import result from a zip (or object.xml): its PackageID property, or
/// the folder of its member.
std::string PackageIdOf(const ImportResult& r) {
  for (const auto& p : r.package) {
    if (p.name == "PackageID" && p.value.kind == ValueKind::kString) return p.value.text.str();
  }
  // SMS_TaskSequencePackage/<PackageID>/object.xml
  const std::size_t end = r.member.rfind('/');
  const std::size_t start = end == std::string::npos ? end : r.member.rfind('/', end - 1);
  if (start == std::string::npos) return {};
  return r.member.substr(start + 1, end - start - 1);
}

class Diff {
 public:
  Diff(const DiffOptions& o, Io io) : o_(o), io_(io) {
    const bool no_color = std::getenv("NO_COLOR") != nullptr;
    out_color_ = o.color == "always" || (o.color == "auto" && io.out_is_terminal && !no_color);
    err_color_ = o.color == "always" || (o.color == "auto" && io.err_is_terminal && !no_color);
  }

  int Run() {
    std::vector<Input> inputs = ExpandInputs(
        o_.textconv.empty() ? o_.inputs : std::vector<std::string>{o_.textconv}, false);
    for (std::size_t i = 0; i < o_.labels.size() && i < inputs.size(); ++i)
      inputs[i].name = o_.labels[i];
    // Both sides are read with the same settings (a side may be a temporary copy that git
    // wrote outside the repository): those found for NEW, or --config.
    std::string error;
    SettingsResolver resolver(o_.settings);
    const Resolved* resolved = resolver.For(inputs.back(), error);
    if (resolved == nullptr) return Usage(error);
    if (!o_.textconv.empty()) return Textconv(inputs.front(), *resolved);

    ExitCode failed = ExitCode::kOk;
    std::vector<ImportResult> old_results, new_results;
    const ImportResult* old_side = Side(inputs[0], *resolved, old_results, failed);
    if (failed == ExitCode::kUsage) return static_cast<int>(failed);
    const ImportResult* new_side = Side(inputs[1], *resolved, new_results, failed);
    if (failed == ExitCode::kUsage) return static_cast<int>(failed);
    if (old_side == nullptr || new_side == nullptr) return static_cast<int>(failed);
    for (const ImportResult* r : {old_side, new_side}) {
      if (r->hresult == 0) continue;
      io_.err << "tsimport: note: " << Name(*r) << " would not import (ReturnValue "
              << FormatHResult(r->hresult) << ", " << r->Count(Severity::kError)
              << (r->Count(Severity::kError) == 1 ? " error" : " errors")
              << "); it is compared as read. 'tsimport " << r->input << "' lists the findings.\n";
    }
    const DiffResult diff = Compare(*old_side, *new_side, *resolved->catalog);
    if (!diff.error.empty()) {
      io_.err << "tsimport diff: internal error: " << diff.error << " (please report this)\n";
      return static_cast<int>(ExitCode::kInternal);
    }
    if (o_.format == "json") {
      io_.out << WriteDiffJson(diff);
    } else if (o_.format == "markdown") {
      io_.out << WriteDiffMarkdown(diff);
    } else {
      io_.out << WriteDiffHuman(diff, out_color_);
    }
    return diff.Equal() ? static_cast<int>(ExitCode::kOk) : static_cast<int>(ExitCode::kFindings);
  }

 private:
  int Usage(const std::string& message) {
    io_.err << "tsimport diff: " << message << "\n";
    return static_cast<int>(ExitCode::kUsage);
  }

  static std::string Name(const ImportResult& r) {
    return r.member.empty() ? r.input : r.input + "!" + r.member;
  }

  /// Reads and imports one input; its diagnostics on stderr when it cannot be read.
  std::vector<ImportResult> Read(const Input& in, const Resolved& resolved) {
    std::string bytes;
    std::uint32_t hresult = 0;
    std::string reason;
    if (!ReadInput(in.path, bytes, hresult, reason))
      return {UnreadableInput(in.name, hresult, "cannot read " + in.name + ": " + reason)};
    return Import(std::move(bytes), in.name, resolved.options);
  }

  void Report(const ImportResult& r) {
    io_.err << FormatDiagnosticsHuman(r.diagnostics, r.text.view(), HumanStyle{err_color_});
  }

  /// The task sequence of one side: the only one the input holds, or --package's.
  const ImportResult* Side(const Input& in, const Resolved& resolved,
                           std::vector<ImportResult>& results, ExitCode& failed) {
    results = Read(in, resolved);
    const ImportResult* chosen = nullptr;
    if (results.size() == 1) {
      chosen = &results.front();
    } else {
      std::string ids;
      for (const auto& r : results) {
        const std::string id = PackageIdOf(r);
        ids += (ids.empty() ? "" : ", ") + id;
        if (!o_.package.empty() && id == o_.package) chosen = &r;
      }
      if (chosen == nullptr) {
        Usage(in.name + " holds " + std::to_string(results.size()) + " task sequences (" + ids +
              "): " +
              (o_.package.empty() ? std::string("choose one with --package ID")
                                  : "none is package " + o_.package));
        failed = ExitCode::kUsage;
        return nullptr;
      }
    }
    // No task sequence, or one ImportSequence refuses outright (an unsupported schema
    // version): the import's own status. A sequence with errors is compared as read.
    const ExitCode code = chosen->exit_code;
    if (!chosen->task_sequence || (code != ExitCode::kOk && code != ExitCode::kFindings)) {
      Report(*chosen);
      failed = MoreSerious(failed, chosen->exit_code == ExitCode::kOk ? ExitCode::kNotTaskSequence
                                                                      : chosen->exit_code);
      return nullptr;
    }
    return chosen;
  }

  int Textconv(const Input& in, const Resolved& resolved) {
    std::string bytes;
    std::uint32_t hresult = 0;
    std::string reason;
    if (!ReadInput(in.path, bytes, hresult, reason)) {
      Report(UnreadableInput(in.name, hresult, "cannot read " + in.name + ": " + reason));
      return static_cast<int>(ExitCode::kUnreadable);
    }
    const std::string& original = bytes;
    std::vector<ImportResult> results = Import(std::string_view(bytes), in.name, resolved.options);
    ExitCode failed = ExitCode::kOk;
    bool any = false;
    for (const auto& r : results) {
      if (!o_.package.empty() && results.size() > 1 && PackageIdOf(r) != o_.package) continue;
      if (!r.task_sequence) {
        failed = MoreSerious(
            failed, r.exit_code == ExitCode::kOk ? ExitCode::kNotTaskSequence : r.exit_code);
        continue;
      }
      if (any) io_.out << "\n";
      if (results.size() > 1) io_.out << "Member: " << r.member << "\n";
      io_.out << WriteTextconv(r, *resolved.catalog);
      any = true;
    }
    if (!any && failed == ExitCode::kOk) {
      return Usage(in.name + " holds no task sequence " + o_.package);
    }
    if (!any) {
      // Not a task sequence (another XML file, a zip of something else, a file cut in half):
      // shown as it is, as git would show it without the driver; a failed textconv would stop
      // the whole `git diff`. Bytes that are not text are summed up on one line.
      const std::string_view head(original.data(), std::min<std::size_t>(original.size(), 8192));
      if (head.find('\0') == std::string_view::npos) {
        io_.out << original;
      } else {
        io_.out << "(not a task sequence: " << original.size() << " bytes of binary data)\n";
      }
    }
    return 0;
  }

  const DiffOptions& o_;
  Io io_;
  bool out_color_ = false;
  bool err_color_ = false;
};

}  // namespace

void DescribeDiffApp(CLI::App& app, DiffOptions& o) {
  app.name("tsimport diff");
  app.description(
      "tsimport diff: what changed between two task sequences, step by step (docs/diff.md)");
  app.footer(
      "Both are read as any input (bare XML, object.xml, export zip, MDT ts.xml, any encoding)\n"
      "and compared as imported, never as text. Exit status: 0 the same, 1 they differ, 2 usage,\n"
      "3-5 a side cannot be imported (as tsimport exits for it).");
  app.allow_windows_style_options(false);  // as for tsimport (options.cpp)
  app.add_option("inputs", o.inputs, "OLD and NEW: .xml, object.xml, export .zip, or - (stdin)");
  app.add_option("-f,--format", o.format,
                 "human (for a terminal), markdown (a pull-request comment) or json")
      ->check(CLI::IsMember({"human", "markdown", "json"}))
      ->type_name("FORMAT")
      ->capture_default_str();
  app.add_option("--package", o.package, "the task sequence of an export zip that holds several")
      ->type_name("ID");
  app.add_option("--label", o.labels,
                 "the name shown for OLD, then for NEW (give it twice), as diff -L: for git's "
                 "temporary copies")
      ->type_name("NAME")
      ->allow_extra_args(false);
  app.add_option("--color", o.color, "colour on a terminal (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN")
      ->capture_default_str();
  app.add_option(
         "--textconv", o.textconv,
         "write FILE as the diff reads it, one item a line, for git's textconv (docs/git.md)")
      ->type_name("FILE");
  app.add_option("--config", o.settings.config,
                 "settings (default: the nearest .tsimport.toml from NEW's folder upward)")
      ->type_name("PATH");
  app.add_option("--schema", o.settings.schemas, "add step classes in the catalog's JSON format")
      ->type_name("FILE")
      ->allow_extra_args(false);
  app.add_option("--target", o.settings.target, "dialect: auto, configmgr or mdt")
      ->check(CLI::IsMember({"auto", "configmgr", "mdt"}))
      ->type_name("DIALECT")
      ->capture_default_str();
}

int RunDiff(const std::vector<std::string>& args, Io io) {
  DiffOptions o;
  CLI::App app;
  DescribeDiffApp(app, o);

  std::vector<std::string> rest(args.begin() + std::min<std::size_t>(args.size(), 2), args.end());
  std::reverse(rest.begin(), rest.end());
  try {
    app.parse(rest);
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    io.err << "tsimport diff: " << e.what() << "\nRun 'tsimport diff --help' for the options.\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  o.settings.target_given = app.count("--target") > 0;
  const char* usage = "Usage: tsimport diff OLD NEW [--format human|markdown|json]";
  if (!o.textconv.empty() && !o.inputs.empty()) {
    io.err << "tsimport diff: --textconv takes one file and no OLD NEW\n" << usage << "\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (o.textconv.empty() && o.inputs.size() != 2) {
    io.err << "tsimport diff: give two task sequences, OLD and NEW (" << o.inputs.size()
           << " given)\n"
           << usage << "\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (o.labels.size() > 2) {
    io.err << "tsimport diff: --label names OLD, then NEW: at most two\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (o.inputs.size() == 2 && o.inputs[0] == "-" && o.inputs[1] == "-") {
    io.err << "tsimport diff: standard input (-) can be only one of OLD and NEW\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  return Diff(o, io).Run();
}

}  // namespace tsimport::cli
