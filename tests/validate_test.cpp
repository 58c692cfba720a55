// Each rule of the validator, hit and missed, with whole diagnostic lines.
#include "check/validate.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <utility>

#include "input/decode.h"
#include "build/builder.h"
#include "test_util.h"
#include "tsimport/write.h"

using namespace tsimport;
using Lines = std::vector<std::string>;
using tsimport::test::DiagnosticLines;
using tsimport::test::ImportString;

namespace {

// A valid Run Command Line step with a hole for attributes and one for variables.
std::string RunStep(const std::string& attrs, const std::string& vars) {
  return "<sequence version=\"3.10\">\n"
         "  <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run\" description=\"\" " +
         attrs +
         ">\n"
         "    <action>smsswd.exe /run: cmd</action>\n"
         "    <defaultVarList>\n"
         "      <variable name=\"CommandLine\" property=\"CommandLine\" "
         "hidden=\"true\">cmd</variable>\n" +
         vars +
         "    </defaultVarList>\n"
         "  </step>\n"
         "</sequence>\n";
}

}  // namespace

TEST_CASE("a valid step has no diagnostics") {
  ImportResult r = ImportString(RunStep("runIn=\"WinPEandFullOS\" successCodeList=\"0 3010\"", ""));
  CHECK(DiagnosticLines(r).empty());
  CHECK(r.hresult == 0);
  CHECK(r.exit_code == ExitCode::kOk);
}

TEST_CASE("TS2001: a misspelled type is an unknown class, with a suggestion") {
  ImportResult r = ImportString(
      "<sequence version=\"3.10\">\n  <step type=\"SMS_TaskSequence_RunComandLineAction\" "
      "name=\"Run\" description=\"\"/>\n</sequence>");
  CHECK(DiagnosticLines(r) == Lines{"test.xml:2:9: error: unknown step class "
                                    "'SMS_TaskSequence_RunComandLineAction'; did you mean "
                                    "'SMS_TaskSequence_RunCommandLineAction'? [TS2001]"});
  CHECK(r.ReturnValue() == -2147217392);
  CHECK(FormatHResult(r.hresult) == "0x80041010");
  CHECK(r.exit_code == ExitCode::kFindings);
  CHECK(r.diagnostics[0].step_path == "Run");
  CHECK(r.diagnostics[0].step == 0);
}

TEST_CASE("TS2001: a ConfigMgr step without type, legal in MDT") {
  std::string xml =
      "<sequence version=\"3.10\">\n  <step name=\"Run\" "
      "description=\"\"><action>cmd</action></step>\n</sequence>";
  CHECK(DiagnosticLines(ImportString(xml, Target::kConfigMgr)) ==
        Lines{"test.xml:2:3: error: <step> has no type attribute: ConfigMgr cannot tell which step "
              "class to "
              "create (only MDT task sequences have untyped command-line steps) [TS2001]"});
  CHECK(DiagnosticLines(ImportString(xml)).empty());  // auto-detected as MDT
}

TEST_CASE("TS2002 and TS2003: unknown elements and attributes") {
  ImportResult r = ImportString(RunStep("runIn=\"WinPEandFullOS\" priority=\"high\"", "") + "");
  CHECK(DiagnosticLines(r) == Lines{"test.xml:2:103: warning: unknown attribute 'priority' on "
                                    "<step> (kept, but it sets no property) [TS2003]"});
  CHECK(r.exit_code == ExitCode::kOk);
  // Markup the format has no place for rests on tsimport's reading (nothing says the provider
  // refuses it): a warning, an import error with --strict.
  const std::string stray =
      "<sequence version=\"3.10\">\n<group name=\"G\" description=\"\">\n  loose text\n  "
      "<stepp/>\n</group>\n</sequence>";
  r = ImportString(stray);
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:3:0: warning: text 'loose text' is not allowed directly inside <group> "
              "[TS2002]",
              "test.xml:4:3: warning: element <stepp> is not allowed inside <group> (kept, but it "
              "is not part of the object) [TS2002]"});
  CHECK(r.hresult == 0);
  CHECK(r.exit_code == ExitCode::kOk);
  r = ImportString(stray, Target::kAuto, /*strict=*/true);
  CHECK(
      DiagnosticLines(r) ==
      Lines{
          "test.xml:3:0: error: text 'loose text' is not allowed directly inside <group> [TS2002]",
          "test.xml:4:3: error: element <stepp> is not allowed inside <group> (kept, but it is not "
          "part of the object) [TS2002]"});
  CHECK(FormatHResult(r.hresult) == "0x80041008");
  CHECK(r.exit_code == ExitCode::kFindings);
}

