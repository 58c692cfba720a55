// The lint rules (TS3xxx limits, TS4xxx references, TS5xxx secrets, TS7xxx hygiene): each hit
// and missed, with whole diagnostic lines; lint findings never set ReturnValue; the external
// dependencies; and the golden diagnostics of samples/lint.
#include "check/lint.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_util.h"
#include "tsimport/write.h"

using namespace tsimport;
using Lines = std::vector<std::string>;
using tsimport::test::DiagnosticLines;
using tsimport::test::ImportString;
using tsimport::test::ReadText;

namespace {

/// The lint findings (TS3xxx and up) of an import, as gcc-style lines.
Lines LintLines(const ImportResult& r) {
  Lines out;
  for (const auto& d : r.diagnostics) {
    if (d.rule >= "TS3") out.push_back(FormatDiagnosticGcc(d));
  }
  return out;
}

Lines Lint(const std::string& xml, Target target = Target::kAuto) {
  return LintLines(ImportString(xml, target));
}

/// A ConfigMgr sequence with one group around `body` (line 3 onwards).
std::string Seq(const std::string& body, const std::string& refs = "") {
  return "<sequence version=\"3.10\">\n" + refs + "<group name=\"G\" description=\"\">\n" + body +
         "</group>\n</sequence>\n";
}

std::string SetVar(const std::string& name, const std::string& value, const std::string& extra = "",
                   const std::string& step_name = "Set", bool masked = false) {
  return "<step type=\"SMS_TaskSequence_SetVariableAction\" name=\"" + step_name +
         "\" description=\"\"" + extra + "><defaultVarList>" +
         (masked ? "<variable name=\"DoNotShowVariableValue\" "
                   "property=\"DoNotShowVariableValue\">true</variable>"
                 : "") +
         "<variable name=\"VariableName\" property=\"VariableName\">" + name +
         "</variable>"
         "<variable name=\"VariableValue\" property=\"VariableValue\">" +
         value +
         "</variable>"
         "</defaultVarList></step>\n";
}

std::string Run(const std::string& vars, const std::string& extra = "",
                const std::string& inner = "", const std::string& name = "Run") {
  return "<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"" + name +
         "\" description=\"\"" + extra + ">" + inner +
         "<defaultVarList><variable name=\"CommandLine\" "
         "property=\"CommandLine\">cmd.exe</variable>" +
         vars + "</defaultVarList></step>\n";
}

std::string Dyn(const std::string& name, const std::string& secret, const std::string& value) {
  return "<step type=\"SMS_TaskSequence_SetDynamicVariablesAction\" name=\"Dyn\" "
         "description=\"\"><defaultVarList>"
         "<variable name=\"OSDSetDynamicVariablesRules\" "
         "property=\"Rules\">&lt;Rules&gt;&lt;Rule&gt;&lt;Variables&gt;"
         "&lt;Variable Name=\"" +
         name + "\" IsSecret=\"" + secret + "\"&gt;" + value +
         "&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable></"
         "defaultVarList></step>\n";
}

std::string Join(const std::string& password_var, const std::string& extra = "") {
  return "<step type=\"SMS_TaskSequence_JoinDomainWorkgroupAction\" name=\"Join\" "
         "description=\"\"" +
         extra +
         "><defaultVarList>"
         "<variable name=\"OSDJoinDomainName\" property=\"DomainName\">contoso.com</variable>"
         "<variable name=\"OSDJoinAccount\" property=\"DomainUsername\">CONTOSO\\join</variable>" +
         password_var +
         "<variable name=\"OSDJoinType\" property=\"Type\">0</variable></defaultVarList></step>\n";
}

std::string VarExpr(const std::string& variable, const std::string& op, const std::string& value) {
  return "<expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable "
         "name=\"Operator\">" +
         op + "</variable>" +
         (value.empty() ? "" : "<variable name=\"Value\">" + value + "</variable>") +
         "<variable name=\"Variable\">" + variable + "</variable></expression>";
}

std::string Cond(const std::string& inner) { return "<condition>" + inner + "</condition>"; }

}  // namespace

// --- TS3xxx -----------------------------------------------------------------------------------

TEST_CASE("TS3001: a name over the console's 50 characters, not for MDT, not over 100") {
  std::string name51(51, 'n');
  CHECK(Lint(Seq(SetVar("A", "1", "", name51))) ==
        Lines{"test.xml:3:49: warning: Name is 51 characters; the task sequence editor allows 50 "
              "(ImportSequence accepts up to 100) [TS3001]"});
  CHECK(Lint(Seq(SetVar("A", "1", "", std::string(50, 'n')))).empty());
  CHECK(Lint(Seq(SetVar("A", "1", "", std::string(101, 'n')))).empty());  // TS2008's error instead
  std::string mdt =
      "<sequence version=\"3.00\" name=\"MDT\">\n<group name=\"G\" expand=\"true\">\n" +
      SetVar("A", "1", "", name51) + "</group>\n</sequence>\n";
  CHECK(Lint(mdt).empty());
}

