// The documentation is tested, so that it cannot drift from the binary: every command README.md,
// docs/ci.md and docs/fidelity.md show in a code block is run, and its output compared with what
// they show (and the transcripts of docs/diff.md; tests/git_test.cpp runs docs/git.md's in a git
// repository).
//
// - A code block whose first line starts with "$ " is a transcript: each "$ " line is a command,
//   the lines after it what it prints, standard error and standard output together as a terminal
//   shows them. A line "..." stands for any number of lines; the time at the end of a total
//   ("; 0.00s") stands for any time. A command must exit 0 unless the transcript shows its
//   status with `echo $?`.
// - In any other code block (sh, yaml), each `tsimport ...` or `./build/tsimport ...` command
//   (the parts of a line joined by &&, YAML's `run:` and `script:` lines) is run and must exit 0;
//   the files it writes with --diagnostics-output or --write-baseline must parse.
// - The block after `<!-- usage: ... -->` must name every option `tsimport --help` knows, and no
//   other, with the values each option accepts.
// - CONTRIBUTING.md's commands: each is one CI runs (a line of .ci/run or of README.md's code
//   blocks), or is run here (tsimport, the test binary listing the tests it would run,
//   scripts/check-layers.sh), or, for the fuzzers and the benchmark, which take minutes, its
//   script is checked: there, executable, parsed by bash -n, each option shown in its usage.
//
// Commands run with `sh`, in a copy of the repository's layout (samples/, docs/, build/ with the
// binary, and ../shared when it exists; transcripts that read ../shared are skipped without it),
// with the binary first on PATH and a folder tasksequences/ holding valid exports, as the CI
// snippets expect.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "test_util.h"

namespace fs = std::filesystem;
using tsimport::test::ReadText;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

struct Block {
  std::string doc;
  int line = 0;        ///< of the opening fence
  std::string marker;  ///< an HTML comment just before the block, if any
  std::vector<std::string> lines;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<Block> CodeBlocks(const std::string& doc) {
  std::vector<Block> blocks;
  const auto lines = Lines(ReadText(doc));
  std::string marker;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.rfind("```", 0) != 0) {
      if (l.rfind("<!--", 0) == 0) {
        marker = l;
      } else if (!l.empty()) {
        marker.clear();
      }
      continue;
    }
    Block b;
    b.doc = doc;
    b.line = static_cast<int>(i + 1);
    b.marker = marker;
    marker.clear();
    for (++i; i < lines.size() && lines[i].rfind("```", 0) != 0; ++i) b.lines.push_back(lines[i]);
    blocks.push_back(std::move(b));
  }
  return blocks;
}

bool IsTranscript(const Block& b) {
  return !b.lines.empty() && b.lines.front().rfind("$ ", 0) == 0;
}

/// A copy of the repository's layout to run the documentation's commands in.
struct Workspace {
  TempDir root;
  std::string repo;

  Workspace() {
    repo = root.path + "/repo";
    fs::create_directories(repo);
    const fs::path source = fs::absolute(TSIMPORT_SOURCE_DIR);
    for (const char* name : {"samples", "docs", "data", "examples"})
      fs::create_directory_symlink(source / name, fs::path(repo) / name);
    fs::create_directory_symlink(fs::absolute(TSIMPORT_BINARY).parent_path(),
                                 fs::path(repo) / "build");
    std::error_code ec;
    if (fs::is_directory(source / ".." / "shared", ec)) {
      fs::create_directory_symlink(fs::canonical(source / ".." / "shared"), root.path + "/shared");
    }
    fs::create_directories(repo + "/tasksequences");
    fs::create_directories(repo + "/staging");
    for (const char* sample :
         {"samples/valid/RebootAction.xml", "samples/valid/RunCommandLineAction.xml",
          "samples/win11-deploy.xml"})
      fs::copy_file(sample, repo + "/tasksequences/" + fs::path(sample).filename().string());
  }

  struct Run {
    int status = -1;
    std::string output;  ///< stderr and stdout together
  };

