// tsimport diff on the command line: golden outputs of every format, exit statuses, zips with
// several task sequences, standard input, the textconv listing, the examples of README.md and
// docs/diff.md, and real version pairs of ../shared/corpus (skipped, saying so, without it).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "test_util.h"
#include "tsimport/compare.h"

namespace fs = std::filesystem;
using tsimport::test::CompareOrUpdate;
using tsimport::test::CliResult;
using tsimport::test::MakeZip;
using tsimport::test::ReadText;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

const char* kV1 = "samples/win11-deploy.xml";
const char* kV2 = "samples/diff/win11-deploy-v2.xml";

std::string StripAnsi(const std::string& s) {
  return std::regex_replace(s, std::regex("\x1b\\[[0-9;]*m"), "");
}

/// The real exports of ../shared: skipped, saying so, without them, and a failure under CI.
bool HaveShared() {
  return tsimport::test::SharedOrSkip("../shared/corpus", "the real version pairs", true);
}

std::string Corpus(const std::string& prefix) {
  for (const auto& e : fs::directory_iterator("../shared/corpus")) {
    if (e.path().filename().string().rfind(prefix + "__", 0) == 0) return e.path().string();
  }
  FAIL("no corpus file " << prefix);
  return {};
}

std::string CorpusZip(const std::string& prefix) {
  for (const auto& e : fs::directory_iterator("../shared/corpus-zips")) {
    if (e.path().filename().string().rfind(prefix + "__", 0) == 0) return e.path().string();
  }
  FAIL("no corpus zip " << prefix);
  return {};
}

tsimport::DiffResult DiffFiles(const std::string& a, const std::string& b) {
  tsimport::ImportOptions options;
  auto ra = tsimport::Import(ReadText(a), a, options);
  auto rb = tsimport::Import(ReadText(b), b, options);
  REQUIRE(ra.size() == 1);
  REQUIRE(rb.size() == 1);
  REQUIRE(ra[0].task_sequence);
  REQUIRE(rb[0].task_sequence);
  return tsimport::Compare(ra[0], rb[0], *tsimport::Catalog::Builtin());
}

std::string LastName(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// For a real pair: no step that was only edited or moved shows as removed and added, i.e. no
/// removed step has an added step of the same class and name.
void NoRemoveAddPairs(const tsimport::DiffResult& d) {
  std::multiset<std::pair<std::string, std::string>> added;
  for (const auto& c : d.changes) {
    if (c.kind == tsimport::ChangeKind::kAdded) added.emplace(c.class_name, LastName(c.path));
  }
  for (const auto& c : d.changes) {
    if (c.kind != tsimport::ChangeKind::kRemoved) continue;
    INFO("removed " << c.path << " (" << c.class_name << ")");
    CHECK(added.count({c.class_name, LastName(c.path)}) == 0);
  }
}

std::string Summary(const tsimport::DiffResult& d) {
  std::string s;
  for (auto k :
       {tsimport::ChangeKind::kAdded, tsimport::ChangeKind::kRemoved, tsimport::ChangeKind::kMoved,
        tsimport::ChangeKind::kRenamed, tsimport::ChangeKind::kModified}) {
    s += std::to_string(d.Count(k)) + " " + tsimport::ChangeKindName(k) + " ";
  }
  return s;
}

}  // namespace