TEST_CASE("TS3002, TS3003, TS3004: names of the variables steps set") {
  CHECK(
      Lint(Seq(SetVar("My Var", "1"))) ==
      Lines{"test.xml:3:91: warning: Set Task Sequence Variable 'Set' sets 'My Var', which is not "
            "a task sequence "
            "variable name: names are 1 to 256 letters, digits, underscores and hyphens [TS3002]"});
  CHECK(Lint(Seq(Run("<variable name=\"SMSTSRunCommandLineOutputVariableName\" "
                     "property=\"OutputVariableName\">Out.Put</variable>"))) ==
        Lines{"test.xml:3:164: warning: Run Command Line 'Run' saves its output in 'Out.Put', "
              "which is not a task "
              "sequence variable name: names are 1 to 256 letters, digits, underscores and hyphens "
              "[TS3002]"});
  CHECK(
      Lint(Seq(Dyn("Bad Name", "false", "1"))) ==
      Lines{"test.xml:3:216: warning: Set Dynamic Variables 'Dyn' sets 'Bad Name', which is not a "
            "task sequence "
            "variable name: names are 1 to 256 letters, digits, underscores and hyphens [TS3002]"});
  CHECK(Lint(Seq(SetVar("2ndPass", "1"))) ==
        Lines{"test.xml:3:91: info: Set Task Sequence Variable 'Set' sets '2ndPass', which does "
              "not begin with a "
              "letter as Microsoft documents variable names [TS3003]"});
  CHECK(Lint(Seq(SetVar("_SMSTSLogPath", "C:\\"))) ==
        Lines{"test.xml:3:91: warning: Set Task Sequence Variable 'Set' sets '_SMSTSLogPath', "
              "which begins with an "
              "underscore: such variables are read-only built-in variables that a task sequence "
              "cannot change [TS3004]"});
  // Misses: valid names, settable underscore names, names only known at run time.
  CHECK(
      Lint(Seq(SetVar("OSD-Computer_Name2", "1") + SetVar("_SMSTSOrgName", "Contoso", "", "Set2") +
               SetVar("%Prefix%Name", "1", "", "Set3")))
          .empty());
}

TEST_CASE("TS3005: a variable value over 4,000 characters") {
  CHECK(Lint(Seq(Dyn("Long", "false", std::string(4001, 'a')))) ==
        Lines{"test.xml:3:216: warning: the value set for Long is 4001 characters; a task sequence "
              "variable holds at most 4,000 [TS3005]"});
  CHECK(Lint(Seq(Dyn("Long", "false", std::string(4000, 'a')))).empty());
  CHECK(Lint(Seq(SetVar("Long", std::string(4001, 'a')))) ==
        Lines{"test.xml:3:160: warning: the value set for Long is 4001 characters; a task sequence "
              "variable holds at most 4,000 [TS3005]"});
}

TEST_CASE("TS3006, TS3007: the size of the stored sequence, naming the heaviest steps") {
  auto script = [](std::size_t n) {
    return "<step type=\"SMS_TaskSequence_RunPowerShellScriptAction\" name=\"Big Script\" "
           "description=\"\"><defaultVarList>"
           "<variable name=\"OSDRunPowerShellScriptSourceScript\" property=\"SourceScript\">" +
           std::string(n, 'A') +
           "</variable><variable name=\"OSDRunPowerShellScriptExecutionPolicy\" "
           "property=\"ExecutionPolicy\">Bypass</variable>"
           "<variable name=\"OSDRunPowerShellScriptParameters\" property=\"Parameters\"></variable>"
           "</defaultVarList></step>\n";
  };
  ImportResult near = ImportString(Seq(script(800000)));
  REQUIRE(LintLines(near).size() == 1);
  CHECK(LintLines(near)[0] ==
        "test.xml:1:1: warning: the sequence is about 1.53 MB (1,600,946 bytes of UTF-16 XML, an "
        "estimate of what "
        "ConfigMgr stores), near the 2 MB limit above which ConfigMgr refuses to import or save "
        "it; heaviest steps: "
        "'G/Big Script' 1.53 MB (SourceScript 1.53 MB); 'G' 1 KB [TS3006]");
  CHECK(near.hresult == 0);
  ImportResult over = ImportString(Seq(script(1100000)));
  REQUIRE(LintLines(over).size() == 1);
  CHECK(LintLines(over)[0].find("error: the sequence is about 2.10 MB") != std::string::npos);
  CHECK(LintLines(over)[0].find("over the 2 MB limit") != std::string::npos);
  CHECK(LintLines(over)[0].find("[TS3007]") != std::string::npos);
  // A lint error fails the run (exit 1 at --fail-on error) but ImportSequence would return 0.
  CHECK(over.hresult == 0);
  CHECK(over.ReturnValue() == 0);
  CHECK(over.exit_code == ExitCode::kFindings);
  CHECK(Lint(Seq(script(700000))).empty());
  // Markup characters count as the references that store them: '<' and '>' as &lt; and &gt;
  // (3 UTF-16 units more each), '&' as &amp; (4 more).
  const auto estimate = [](const std::string& name) {
    ImportResult r = ImportString("<sequence version=\"3.10\"><group name=\"" + name +
                                  "\" description=\"\"/></sequence>");
    REQUIRE(r.task_sequence);
    return detail::EstimateStoredSize(*r.task_sequence);
  };
  CHECK(estimate("a&lt;b&gt;c&amp;d") - estimate("aXbXcXd") == 2 * (3 + 3 + 4));
  // The estimate: UTF-16 of the XML without indentation.
  ImportResult small = ImportString("<sequence version=\"3.10\"/>");
  CHECK(detail::EstimateStoredSize(*small.task_sequence) ==
        2 * std::string("<sequence version=\"3.10\"></sequence>").size());
}

