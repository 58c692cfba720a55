// End-to-end: the real binary's exit codes, and the CLI's options in-process.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_util.h"

namespace fs = std::filesystem;
using tsimport::test::ReadText;
using tsimport::test::RunBinary;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

const char* kValid = "samples/valid/RunCommandLineAction.xml";

}  // namespace

TEST_CASE("exit 0: a valid sequence, the summary says ok") {
  auto r = RunBinary(kValid);
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("ok  samples/valid/RunCommandLineAction.xml  version 3.10  configmgr", 0) == 0);
}

TEST_CASE("exit 1 and HRESULT 0x80041010: a misspelled step type") {
  auto r = RunBinary("samples/invalid/misspelled-type.xml");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("ReturnValue -2147217392 (0x80041010)") != std::string::npos);
}

TEST_CASE("exit 3: a file cut in half") {
  TempDir dir;
  std::string text = ReadText(kValid);
  std::string half = dir.Write("half.xml", text.substr(0, text.size() / 2));
  CHECK(RunBinary("'" + half + "'").exit_code == 3);
}

TEST_CASE("exit 5: a missing file, a directory without -r, an unreadable file") {
  CHECK(RunBinary("does-not-exist.xml").exit_code == 5);
  CHECK(RunBinary("samples").exit_code == 5);
  if (::geteuid() != 0) {  // root reads anything
    TempDir dir;
    std::string p = dir.Write("locked.xml", ReadText(kValid));
    ::chmod(p.c_str(), 0);
    CHECK(RunBinary("'" + p + "'").exit_code == 5);
  }
}

TEST_CASE("exit 2: usage errors") {
  CHECK(RunBinary("").exit_code == 2);
  CHECK(RunBinary("--format yaml samples/valid/RunCommandLineAction.xml").exit_code == 2);
  CHECK(RunBinary("--no-such-option").exit_code == 2);
  CHECK(RunBinary("--explain TS9999").exit_code == 2);
}

TEST_CASE("exit 4: an unsupported schema version") {
  CHECK(RunBinary("samples/invalid/version-4.xml").exit_code == 4);
}

TEST_CASE("several inputs: the most serious outcome wins (5 over 3 over 1)") {
  CHECK(RunBinary("samples/invalid/misspelled-type.xml samples/invalid/truncated.xml").exit_code ==
        3);
  CHECK(RunBinary(
            "samples/invalid/truncated.xml does-not-exist.xml samples/invalid/misspelled-type.xml")
            .exit_code == 5);
  CHECK(RunBinary("samples/valid/empty.xml samples/invalid/misspelled-type.xml").exit_code == 1);
}

TEST_CASE("standard input") {
  auto r = RunBinary("-f json -", kValid);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"Input\": \"<stdin>\"") != std::string::npos);
}

TEST_CASE("option --fail-on moves the threshold and input errors still count") {
  CHECK(RunCli({"samples/invalid/unknown-attribute.xml"}).exit_code == 0);
  CHECK(RunCli({"--fail-on", "warning", "samples/invalid/unknown-attribute.xml"}).exit_code == 1);
  CHECK(RunCli({"--fail-on", "never", "samples/invalid/misspelled-type.xml"}).exit_code == 0);
  CHECK(RunCli({"--fail-on", "never", "samples/invalid/truncated.xml"}).exit_code == 3);
}