TEST_CASE("TS2004: an unknown property, with a suggestion") {
  ImportResult r = ImportString(
      RunStep("", "      <variable name=\"X\" property=\"WorkingDirectry\">C:\\</variable>\n"));
  CHECK(DiagnosticLines(r) == Lines{"test.xml:6:7: warning: SMS_TaskSequence_RunCommandLineAction "
                                    "has no property 'WorkingDirectry'; did "
                                    "you mean 'WorkingDirectory'? (kept) [TS2004]"});
}

TEST_CASE("TS2005: values that do not convert to their WMI type") {
  ImportResult r = ImportString(RunStep("disable=\"maybe\" timeout=\"ten\"",
                                        "      <variable name=\"SMSTSDisableWow64Redirection\" "
                                        "property=\"DisableWow64Redirection\">yes</variable>\n"));
  CHECK(
      DiagnosticLines(r) ==
      Lines{"test.xml:2:80: error: disable='maybe' is not a Boolean (true or false) [TS2005]",
            "test.xml:2:96: error: timeout='ten' is not a UInt32 number (0 to 4294967295) [TS2005]",
            "test.xml:6:7: error: SMS_TaskSequence_RunCommandLineAction.DisableWow64Redirection "
            "'yes' is not a Boolean "
            "(true or false) [TS2005]"});
  CHECK(FormatHResult(r.hresult) == "0x80041005");
}

TEST_CASE("TS2006: a Not_Null property or the name is missing") {
  ImportResult r = ImportString(
      "<sequence version=\"3.10\">\n  <step type=\"SMS_TaskSequence_RunCommandLineAction\" "
      "description=\"\"><action>x</action></step>\n</sequence>");
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:2:3: error: <step> has no name attribute (Name is required, 1 to 100 "
              "characters) [TS2006]",
              "test.xml:2:3: error: SMS_TaskSequence_RunCommandLineAction.CommandLine (variable "
              "CommandLine) is "
              "required (Not_Null) but not set [TS2006]"});
  CHECK(FormatHResult(r.hresult) == "0x80041028");
}

TEST_CASE("TS2007: RequiredIfNotNull") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_ApplyDataImageAction" name="Data" description="" runIn="WinPE">
    <defaultVarList>
      <variable name="DestinationDisk" property="DestinationDisk" hidden="true">0</variable>
      <variable name="OSDDataImageIndex" property="ImageIndex">1</variable>
      <variable name="ImagePackageID" property="ImagePackageID" hidden="true">ABC00001</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:2:3: error: SMS_TaskSequence_ApplyDataImageAction.DestinationPartition "
              "(variable "
              "DestinationPartition) is required because DestinationDisk is set [TS2007]"});
}

TEST_CASE("TS2008: name and description lengths") {
  std::string name(101, 'n');
  std::string desc(256, 'd');
  ImportResult r = ImportString("<sequence version=\"3.10\">\n<group name=\"" + name +
                                "\" description=\"" + desc + "\"/>\n</sequence>");
  CHECK(
      DiagnosticLines(r) ==
      Lines{"test.xml:2:8: error: Name is 101 characters; it must be 1 to 100 [TS2008]",
            "test.xml:2:117: error: Description is 256 characters; it must be 0 to 255 [TS2008]"});
  CHECK(
      DiagnosticLines(ImportString("<sequence version=\"3.10\">\n<group name=\"" + name.substr(1) +
                                   "\" description=\"" + desc.substr(1) + "\"/>\n</sequence>"))
          .empty());
  // Lengths count characters, not bytes.
  std::string accented;
  for (int i = 0; i < 100; ++i) accented += "\xC3\xA9";
  CHECK(DiagnosticLines(ImportString("<sequence version=\"3.10\"><group name=\"" + accented +
                                     "\" description=\"\"/></sequence>"))
            .empty());
}