TEST_CASE("TS3006: the stored size is at most 12 bytes for each byte of the text, so small texts "
          "are not measured") {
  auto ratio = [](const ImportResult& r) {
    REQUIRE(r.task_sequence);
    REQUIRE(r.task_sequence->text_bytes > 0);
    return static_cast<double>(detail::EstimateStoredSize(*r.task_sequence)) /
           static_cast<double>(r.task_sequence->text_bytes);
  };
  // The worst cases: a '"' in a value quoted with '\'' (6 code units), a '<' or '>' in CDATA
  // or text (4), a self-closing element (written with an end tag).
  const std::string quotes(4000, '"');
  const double worst = ratio(ImportString(
      "<sequence version='3.10'><step type='SMS_TaskSequence_RunCommandLineAction' name='" +
      quotes + "' description='" + quotes + "'/></sequence>"));
  CHECK(worst > 11.8);
  CHECK(worst <= detail::kStoredBytesPerTextByte);
  CHECK(ratio(ImportString("<sequence version='3.10'><group name='G'><step "
                           "type='SMS_TaskSequence_RunCommandLineAction' name='s'><action><![CDATA[" +
                           std::string(4000, '<') + "]]>" + std::string(4000, '>') +
                           "</action></step></group></sequence>")) <= detail::kStoredBytesPerTextByte);
  CHECK(ratio(ImportString("<sequence version='3.10'>" + [] {
          std::string many;
          for (int i = 0; i < 500; ++i) many += "<unknownElementWithALongName/>";
          return many;
        }() + "</sequence>")) <= detail::kStoredBytesPerTextByte);
  // Every sample (each shape: bare, object.xml, MDT).
  std::size_t checked = 0;
  std::vector<std::string> samples;
  for (const char* dir : {"samples", "samples/valid", "samples/shapes", "samples/invalid",
                          "samples/fidelity", "samples/lint", "samples/diff"}) {
    for (const auto& path : tsimport::test::FilesIn(dir, {".xml"})) samples.push_back(path);
  }
  for (const auto& path : samples) {
    INFO(path);
    for (const auto& r : Import(tsimport::test::ReadText(path), path, ImportOptions())) {
      if (!r.task_sequence) continue;
      CHECK(ratio(r) <= detail::kStoredBytesPerTextByte);
      ++checked;
    }
  }
  CHECK(checked > 100);
  // A text just large enough to reach the warning at the worst ratio is measured, and warned.
  const std::string big(140000, '"');
  const Lines near = Lint("<sequence version='3.10'><step type='SMS_TaskSequence_RunCommandLineAction' "
                          "name='n' description='" + big + "'/></sequence>");
  REQUIRE(near.size() == 1);
  CHECK(near[0].find("[TS3006]") != std::string::npos);
}

// --- TS4xxx -----------------------------------------------------------------------------------