TEST_CASE("option --ignore leaves a rule out of the report, not out of ReturnValue") {
  auto r = RunCli({"--ignore", "TS2001", "-f", "json", "samples/invalid/misspelled-type.xml"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.rfind("1 task sequence: 0 imported, 1 invalid, 0 not imported; 0 inputs "
                    "unreadable; 0 errors, 0 warnings; ",
                    0) == 0);
  // ImportSequence would still fail: the record says so.
  CHECK(r.out.find("\"HResult\": \"0x80041010\"") != std::string::npos);
  CHECK(r.out.find("\"Diagnostics\": []") != std::string::npos);
  r = RunCli({"--ignore", "TS0000", kValid});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tsimport: ignore TS0000: no such rule ('tsimport --list-rules' lists them)\n");
  r = RunCli({"--ignore", "TS1004", "samples/invalid/truncated.xml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tsimport: ignore TS1004: input rules (TS1xxx) cannot be ignored or re-levelled: the input "
        "could "
        "not be imported\n");
}

TEST_CASE("option --severity re-levels a rule, or turns it off") {
  auto r = RunCli({"--severity", "TS2001=warning", "samples/invalid/misspelled-type.xml"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.rfind("samples/invalid/misspelled-type.xml:3:11: warning[TS2001]: ", 0) == 0);
  CHECK(RunCli({"--severity", "TS2003=error", "samples/invalid/unknown-attribute.xml"}).exit_code ==
        1);
  r = RunCli({"--severity", "TS2003=off", "samples/invalid/unknown-attribute.xml"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  r = RunCli({"--severity", "TS2003=loud", kValid});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tsimport: severity TS2003: 'loud' is not error, warning, info or off\n");
}

TEST_CASE(
    "settings from .tsimport.toml, found from the input's folder upward, the command line wins") {
  TempDir dir;
  dir.Write(".tsimport.toml",
            "# team settings\nfail-on = \"warning\"\nignore = [\"TS2004\"]\n\n[severity]\nTS2001 = "
            "\"warning\"\n");
  fs::create_directories(dir.path + "/sub/deeper");
  std::string attr = dir.path + "/sub/deeper/attr.xml";
  std::ofstream(attr) << ReadText("samples/invalid/unknown-attribute.xml");
  std::string prop = dir.path + "/sub/prop.xml";
  std::ofstream(prop) << ReadText("samples/invalid/unknown-property.xml");
  std::string type = dir.path + "/type.xml";
  std::ofstream(type) << ReadText("samples/invalid/misspelled-type.xml");
  CHECK(RunCli({attr}).exit_code == 1);  // fail-on = warning: the TS2003 warning fails
  auto r = RunCli({prop});
  CHECK(r.exit_code == 0);  // TS2004 ignored
  CHECK(r.err.empty());
  CHECK(RunCli({type}).exit_code == 1);  // TS2001 is a warning, and fail-on = warning
  CHECK(RunCli({"--fail-on", "error", type}).exit_code == 0);
  // --config names the file for every input; a broken file is a usage error naming it.
  std::string bad = dir.Write("bad.toml", "fail-on = \"sometimes\"\n");
  r = RunCli({"--config", bad, kValid});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tsimport: " + bad + ": fail-on must be error, warning, info or never, not 'sometimes'\n");
  std::string unknown = dir.Write("unknown.toml", "colour = \"red\"\n");
  r = RunCli({"--config", unknown, kValid});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tsimport: " + unknown +
                     ": unknown setting 'colour' (known: fail-on, ignore, target, strict, schema, "
                     "baseline, and a [severity] table)\n");
}

TEST_CASE("option --quiet prints the errors and nothing else: no warning, no totals") {
  const std::vector<std::string> inputs = {"samples/invalid/bad-enum.xml",
                                           "samples/invalid/misspelled-type.xml"};
  const std::string error =
      "samples/invalid/misspelled-type.xml:3:11: error: unknown step class "
      "'SMS_TaskSequence_RunComandLineAction'; did you mean "
      "'SMS_TaskSequence_RunCommandLineAction'? [TS2001]\n";
  const std::string warning =
      "samples/invalid/bad-enum.xml:7:9: warning: SMS_TaskSequence_PartitionDiskAction."
      "PartitionStyle is 'XYZ', not one of GPT or MBR (documented in prose, not by a qualifier: "
      "a newer ConfigMgr may accept it) [TS2010]\n";
  std::vector<std::string> args = {"--diagnostics", "gcc", "-f", "none"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  auto loud = RunCli(args);
  CHECK(loud.exit_code == 1);
  CHECK(loud.err.rfind(warning + error, 0) == 0);  // then the totals
  args.insert(args.begin(), "--quiet");
  auto quiet = RunCli(args);
  CHECK(quiet.exit_code == 1);
  CHECK(quiet.err == error);
}

TEST_CASE("option -o writes the output atomically and refuses to overwrite the input") {
  TempDir dir;
  std::string out = dir.path + "/record.json";
  auto r = RunCli({"-f", "json", "-o", out, kValid});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(ReadText(out) == RunCli({"-f", "json", kValid}).out);
  std::string input = dir.Write("in.xml", ReadText(kValid));
  r = RunCli({"-f", "json", "-o", input, input});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tsimport: refusing to write the output over the input " + input + "\n");
  CHECK(ReadText(input) == ReadText(kValid));
  // A directory that does not exist: exit 6 and nothing written.
  r = RunCli({"-f", "json", "-o", dir.path + "/missing/record.json", kValid});
  CHECK(r.exit_code == 6);
  CHECK_FALSE(fs::exists(dir.path + "/missing"));
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) files += e.is_regular_file();
  CHECK(files == 2);  // record.json and in.xml: no temporary file left
}

TEST_CASE("options --list-rules, --explain and --list-classes read the same tables") {
  auto rules = RunCli({"--list-rules"});
  CHECK(rules.exit_code == 0);
  CHECK(rules.out.find("TS2001  error    unknown-class              class      a step or condition "
                       "names a class that does not exist\n") != std::string::npos);
  // A rule whose checks rest on tsimport's reading is a warning by default.
  CHECK(rules.out.find("TS2002  warning  unknown-element            reading    an element or text "
                       "stands where the format has no place for it\n") != std::string::npos);
  auto explain = RunCli({"--explain", "ts2001"});
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.rfind("TS2001 unknown-class (error)\n", 0) == 0);
  CHECK(RunCli({"--explain", "TS2017"})
            .out.rfind("TS2017 invalid-schema-version (warning, an error with --strict)\n", 0) ==
        0);
  auto classes = RunCli({"--list-classes"});
  CHECK(classes.out.find("SMS_TaskSequence_RunCommandLineAction") != std::string::npos);
  CHECK(classes.out.find("BDD_Gather") != std::string::npos);
  auto json = RunCli({"--list-classes", "-f", "json"});
  CHECK(json.out.rfind("{\n  \"base_classes\": [", 0) == 0);
}

TEST_CASE("option --schema adds a third-party step class") {
  TempDir dir;
  std::string schema = dir.Write(
      "contoso.json", R"({"actions": [{"class": "Contoso_BiosUpdate", "ui_name": "Update BIOS",
      "properties": [{"name": "Version", "type": "String", "xml_variable": "ContosoBiosVersion", "qualifiers": "Not_Null"}]}]})");
  std::string ts = dir.Write(
      "ts.xml",
      R"(<sequence version="3.10"><step type="Contoso_BiosUpdate" name="BIOS" description="" runIn="FullOS"><action>bios.exe</action><defaultVarList><variable name="ContosoBiosVersion" property="Version">1.2</variable></defaultVarList></step></sequence>)");
  CHECK(RunCli({ts}).exit_code == 1);  // unknown class without the schema
  auto r = RunCli({"--schema", schema, "-f", "json", ts});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"Version\": \"1.2\"") != std::string::npos);
  std::string bad = dir.Write("bad.json", "[1, 2]");
  r = RunCli({"--schema", bad, ts});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tsimport: --schema " + bad +
            ": expected a JSON object with \"actions\", \"conditions\" or \"base_classes\"\n");
}