TEST_CASE("TS2009 and TS2010: ValueRange and ValueMap (case-insensitive)") {
  auto partition = [](const std::string& index, const std::string& style) {
    return "<sequence version=\"3.10\">\n"
           "  <step type=\"SMS_TaskSequence_PartitionDiskAction\" name=\"P\" description=\"\" "
           "runIn=\"WinPE\">\n"
           "    <defaultVarList>\n"
           "      <variable name=\"OSDDiskIndex\" property=\"DiskIndex\">0</variable>\n"
           "      <variable name=\"OSDPartitions\" property=\"Partitions\" "
           "hidden=\"true\">1</variable>\n"
           "      <variable name=\"OSDPartitions0QuickFormat\" "
           "property=\"Partitions0QuickFormat\">true</variable>\n"
           "      <variable name=\"OSDPartitions0Type\" "
           "property=\"Partitions0Type\">Primary</variable>\n"
           "      <variable name=\"OSDPartitionStyle\" property=\"PartitionStyle\">" +
           style +
           "</variable>\n"
           "    </defaultVarList>\n"
           "  </step>\n"
           "  <step type=\"SMS_TaskSequence_ApplyDataImageAction\" name=\"D\" description=\"\" "
           "runIn=\"WinPE\">\n"
           "    <defaultVarList>\n"
           "      <variable name=\"OSDDataImageIndex\" property=\"ImageIndex\">" +
           index +
           "</variable>\n"
           "      <variable name=\"ImagePackageID\" property=\"ImagePackageID\" "
           "hidden=\"true\">ABC00001</variable>\n"
           "    </defaultVarList>\n"
           "  </step>\n"
           "</sequence>\n";
  };
  CHECK(DiagnosticLines(ImportString(partition("1", "gpt"))).empty());
  // PartitionStyle's GPT and MBR are a list in the SDK's prose (no ValueMap qualifier): a value
  // outside it is a warning, an error with --strict; ValueRange is a qualifier: an error.
  ImportResult r = ImportString(partition("0", "XYZ"));
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:8:7: warning: SMS_TaskSequence_PartitionDiskAction.PartitionStyle is "
              "'XYZ', not one of GPT or MBR (documented in prose, not by a qualifier: a newer "
              "ConfigMgr may accept it) [TS2010]",
              "test.xml:13:7: error: SMS_TaskSequence_ApplyDataImageAction.ImageIndex is 0; it "
              "must be 1 to 2147483647 [TS2009]"});
  CHECK(FormatHResult(r.hresult) == "0x8004102B");
  r = ImportString(partition("1", "XYZ"));
  CHECK(r.hresult == 0);
  CHECK(r.exit_code == ExitCode::kOk);
  r = ImportString(partition("1", "XYZ"), Target::kAuto, /*strict=*/true);
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:8:7: error: SMS_TaskSequence_PartitionDiskAction.PartitionStyle is "
              "'XYZ', not one of GPT or MBR (documented in prose, not by a qualifier; an error "
              "with --strict) [TS2010]"});
  CHECK(FormatHResult(r.hresult) == "0x8004102B");
  CHECK(r.exit_code == ExitCode::kFindings);
  // RunPowerShellScript's ExecutionPolicy has its values in a ValueMap qualifier: an error.
  r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_RunPowerShellScriptAction" name="PS" description="">
    <defaultVarList>
      <variable name="OSDRunPowerShellScriptSourceScript" property="SourceScript">x</variable>
      <variable name="OSDRunPowerShellScriptParameters" property="Parameters"></variable>
      <variable name="OSDRunPowerShellScriptExecutionPolicy" property="ExecutionPolicy">Sometimes</variable>
      <variable name="OSDRunPowerShellScriptSuccessCodes" property="SuccessCodes">0</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:6:7: error: SMS_TaskSequence_RunPowerShellScriptAction.ExecutionPolicy is "
              "'Sometimes'; allowed: Restricted, AllSigned, RemoteSigned, Unrestricted, Bypass or "
              "Undefined (compared without regard to case) [TS2010]"});
  CHECK(FormatHResult(r.hresult) == "0x8004102B");
}

TEST_CASE("TS2011: runIn") {
  CHECK(
      DiagnosticLines(ImportString(RunStep("runIn=\"Windows\"", ""))) ==
      Lines{
          "test.xml:2:80: error: runIn='Windows' is not WinPE, FullOS or WinPEandFullOS [TS2011]"});
  CHECK(DiagnosticLines(ImportString(RunStep("runIn=\"fullos\"", ""))).empty());
}

