// Batch conversion: many inputs, -j workers, -O output trees, progress.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>

#include "../src/cli/parallel.h"
#include "test_util.h"

namespace fs = std::filesystem;
using tsimport::test::MakeZip;
using tsimport::test::ReadText;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

/// Every file under a directory, relative path -> content.
std::map<std::string, std::string> Tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file())
      out[fs::relative(e.path(), dir).generic_string()] = ReadText(e.path().string());
  }
  return out;
}

/// The output without its last line (the summary, which carries the elapsed time).
std::string WithoutTotal(const std::string& out) {
  std::string s = out;
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s.substr(0, s.rfind('\n') + 1);
}

/// The text with the elapsed time of the total ("; 0.12s") taken out.
std::string WithoutElapsed(const std::string& text) {
  static const std::regex kElapsed("; [0-9]+\\.[0-9]+s\n");
  return std::regex_replace(text, kElapsed, ";\n");
}

/// A small tree of inputs: valid, invalid, unreadable, not a task sequence, a zip with two
/// task sequences, in nested folders.
void MakeInputs(const TempDir& dir) {
  dir.Write("in/a/reboot.xml", ReadText("samples/valid/RebootAction.xml"));
  dir.Write("in/a/b/partition.xml", ReadText("samples/valid/PartitionDiskAction.xml"));
  dir.Write("in/bad/misspelled.XML", ReadText("samples/invalid/misspelled-type.xml"));
  dir.Write("in/bad/truncated.xml", ReadText("samples/invalid/truncated.xml"));
  dir.Write("in/notes.txt", "not an input: ignored by -r");
  std::string object = ReadText("samples/shapes/object-cdata.xml");
  std::string second = object;
  second.replace(second.find("CM100099"), 8, "CM100100");
  dir.Write("in/exports/two.zip",
            MakeZip({{"SMS_TaskSequencePackage/CM100099/object.xml", object},
                     {"SMS_TaskSequencePackage/CM100100/object.xml", second}}));
}

}  // namespace

TEST_CASE("batch: every input is processed, in a stable order, with a final summary") {
  TempDir dir;
  MakeInputs(dir);
  auto r = RunCli({"-r", "-j", "1", dir.path + "/in", dir.path + "/missing.xml"});
  CHECK(r.exit_code == 5);  // unreadable wins over not-a-task-sequence and findings
  std::string in = dir.path + "/in/";
  CHECK(WithoutTotal(r.out) ==
        "ok  " + in +
            "a/b/partition.xml  version 3.10  configmgr  1 group, 1 step  0 errors, 0 warnings\n"
            "ok  " +
            in +
            "a/reboot.xml  version 3.10  configmgr  1 group, 1 step  0 errors, 0 warnings\n"
            "invalid  " +
            in +
            "bad/misspelled.XML  version 3.10  configmgr  1 group, 1 step  1 error, 0 warnings  "
            "ReturnValue -2147217392 (0x80041010)\n"
            "not-imported  " +
            in +
            "bad/truncated.xml  1 error, 0 warnings  ReturnValue -2147217400 (0x80041008)\n"
            "ok  " +
            in +
            "exports/two.zip!SMS_TaskSequencePackage/CM100099/object.xml  \"Préparer un poste\"  "
            "version 3.10  "
            "configmgr  2 groups, 3 steps  0 errors, 0 warnings\n"
            "ok  " +
            in +
            "exports/two.zip!SMS_TaskSequencePackage/CM100100/object.xml  \"Préparer un poste\"  "
            "version 3.10  "
            "configmgr  2 groups, 3 steps  0 errors, 0 warnings\n"
            "unreadable  " +
            dir.path + "/missing.xml  1 error, 0 warnings  ReturnValue -2147024894 (0x80070002)\n");
  std::string total = r.out.substr(WithoutTotal(r.out).size());
  CHECK(total.rfind("6 task sequences: 4 imported, 1 invalid, 1 not imported; 1 input "
                    "unreadable; 3 errors, 0 warnings; ",
                    0) == 0);
}