TEST_CASE("the list of classes given back to --schema changes nothing") {
  TempDir dir;
  std::string schema = dir.Write("all.json", RunCli({"--list-classes", "-f", "json"}).out);
  auto with = RunCli({"--schema", schema, "-f", "json", "samples/win11-deploy.xml"});
  auto without = RunCli({"-f", "json", "samples/win11-deploy.xml"});
  CHECK(with.exit_code == 0);
  CHECK(with.out == without.out);
}

TEST_CASE("diagnostics formats on the command line, and --diagnostics-output") {
  auto gh = RunCli({"--diagnostics", "github", "samples/invalid/misspelled-type.xml"});
  CHECK(gh.exit_code == 1);
  CHECK(gh.err.rfind(
            "::error file=samples/invalid/misspelled-type.xml,line=3,col=11,title=TS2001::", 0) ==
        0);
  auto az = RunCli({"--diagnostics", "azure", "samples/invalid/misspelled-type.xml"});
  CHECK(az.err.rfind("##vso[task.logissue "
                     "type=error;sourcepath=samples/invalid/misspelled-type.xml;linenumber=3;"
                     "columnnumber=11;code=TS2001]",
                     0) == 0);
  TempDir dir;
  std::string sarif = dir.path + "/out.sarif";
  auto r = RunCli({"--diagnostics", "sarif", "--diagnostics-output", sarif,
                   "samples/invalid/misspelled-type.xml", "samples/invalid/unknown-attribute.xml"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("TS2001") == std::string::npos);  // in the file, not on stderr
  std::string report = ReadText(sarif);
  CHECK(report.find("\"version\": \"2.1.0\"") != std::string::npos);
  CHECK(report.find("\"ruleId\": \"TS2001\"") != std::string::npos);
  CHECK(report.find("\"ruleId\": \"TS2003\"") != std::string::npos);
  auto junit = RunCli({"--diagnostics", "junit", "samples/invalid/misspelled-type.xml"});
  CHECK(junit.err.find("<testsuite") != std::string::npos);
}

TEST_CASE("diagnostics are coloured on a terminal with --color auto, never with --color never") {
  // Whether stderr took escape sequences, run as from a terminal or not.
  auto coloured = [](const std::string& color, bool terminal) {
    std::ostringstream out, err;
    tsimport::cli::Run({"tsimport", "--color", color, "samples/invalid/misspelled-type.xml"},
                       tsimport::cli::Io{out, err, false, terminal});
    return err.str().find("\033[") != std::string::npos;
  };
  if (std::getenv("NO_COLOR") == nullptr) CHECK(coloured("auto", true));
  CHECK_FALSE(coloured("auto", false));
  CHECK_FALSE(coloured("never", true));
  CHECK_FALSE(coloured("never", false));
  CHECK(coloured("always", false));
}

TEST_CASE("the JUnit report counts failures at the --fail-on threshold, as the exit code does") {
  const std::string bad = "samples/invalid/misspelled-type.xml";  // an import error (TS2001)
  TempDir dir;
  const std::string info = dir.Write(  // an info only (an empty group)
      "info.xml", "<sequence version=\"3.10\"><group name=\"G\"/></sequence>\n");
  auto suites = [](const std::string& failures) {
    return "<testsuites name=\"tsimport\" tests=\"1\" failures=\"" + failures + "\" errors=\"0\">";
  };
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    const char* failures;
  };
  for (const Case& c : {Case{{bad}, 1, "1"}, Case{{"--fail-on", "never", bad}, 0, "0"},
                        Case{{info}, 0, "0"}, Case{{"--fail-on", "info", info}, 1, "1"}}) {
    std::vector<std::string> args = {"--diagnostics", "junit"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = RunCli(args);
    INFO(r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK(r.err.find(suites(c.failures)) != std::string::npos);
  }
}

TEST_CASE("a baseline accepts the findings it records, and only those") {
  TempDir dir;
  std::string baseline = dir.path + "/baseline.json";
  std::string input = dir.Write("ts.xml", ReadText("samples/invalid/many-problems.xml"));
  auto write = RunCli({"--write-baseline", baseline, input});
  CHECK(write.exit_code == 0);  // adopting: the findings are accepted
  auto again = RunCli({"--baseline", baseline, input});
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("[TS") == std::string::npos);
  // A new problem elsewhere in the file is still reported.
  std::string text = ReadText(input);
  text.replace(text.find("</sequence>"), 11,
               "<group name=\"New\" description=\"\" disable=\"perhaps\"/></sequence>");
  std::ofstream(input) << text;
  auto changed = RunCli({"--baseline", baseline, "--diagnostics", "gcc", input});
  CHECK(changed.exit_code == 1);
  CHECK(changed.err.find("error: disable='perhaps' is not a Boolean (true or false) [TS2005]") !=
        std::string::npos);
  CHECK(changed.err.find("[TS2001]") == std::string::npos);
  auto missing = RunCli({"--baseline", dir.path + "/none.json", input});
  CHECK(missing.exit_code == 2);
}

namespace {
std::vector<std::uint64_t> g_prepared;  // what the runner told the allocator, in order
void RecordPrepared(std::uint64_t largest) { g_prepared.push_back(largest); }
}  // namespace

TEST_CASE("cli: the allocator is told the largest input once, before any is read") {
  // The heap takes huge pages for a large input (src/cli/allocator.h): it must hear of the
  // largest input of the run, whatever the number of jobs, once.
  tsimport::test::TempDir dir;
  const std::string small = ReadText("samples/win11-deploy.xml");
  REQUIRE(!small.empty());
  std::string large = small;
  large.insert(large.rfind("</sequence>"), std::string(20000, ' '));
  const std::string a = dir.Write("a.xml", small);
  const std::string b = dir.Write("b.xml", large);
  for (const std::string jobs : {"1", "2"}) {
    INFO("-j " << jobs);
    g_prepared.clear();
    std::ostringstream out;
    std::ostringstream err;
    tsimport::cli::Io io{out, err, false, false, &RecordPrepared};
    CHECK(tsimport::cli::Run({"tsimport", "-j", jobs, "-f", "none", a, b}, io) == 0);
    CHECK(g_prepared == std::vector<std::uint64_t>{large.size()});
  }
  // An input that cannot be sized (a missing file; standard input): 0.
  g_prepared.clear();
  std::ostringstream out;
  std::ostringstream err;
  tsimport::cli::Io io{out, err, false, false, &RecordPrepared};
  CHECK(tsimport::cli::Run({"tsimport", "-f", "none", dir.path + "/missing.xml"}, io) == 5);
  CHECK(g_prepared == std::vector<std::uint64_t>{0});
}