TEST_CASE("TS2012 and TS2013: condition operators and structure") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
<group name="G" description="">
  <condition>
    <operator type="xor"><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">equal</variable><variable name="Variable">A</variable><variable name="Value">1</variable></expression></operator>
    <osConditionGroup type="or"/>
    <expression><variable name="Variable">A</variable></expression>
    <expression type="SMS_TaskSequence_VariableConditionExpresion"/>
  </condition>
</group>
</sequence>)");
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:4:15: error: operator type 'xor' is not and, or or not [TS2012]",
              "test.xml:4:90: error: SMS_TaskSequence_VariableConditionExpression.Operator 'equal' "
              "is not an operator; "
              "use exists, notExists, equals, notEquals, less, lessEqual, greater, greaterEqual, "
              "like or notLike [TS2012]",
              "test.xml:5:5: error: <osConditionGroup> holds no <osExpressionGroup> [TS2013]",
              "test.xml:6:5: error: <expression> has no type naming its condition class (such as "
              "SMS_TaskSequence_VariableConditionExpression) [TS2013]",
              "test.xml:7:17: error: unknown condition class "
              "'SMS_TaskSequence_VariableConditionExpresion'; did you mean "
              "'SMS_TaskSequence_VariableConditionExpression'? [TS2001]"});
}

TEST_CASE(
    "TS2014, TS2015, TS2019: duplicate properties, array counts, variables without property") {
  ImportResult r = ImportString(
      RunStep("",
              "      <variable name=\"CommandLine\" property=\"CommandLine\">cmd2</variable>\n"
              "      <variable name=\"X\">1</variable>\n"));
  CHECK(DiagnosticLines(r) == Lines{"test.xml:6:7: warning: property CommandLine is set twice "
                                    "(first on line 5); the last value wins [TS2014]",
                                    "test.xml:7:7: warning: <variable name='X'> has no property "
                                    "attribute, so it sets no property of "
                                    "SMS_TaskSequence_RunCommandLineAction [TS2019]"});
  r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_PartitionDiskAction" name="P" description="" runIn="WinPE">
    <defaultVarList>
      <variable name="OSDDiskIndex" property="DiskIndex">0</variable>
      <variable name="OSDPartitions" property="Partitions" hidden="true">2</variable>
      <variable name="OSDPartitions0QuickFormat" property="Partitions0QuickFormat">true</variable>
      <variable name="OSDPartitions0Type" property="Partitions0Type">Primary</variable>
      <variable name="OSDPartitionStyle" property="PartitionStyle">MBR</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r) == Lines{"test.xml:5:7: warning: Partitions says 2 element(s) but the "
                                    "variables hold 1 (indexes from 0) [TS2015]"});
}

TEST_CASE("TS2017 and TS1006: schema versions") {
  CHECK(
      DiagnosticLines(ImportString("<sequence version=\"three\"/>")) ==
      Lines{"test.xml:1:11: warning: version 'three' is not a schema version such as 3.10 or 3.00 "
            "[TS2017]"});
  ImportResult r = ImportString("<sequence version=\"4.00\"/>");
  CHECK(DiagnosticLines(r) == Lines{"test.xml:1:11: error: schema version 4.00 is not supported: "
                                    "ConfigMgr task sequences are version 3.x "
                                    "(3.00 to 3.10 in exports) [TS1006]"});
  CHECK(r.exit_code == ExitCode::kUnsupported);
  CHECK(FormatHResult(r.hresult) == "0x8004100C");
  CHECK(DiagnosticLines(ImportString("<sequence version=\"3.40\"/>")).empty());
}

TEST_CASE("TS2018: malformed Set Dynamic Variables rules") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Dyn" description="" runIn="WinPEandFullOS">
    <defaultVarList>
      <variable name="OSDSetDynamicVariablesRules" property="Rules">&lt;Rules&gt;&lt;Rule&gt;&lt;/Rules&gt;</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r) == Lines{"test.xml:4:7: error: the rules of Set Dynamic Variables are "
                                    "not a well-formed <Rules> document: end tag "
                                    "</Rules> does not match <Rule> opened on line 4 [TS2018]"});
}