TEST_CASE("batch: output is byte for byte the same whatever -j is") {
  TempDir dir;
  MakeInputs(dir);
  for (const char* format : {"summary", "json"}) {
    INFO(format);
    auto one = RunCli({"-r", "-j", "1", "-f", format, dir.path + "/in"});
    for (const char* jobs : {"2", "3", "8"}) {
      auto many = RunCli({"-r", "-j", jobs, "-f", format, dir.path + "/in"});
      CHECK(many.exit_code == one.exit_code);
      // Everything but the elapsed time of the total is the same.
      CHECK(WithoutElapsed(many.err) == WithoutElapsed(one.err));
      CHECK(WithoutElapsed(many.out) == WithoutElapsed(one.out));
    }
  }
  // JSON Lines: one record per line when several inputs go to one stream.
  auto json = RunCli({"-r", "-f", "json", dir.path + "/in"});
  CHECK(std::count(json.out.begin(), json.out.end(), '\n') == 6);
}

TEST_CASE(
    "out-dir -O mirrors the inputs' relative paths, one file per task sequence, none for "
    "failures") {
  TempDir dir;
  MakeInputs(dir);
  std::string out1 = dir.path + "/out1";
  std::string out4 = dir.path + "/out4";
  auto r1 = RunCli({"-r", "-j", "1", "-f", "json", "-O", out1, dir.path + "/in"});
  auto r4 = RunCli({"-r", "-j", "4", "-f", "json", "-O", out4, dir.path + "/in"});
  CHECK(r1.exit_code == 3);
  CHECK(r4.exit_code == 3);
  // Standard output says what happened to each input, then the total.
  CHECK(WithoutTotal(r1.out) == WithoutTotal(RunCli({"-r", dir.path + "/in"}).out));
  CHECK(WithoutTotal(r4.out) == WithoutTotal(r1.out));
  auto tree = Tree(out1);
  std::vector<std::string> names;
  for (const auto& [name, content] : tree) names.push_back(name);
  CHECK(names == std::vector<std::string>{"a/b/partition.json", "a/reboot.json",
                                          "bad/misspelled.json", "exports/two.CM100099.json",
                                          "exports/two.CM100100.json"});
  CHECK(Tree(out4) == tree);
  CHECK(tree["a/reboot.json"] == RunCli({"-f", "json", dir.path + "/in/a/reboot.xml"}).out);
}

TEST_CASE("out-dir -O never writes over an input, and a second run removes stale temporary files") {
  TempDir dir;
  std::string input = dir.Write("seq.xml", ReadText("samples/valid/RebootAction.xml"));
  std::string stale = dir.Write(".seq.xml.tsimport-tmp.AbC123", "half a file");
  auto r = RunCli({"-f", "xml", "-O", dir.path, input});
  CHECK(r.exit_code == 6);
  CHECK(r.err.find("tsimport: refusing to write " + dir.path +
                   "/seq.xml: it is one of the inputs\n") != std::string::npos);
  CHECK(ReadText(input) == ReadText("samples/valid/RebootAction.xml"));
  CHECK_FALSE(fs::exists(stale));
}

TEST_CASE("out-dir -O: a second run into the same folder writes over the first one's pages") {
  // Outputs already there are not inputs: only an output that is one of the inputs is refused
  // (the test above). Markdown: the pages and index.md, each written again.
  TempDir dir;
  const std::string out = dir.path + "/docs";
  const std::string input = dir.Write("in/reboot.xml", ReadText("samples/valid/RebootAction.xml"));
  for (int run = 0; run < 2; ++run) {
    INFO("run " << run + 1);
    auto r = RunCli({"-f", "markdown", "-O", out, input});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(ReadText(out + "/reboot.md") == RunCli({"-f", "markdown", input}).out);
    CHECK(fs::exists(out + "/index.md"));
  }
}

TEST_CASE("out-dir -O: a directory that cannot be created gives exit 6") {
  TempDir dir;
  std::string blocker = dir.Write("file", "x");
  auto r = RunCli({"-f", "json", "-O", blocker + "/sub", "samples/valid/RebootAction.xml"});
  CHECK(r.exit_code == 6);
}