TEST_CASE("TS4001, TS4002: steps' packages against <referenceList>") {
  std::string refs =
      "<referenceList><reference package=\"CM100090\"/><reference "
      "package=\"CM100092\"/></referenceList>\n";
  std::string pkg = [](const char* id) {
    return std::string("<variable name=\"PackageID\" property=\"PackageID\">") + id + "</variable>";
  }("CM100091");
  std::string body =
      Run(pkg) + Run("<variable name=\"PackageID\" property=\"PackageID\">CM100092</variable>",
                     " disable=\"true\"", "", "Old");
  CHECK(Lint(Seq(body, refs)) ==
        Lines{"test.xml:2:16: info: <referenceList> lists package CM100090, which no step uses "
              "(ConfigMgr rebuilds the list "
              "from the enabled steps when it saves the task sequence) [TS4002]",
              "test.xml:2:47: info: <referenceList> lists package CM100092, which only disabled "
              "steps use (ConfigMgr "
              "rebuilds the list from the enabled steps when it saves the task sequence) [TS4002]",
              "test.xml:4:164: warning: Run Command Line 'Run' (PackageID) uses package CM100091, "
              "which the sequence's "
              "<referenceList> does not list (ConfigMgr lists there every package, application and "
              "task sequence that "
              "enabled steps use) [TS4001]",
              "test.xml:5:78: info: step 'Old' is disabled: it never runs [TS7003]"});
  // Misses: everything listed; no <referenceList> at all (the provider builds it on save); MDT.
  CHECK(Lint(Seq(Run("<variable name=\"PackageID\" property=\"PackageID\">CM100090</variable>"),
                 "<referenceList><reference package=\"CM100090\"/></referenceList>\n"))
            .empty());
  CHECK(Lint(Seq(Run(pkg))).empty());
}

TEST_CASE("TS4001: a child task sequence and its references count as used") {
  std::string sub =
      "<subtasksequence type=\"SMS_TaskSequence_SubTasksequence\" name=\"Child\" "
      "description=\"\"><defaultVarList>"
      "<variable name=\"OSDSubTasksequencePackageID\" property=\"TsPackageID\">CM100100</variable>"
      "<variable name=\"OSDSubTasksequenceTsReferencePackages\" "
      "property=\"TsReferencePackages\">CM100101</variable>"
      "</defaultVarList></subtasksequence>\n";
  CHECK(Lint(Seq(sub,
                 "<referenceList><reference package=\"CM100100\"/><reference "
                 "package=\"CM100101\"/></referenceList>\n"))
            .empty());
  CHECK(Lint(Seq(sub, "<referenceList><reference package=\"CM100101\"/></referenceList>\n")) ==
        Lines{"test.xml:4:102: warning: Run Task Sequence 'Child' (TsPackageID) uses task sequence "
              "CM100100, which the "
              "sequence's <referenceList> does not list (ConfigMgr lists there every package, "
              "application and task "
              "sequence that enabled steps use) [TS4001]"});
}

TEST_CASE("TS4003: malformed package and application IDs") {
  CHECK(Lint(Seq(Run("<variable name=\"PackageID\" property=\"PackageID\">CM10009G</variable>"))) ==
        Lines{"test.xml:3:164: warning: Run Command Line 'Run' (PackageID) names package "
              "'CM10009G', which is not a "
              "package ID (a 3-character site code and 5 hexadecimal digits, such as PS100088) "
              "[TS4003]"});
  CHECK(Lint(Seq("", "<referenceList><reference application=\"Application_1\"/></referenceList>\n"))
            .size() == 3);
  CHECK(
      Lint(Seq("",
               "<referenceList><reference application=\"Application_1\"/></referenceList>\n"))[0] ==
      "test.xml:2:16: warning: <reference> names application 'Application_1', which is not an "
      "application model "
      "name (ScopeId_<GUID>/Application_<GUID>) [TS4003]");
  // Misses: real IDs (a site code may start with a digit), variables.
  CHECK(Lint(Seq(Run("<variable name=\"PackageID\" property=\"PackageID\">2CM0003B</variable>") +
                 Run("<variable name=\"PackageID\" property=\"PackageID\">%ToolPackage%</variable>",
                     "", "", "Run2")))
            .empty());
}

TEST_CASE(
    "external dependencies: every package, application and child task sequence, with their steps") {
  std::string xml =
      Seq(Run("<variable name=\"PackageID\" property=\"PackageID\">CM100091</variable>") +
              Run("<variable name=\"PackageID\" property=\"PackageID\">CM100091</variable>",
                  " disable=\"true\"", "", "Again"),
          "<referenceList><reference package=\"CM100091\"/></referenceList>\n");
  ImportResult r = ImportString(xml);
  REQUIRE(r.external_dependencies.size() == 1);
  const auto& d = r.external_dependencies[0];
  CHECK(d.kind == "Package");
  CHECK(d.id == "CM100091");
  CHECK(d.referenced == std::optional<bool>(true));
  REQUIRE(d.uses.size() == 2);
  CHECK(d.uses[0].step_path == "G/Run");
  CHECK(d.uses[0].property == "PackageID");
  CHECK(d.uses[0].enabled);
  CHECK_FALSE(d.uses[1].enabled);
  std::string json = WriteJsonRecord(r, *Catalog::Builtin(), -1);
  CHECK(
      json.find(
          "\"ExternalDependencies\":[{\"Kind\":\"Package\",\"Id\":\"CM100091\",\"Referenced\":true,"
          "\"Steps\":"
          "[{\"Path\":\"G/Run\",\"Step\":1,\"Property\":\"PackageID\",\"Enabled\":true,\"Line\":4},"
          "{\"Path\":\"G/"
          "Again\",\"Step\":2,\"Property\":\"PackageID\",\"Enabled\":false,\"Line\":5}]}]") !=
      std::string::npos);
  // Without a <referenceList>: Referenced is null.
  ImportResult bare = ImportString(
      Seq(Run("<variable name=\"PackageID\" property=\"PackageID\">CM100091</variable>")));
  REQUIRE(bare.external_dependencies.size() == 1);
  CHECK_FALSE(bare.external_dependencies[0].referenced.has_value());
}