  /// Runs the commands one after another in one shell; each sees the status of the one before
  /// in $?.
  std::vector<Run> Shell(const std::vector<std::string>& commands) const {
    TempDir io;
    std::string script = "cd '" + repo + "' || exit 99\nPATH='" +
                         fs::absolute(TSIMPORT_BINARY).parent_path().string() +
                         "':\"$PATH\"; export PATH\n__s=0\n";
    for (std::size_t i = 0; i < commands.size(); ++i) {
      const std::string n = std::to_string(i);
      script += "(exit $__s); { " + commands[i] + "\n} >'" + io.path + "/out." + n +
                "' 2>&1; __s=$?; echo $__s >'" + io.path + "/status." + n + "'\n";
    }
    const std::string file = io.Write("script.sh", script);
    std::string command = "sh '" + file + "' </dev/null";
    int rc = std::system(command.c_str());
    (void)rc;
    std::vector<Run> runs(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) {
      runs[i].output = ReadText(io.path + "/out." + std::to_string(i));
      std::string status = ReadText(io.path + "/status." + std::to_string(i));
      if (!status.empty()) runs[i].status = std::stoi(status);
    }
    return runs;
  }
};

/// The line with a total's time replaced: "...; 0.00s" -> "...; <time>".
std::string WithoutTime(const std::string& line) {
  static const std::regex time("; [0-9]+\\.[0-9][0-9]s$");
  return std::regex_replace(line, time, "; <time>");
}

/// Whether `actual` is what `expected` shows, "..." lines standing for any number of lines.
bool Matches(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
  // match[i][j]: expected[i..] matches actual[j..].
  std::vector<std::vector<char>> match(expected.size() + 1,
                                       std::vector<char>(actual.size() + 1, 0));
  match[expected.size()][actual.size()] = 1;
  for (std::size_t i = expected.size(); i-- > 0;) {
    for (std::size_t j = actual.size() + 1; j-- > 0;) {
      if (expected[i] == "...") {
        match[i][j] = match[i + 1][j] || (j < actual.size() && match[i][j + 1]);
      } else {
        match[i][j] = j < actual.size() && WithoutTime(expected[i]) == WithoutTime(actual[j]) &&
                      match[i + 1][j + 1];
      }
    }
  }
  return match[0][0] != 0;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

/// Checks a transcript; false when it was skipped (it reads ../shared, which is not there).
bool CheckTranscript(const Workspace& ws, const Block& b) {
  std::vector<std::string> commands;
  std::vector<std::vector<std::string>> expected;
  for (const auto& l : b.lines) {
    if (l.rfind("$ ", 0) == 0) {
      commands.push_back(l.substr(2));
      expected.emplace_back();
    } else {
      expected.back().push_back(l);
    }
  }
  // A path into ../shared that is not there (no ../shared, or one without that file): skipped.
  static const std::regex shared_path("\\.\\./shared/[^ ]*");
  for (const auto& c : commands) {
    for (std::sregex_iterator it(c.begin(), c.end(), shared_path), end; it != end; ++it) {
      std::error_code ec;
      if (!fs::exists(fs::path(ws.repo) / it->str(), ec)) {
        WARN(b.doc << ":" << b.line << ": skipped (" << it->str() << " is not there): " << c);
        return false;
      }
    }
  }
  auto runs = ws.Shell(commands);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    INFO(b.doc << ":" << b.line << ": $ " << commands[i] << "\nshown:\n"
               << Joined(expected[i]) << "printed:\n"
               << runs[i].output);
    CHECK(Matches(expected[i], Lines(runs[i].output)));
    const bool status_shown = i + 1 < commands.size() && commands[i + 1] == "echo $?";
    if (!status_shown) CHECK(runs[i].status == 0);
  }
  return true;
}

/// The tsimport commands of a line of a shell or YAML block.
std::vector<std::string> CommandsOf(std::string line) {
  std::vector<std::string> out;
  line = std::regex_replace(line, std::regex("^\\s*(- )?\\s*((run|script):\\s*)?"), "");
  if (std::size_t hash = line.find(" #"); hash != std::string::npos) line.erase(hash);
  line =
      std::regex_replace(line, std::regex("\\$\\(Build\\.ArtifactStagingDirectory\\)"), "staging");
  std::size_t from = 0;
  for (;;) {
    std::size_t and_then = line.find("&&", from);
    std::string part =
        line.substr(from, and_then == std::string::npos ? std::string::npos : and_then - from);
    part = std::regex_replace(part, std::regex("^\\s+|\\s+$"), "");
    if (part.rfind("tsimport ", 0) == 0 || part.rfind("./build/tsimport ", 0) == 0)
      out.push_back(part);
    if (and_then == std::string::npos) break;
    from = and_then + 2;
  }
  return out;
}