TEST_CASE("out-dir -O refuses two inputs that would write the same file") {
  TempDir dir;
  dir.Write("a/x.xml", ReadText("samples/valid/empty.xml"));
  dir.Write("b/x.xml", ReadText("samples/valid/empty.xml"));
  auto r = RunCli({"-r", "-O", dir.path + "/out", dir.path + "/a", dir.path + "/b"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tsimport: " + dir.path + "/a/x.xml and " + dir.path +
                     "/b/x.xml would both be written to " + dir.path +
                     "/out/x.*; run them separately or rename one\n");
}

TEST_CASE("progress: drawn with --progress always, never otherwise off a terminal") {
  auto always =
      RunCli({"--progress", "always", "samples/valid/empty.xml", "samples/valid/RebootAction.xml"});
  CHECK(always.err.find("\r[") != std::string::npos);
  CHECK(always.err.find(" 2/2 ") != std::string::npos);
  // Cleared once the run is done: the terminal's last line is left empty, not a finished bar.
  const std::string clear = "\r\033[K";
  CHECK(always.err.size() > clear.size());
  CHECK(always.err.compare(always.err.size() - clear.size(), clear.size(), clear) == 0);
  auto automatic = RunCli({"samples/valid/empty.xml", "samples/valid/RebootAction.xml"});
  CHECK(automatic.err.empty());
  auto never =
      RunCli({"--progress", "never", "samples/valid/empty.xml", "samples/valid/RebootAction.xml"});
  CHECK(never.err.empty());
}

TEST_CASE("OrderedParallel: every item once, emitted in order, the costliest admitted item first") {
  for (unsigned jobs : {1u, 2u, 3u, 8u}) {
    for (std::size_t window : {std::size_t{1}, std::size_t{4}, std::size_t{256}}) {
      INFO("jobs " << jobs << " window " << window);
      const std::size_t n = 50;
      std::mutex m;
      std::vector<std::size_t> started;
      std::vector<int> worked(n, 0);
      std::vector<std::size_t> emitted;
      tsimport::cli::OrderedParallel(
          n, jobs,
          [&](std::size_t i) {
            std::lock_guard<std::mutex> lock(m);
            started.push_back(i);
            ++worked[i];
          },
          [&](std::size_t i) { emitted.push_back(i); }, window,
          [](std::size_t i) { return static_cast<std::uint64_t>(i == 40 ? 1000 : i % 3); });
      CHECK(std::all_of(worked.begin(), worked.end(), [](int w) { return w == 1; }));
      REQUIRE(emitted.size() == n);
      for (std::size_t i = 0; i < n; ++i) CHECK(emitted[i] == i);
      REQUIRE(started.size() == n);
      // With one job everything runs in order; otherwise, with the whole batch in the window,
      // item 40 (the costliest) is the first to start.
      if (jobs == 1) CHECK(started.front() == 0);
      if (jobs > 1 && window == 256) CHECK(started.front() == 40);
      // Never more than `window` ahead of the next item to emit.
      if (jobs > 1 && window == 1) CHECK(started == emitted);
    }
  }
}

TEST_CASE("OrderedParallel: an exception from work or emit reaches the caller, the others stop") {
  for (unsigned jobs : {1u, 2u, 4u}) {
    INFO("jobs " << jobs);
    std::atomic<int> emitted{0};
    CHECK_THROWS_WITH(tsimport::cli::OrderedParallel(
                          100, jobs,
                          [](std::size_t i) {
                            if (i == 30) throw std::runtime_error("work 30");
                          },
                          [&](std::size_t) { ++emitted; }),
                      "work 30");
    CHECK(emitted.load() <= 30);
    emitted = 0;
    CHECK_THROWS_WITH(tsimport::cli::OrderedParallel(
                          100, jobs, [](std::size_t) {},
                          [&](std::size_t i) {
                            if (i == 10) throw std::runtime_error("emit 10");
                            ++emitted;
                          }),
                      "emit 10");
    CHECK(emitted.load() == 10);
  }
}