// --- TS5xxx -----------------------------------------------------------------------------------

TEST_CASE("TS5001: a password in clear text, never printed") {
  Lines lines = Lint(Seq(Join("<variable name=\"OSDJoinPassword\" "
                              "property=\"DomainPassword\">Fake-Secret-1</variable>") +
                         SetVar("OSDJoinPassword", "Fake-Secret-2")));
  CHECK(lines == Lines{"test.xml:3:260: error: Join Domain or Workgroup 'Join' holds a password "
                       "(DomainPassword) in clear text [TS5001]",
                       "test.xml:4:171: error: Set Task Sequence Variable 'Set' sets the password "
                       "variable OSDJoinPassword "
                       "to a value in clear text (the variable of DomainPassword) [TS5001]"});
  for (const auto& l : lines) CHECK(l.find("Fake-Secret") == std::string::npos);
  // Misses: empty (as exported: TS5005 instead), a variable reference.
  CHECK(Lint(Seq(Join("<variable name=\"OSDJoinPassword\" "
                      "property=\"DomainPassword\">%JoinPassword%</variable>")))
            .empty());
  // A ReturnValue of 0: the secret does not stop the import.
  ImportResult r = ImportString(Seq(SetVar("OSDJoinPassword", "Fake-Secret-2")));
  CHECK(r.hresult == 0);
  CHECK(r.exit_code == ExitCode::kFindings);
  CHECK(r.Count(Severity::kError) == 1);
}

TEST_CASE("TS5001, TS5002: MDT's cleartext passwords are what the rule is for") {
  std::string mdt =
      "<sequence version=\"3.00\" name=\"DC\">\n<group name=\"G\" expand=\"true\">\n"
      "<step type=\"BDD_ConfigureADDS\" name=\"ADDS\"><defaultVarList>"
      "<variable name=\"SafeModeAdminPassword\" "
      "property=\"SafeModeAdminPassword\">Fake-Secret-3</variable>"
      "</defaultVarList><action>cscript.exe ZTIConfigureADDS.wsf</action></step>\n"
      "<step name=\"Run\"><defaultVarList>"
      "<variable name=\"SMSTSRunCommandLineUserPassword\" "
      "property=\"SMSTSRunCommandLineUserPassword\">Fake-Secret-4</variable>"
      "</defaultVarList><action>cmd.exe</action></step>\n"
      "</group>\n</sequence>\n";
  CHECK(Lint(mdt) == Lines{"test.xml:3:60: error: Configure ADDS 'ADDS' holds a password "
                           "(SafeModeAdminPassword) in clear text [TS5001]",
                           "test.xml:4:34: error: Run Command Line (MDT step without type) 'Run' "
                           "holds its run-as password "
                           "(SMSTSRunCommandLineUserPassword) in clear text [TS5002]"});
}

TEST_CASE("TS5002: a run-as password") {
  CHECK(Lint(Seq(Run(
            "<variable name=\"_SMSTSRunCommandLineAsUser\" property=\"RunAsUser\">true</variable>"
            "<variable name=\"SMSTSRunCommandLineUserName\" "
            "property=\"UserName\">CONTOSO\\svc</variable>"
            "<variable name=\"SMSTSRunCommandLineUserPassword\" "
            "property=\"UserPassword\">Fake-Secret-5</variable>"))) ==
        Lines{"test.xml:3:331: error: Run Command Line 'Run' holds its run-as password "
              "(UserPassword) in clear text [TS5002]"});
}

TEST_CASE("TS5003: a product key") {
  std::string step =
      "<step type=\"SMS_TaskSequence_ApplyWindowsSettingsAction\" name=\"Settings\" "
      "description=\"\"><defaultVarList>"
      "<variable name=\"OSDProductKey\" "
      "property=\"ProductKey\">FAKEK-EY000-00000-00000-00000</variable>"
      "<variable name=\"OSDRegisteredOrgName\" property=\"RegisteredOrgName\">C</variable>"
      "<variable name=\"OSDRegisteredUserName\" property=\"RegisteredUserName\">C</variable>"
      "<variable name=\"OSDTimeZone\" "
      "property=\"TimeZone\">UTC</variable></defaultVarList></step>\n";
  CHECK(Lint(Seq(step)) == Lines{"test.xml:3:105: error: Apply Windows Settings 'Settings' holds a "
                                 "product key (ProductKey) in clear text [TS5003]"});
  std::string empty = step;
  empty.replace(empty.find("FAKEK-EY000-00000-00000-00000"), 29, "");
  CHECK(Lint(Seq(empty)).empty());
}

