// Diagnostics for CI: every format over samples/invalid and samples/lint (golden files in
// samples/lint/reports/), GitHub and Azure escaping, SARIF validated against the official
// SARIF 2.1.0 schema, suppression and baselines.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using namespace tsimport;
using tsimport::test::CompareOrUpdate;
using tsimport::test::ImportString;
using tsimport::test::ReadText;

namespace {

std::vector<std::string> SamplesIn(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".xml") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<ImportResult> ImportAll(const std::string& dir) {
  std::vector<ImportResult> all;
  for (const auto& path : SamplesIn(dir)) {
    for (auto& r : Import(ReadText(path), path, ImportOptions{})) all.push_back(std::move(r));
  }
  return all;
}

std::vector<const ImportResult*> Pointers(const std::vector<ImportResult>& results) {
  std::vector<const ImportResult*> out;
  for (const auto& r : results) out.push_back(&r);
  return out;
}

ReportOptions GoldenOptions() {
  ReportOptions o;
  o.tool_version = "0.0.0-golden";
  o.help_base_uri = "https://example.invalid/tsimport/docs/rules/";
  o.information_uri = "https://example.invalid/tsimport";
  return o;
}

Diagnostic Diag(const std::string& file, std::uint32_t line, std::uint32_t col,
                const std::string& message, Severity severity = Severity::kError,
                const std::string& rule = "TS2001") {
  Diagnostic d;
  d.rule = rule;
  d.severity = severity;
  d.file = file;
  d.loc = {line, col};
  d.message = message;
  return d;
}

/// Runs tests/validate_sarif.sh on a file: 0 valid, 1 invalid, 77 no validator.
int ValidateSarif(const std::string& path, std::string& output) {
  std::string command = "sh tests/validate_sarif.sh '" + path + "' 2>&1";
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("diagnostics formats: names") {
  for (const char* name :
       {"human", "gcc", "json", "sarif", "github", "azure", "junit", "checkstyle"}) {
    auto f = ParseDiagnosticsFormat(name);
    REQUIRE(f.has_value());
    CHECK(std::string(DiagnosticsFormatName(*f)) == name);
  }
  CHECK_FALSE(ParseDiagnosticsFormat("xml").has_value());
}

TEST_CASE("github: workflow commands with GitHub's escaping") {
  CHECK(FormatDiagnosticGithub(Diag("samples/a.xml", 3, 11, "100% sure\r\nnext")) ==
        "::error file=samples/a.xml,line=3,col=11,title=TS2001::100%25 sure%0D%0Anext");
  CHECK(FormatDiagnosticGithub(Diag("dir,x/a:b.xml", 0, 0, "m", Severity::kWarning)) ==
        "::warning file=dir%2Cx/a%3Ab.xml,title=TS2001::m");
  CHECK(FormatDiagnosticGithub(Diag("a.xml", 2, 0, "m", Severity::kInfo)) ==
        "::notice file=a.xml,line=2,title=TS2001::m");
  // A zip member: the annotation goes to the zip, the message names the member and place.
  CHECK(FormatDiagnosticGithub(
            Diag("ex/export.zip!SMS_TaskSequencePackage/PS100136/object.xml", 12, 5, "bad")) ==
        "::error file=ex/export.zip,title=TS2001::bad (in "
        "SMS_TaskSequencePackage/PS100136/object.xml:12:5)");
  // Absolute paths under the source root become relative; step paths are in the message.
  ReportOptions o;
  o.source_root = "/repo/";
  Diagnostic d = Diag("/repo/ts/a.xml", 1, 2, "m");
  d.step_path = "Install/Apply OS";
  d.step = 4;
  CHECK(FormatDiagnosticGithub(d, o) ==
        "::error file=ts/a.xml,line=1,col=2,title=TS2001::m [step 4: Install/Apply OS]");
}

TEST_CASE("azure: logging commands with Azure's escaping") {
  CHECK(FormatDiagnosticAzure(Diag("a;b]c.xml", 3, 11, "50% done\nnext")) ==
        "##vso[task.logissue "
        "type=error;sourcepath=a%3Bb%5Dc.xml;linenumber=3;columnnumber=11;code=TS2001]50%AZP25 "
        "done%0Anext");
  CHECK(FormatDiagnosticAzure(Diag("a.xml", 0, 0, "m", Severity::kWarning)) ==
        "##vso[task.logissue type=warning;sourcepath=a.xml;code=TS2001]m");
  // Azure has no info issues: a plain line, in which no logging command can hide.
  CHECK(FormatDiagnosticAzure(
            Diag("a.xml", 1, 1, "name ##vso[task.setvariable variable=x]y", Severity::kInfo)) ==
        "a.xml:1:1: info: name ##vso%5Btask.setvariable variable=x]y [TS2001]");
}

TEST_CASE("golden: every format over samples/invalid and samples/lint") {
  const std::vector<std::pair<DiagnosticsFormat, const char*>> formats = {
      {DiagnosticsFormat::kGcc, "gcc.txt"},
      {DiagnosticsFormat::kJson, "json"},
      {DiagnosticsFormat::kSarif, "sarif"},
      {DiagnosticsFormat::kGithub, "github.txt"},
      {DiagnosticsFormat::kAzure, "azure.txt"},
      {DiagnosticsFormat::kJunit, "junit.xml"},
      {DiagnosticsFormat::kCheckstyle, "checkstyle.xml"}};
  for (const char* set : {"invalid", "lint"}) {
    auto results = ImportAll(std::string("samples/") + set);
    REQUIRE(results.size() >= 20);
    for (const auto& [format, ext] : formats) {
      INFO(set << " " << ext);
      std::string out = WriteDiagnosticsReport(format, Pointers(results), GoldenOptions());
      CompareOrUpdate(std::string("samples/lint/reports/") + set + "." + ext, out);
    }
  }
}

TEST_CASE("json: one document for the run") {
  auto results = ImportAll("samples/lint");
  auto j = nlohmann::json::parse(
      WriteDiagnosticsReport(DiagnosticsFormat::kJson, Pointers(results), GoldenOptions()));
  CHECK(j["Tool"]["Name"] == "tsimport");
  CHECK(j["Inputs"].size() == results.size());
  std::size_t errors = 0;
  for (const auto& r : results) errors += r.Count(Severity::kError);
  CHECK(j["Totals"]["Errors"] == errors);
  // Lint errors carry no HResult.
  for (const auto& in : j["Inputs"]) {
    for (const auto& d : in["Diagnostics"]) {
      if (d["RuleId"].get<std::string>() >= "TS3") CHECK_FALSE(d.contains("HResult"));
      CHECK(d["Fingerprint"].get<std::string>().size() == 16);
    }
  }
}

TEST_CASE("sarif: one run, every rule with help, results with places") {
  auto results = ImportAll("samples/invalid");
  auto j = nlohmann::json::parse(
      WriteDiagnosticsReport(DiagnosticsFormat::kSarif, Pointers(results), GoldenOptions()));
  CHECK(j["version"] == "2.1.0");
  REQUIRE(j["runs"].size() == 1);
  const auto& run = j["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  CHECK(rules.size() == Rules().size());
  for (const auto& rule : rules) {
    CHECK(rule["helpUri"].get<std::string>() ==
          "https://example.invalid/tsimport/docs/rules/" + rule["id"].get<std::string>() + ".md");
    CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
    CHECK(rule["defaultConfiguration"].contains("level"));
    CHECK(rule["properties"]["tags"].size() <= 20);
  }
  std::size_t n = 0;
  for (const auto& r : results) n += r.diagnostics.size();
  CHECK(run["results"].size() == n);
  for (const auto& res : run["results"]) {
    const auto& loc = res["locations"][0]["physicalLocation"];
    CHECK(loc["artifactLocation"]["uri"].get<std::string>().rfind("samples/invalid/", 0) == 0);
    CHECK(loc["region"]["startLine"].get<int>() >= 1);
    CHECK(rules[res["ruleIndex"].get<std::size_t>()]["id"] == res["ruleId"]);
  }
}

TEST_CASE("sarif: results are capped at GitHub's limit, the most severe kept") {
  ImportResult r;
  r.input = "a.xml";
  r.diagnostics = {Diag("a.xml", 1, 1, "w", Severity::kWarning, "TS2003"), Diag("a.xml", 2, 1, "e"),
                   Diag("a.xml", 3, 1, "i", Severity::kInfo, "TS7003")};
  ReportOptions o = GoldenOptions();
  o.max_results = 2;
  auto j = nlohmann::json::parse(WriteDiagnosticsReport(DiagnosticsFormat::kSarif, {&r}, o));
  const auto& run = j["runs"][0];
  REQUIRE(run["results"].size() == 2);
  CHECK(run["results"][0]["level"] == "error");
  CHECK(run["results"][1]["level"] == "warning");
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
            .get<std::string>()
            .find("1 results were left out") == 0);
}

TEST_CASE(
    "sarif: the output of every invalid and lint sample validates against the SARIF 2.1.0 schema") {
  for (const char* set : {"invalid", "lint"}) {
    auto results = ImportAll(std::string("samples/") + set);
    fs::path tmp = fs::temp_directory_path() /
                   ("tsimport-" + std::string(set) + "-" + std::to_string(::getpid()) + ".sarif");
    std::ofstream(tmp, std::ios::binary)
        << WriteDiagnosticsReport(DiagnosticsFormat::kSarif, Pointers(results), ReportOptions{});
    std::string output;
    int rc = ValidateSarif(tmp.string(), output);
    fs::remove(tmp);
    if (rc == 77) {
      if (tsimport::test::InCi())
        FAIL("the SARIF validator is not installed, and CI must have it: " << output);
      WARN("skipped: " << output);
      return;
    }
    INFO(output);
    CHECK(rc == 0);
  }
}

TEST_CASE(
    "junit: one test case per task sequence, failures at the threshold, errors for unreadable "
    "inputs") {
  ImportResult ok = ImportString("<sequence version=\"3.10\"/>");
  ok.input = "ok.xml";
  ImportResult bad =
      ImportString("<sequence version=\"3.10\"><step type=\"X\" name=\"S\"/></sequence>");
  bad.input = "bad.xml";
  ImportResult broken = ImportString("<sequence");
  broken.input = "broken<&>.xml";
  ImportResult warned = ImportString("<sequence version=\"3.10\"><group name=\"G\"/></sequence>");
  warned.input = "warned.xml";
  std::string out = WriteDiagnosticsReport(DiagnosticsFormat::kJunit, {&ok, &bad, &broken, &warned},
                                           ReportOptions{});
  CHECK(out.find("<testsuites name=\"tsimport\" tests=\"4\" failures=\"1\" errors=\"1\">") !=
        std::string::npos);
  CHECK(out.find("<testcase name=\"ok.xml\" classname=\"tsimport\">\n    </testcase>") !=
        std::string::npos);
  CHECK(out.find("<failure message=\"1 error, 0 warnings, 0 infos; ImportSequence would return "
                 "0x80041010\" type=\"TS2001\">") != std::string::npos);
  CHECK(out.find("<testcase name=\"broken&lt;&amp;&gt;.xml\"") != std::string::npos);
  CHECK(out.find("<error message=") != std::string::npos);
  CHECK(out.find("<system-out>test.xml:1:26: info: group 'G' is empty") != std::string::npos);
  ReportOptions strict;
  strict.fail_on = Severity::kInfo;
  CHECK(
      WriteDiagnosticsReport(DiagnosticsFormat::kJunit, {&warned}, strict).find("failures=\"1\"") !=
      std::string::npos);
}

TEST_CASE("xml formats: messages with control characters and bad UTF-8 stay well-formed") {
  ImportResult r;
  r.input = "a.xml";
  r.diagnostics = {Diag("a.xml", 1, 1, std::string("bell\x07 bad\xC3\x28 \"quoted\" <tag>"))};
  std::string cs = WriteDiagnosticsReport(DiagnosticsFormat::kCheckstyle, {&r}, ReportOptions{});
  CHECK(cs.find("message=\"bell\xEF\xBF\xBD bad\xEF\xBF\xBD( &quot;quoted&quot; &lt;tag&gt;\"") !=
        std::string::npos);
}

TEST_CASE("suppression: ignores and severity overrides, then Finalize, input failures stay") {
  ImportResult r = ImportString(
      "<sequence version=\"3.10\"><group name=\"G\"/><step type=\"X\" name=\"S\"/></sequence>");
  REQUIRE(r.hresult == 0x80041010);
  Suppressions s;
  s.ignore = {"TS2001"};
  s.severity["TS7001"] = Severity::kError;
  CHECK(ApplySuppressions(r, s) == 1);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].rule == "TS7001");
  CHECK(r.diagnostics[0].severity == Severity::kError);
  CHECK(r.hresult == 0x80041010);  // ReturnValue describes the import, not the reporting
  CHECK(r.exit_code == ExitCode::kFindings);
  s.severity["TS7001"] = Severity::kInfo;
  ApplySuppressions(r, s);
  CHECK(r.exit_code == ExitCode::kOk);