TEST_CASE("diff golden: the sample's two versions in every format, and the textconv listing") {
  CliResult human = RunCli({"diff", kV1, kV2});
  CHECK(human.exit_code == 1);
  CHECK(human.err.empty());
  CompareOrUpdate("samples/diff/win11-deploy.diff.txt", human.out);
  CliResult markdown = RunCli({"diff", "--format", "markdown", kV1, kV2});
  CHECK(markdown.exit_code == 1);
  CompareOrUpdate("samples/diff/win11-deploy.diff.md", markdown.out);
  CliResult json = RunCli({"diff", "--format", "json", kV1, kV2});
  CHECK(json.exit_code == 1);
  CompareOrUpdate("samples/diff/win11-deploy.diff.json", json.out);
  CliResult textconv = RunCli({"diff", "--textconv", kV2});
  CHECK(textconv.exit_code == 0);
  CompareOrUpdate("samples/diff/win11-deploy-v2.textconv.txt", textconv.out);
  // Colour: the same text with ANSI codes around its parts.
  CliResult color = RunCli({"diff", "--color", "always", kV1, kV2});
  CHECK(color.out.find("\x1b[32m+ ") != std::string::npos);
  CHECK(color.out != human.out);
  CHECK(StripAnsi(color.out) == human.out);
  // The v2 sample sets a password in clear text: never in any output.
  for (const auto* out : {&human.out, &markdown.out, &json.out, &textconv.out, &color.out})
    CHECK(out->find("Pa55w.rd") == std::string::npos);
}

TEST_CASE("diff: the JSON document has the documented keys, typed values, one change per kind") {
  CliResult r = RunCli({"diff", "-f", "json", kV1, kV2});
  auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"Old", "New", "Equal", "Summary", "Changes"}) CHECK(j.contains(key));
  CHECK(j["Equal"] == false);
  std::size_t total = 0;
  for (const auto& [kind, n] : j["Summary"].items()) total += n.get<std::size_t>();
  CHECK(total == j["Changes"].size());
  std::set<std::string> keys;
  for (const auto& c : j["Changes"]) {
    for (const auto& [k, v] : c.items()) keys.insert(k);
    CHECK(std::set<std::string>{"added", "removed", "moved", "renamed", "modified"}.count(
              c["Kind"].get<std::string>()) == 1);
  }
  CHECK(keys == std::set<std::string>{"Kind", "Scope", "Path", "OldPath", "Class", "Step",
                                      "OldStep", "Property", "Old", "New", "Secret"});
  // "Install Software Updates" moved into a group and changed: one change of each kind.
  std::vector<std::string> kinds;
  for (const auto& c : j["Changes"]) {
    if (c["Path"] == "Setup Operating System/Install Applications/Install Software Updates")
      kinds.push_back(c["Kind"]);
  }
  CHECK(kinds == std::vector<std::string>{"moved", "modified"});
}