TEST_CASE("TS5004: secret dynamic variables and masked values in the file") {
  CHECK(Lint(Seq(Dyn("BIOSPassword", "true", "Fake-Secret-6"))) ==
        Lines{"test.xml:3:216: error: Set Dynamic Variables 'Dyn' sets the secret dynamic variable "
              "BIOSPassword to a "
              "value that is in the file in clear text [TS5004]"});
  CHECK(Lint(Seq(SetVar("License", "Fake-Secret-7", "", "Set", true))) ==
        Lines{"test.xml:3:252: error: Set Task Sequence Variable 'Set' sets License to a masked "
              "value (Do not display "
              "this value) that is in the file in clear text [TS5004]"});
  CHECK(Lint(Seq(Dyn("Department", "false", "R&amp;amp;D"))).empty());
}

TEST_CASE("TS5005: secrets an export emptied, on enabled ConfigMgr steps only") {
  CHECK(Lint(Seq(Join(""))) == Lines{"test.xml:3:179: warning: Join Domain or Workgroup 'Join' "
                                     "joins a domain with account CONTOSO\\join but "
                                     "its password (DomainPassword) is empty: exports leave it "
                                     "out, so enter it again after import or the "
                                     "domain join fails [TS5005]"});
  CHECK(Lint(Seq(Run(
            "<variable name=\"_SMSTSRunCommandLineAsUser\" property=\"RunAsUser\">true</variable>"
            "<variable name=\"SMSTSRunCommandLineUserName\" "
            "property=\"UserName\">CONTOSO\\svc</variable>"))) ==
        Lines{"test.xml:3:164: warning: Run Command Line 'Run' runs as another account but its "
              "password (UserPassword) "
              "is empty: exports leave run-as passwords out, so enter it again after import or the "
              "step cannot log on "
              "as that account [TS5005]"});
  CHECK(
      Lint(Seq(Dyn("BIOSPassword", "true", ""))) ==
      Lines{
          "test.xml:3:216: warning: Set Dynamic Variables 'Dyn' sets the secret dynamic variable "
          "BIOSPassword to an "
          "empty value: exports leave secret values out, so enter it again after import [TS5005]"});
  // Misses: a disabled step, a step in a disabled group, a workgroup join, MDT (which takes them
  // from its rules).
  CHECK(Lint(Seq(Join("", " disable=\"true\""))) ==
        Lines{"test.xml:3:84: info: step 'Join' is disabled: it never runs [TS7003]"});
  std::string workgroup = Join("");
  workgroup.replace(workgroup.find(">0<"), 3, ">1<");
  CHECK(Lint(Seq(workgroup)).empty());
}

TEST_CASE("TS5006: a literal password on a command line") {
  CHECK(Lint(Seq("<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Bios\" "
                 "description=\"\"><defaultVarList>"
                 "<variable name=\"CommandLine\" property=\"CommandLine\">powershell.exe -File "
                 "Set.ps1 -Password \"Fake-Secret-8\" "
                 "/adminpassword:Fake-Secret-9</variable></defaultVarList></step>\n")) ==
        Lines{"test.xml:3:95: warning: Run Command Line 'Bios' passes a literal value to "
              "-Password, /adminpassword in its "
              "CommandLine: a password in clear text [TS5006]"});
  // Misses: variables, switches, booleans, names that only contain "password", and a quoted
  // value that is none of those once its quotes are taken off ("*": prompt for it).
  CHECK(Lint(Seq("<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Ok\" "
                 "description=\"\"><defaultVarList>"
                 "<variable name=\"CommandLine\" property=\"CommandLine\">x.exe -Password %Pw% "
                 "-AdminPassword $pw "
                 "-RandomPassword -Force /SkipPassword:YES -PasswordNeverExpires "
                 "Fake -Password \"*\" /pwd:'%Pw%' "
                 "/password:\"true\"</variable></defaultVarList></step>\n"))
            .empty());
}

TEST_CASE("TS5006: the quick test for a password switch reads its text only, not past its end") {
  // "/pw" at the end of a text is no switch, whatever byte follows it in memory (here a 'd').
  const std::string line = "net use /pwd";
  CHECK_FALSE(detail::MayHoldPasswordSwitch(std::string_view(line).substr(0, line.size() - 1)));
  CHECK(detail::MayHoldPasswordSwitch(line));
  CHECK(detail::MayHoldPasswordSwitch("x -Password"));
  CHECK_FALSE(detail::MayHoldPasswordSwitch("x -Pw /p w"));
}