  ImportResult broken = ImportString("<sequence");
  Suppressions all;
  all.ignore = {"TS1004"};
  all.severity["TS1004"] = Severity::kInfo;
  CHECK(ApplySuppressions(broken, all) == 0);
  CHECK(broken.exit_code == ExitCode::kNotTaskSequence);
}

TEST_CASE("baseline: fingerprints survive unrelated edits, only new findings remain") {
  std::string before =
      "<sequence version=\"3.10\">\n<group name=\"A\"/>\n<group name=\"B\"><step type=\"X\" "
      "name=\"S\"/></group>\n</sequence>\n";
  std::string after =
      "<sequence version=\"3.10\">\n\n\n<group name=\"A\"/>\n<group name=\"C\"/>\n<group "
      "name=\"B\"><step type=\"X\" name=\"S\"/></group>\n</sequence>\n";
  ImportResult old_r = ImportString(before);
  ImportResult new_r = ImportString(after);
  REQUIRE(old_r.diagnostics.size() == 2);
  REQUIRE(new_r.diagnostics.size() == 3);
  CHECK(Fingerprint(old_r.diagnostics[0]) ==
        Fingerprint(new_r.diagnostics[0]));  // moved down: same finding
  std::string text = WriteBaseline({&old_r});
  auto j = nlohmann::json::parse(text);
  CHECK(j["version"] == 1);
  CHECK(j["findings"].size() == 2);
  std::string error;
  auto baseline = ParseBaseline(text, error);
  REQUIRE(baseline.has_value());
  CHECK(ApplyBaseline({&new_r}, *baseline) == 2);
  REQUIRE(new_r.diagnostics.size() == 1);
  CHECK(new_r.diagnostics[0].message == "group 'C' is empty: it holds no step");
  CHECK(new_r.hresult == 0x80041010);  // ReturnValue stays; the exit code follows what is left
  CHECK(new_r.exit_code == ExitCode::kOk);
  CHECK_FALSE(ParseBaseline("{}", error).has_value());
  CHECK(error == "not a tsimport baseline (no \"findings\" array)");
  CHECK_FALSE(ParseBaseline("nope", error).has_value());
}