TEST_CASE("diff: exit statuses") {
  CHECK(RunCli({"diff", kV1, kV1}).exit_code == 0);
  CHECK(RunCli({"diff", kV1, kV2}).exit_code == 1);
  // Usage.
  CliResult one = RunCli({"diff", kV1});
  CHECK(one.exit_code == 2);
  CHECK(one.err ==
        "tsimport diff: give two task sequences, OLD and NEW (1 given)\n"
        "Usage: tsimport diff OLD NEW [--format human|markdown|json]\n");
  CHECK(RunCli({"diff", kV1, kV2, kV1}).exit_code == 2);
  CHECK(RunCli({"diff", "-", "-"}).exit_code == 2);
  CHECK(RunCli({"diff", "--format", "yaml", kV1, kV2}).exit_code == 2);
  CHECK(RunCli({"diff", "--label", "a", "--label", "b", "--label", "c", kV1, kV2}).exit_code == 2);
  CHECK(RunCli({"diff", "--textconv", kV1, kV2}).exit_code == 2);
  // A side that cannot be imported: the import's own status, its diagnostics on stderr.
  TempDir dir;
  std::string not_ts = dir.Write("notes.xml", "<notes><note>hi</note></notes>");
  CliResult three = RunCli({"diff", kV1, not_ts});
  CHECK(three.exit_code == 3);
  CHECK(three.out.empty());
  CHECK(three.err.find("[TS1") != std::string::npos);
  CHECK(RunCli({"diff", dir.path + "/missing.xml", kV1}).exit_code == 5);
  std::string future =
      dir.Write("future.xml",
                "<sequence version=\"9.00\"><step type=\"SMS_TaskSequence_RebootAction\" "
                "name=\"R\"><action>smsboot.exe</action></step></sequence>");
  CHECK(RunCli({"diff", future, kV1}).exit_code == RunCli({future}).exit_code);
  // The most serious of the two sides.
  CHECK(RunCli({"diff", dir.path + "/missing.xml", not_ts}).exit_code == 5);
  // Help.
  CliResult help = RunCli({"diff", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Usage: tsimport diff") != std::string::npos);
  CHECK(RunCli({"--help"}).out.find("tsimport diff OLD NEW") != std::string::npos);
}

TEST_CASE("diff: a side that would not import is compared as read, with a note") {
  const std::string invalid = "samples/invalid/misspelled-type.xml";
  CliResult r = RunCli({"diff", invalid, invalid});
  CHECK(r.exit_code == 0);
  CHECK(r.err ==
        "tsimport: note: samples/invalid/misspelled-type.xml would not import (ReturnValue "
        "0x80041010, 1 error); it is compared as read. 'tsimport "
        "samples/invalid/misspelled-type.xml' lists the findings.\n"
        "tsimport: note: samples/invalid/misspelled-type.xml would not import (ReturnValue "
        "0x80041010, 1 error); it is compared as read. 'tsimport "
        "samples/invalid/misspelled-type.xml' lists the findings.\n");
  CHECK(r.out.find("would not import: 1 error, ReturnValue 0x80041010") != std::string::npos);
}

TEST_CASE("diff: the shape and encoding of an input make no difference") {
  // Every variant of samples/shapes/sequence.xml (UTF-16 with and without BOM, windows-1252,
  // CRLF, object.xml with CDATA and escaped, the 2007 wrapper) against it: no changes.
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator("samples/shapes")) {
    if (e.path().extension() != ".xml") continue;
    INFO(e.path());
    CliResult r = RunCli({"diff", "samples/shapes/sequence.xml", e.path().string()});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("No changes: the two task sequences are the same.") != std::string::npos);
    ++n;
  }
  CHECK(n >= 13);
  // An export zip that holds it, against the bare sequence and against the object.xml.
  TempDir dir;
  std::string zip =
      dir.Write("export.zip", MakeZip({{"SMS_TaskSequencePackage/CM100099/object.xml",
                                        ReadText("samples/shapes/object-cdata.xml")}}));
  CHECK(RunCli({"diff", zip, "samples/shapes/sequence.xml"}).exit_code == 0);
  CHECK(RunCli({"diff", "samples/shapes/object-escaped.xml", zip}).exit_code == 0);
}