// --- TS7xxx -----------------------------------------------------------------------------------

TEST_CASE("TS7001: an empty group") {
  CHECK(Lint(Seq("<group name=\"Empty\" description=\"\"/>\n")) ==
        Lines{"test.xml:3:1: info: group 'Empty' is empty: it holds no step [TS7001]"});
  CHECK(Lint(Seq(SetVar("A", "1"))).empty());
}

TEST_CASE("TS7002: two siblings with the same name, cousins may share one") {
  CHECK(Lint(Seq(SetVar("A", "1") + SetVar("B", "1"))) ==
        Lines{"test.xml:4:49: info: step 'Set' has the same name as the step on line 3, both in "
              "the group on line 2; smsts.log, status messages and the progress dialog tell steps "
              "apart by name [TS7002]"});
  // Siblings need not stand next to each other (the message said "beside it" of them), and
  // the task sequence's own steps are siblings too; each later one names the first.
  CHECK(Lint("<sequence version=\"3.10\">\n<group name=\"Exit\"/>\n" + SetVar("A", "1") +
             "<group name=\"Exit\"/>\n<group name=\"Exit\"/>\n</sequence>\n") ==
        Lines{"test.xml:2:1: info: group 'Exit' is empty: it holds no step [TS7001]",
              "test.xml:4:1: info: group 'Exit' is empty: it holds no step [TS7001]",
              "test.xml:4:8: info: group 'Exit' has the same name as the group on line 2, both "
              "at the top of the task sequence; smsts.log, status messages and the progress "
              "dialog tell steps apart by name [TS7002]",
              "test.xml:5:1: info: group 'Exit' is empty: it holds no step [TS7001]",
              "test.xml:5:8: info: group 'Exit' has the same name as the group on line 2, both "
              "at the top of the task sequence; smsts.log, status messages and the progress "
              "dialog tell steps apart by name [TS7002]"});
  CHECK(Lint(Seq("<group name=\"X\">" + SetVar("A", "1") + "</group><group name=\"Y\">" +
                 SetVar("B", "1") + "</group>\n"))
            .empty());
}

TEST_CASE("TS7003: disabled steps and groups, reported once for the outermost") {
  CHECK(Lint(Seq("<group name=\"Old\" disable=\"true\">\n" + SetVar("A", "1", " disable=\"true\"") +
                 SetVar("B", "1", "", "Set2") + "</group>\n")) ==
        Lines{"test.xml:3:19: info: group 'Old' is disabled: it and the 2 steps in it never run "
              "[TS7003]"});
  CHECK(Lint(Seq(SetVar("A", "1", " disable=\"false\""))).empty());
}

TEST_CASE("TS7004, TS7005: conditions that never or always hold") {
  CHECK(Lint(Seq(
            Run("", "",
                Cond(VarExpr("Ring", "equals", "Pilot") + VarExpr("Ring", "equals", "Broad"))))) ==
        Lines{"test.xml:3:78: warning: the condition of step 'Run' can never hold (Ring equals "
              "\"Pilot\" and Ring equals "
              "\"Broad\" cannot both hold): the step never runs [TS7004]"});
  CHECK(
      Lint(Seq(
          Run("", "",
              Cond("<operator type=\"not\"><operator type=\"or\">" + VarExpr("X", "exists", "") +
                   VarExpr("X", "notExists", "") + "</operator></operator>")))) ==
      Lines{"test.xml:3:78: warning: the condition of step 'Run' can never hold (it negates a "
            "condition that always "
            "holds (one of X exists and X notExists always holds)): the step never runs [TS7004]"});
  CHECK(Lint(Seq(Run(
            "", "",
            Cond("<operator type=\"or\">" + VarExpr("X", "exists", "") +
                 VarExpr("X", "notExists", "") + "</operator>" + VarExpr("Y", "exists", ""))))) ==
        Lines{"test.xml:3:89: info: this 'or' always holds (one of X exists and X notExists always "
              "holds) [TS7005]"});
  // A group whose condition never holds: reported on the group; its steps are not checked for
  // emptied secrets.
  CHECK(Lint(Seq("<group name=\"Never\">" +
                 Cond(VarExpr("X", "exists", "") + VarExpr("x", "notExists", "")) + Join("") +
                 "</group>\n")) == Lines{"test.xml:3:21: warning: the condition of group 'Never' "
                                         "can never hold (X exists and x notExists cannot "
                                         "both hold): the group and its steps never run [TS7004]"});
  // Version numbers are not numbers: 10.0.1 and 10.0.2 differ (read as numbers, both are 10).
  CHECK(Lint(Seq(Run("", "",
                     Cond(VarExpr("OSVersion", "equals", "10.0.1") +
                          VarExpr("OSVersion", "equals", "10.0.2"))))) ==
        Lines{"test.xml:3:78: warning: the condition of step 'Run' can never hold (OSVersion "
              "equals \"10.0.1\" and OSVersion equals \"10.0.2\" cannot both hold): the step "
              "never runs [TS7004]"});
  // An 'or' of two tests of one variable that are not each other's negation: no verdict.
  CHECK(Lint(Seq(Run("", "",
                     Cond("<operator type=\"or\">" + VarExpr("X", "equals", "1") +
                          VarExpr("X", "exists", "") + VarExpr("Y", "exists", "") +
                          VarExpr("Y", "exists", "") + "</operator>"))))
            .empty());
  // Misses: values that differ only in case, numbers that are equal, %variables%, other variables.
  CHECK(Lint(Seq(Run("", "",
                     Cond(VarExpr("A", "equals", "Pilot") + VarExpr("A", "equals", "PILOT") +
                          VarExpr("B", "equals", "1") + VarExpr("B", "equals", "1.0") +
                          VarExpr("C", "equals", "%X%") + VarExpr("C", "equals", "y") +
                          VarExpr("D", "exists", "") + VarExpr("E", "notExists", "")))))
            .empty());
}