/// The files a command writes that must parse: --diagnostics-output and --write-baseline.
std::vector<std::string> FilesWritten(const std::string& command) {
  std::vector<std::string> out;
  static const std::regex option("--(diagnostics-output|write-baseline) +\"?([^\" ]+)\"?");
  for (std::sregex_iterator it(command.begin(), command.end(), option), end; it != end; ++it)
    out.push_back((*it)[2]);
  return out;
}

/// Option names in a text: words that start with - or -- and a letter.
std::set<std::string> OptionNames(const std::string& text) {
  std::set<std::string> out;
  static const std::regex option("(^|[\\s\\[(,|])(--?[a-zA-Z][a-zA-Z-]*)");
  for (std::sregex_iterator it(text.begin(), text.end(), option), end; it != end; ++it)
    out.insert((*it)[2]);
  return out;
}

/// The values an option accepts, from the message for a value it does not.
std::set<std::string> AcceptedValues(const std::string& option) {
  auto r = RunCli({option, "no-such-value", "x.xml"});
  std::smatch m;
  std::string list;
  if (std::regex_search(r.err, m, std::regex("is not one of ([^;\\n]*)"))) {
    list = std::regex_replace(std::string(m[1]), std::regex(",? or |, "), ",");
  } else if (std::regex_search(r.err, m, std::regex("not in \\{([^}]*)\\}"))) {
    list = m[1];
  }
  std::set<std::string> out;
  std::stringstream in(list);
  for (std::string v; std::getline(in, v, ',');) out.insert(v);
  return out;
}

/// The options `tsimport --help` lists (at the start of its lines).
std::set<std::string> HelpOptions() {
  std::set<std::string> help;
  for (const auto& line : Lines(RunCli({"--help"}).out)) {
    std::smatch m;
    if (!std::regex_search(line, m, std::regex("^\\s+(-[^ ]+)"))) continue;
    for (auto& name :
         OptionNames(" " + std::regex_replace(std::string(m[1]), std::regex(","), " ")))
      help.insert(name);
  }
  return help;
}

/// The tsimport commands of a line of docs/powershell.md's PowerShell or YAML blocks, as sh
/// runs them: from `tsimport` (or `.\tools\tsimport.exe`) to the first `|` that hands the
/// output to PowerShell, with '\' read as '/'. Empty for a line without one.
std::string PowerShellCommandOf(const std::string& line) {
  static const std::regex command(R"((^|[\s(=])((\.\\tools\\)?tsimport(\.exe)?\s[^|]*))");
  std::smatch m;
  if (!std::regex_search(line, m, command)) return {};
  std::string c = m[2];
  c = std::regex_replace(c, std::regex(R"(^(\.\\tools\\)?tsimport(\.exe)?)"), "tsimport");
  c = std::regex_replace(c, std::regex(R"(\s+(#.*)?$)"), "");
  std::replace(c.begin(), c.end(), '\\', '/');
  return c;
}

}  // namespace

TEST_CASE("docs: every tsimport command of docs/powershell.md runs, backslashes read as slashes") {
  Workspace ws;
  std::vector<std::string> commands;
  std::vector<std::string> where;
  for (const auto& b : CodeBlocks("docs/powershell.md")) {
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      const std::string c = PowerShellCommandOf(b.lines[i]);
      if (c.empty()) continue;
      INFO("docs/powershell.md:" << b.line + 1 + i << ": " << c);
      // PowerShell's own variables cannot be run here: the examples have none in a command.
      CHECK(c.find('$') == std::string::npos);
      commands.push_back(c);
      where.push_back("docs/powershell.md:" + std::to_string(b.line + 1 + i));
    }
  }
  // One export as an object (two), the batch, -O, the Azure DevOps gate.
  CHECK(commands.size() == 5);
  auto runs = ws.Shell(commands);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    INFO(where[i] << ": " << commands[i] << "\nprinted:\n" << runs[i].output);
    CHECK(runs[i].status == 0);
  }
  // How a line is read.
  CHECK(PowerShellCommandOf("$ts = tsimport -f json .\\ts.xml | ConvertFrom-Json") ==
        "tsimport -f json ./ts.xml");
  CHECK(PowerShellCommandOf("  .\\tools\\tsimport.exe -r --diagnostics azure .\\x") ==
        "tsimport -r --diagnostics azure ./x");
  CHECK(PowerShellCommandOf(". C:\\Tools\\tsimport\\completions\\tsimport.ps1").empty());
}