TEST_CASE("diff: a zip that holds several task sequences needs --package") {
  TempDir dir;
  std::string seq_a = ReadText("samples/shapes/object-cdata.xml");
  std::string seq_b = seq_a;
  // Another package ID and a renamed first step in the second task sequence.
  seq_b.replace(seq_b.find("CM100099"), 8, "CM100098");
  std::string zip =
      dir.Write("two.zip", MakeZip({{"SMS_TaskSequencePackage/CM100099/object.xml", seq_a},
                                    {"SMS_TaskSequencePackage/CM100098/object.xml", seq_b}}));
  CliResult r = RunCli({"diff", zip, "samples/shapes/sequence.xml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tsimport diff: " + zip +
            " holds 2 task sequences (CM100098, CM100099): choose one with --package ID\n");
  r = RunCli({"diff", "--package", "CM100042", zip, "samples/shapes/sequence.xml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("none is package CM100042") != std::string::npos);
  CHECK(RunCli({"diff", "--package", "CM100099", zip, "samples/shapes/sequence.xml"}).exit_code ==
        0);
  r = RunCli({"diff", "--package", "CM100098", "-f", "json", zip, zip});
  CHECK(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["Old"]["PackageID"] == "CM100098");
}

TEST_CASE("diff: standard input for one side, and --label") {
  CliResult r =
      tsimport::test::RunBinary(std::string("diff --label before --label after - ") + kV2, kV1);
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("old: before  version 3.10", 0) == 0);
  CHECK(r.out.find("\nnew: after  version 3.10") != std::string::npos);
  // Apart from the two names, what the files themselves give.
  auto after_sides = [](const std::string& s) { return s.substr(s.find("\n", s.find("new: "))); };
  CHECK(after_sides(r.out) == after_sides(RunCli({"diff", kV1, kV2}).out));
}

TEST_CASE("diff --textconv: stable listings, and what is not a task sequence passes as it is") {
  // The same task sequence in every shape gives the same listing (the package block aside).
  auto listing = [](const std::string& path) {
    std::string s = RunCli({"diff", "--textconv", path}).out;
    const std::size_t p = s.find("Package:\n");
    if (p == std::string::npos) return s;
    const std::size_t end = s.find("\nGroup: ", p);
    return s.substr(0, p) + s.substr(end + 1);
  };
  const std::string base = listing("samples/shapes/sequence.xml");
  CHECK(base.find("Step: ") != std::string::npos);
  for (const auto& e : fs::directory_iterator("samples/shapes")) {
    if (e.path().extension() != ".xml") continue;
    INFO(e.path());
    CHECK(listing(e.path().string()) == base);
  }
  TempDir dir;
  std::string other = dir.Write("pom.xml", "<project><version>1</version></project>\n");
  CliResult r = RunCli({"diff", "--textconv", other});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "<project><version>1</version></project>\n");
  std::string binary = dir.Write("data.zip", std::string("PK\x03\x04\0\0garbage", 13));
  r = RunCli({"diff", "--textconv", binary});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "(not a task sequence: 13 bytes of binary data)\n");
  CHECK(RunCli({"diff", "--textconv", dir.path + "/missing.xml"}).exit_code == 5);
}

TEST_CASE("diff, real exports: every file against itself, every zip against its object.xml") {
  if (!HaveShared()) return;
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator("../shared/corpus")) {
    if (e.path().filename() == "MANIFEST.tsv") continue;
    const std::string path = e.path().string();
    INFO(path);
    CliResult r = RunCli({"diff", path, path});
    CHECK(r.exit_code == 0);
    ++files;
  }
  CHECK(files == 185);
  std::size_t zips = 0;
  for (const auto& cols : tsimport::test::ReadTsv("../shared/corpus-zips/MANIFEST.tsv")) {
    REQUIRE(cols.size() >= 5);
    const std::string zip = "../shared/corpus-zips/" + cols[0];
    const std::string twin = "../shared/corpus/" + cols[4];
    INFO(zip << " against " << twin);
    CliResult r = RunCli({"diff", zip, twin});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("No changes") != std::string::npos);
    ++zips;
  }
  CHECK(zips == 23);
}