TEST_CASE("baseline: numbers in messages are blanked, IDs are kept, counts are honoured") {
  Diagnostic a = Diag("a.xml", 5, 1, "Name is 55 characters; package PS100088 on line 12");
  Diagnostic b = Diag("a.xml", 9, 3, "Name is 57 characters; package PS100088 on line 14");
  Diagnostic c = Diag("a.xml", 9, 3, "Name is 57 characters; package PS100089 on line 14");
  CHECK(Fingerprint(a) == Fingerprint(b));
  CHECK(Fingerprint(a) != Fingerprint(c));
  ImportResult r;
  r.input = "a.xml";
  r.diagnostics = {a, b};
  Baseline one;
  one.counts[Fingerprint(a)] = 1;
  CHECK(ApplyBaseline({&r}, one) == 1);
  CHECK(r.diagnostics.size() == 1);  // the second occurrence is new
}

TEST_CASE("gcc and human: a finding is one line, whatever its message quotes") {
  // A value or a step name holding a line break (written as &#10;) is quoted in the message:
  // the gcc line and the human header stay one line each, and nothing in them can drive the
  // terminal.
  const std::string xml =
      "<sequence version=\"3.10\"><step type=\"SMS_TaskSequence_RebootAction\" name=\"R&#10;x\" "
      "runIn=\"WinPEandFullOS\"><action>smsboot.exe /target:WinPE</action><defaultVarList>"
      "<variable name=\"SMSRebootTarget\" property=\"Target\">Hd&#13;&#10;WinPE2</variable>"
      "</defaultVarList></step></sequence>";
  ImportResult r = ImportString(xml);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(FormatDiagnosticGcc(r.diagnostics[0]) ==
        "test.xml:1:165: warning: SMS_TaskSequence_RebootAction.Target is 'Hd WinPE2', not one "
        "of HD or WinPE (documented in prose, not by a qualifier: a newer ConfigMgr may accept "
        "it) [TS2010]");
  const std::string human = FormatDiagnosticsHuman(r.diagnostics, xml, HumanStyle{});
  CHECK(human.find("warning[TS2010]: SMS_TaskSequence_RebootAction.Target is 'Hd WinPE2', not") !=
        std::string::npos);
  CHECK(human.find("  = step: R x (smsts.log instruction 0)\n") != std::string::npos);
  // A not-well-formed document quoted as it is: its control characters are shown as '?'.
  const std::string bad = "<sequence version=\"3.10\">\x1b[2J<step</sequence>";
  ImportResult b = ImportString(bad);
  REQUIRE_FALSE(b.diagnostics.empty());
  const std::string quoted = FormatDiagnosticsHuman(b.diagnostics, bad, HumanStyle{});
  CHECK(quoted.find('\x1b') == std::string::npos);
  CHECK(quoted.find("<sequence version=\"3.10\">?[2J<step</sequence>") != std::string::npos);
}