TEST_CASE("docs: completions/tsimport.ps1 completes every option of tsimport --help, with its values") {
  const std::string script = ReadText("completions/tsimport.ps1");
  // The options: the quoted words of the $tsimportOptions list.
  const std::size_t from = script.find("$tsimportOptions = @(");
  REQUIRE(from != std::string::npos);
  const std::string list = script.substr(from, script.find(')', from) - from);
  std::set<std::string> options;
  static const std::regex quoted("'(-[^']*)'");
  for (std::sregex_iterator it(list.begin(), list.end(), quoted), end; it != end; ++it)
    options.insert((*it)[1]);
  CHECK(options == HelpOptions());
  // The values: each line `'--option' = @('a', 'b')` of $tsimportValues.
  static const std::regex values("'(-[^']+)'\\s*=\\s*@\\(([^)]*)\\)");
  std::size_t lists = 0;
  for (std::sregex_iterator it(script.begin(), script.end(), values), end; it != end; ++it) {
    const std::string option = (*it)[1] == "-f" ? "--format" : std::string((*it)[1]);
    INFO(option);
    const std::string shown_text = (*it)[2];
    std::set<std::string> shown;
    static const std::regex word("'([^']*)'");
    for (std::sregex_iterator v(shown_text.begin(), shown_text.end(), word), e; v != e; ++v)
      shown.insert((*v)[1]);
    CHECK(shown == AcceptedValues(option));
    ++lists;
  }
  // -f and --format, --diagnostics, --fail-on, --target, --progress, --color.
  CHECK(lists == 7);
}

TEST_CASE("docs: every transcript of README.md, docs/ci.md, docs/fidelity.md, docs/diff.md and docs/formats.md prints it") {
  Workspace ws;
  std::size_t transcripts = 0;
  // docs/git.md's transcripts run in a git repository: tests/git_test.cpp runs them.
  for (const char* doc :
       {"README.md", "docs/ci.md", "docs/fidelity.md", "docs/diff.md", "docs/formats.md"}) {
    for (const auto& b : CodeBlocks(doc)) {
      if (IsTranscript(b) && CheckTranscript(ws, b)) ++transcripts;
    }
  }
  // README.md shows seven (one reads ../shared), docs/fidelity.md four, docs/diff.md one,
  // docs/formats.md two.
  CHECK(transcripts >= 13u);
}

TEST_CASE("docs: every tsimport command of README.md, docs/ci.md and docs/fidelity.md runs") {
  Workspace ws;
  std::vector<std::string> commands;
  std::vector<std::string> where;
  for (const char* doc : {"README.md", "docs/ci.md", "docs/fidelity.md"}) {
    for (const auto& b : CodeBlocks(doc)) {
      if (IsTranscript(b) || b.marker.find("usage:") != std::string::npos) continue;
      for (std::size_t i = 0; i < b.lines.size(); ++i) {
        for (auto& c : CommandsOf(b.lines[i])) {
          commands.push_back(c);
          where.push_back(std::string(doc) + ":" + std::to_string(b.line + 1 + i));
        }
      }
    }
  }
  // README: the set-up command; docs/ci.md: four CI snippets and the two baseline commands.
  CHECK(commands.size() >= 7);
  auto runs = ws.Shell(commands);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    INFO(where[i] << ": " << commands[i] << "\nprinted:\n" << runs[i].output);
    CHECK(runs[i].status == 0);
    for (const auto& file : FilesWritten(commands[i])) {
      INFO("wrote " << file);
      const std::string text = ReadText(ws.repo + "/" + file);
      REQUIRE_FALSE(text.empty());
      if (file.size() > 4 && file.compare(file.size() - 4, 4, ".xml") == 0) {
        CHECK(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
      } else {
        CHECK_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded());
      }
    }
  }
}

TEST_CASE("docs: README's usage names every option of tsimport --help, with its values") {
  const Block* usage = nullptr;
  auto blocks = CodeBlocks("README.md");
  for (const auto& b : blocks) {
    if (b.marker.find("usage:") != std::string::npos) usage = &b;
  }
  REQUIRE(usage != nullptr);
  const std::string text = Joined(usage->lines);
  const std::set<std::string> help = HelpOptions();
  CHECK(help.size() > 25);
  CHECK(OptionNames(text) == help);
  // The values shown after an option are those it accepts.
  for (const char* option :
       {"--format", "--diagnostics", "--fail-on", "--target", "--progress", "--color"}) {
    INFO(option);
    std::smatch m;
    REQUIRE(std::regex_search(text, m, std::regex(std::string(option) + " ([a-z|]+\\|[a-z]+)")));
    std::set<std::string> shown;
    std::stringstream in(m[1]);
    for (std::string v; std::getline(in, v, '|');) shown.insert(v);
    CHECK(shown == AcceptedValues(option));
  }
}