TEST_CASE("TS1004 and TS1005: not well-formed, not a task sequence") {
  CHECK(DiagnosticLines(
            ImportString("<sequence version=\"3.10\">\n  <group name=\"A & B\"/>\n</sequence>")) ==
        Lines{"test.xml:2:18: error: not well-formed XML: '&' does not start a reference (write a "
              "literal '&' as &amp;) [TS1004]"});
  CHECK(DiagnosticLines(
            ImportString("<sequence version=\"3.10\">\n  <group name=\"A\">\n</sequence>")) ==
        Lines{"test.xml:3:1: error: not well-formed XML: end tag </sequence> does not match "
              "<group> opened on line 2 [TS1004]"});
  CHECK(
      DiagnosticLines(ImportString("<sequence version=\"3.10\"/>\n<sequence version=\"3.10\"/>")) ==
      Lines{"test.xml:2:1: error: not well-formed XML: a second root element <sequence> (a "
            "document has exactly one) [TS1004]"});
  ImportResult r = ImportString("<tasksequence/>");
  CHECK(
      DiagnosticLines(r) ==
      Lines{
          "test.xml:1:1: error: the root element is <tasksequence>, not <sequence>: this is not a "
          "task sequence "
          "(expected the bare sequence XML, an export's object.xml, or the export .zip) [TS1005]"});
  CHECK(r.exit_code == ExitCode::kNotTaskSequence);
}

TEST_CASE("MDT: ConfigMgr's class qualifiers are warnings there") {
  std::string desc(263, 'd');
  ImportResult r = ImportString(
      "<sequence version=\"3.00\" name=\"T\" description=\"\">\n<group name=\"G\" description=\"" +
      desc + "\" expand=\"true\"/>\n</sequence>");
  CHECK(DiagnosticLines(r) == Lines{"test.xml:2:17: warning: Description is 263 characters; it "
                                    "must be 0 to 255 (MDT does not enforce this; "
                                    "ConfigMgr would refuse it) [TS2008]"});
  CHECK(r.exit_code == ExitCode::kOk);
}

TEST_CASE("TS2016: MDT markup reported when the target is ConfigMgr") {
  ImportResult r = ImportString(
      "<sequence version=\"3.00\" name=\"T\">\n<group name=\"G\" description=\"\" "
      "expand=\"true\"/>\n</sequence>",
      Target::kConfigMgr);
  CHECK(DiagnosticLines(r) == Lines{"test.xml:1:26: warning: attribute 'name' on <sequence> is "
                                    "MDT-only markup; ConfigMgr ignores it (this "
                                    "task sequence is checked as ConfigMgr) [TS2016]",
                                    "test.xml:2:32: warning: attribute 'expand' on <group> is "
                                    "MDT-only markup; ConfigMgr ignores it (this task "
                                    "sequence is checked as ConfigMgr) [TS2016]"});
}

TEST_CASE("every problem is reported, and the first error decides ReturnValue") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_RunCommandLineAction" name="A" description="" runIn="Windows"><defaultVarList><variable name="CommandLine" property="CommandLine">x</variable></defaultVarList></step>
  <step type="Nope" name="B" description=""/>
  <step type="SMS_TaskSequence_RunCommandLineAction" name="C" description="" timeout="x"><defaultVarList><variable name="CommandLine" property="CommandLine">x</variable></defaultVarList></step>
</sequence>)");
  CHECK(r.Count(Severity::kError) == 3);
  CHECK(FormatHResult(r.hresult) == "0x8004102B");  // runIn on line 2 comes first
}