TEST_CASE("diff, real exports: successive versions give the changes a person finds reading them") {
  if (!HaveShared()) return;
  // DP_BLD_07, the original and the 7-8-22 version: four disk partition steps added under "New
  // Computer only", the PowerShell step "Run PowerShell Script" renamed for its script, fifteen
  // steps added at the end of "Custom Tasks". Nothing else.
  {
    auto d = DiffFiles(Corpus("123"), Corpus("122"));
    CHECK(Summary(d) == "19 added 0 removed 0 moved 1 renamed 0 modified ");
    std::vector<std::string> renamed;
    for (const auto& c : d.changes) {
      if (c.kind == tsimport::ChangeKind::kRenamed) renamed.push_back(c.old_path + " -> " + c.path);
    }
    CHECK(renamed == std::vector<std::string>{
                         "State Restore/Custom Tasks/Run PowerShell Script -> State Restore/Custom "
                         "Tasks/Run USS-MECM-CONFIG-1 Script"});
    NoRemoveAddPairs(d);
  }
  // 7-8-22 -> 7-28-22: PowerShell steps renamed JC-... and disabled, Run Command Line steps added
  // under the old names, two steps' continue-on-error changed, a restart enabled.
  {
    auto d = DiffFiles(Corpus("122"), Corpus("121"));
    CHECK(Summary(d) == "10 added 0 removed 0 moved 3 renamed 10 modified ");
    NoRemoveAddPairs(d);
  }
  // DP_BLD_01, old -> new: a disk index, a typo in a description, a step disabled, a step
  // renamed, four PowerShell steps removed and seven steps added in "Custom Tasks". The groups'
  // "expand" flags the Workbench saved are not changes.
  {
    auto d = DiffFiles(Corpus("114"), Corpus("113"));
    CHECK(Summary(d) == "7 added 4 removed 0 moved 1 renamed 3 modified ");
    std::vector<std::string> modified;
    for (const auto& c : d.changes) {
      if (c.kind == tsimport::ChangeKind::kModified)
        modified.push_back(LastName(c.path) + " " + c.property);
    }
    CHECK(modified == std::vector<std::string>{"Format and Partition Disk (UEFI) DiskIndex",
                                               "Set W2019 Drivers Path Description",
                                               "Enable BitLocker (Offline) Enabled"});
    NoRemoveAddPairs(d);
  }
  // DP_BLD_02, old -> new: fifteen steps added at the end. A newer Workbench also wrote
  // LoadProfile=false and RunAsUser=false into every command line, and reordered variables:
  // no changes.
  {
    auto d = DiffFiles(Corpus("115"), Corpus("116"));
    CHECK(Summary(d) == "15 added 0 removed 0 moved 0 renamed 0 modified ");
  }
  // 2Pint's pre-cache task sequence, 24.09.26 -> 25.01.29 (export zips): the package's
  // description, refresh time and object version; "Copying BITSACP to System32..." (fifth,
  // disabled, xcopy BITSACP.exe from one package) gone, "Copying OSD Toolkit Files to
  // System32..." (first, disabled, xcopy *.exe from another package) new: another place,
  // another name, another command and package is another step.
  {
    tsimport::ImportOptions options;
    auto a = tsimport::Import(ReadText(CorpusZip("209")), "a.zip", options);
    auto b = tsimport::Import(ReadText(CorpusZip("231")), "b.zip", options);
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    auto d = tsimport::Compare(a[0], b[0], *tsimport::Catalog::Builtin());
    std::vector<std::string> changes;
    for (const auto& c : d.changes) {
      changes.push_back(
          std::string(tsimport::ChangeKindName(c.kind)) + " " +
          (c.scope == tsimport::ChangeScope::kPackage ? "Package " + c.property : c.path));
    }
    CHECK(changes == std::vector<std::string>{
                         "modified Package Description", "modified Package LastRefreshTime",
                         "modified Package SedoObjectVersion",
                         "added Pre-cache OSD Content/Copying OSD Toolkit Files to System32...",
                         "removed Pre-cache OSD Content/Copying BITSACP to System32..."});
  }
  // DP_BLD_07, 7-28-22 -> the last version: the disabled JC-... PowerShell steps and the four
  // disk steps removed; "Run USS-MECM-CONFIG-4 Script" added before CONFIG-5 and CONFIG-6
  // removed after it (two steps of a series, not one renamed and moved).
  {
    auto d = DiffFiles(Corpus("121"), Corpus("124"));
    CHECK(Summary(d) == "1 added 20 removed 0 moved 0 renamed 3 modified ");
    std::vector<std::string> added;
    for (const auto& c : d.changes) {
      if (c.kind == tsimport::ChangeKind::kAdded) added.push_back(c.path);
    }
    CHECK(added ==
          std::vector<std::string>{"State Restore/Custom Tasks/Run USS-MECM-CONFIG-4 Script"});
    NoRemoveAddPairs(d);
  }
}