TEST_CASE("docs: every command of CONTRIBUTING.md is one CI runs, or is run or checked here") {
  auto trim = [](const std::string& s) { return std::regex_replace(s, std::regex("^\\s+|\\s+$"), ""); };
  // What CI runs: the lines of .ci/run and of README.md's code blocks (its test command), each
  // part of a line joined by && on its own.
  std::set<std::string> ci;
  auto add = [&](const std::string& line) {
    std::size_t from = 0;
    for (;;) {
      const std::size_t and_then = line.find("&&", from);
      // Without the environment a command is given (TSIMPORT_TEST_RUN_LOG=... ctest ...).
      ci.insert(std::regex_replace(
          trim(line.substr(from,
                           and_then == std::string::npos ? std::string::npos : and_then - from)),
          std::regex("^([A-Z_]+=\\S+\\s+)+"), ""));
      if (and_then == std::string::npos) break;
      from = and_then + 2;
    }
  };
  for (const auto& line : Lines(ReadText(".ci/run"))) add(line);
  for (const auto& b : CodeBlocks("README.md")) {
    for (const auto& line : b.lines) add(line);
  }
  Workspace ws;
  std::size_t by_ci = 0;
  std::size_t run = 0;
  std::size_t scripts = 0;
  for (const auto& b : CodeBlocks("CONTRIBUTING.md")) {
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      const std::string line = trim(b.lines[i]);
      if (line.empty() || line[0] == '#') continue;
      INFO("CONTRIBUTING.md:" << b.line + 1 + i << ": " << line);
      std::smatch m;
      if (ci.count(line) != 0) {
        ++by_ci;
      } else if (std::regex_match(line, m,
                                  std::regex("^((?:[A-Z_]+=\\S+ )*)\\./build/tests/tsimport_tests "
                                             "(.+)$"))) {
        // As shown, listing the tests it runs instead of running them (the suite runs them; the
        // golden update would rewrite files): the test spec must name some.
        auto r = ws.Shell({std::string(m[1]) + "./build/tests/tsimport_tests " + std::string(m[2]) +
                           " --list-test-names-only"});
        INFO("printed:\n" << r[0].output);
        CHECK(Lines(r[0].output).size() >= 2);
        ++run;
      } else if (line.rfind("./build/tsimport ", 0) == 0) {
        auto r = ws.Shell({line});
        INFO("printed:\n" << r[0].output);
        CHECK(r[0].status == 0);
        CHECK_FALSE(r[0].output.empty());
        ++run;
      } else if (line == "scripts/check-layers.sh") {
        const std::string command =
            "cd '" + std::string(TSIMPORT_SOURCE_DIR) + "' && " + line + " >/dev/null";
        CHECK(std::system(command.c_str()) == 0);
        ++run;
      } else if (std::regex_match(line, m, std::regex("^((scripts|bench)/[a-z-]+\\.sh)( .*)?$"))) {
        // The fuzzers and the benchmark take minutes: the script is there, runs, parses, and
        // its header (its usage) names each option shown.
        const std::string path = std::string(TSIMPORT_SOURCE_DIR) + "/" + std::string(m[1]);
        REQUIRE(fs::exists(path));
        CHECK(access(path.c_str(), X_OK) == 0);
        CHECK(std::system(("bash -n '" + path + "'").c_str()) == 0);
        const auto lines = Lines(ReadText(path));
        std::string header;
        for (std::size_t k = 0; k < lines.size() && k < 30; ++k) header += lines[k] + "\n";
        std::istringstream words{std::string(m[3])};
        for (std::string word; words >> word;) {
          if (word[0] == '-') CHECK(header.find(word) != std::string::npos);
        }
        ++scripts;
      } else {
        FAIL("a command that neither CI runs nor this test checks");
      }
    }
  }
  CHECK(by_ci >= 7);
  CHECK(run >= 5);
  CHECK(scripts >= 3);
}
