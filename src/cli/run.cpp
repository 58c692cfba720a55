#include "run.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

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
  std::string diagnostics = "human";
  std::string fail_on = "error";
  std::vector<std::string> ignore;
  std::string target = "auto";
  std::vector<std::string> schemas;
  std::string color = "auto";
  bool recursive = false;
  bool quiet = false;
  bool verbose = false;
  bool list_classes = false;
  bool list_rules = false;
  std::string explain;
  bool version = false;
};

struct Input {
  std::string name;  ///< as shown to the user
  std::string path;  ///< to read ("-" for stdin)
};

/// Reads a whole file; on failure returns the HRESULT and a reason.
bool ReadFile(const std::string& path, std::string& bytes, std::uint32_t& hresult,
              std::string& reason) {
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  auto fail = [&](int err) {
    switch (err) {
      case ENOENT:
        hresult = hr::kFileNotFound;
        reason = "no such file";
        break;
      case EACCES:
      case EPERM:
        hresult = hr::kAccessDenied;
        reason = "permission denied";
        break;
      case ENOTDIR:
        hresult = hr::kPathNotFound;
        reason = "a part of the path is not a directory";
        break;
      case EISDIR:
        hresult = hr::kPathNotFound;
        reason = "is a directory (use -r to import the task sequences in it)";
        break;
      default:
        hresult = hr::kReadFault;
        reason = std::strerror(err);
    }
    return false;
  };
  if (fd < 0) return fail(errno);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return fail(EISDIR);
  }
  bytes.clear();
  if (S_ISREG(st.st_mode) && st.st_size > 0) bytes.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return fail(err == EISDIR ? EISDIR : err);
    }
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

bool HasTaskSequenceExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".xml" || ext == ".zip";
}

