// Helpers shared by the tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run.h"
#include "tsimport/import.h"

namespace tsimport::test {

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Imports text given inline (one task sequence).
inline ImportResult ImportString(const std::string& xml, Target target = Target::kAuto,
                                 bool strict = false) {
  ImportOptions options;
  options.target = target;
  options.strict = strict;
  auto results = Import(xml, "test.xml", options);
  return results.front();
}

/// Compares `actual` with the golden file `expected_path`; with TSIMPORT_UPDATE_GOLDEN set,
/// writes it instead (review the diff before committing).
void CompareOrUpdate(const std::string& expected_path, const std::string& actual);

/// The rows of a tab-separated file after its header line, each split into its columns.
std::vector<std::vector<std::string>> ReadTsv(const std::string& path);

/// The first step of an imported sequence (a test fails when there is none).
const Instance& FirstStep(const ImportResult& r);

/// The import diagnostics (TS1xxx, TS2xxx) of an import as gcc-style lines; lint findings
/// (TS3xxx and up) are left out.
std::vector<std::string> DiagnosticLines(const ImportResult& r);

struct CliResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

/// Runs the CLI in-process (no terminal).
inline CliResult RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "tsimport");
  std::ostringstream out;
  std::ostringstream err;
  CliResult r;
  r.exit_code = cli::Run(args, cli::Io{out, err, false, false});
  r.out = out.str();
  r.err = err.str();
  return r;
}

/// A zip archive holding the given members (name, content), built with libzip: deflated unless
/// `store`; names flagged UTF-8 unless `raw_names` (then readers take them for CP437).
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members,
                    bool store = false, bool raw_names = false);

/// A temporary directory, removed with everything in it (permissions restored first, for
/// tests that make files unreadable).
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// Writes `content` to `name` under the directory (making its folders); returns the path.
  std::string Write(const std::string& name, const std::string& content) const;
  std::string path;
};

/// Runs the real binary through the shell; returns its exit status and stdout.
CliResult RunBinary(const std::string& args, const std::string& stdin_file = "");

/// The lines of `text`, without their line ends.
std::vector<std::string> SplitLines(const std::string& text);

/// Under CI (CI=true, as .ci/run sets it): a check that cannot run there fails instead of being
/// skipped.
bool InCi();

/// Whether the shared folder `path` (../shared/corpus...) is there. When it is not, the check
/// (`what`) is skipped, saying so with a WARN ("skipped"); with `required_in_ci`, under CI it
/// fails instead (a CI run must not pass having checked nothing). A test calls it first and
/// returns when it is false.
bool SharedOrSkip(const std::string& path, const std::string& what, bool required_in_ci);

/// Files of `dir` (not walked) whose extension is one of `extensions` (lower case, with the
/// dot), compared without regard to case; sorted. None when `dir` is not there.
std::vector<std::string> FilesIn(const std::string& dir, const std::vector<std::string>& extensions);

}  // namespace tsimport::test
