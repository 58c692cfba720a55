// Behaviours a user notices that a planted one-line bug broke without any test failing (issue
// #22's mutation run): each case here fails with that bug planted. The others of the nine are
// in boundary_test.cpp (a value at the top of its ValueRange, an empty value of a property with
// a list of values, --write-baseline and exits 3, 4 and 5), leak_test.cpp (/pwd:, <globalVarList>
// with --redact) and hostile_test.cpp (overlong 3- and 4-byte UTF-8).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_util.h"

using namespace tsimport;
using tsimport::test::ImportString;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

std::string RunStep(const std::string& condition) {
  return "<sequence version=\"3.10\">\n  <step type=\"SMS_TaskSequence_RunCommandLineAction\" "
         "name=\"Run\" description=\"\" runIn=\"WinPEandFullOS\">\n    <condition>\n" +
         condition +
         "    </condition>\n    <action>smsswd.exe /run: a.exe</action>\n    <defaultVarList>\n"
         "      <variable name=\"CommandLine\" property=\"CommandLine\">a.exe</variable>\n"
         "    </defaultVarList>\n  </step>\n</sequence>\n";
}

std::string Expr(const std::string& variable, const std::string& op, const std::string& value) {
  return "      <expression type=\"SMS_TaskSequence_VariableConditionExpression\">\n"
         "        <variable name=\"Operator\">" + op + "</variable>\n"
         "        <variable name=\"Value\">" + value + "</variable>\n"
         "        <variable name=\"Variable\">" + variable + "</variable>\n"
         "      </expression>\n";
}

/// The lint findings (rule and message) of an import.
std::vector<std::string> Findings(const ImportResult& r, const std::string& rule) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.rule == rule) out.push_back(d.message);
  }
  return out;
}

}  // namespace

TEST_CASE("behaviours: X equals A and X notEquals A never holds, X equals A and X notEquals B may") {
  const auto never = Findings(
      ImportString(RunStep(Expr("Ring", "equals", "Pilot") + Expr("Ring", "notEquals", "Pilot"))),
      "TS7004");
  CHECK(never == std::vector<std::string>{
                     "the condition of step 'Run' can never hold (Ring equals \"Pilot\" and Ring "
                     "notEquals \"Pilot\" cannot both hold): the step never runs"});
  // The same pair the other way round.
  CHECK(Findings(ImportString(RunStep(Expr("Ring", "notEquals", "Pilot") +
                                      Expr("Ring", "equals", "Pilot"))),
                 "TS7004")
            .size() == 1);
  // Harmless pairs: another value, another variable, notEquals twice.
  for (const std::string& pair :
       {Expr("Ring", "equals", "Pilot") + Expr("Ring", "notEquals", "Broad"),
        Expr("Ring", "equals", "Pilot") + Expr("Wave", "notEquals", "Pilot"),
        Expr("Ring", "notEquals", "Pilot") + Expr("Ring", "notEquals", "Broad")}) {
    INFO(pair);
    const ImportResult r = ImportString(RunStep(pair));
    CHECK(Findings(r, "TS7004").empty());
    CHECK(Findings(r, "TS7005").empty());
  }
}

TEST_CASE("behaviours: a sequence marked MDT only by its name or description is checked as MDT") {
  // An MDT step class under a sequence with MDT's name or description attribute alone: MDT, no
  // unknown-class error; without either, ConfigMgr's rules hold.
  const std::string step =
      "  <step type=\"BDD_Gather\" name=\"Gather\" description=\"\" runIn=\"WinPEandFullOS\">\n"
      "    <action>cscript.exe \"%SCRIPTROOT%\\ZTIGather.wsf\"</action>\n  </step>\n";
  for (const std::string& attributes :
       {std::string(" description=\"Server build\""), std::string(" name=\"Server\"")}) {
    INFO(attributes);
    const ImportResult r =
        ImportString("<sequence version=\"3.00\"" + attributes + ">\n" + step + "</sequence>\n");
    REQUIRE(r.task_sequence);
    CHECK(r.task_sequence->dialect == Dialect::kMdt);
    CHECK(r.hresult == 0);
    CHECK(r.Count(Severity::kError) == 0);
  }
  const ImportResult plain = ImportString("<sequence version=\"3.00\">\n" + step + "</sequence>\n");
  REQUIRE(plain.task_sequence);
  CHECK(plain.task_sequence->dialect == Dialect::kConfigMgr);
  // And what the user sees with -v.
  TempDir dir;
  const std::string file = dir.Write(
      "described.xml", "<sequence version=\"3.00\" description=\"d\">\n" + step + "</sequence>\n");
  auto cli = RunCli({"-f", "none", "-v", file});
  CHECK(cli.exit_code == 0);
  CHECK(cli.err.find(file + ": shape sequence, encoding UTF-8, dialect mdt\n") != std::string::npos);
}

TEST_CASE("behaviours: an export zip's object.xml is found whatever its case") {
  const std::string object =
      "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n<PROPERTY NAME=\"Sequence\" "
      "TYPE=\"string\"><VALUE>&lt;sequence version=\"3.10\"&gt;&lt;group name=\"G\" "
      "description=\"\"/&gt;&lt;/sequence&gt;</VALUE></PROPERTY>\n</INSTANCE>\n";
  for (const char* member : {"object.xml", "Object.xml", "OBJECT.XML"}) {
    INFO(member);
    const std::string zip = tsimport::test::MakeZip(
        {{std::string("SMS_TaskSequencePackage/PS100001/") + member, object}});
    ImportOptions options;
    const auto results = Import(zip, "export.zip", options);
    REQUIRE(results.size() == 1);
    CHECK(results[0].exit_code == ExitCode::kOk);
    CHECK(results[0].task_sequence.has_value());
    CHECK(results[0].shape == "zip");
  }
}