TEST_CASE("TS7006: an empty operator") {
  CHECK(Lint(Seq(Run("", "", Cond("<operator type=\"or\"/>" + VarExpr("Make", "equals", "HP"))))) ==
        Lines{"test.xml:3:89: warning: the 'or' operator holds no condition, so it tests nothing "
              "(conditions beside it "
              "are not inside it); what the task sequence engine makes of it is not documented "
              "[TS7006]"});
  CHECK(Lint(Seq(Run(
                 "", "",
                 Cond("<operator type=\"or\">" + VarExpr("Make", "equals", "HP") + "</operator>"))))
            .empty());
}

TEST_CASE("lint rules carry no HRESULT and a docs page") {
  for (const auto& rule : Rules()) {
    if (rule.id < "TS3") continue;
    INFO(rule.id);
    CHECK(rule.hresult == 0);
    CHECK(rule.exit_code == ExitCode::kFindings);
    CHECK(std::filesystem::exists("docs/rules/" + std::string(rule.id) + ".md"));
  }
}

TEST_CASE("golden: every lint sample gives its exact diagnostics") {
  std::ifstream tsv("samples/lint/MANIFEST.tsv");
  REQUIRE(tsv.good());
  std::string line;
  std::getline(tsv, line);
  std::size_t n = 0;
  while (std::getline(tsv, line)) {
    std::string file = line.substr(0, line.find('\t'));
    std::string rules = line.substr(line.find('\t') + 1);
    std::string path = "samples/lint/" + file;
    INFO(path);
    auto results = Import(ReadText(path), path, ImportOptions{});
    REQUIRE(results.size() == 1);
    std::string actual;
    for (const auto& d : results[0].diagnostics) actual += FormatDiagnosticGcc(d) + "\n";
    std::stringstream list(rules);
    std::string rule;
    while (std::getline(list, rule, ',')) CHECK(actual.find("[" + rule + "]") != std::string::npos);
    if (rules.empty()) CHECK(actual.empty());
    CHECK(results[0].hresult == 0);  // lint never sets ReturnValue
    std::string expected = path.substr(0, path.size() - 4) + ".diag";
    if (std::getenv("TSIMPORT_UPDATE_GOLDEN") != nullptr) {
      std::ofstream(expected, std::ios::binary) << actual;
    } else {
      CHECK(ReadText(expected) == actual);
    }
    ++n;
  }
  CHECK(n >= 22);
}

TEST_CASE(
    "ImportOptions::lint false: the import alone, the same model and ReturnValue, no lint "
    "findings") {
  const std::string xml = ReadText("samples/lint/cleartext-password.xml");
  ImportOptions with;
  ImportOptions without;
  without.lint = false;
  std::vector<ImportResult> a = Import(xml, "samples/lint/cleartext-password.xml", with);
  std::vector<ImportResult> b = Import(xml, "samples/lint/cleartext-password.xml", without);
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(LintLines(a[0]).size() == 2);
  CHECK(LintLines(b[0]).empty());
  CHECK(b[0].external_dependencies.empty());
  CHECK(a[0].ReturnValue() == 0);
  CHECK(b[0].ReturnValue() == 0);
  CHECK(b[0].exit_code == ExitCode::kOk);
  REQUIRE(b[0].task_sequence);
  CHECK(WriteJsonRecord(a[0], *Catalog::Builtin(), 2).find("\"TaskSequence\"") !=
        std::string::npos);
  CHECK(WriteXml(*a[0].task_sequence) == WriteXml(*b[0].task_sequence));
}