/// Expands directories (with -r) into their *.xml and *.zip files, in a stable order.
std::vector<Input> ExpandInputs(const Options& o) {
  std::vector<Input> out;
  for (const auto& in : o.inputs) {
    std::error_code ec;
    if (in != "-" && o.recursive && fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code fec;
        if (it->is_regular_file(fec) && HasTaskSequenceExtension(it->path())) {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      for (auto& f : found) out.push_back({f, f});
      continue;
    }
    out.push_back({in == "-" ? "<stdin>" : in, in});
  }
  return out;
}

/// Writes `content` to `path` through a temporary file in the same directory and a rename, so
/// that the file is either complete or untouched.
bool WriteAtomically(const std::string& path, const std::string& content, std::string& error) {
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      ::unlink(name.data());
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = std::strerror(errno);
    ::unlink(name.data());
    return false;
  }
  if (::rename(name.data(), path.c_str()) != 0) {
    error = std::strerror(errno);
    ::unlink(name.data());
    return false;
  }
  return true;
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

ExitCode ApplyThreshold(const ImportResult& r, const std::string& fail_on) {
  ExitCode code = r.exit_code;
  if (code != ExitCode::kOk && code != ExitCode::kFindings) return code;  // 3, 4, 5, 70 always count
  if (fail_on == "never") return ExitCode::kOk;
  Severity threshold = fail_on == "warning" ? Severity::kWarning
                       : fail_on == "info"  ? Severity::kInfo
                                            : Severity::kError;
  for (const auto& d : r.diagnostics) {
    if (d.severity >= threshold) return ExitCode::kFindings;
  }
  return ExitCode::kOk;
}

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
  app.add_option("inputs", o.inputs, "task sequence files (.xml), directories with -r, or - for stdin");
  app.add_option("-f,--format", o.format, "output: summary, json or none")
      ->check(CLI::IsMember({"summary", "json", "none"}))
      ->capture_default_str();
  app.add_option("-o,--output", o.output, "write the output to this file (atomically; one input)");
  app.add_option("--diagnostics", o.diagnostics, "diagnostics on stderr: human, gcc or json")
      ->check(CLI::IsMember({"human", "gcc", "json"}))
      ->capture_default_str();
  app.add_option("--fail-on", o.fail_on, "lowest severity that fails the run: error, warning, info or never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  app.add_option("--ignore", o.ignore, "rules to leave out, e.g. TS2003,TS2004")->delimiter(',');
  app.add_option("--target", o.target, "dialect: auto, configmgr or mdt")
      ->check(CLI::IsMember({"auto", "configmgr", "mdt"}))
      ->capture_default_str();
  app.add_option("--schema", o.schemas, "add classes from a JSON file in the catalog's format (repeatable)");
  app.add_option("--color", o.color, "colour on stderr: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_flag("-r,--recursive", o.recursive, "walk directories for *.xml and *.zip");
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
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
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

  std::shared_ptr<const Catalog> catalog = Catalog::Builtin();
  if (!o.schemas.empty()) {
    auto extended = std::make_shared<Catalog>(*catalog);
    for (const auto& path : o.schemas) {
      std::string bytes;
      std::uint32_t hresult = 0;
      std::string reason;
      if (!ReadFile(path, bytes, hresult, reason)) {
        io.err << "tsimport: cannot read --schema " << path << ": " << reason << "\n";
        return static_cast<int>(ExitCode::kUsage);
      }
      std::vector<Diagnostic> diags;
      if (!extended->Load(bytes, path, diags)) {
        for (const auto& d : diags) io.err << "tsimport: --schema " << path << ": " << d.message << "\n";
        return static_cast<int>(ExitCode::kUsage);
      }
    }
    catalog = extended;
  }
  if (o.list_classes) {
    io.out << (o.format == "json" ? WriteCatalogJson(*catalog) + "\n" : WriteCatalogText(*catalog));
    return 0;
  }
  if (o.inputs.empty()) {
    io.err << "tsimport: no input given\nUsage: tsimport [OPTIONS] INPUT...   (tsimport --help for more)\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  if (std::count(o.inputs.begin(), o.inputs.end(), "-") > 1) {
    io.err << "tsimport: standard input (-) can be given only once\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  std::vector<Input> inputs = ExpandInputs(o);
  if (!o.output.empty()) {
    if (inputs.size() != 1) {
      io.err << "tsimport: -o takes one input; " << inputs.size() << " were given\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    if (SameFile(o.output, inputs.front().path)) {
      io.err << "tsimport: refusing to write the output over the input " << inputs.front().name << "\n";
      return static_cast<int>(ExitCode::kUsage);
    }
  }

  ImportOptions options;
  options.catalog = catalog;
  options.target = o.target == "mdt" ? Target::kMdt : o.target == "configmgr" ? Target::kConfigMgr : Target::kAuto;
  std::set<std::string> ignored;
  for (auto id : o.ignore) {
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::toupper(c); });
    if (FindRule(id) == nullptr) {
      io.err << "tsimport: --ignore " << id << ": no such rule\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    ignored.insert(id);
  }
  bool color = o.color == "always" || (o.color == "auto" && io.err_is_terminal && std::getenv("NO_COLOR") == nullptr);

  auto started = std::chrono::steady_clock::now();
  ExitCode overall = ExitCode::kOk;
  std::string output;
  std::size_t n_imported = 0, n_invalid = 0, n_not = 0, n_unreadable = 0, n_errors = 0, n_warnings = 0;
  std::vector<ImportResult> all;
  for (const auto& in : inputs) {
    std::string bytes;
    std::uint32_t hresult = 0;
    std::string reason;
    std::vector<ImportResult> results;
    if (!ReadFile(in.path, bytes, hresult, reason)) {
      results.push_back(UnreadableInput(in.name, hresult, "cannot read " + in.name + ": " + reason));
    } else {
      results = Import(bytes, in.name, options);
    }
    for (auto& r : results) {
      if (!ignored.empty()) {
        r.diagnostics.erase(std::remove_if(r.diagnostics.begin(), r.diagnostics.end(),
                                           [&](const Diagnostic& d) { return ignored.count(d.rule) > 0; }),
                            r.diagnostics.end());
        Finalize(r);
      }
      spdlog::debug("{}: shape {}, encoding {}, dialect {}", r.input, r.shape,
                    r.encoding.empty() ? "-" : r.encoding,
                    r.task_sequence ? (r.task_sequence->dialect == Dialect::kMdt ? "mdt" : "configmgr") : "-");
      for (const auto& d : r.diagnostics) {
        if (o.quiet && d.severity != Severity::kError) continue;
        if (o.diagnostics == "gcc") {
          io.err << FormatDiagnosticGcc(d) << "\n";
        } else if (o.diagnostics == "json") {
          io.err << FormatDiagnosticJson(d) << "\n";
        } else {
          io.err << FormatDiagnosticHuman(d, r.text, HumanStyle{color});
        }
      }
      ExitCode code = ApplyThreshold(r, o.fail_on);
      overall = MoreSerious(overall, code);
      n_errors += r.Count(Severity::kError);
      n_warnings += r.Count(Severity::kWarning);
      if (r.exit_code == ExitCode::kUnreadable) {
        ++n_unreadable;
      } else if (!r.task_sequence || (r.exit_code != ExitCode::kOk && r.exit_code != ExitCode::kFindings)) {
        ++n_not;
      } else if (r.exit_code == ExitCode::kFindings) {
        ++n_invalid;
      } else {
        ++n_imported;
      }
      if (o.format == "summary") {
        output += WriteSummaryLine(r) + "\n";
      } else if (o.format == "json") {
        output += WriteJsonRecord(r, *catalog, inputs.size() == 1 && !o.recursive ? 2 : -1) + "\n";
      }
      all.push_back(std::move(r));
      if (o.output.empty() && o.format != "summary") {
        io.out << output;
        output.clear();
      }
    }
  }
  if (o.format == "summary") {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%.2fs", secs);
    std::size_t total = n_imported + n_invalid + n_not + n_unreadable;
    output += std::to_string(total) + (total == 1 ? " task sequence: " : " task sequences: ") +
              std::to_string(n_imported) + " imported, " + std::to_string(n_invalid) + " invalid, " +
              std::to_string(n_not) + " not imported, " + std::to_string(n_unreadable) + " unreadable; " +
              std::to_string(n_errors) + (n_errors == 1 ? " error, " : " errors, ") + std::to_string(n_warnings) +
              (n_warnings == 1 ? " warning" : " warnings") + "; " + elapsed + "\n";
  }
  if (!o.output.empty()) {
    std::string error;
    if (!WriteAtomically(o.output, output, error)) {
      io.err << "tsimport: cannot write " << o.output << ": " << error << "\n";
      return static_cast<int>(MoreSerious(overall, ExitCode::kUnwritable));
    }
  } else {
    io.out << output;
  }
  return static_cast<int>(overall);
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