TEST_CASE(
    "TS2003: attributes on <referenceList>, <globalVarList>, <defaultVarList> and <action> are "
    "reported and kept") {
  const std::string xml =
      "<sequence version=\"3.10\">\n"
      "  <referenceList x=\"1\"><reference package=\"PS100001\"/></referenceList>\n"
      "  <globalVarList y=\"2\"><variable name=\"A\" property=\"A\">a</variable></globalVarList>\n"
      "  <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run\" description=\"\">\n"
      "    <action z=\"3\">smsswd.exe /run: cmd</action>\n"
      "    <defaultVarList w=\"4\">\n"
      "      <variable name=\"CommandLine\" property=\"CommandLine\">cmd</variable>\n"
      "    </defaultVarList>\n"
      "  </step>\n"
      "</sequence>\n";
  ImportResult r = ImportString(xml);
  Lines ts2003;
  for (const auto& line : DiagnosticLines(r)) {
    if (line.find("[TS2003]") != std::string::npos) ts2003.push_back(line);
  }
  CHECK(ts2003 == Lines{
                      "test.xml:2:18: warning: unknown attribute 'x' on <referenceList> (kept, but "
                      "it sets no property) [TS2003]",
                      "test.xml:3:18: warning: unknown attribute 'y' on <globalVarList> (kept, but "
                      "it sets no property) [TS2003]",
                      "test.xml:5:13: warning: unknown attribute 'z' on <action> (kept, but it "
                      "sets no property) [TS2003]",
                      "test.xml:6:21: warning: unknown attribute 'w' on <defaultVarList> (kept, "
                      "but it sets no property) [TS2003]",
                  });
  REQUIRE(r.task_sequence);
  const std::string out = WriteXml(*r.task_sequence);
  for (const char* kept : {"<referenceList x=\"1\">", "<globalVarList y=\"2\">", "<action z=\"3\">",
                           "<defaultVarList w=\"4\">"}) {
    CHECK(out.find(kept) != std::string::npos);
  }
}

// --- steps checked as they are built -------------------------------------------------------

namespace {

/// What the import reports without lint, and what parsing alone then checking the whole model
/// (NumberSteps, Validate) reports, as gcc-style lines.
std::pair<Lines, Lines> InBuildAndWhole(const std::string& xml, Target target = Target::kAuto) {
  ImportOptions options;
  options.lint = false;
  options.target = target;
  const ImportResult in_build = Import(xml, "t.xml", options).front();
  std::vector<Diagnostic> whole;
  const detail::Decoded decoded = detail::Decode(xml, "t.xml", whole);
  detail::ParsedInput parsed;
  if (decoded.ok) {
    parsed = detail::ParseText(decoded.text, "t.xml", *Catalog::Builtin(), target, whole);
  }
  if (parsed.task_sequence) {
    NumberSteps(*parsed.task_sequence);
    detail::Validate(*parsed.task_sequence, "t.xml", *Catalog::Builtin(), {}, whole);
  }
  SortDiagnostics(whole);
  Lines a, b;
  for (const auto& d : in_build.diagnostics) a.push_back(FormatDiagnosticGcc(d));
  for (const auto& d : whole) b.push_back(FormatDiagnosticGcc(d));
  return {a, b};
}

}  // namespace

TEST_CASE("steps checked as they are built report what checking the whole model reports") {
  // Errors in several steps, groups and conditions, an unknown attribute on <sequence>; then the
  // same with MDT markup in a late step (checking in the build stops there) and with the MDT
  // dialect forced.
  const std::string steps =
      "  <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"One\" bogus=\"1\">\n"
      "    <action>x</action>\n"
      "    <defaultVarList><variable name=\"V\" property=\"NoSuchProperty\">1</variable>"
      "</defaultVarList>\n"
      "  </step>\n"
      "  <group name=\"G\" continueOnError=\"maybe\">\n"
      "    <condition><expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
      "<variable name=\"Operator\">sorta</variable></expression></condition>\n"
      "    <step type=\"SMS_TaskSequence_RunCommandLin\" name=\"Two\"><action>y</action></step>\n"
      "    <step name=\"Untyped\"><action>z</action></step>\n"
      "  </group>\n";
  const std::string configmgr =
      "<sequence version=\"3.10\" extra=\"1\">\n" + steps + "</sequence>\n";
  const std::string late_mdt = "<sequence version=\"3.10\">\n" + steps +
                               "  <group name=\"Late\" expand=\"true\"/>\n</sequence>\n";
  for (const auto& [xml, target] :
       {std::pair{configmgr, Target::kAuto}, std::pair{late_mdt, Target::kAuto},
        std::pair{configmgr, Target::kMdt}, std::pair{configmgr, Target::kConfigMgr}}) {
    const auto [in_build, whole] = InBuildAndWhole(xml, target);
    CHECK(in_build.size() >= 6);
    CHECK(in_build == whole);
  }
  // And every sample.
  for (const char* dir : {"samples/invalid", "samples/valid", "samples/lint", "samples/shapes"}) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".xml") continue;
      const auto [in_build, whole] = InBuildAndWhole(test::ReadText(entry.path().string()));
      INFO(entry.path().string());
      CHECK(in_build == whole);
    }
  }
}
