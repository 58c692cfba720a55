// The comparison behind `tsimport diff`: the matcher (renamed, moved, moved and modified,
// reordered siblings, a renamed group, a step replaced by another class), what counts as a
// change and what does not, and secrets. Each test states the whole list of changes.
#include "tsimport/compare.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "compare/match.h"
#include "test_util.h"
#include "tsimport/write.h"

using tsimport::Catalog;
using tsimport::ChangeKind;
using tsimport::DiffResult;
using tsimport::test::ImportString;

namespace {

std::string Seq(const std::string& body, const std::string& lists = "") {
  return "<sequence version=\"3.10\">" + lists + body + "</sequence>";
}

std::string Cmd(const std::string& name, const std::string& command, const std::string& attrs = "",
                const std::string& vars = "") {
  return "<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"" + name + "\"" + attrs +
         "><action>smsswd.exe /run: " + command +
         "</action><defaultVarList><variable name=\"CommandLine\" property=\"CommandLine\">" +
         command + "</variable>" + vars + "</defaultVarList></step>";
}

std::string Reboot(const std::string& name, const std::string& attrs = "") {
  return "<step type=\"SMS_TaskSequence_RebootAction\" name=\"" + name + "\"" + attrs +
         "><action>smsboot.exe /target:HD</action><defaultVarList><variable "
         "name=\"SMSRebootTarget\" property=\"Target\">HD</variable></defaultVarList></step>";
}

std::string Group(const std::string& name, const std::string& body, const std::string& attrs = "") {
  return "<group name=\"" + name + "\"" + attrs + ">" + body + "</group>";
}

DiffResult Diff(const std::string& old_xml, const std::string& new_xml) {
  auto a = ImportString(old_xml);
  auto b = ImportString(new_xml);
  REQUIRE(a.task_sequence);
  REQUIRE(b.task_sequence);
  return tsimport::Compare(a, b, *Catalog::Builtin());
}

std::string Joined(const tsimport::DiffValue& v) {
  if (v.lines.empty()) return "(unset)";
  std::string s;
  for (const auto& l : v.lines) s += (s.empty() ? "" : " / ") + l;
  return s;
}

/// One line per change: "added P", "removed P", "moved P from O", "renamed P from "X"",
/// "modified P Prop: old -> new".
std::vector<std::string> Changes(const DiffResult& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) {
    std::string line =
        std::string(tsimport::ChangeKindName(c.kind)) + " " +
        (c.scope == tsimport::ChangeScope::kStep ? c.path : tsimport::ChangeScopeName(c.scope));
    switch (c.kind) {
      case ChangeKind::kMoved:
        line += " from " + c.old_path;
        break;
      case ChangeKind::kRenamed:
        line += " from " + Joined(c.old_value);
        break;
      case ChangeKind::kModified:
        line += " " + c.property + ": " + Joined(c.old_value) + " -> " + Joined(c.new_value);
        break;
      default:
        break;
    }
    out.push_back(line);
  }
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("compare: the same task sequence has no changes") {
  std::string xml = Seq(Group("G", Cmd("A", "a.exe") + Reboot("R")));
  DiffResult d = Diff(xml, xml);
  CHECK(d.Equal());
  CHECK(Changes(d).empty());
}

TEST_CASE("compare: a renamed step is renamed, not removed and added") {
  DiffResult d =
      Diff(Seq(Group(
               "G", Cmd("A", "a.exe") + Cmd("Install Office", "setup.exe /q") + Cmd("C", "c.exe"))),
           Seq(Group("G", Cmd("A", "a.exe") + Cmd("Install Microsoft 365", "setup.exe /q") +
                              Cmd("C", "c.exe"))));
  CHECK(Changes(d) == Lines{"renamed G/Install Microsoft 365 from \"Install Office\""});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].old_path == "G/Install Office");
  CHECK(d.changes[0].step == 2);
  CHECK(d.changes[0].old_step == 2);
}

TEST_CASE("compare: a renamed and edited step in its place is renamed and modified") {
  DiffResult d =
      Diff(Seq(Cmd("A", "a.exe") + Cmd("Install Office", "setup.exe /configure x.xml") +
               Cmd("C", "c.exe")),
           Seq(Cmd("A", "a.exe") + Cmd("Install Office 365", "setup.exe /configure y.xml") +
               Cmd("C", "c.exe")));
  CHECK(Changes(d) ==
        Lines{"renamed Install Office 365 from \"Install Office\"",
              "modified Install Office 365 CommandLine: \"setup.exe /configure x.xml\" -> "
              "\"setup.exe /configure y.xml\""});
}

TEST_CASE("compare: a step that shares only its class with the old one is replaced") {
  // Another name and another command at the same place: not the same step.
  DiffResult d =
      Diff(Seq(Cmd("A", "a.exe") + Cmd("Backup", "backup.exe /all") + Cmd("C", "c.exe")),
           Seq(Cmd("A", "a.exe") + Cmd("Configure", "configure.exe") + Cmd("C", "c.exe")));
  CHECK(Changes(d) == Lines{"removed Backup", "added Configure"});
}

TEST_CASE("compare: a step moved to another group is moved, with its old and new path") {
  DiffResult d = Diff(
      Seq(Group("One", Cmd("A", "a.exe") + Cmd("B", "b.exe")) + Group("Two", Cmd("C", "c.exe"))),
      Seq(Group("One", Cmd("A", "a.exe")) + Group("Two", Cmd("C", "c.exe") + Cmd("B", "b.exe"))));
  CHECK(Changes(d) == Lines{"moved Two/B from One/B"});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].old_value.lines == Lines{"One (after \"A\")"});
  CHECK(d.changes[0].new_value.lines == Lines{"Two (after \"C\")"});
  CHECK(d.changes[0].step == 5);  // One 0, A 1, its end 2, Two 3, C 4, B 5
  CHECK(d.changes[0].old_step == 2);
}

TEST_CASE("compare: a step moved and modified gives one change per kind") {
  DiffResult d = Diff(
      Seq(Group("One", Cmd("A", "a.exe") + Cmd("B", "b.exe /x")) + Group("Two", Cmd("C", "c.exe"))),
      Seq(Group("One", Cmd("A", "a.exe")) +
          Group("Two", Cmd("C", "c.exe") + Cmd("B", "b.exe /y", " continueOnError=\"true\""))));
  CHECK(Changes(d) == Lines{"moved Two/B from One/B",
                            "modified Two/B ContinueOnError: false -> true",
                            "modified Two/B CommandLine: \"b.exe /x\" -> \"b.exe /y\""});
}

TEST_CASE("compare: siblings that changed places: the one that moved, and nothing else") {
  DiffResult d =
      Diff(Seq(Cmd("A", "a.exe") + Cmd("B", "b.exe") + Cmd("C", "c.exe") + Cmd("D", "d.exe")),
           Seq(Cmd("A", "a.exe") + Cmd("D", "d.exe") + Cmd("B", "b.exe") + Cmd("C", "c.exe")));
  CHECK(Changes(d) == Lines{"moved D from D"});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].old_value.lines == Lines{"top level (after \"C\")"});
  CHECK(d.changes[0].new_value.lines == Lines{"top level (after \"A\")"});
  CHECK(d.changes[0].step == 1);
  CHECK(d.changes[0].old_step == 3);
}

TEST_CASE("compare: a renamed group whose steps did not change is one change") {
  std::string steps = Cmd("A", "a.exe") + Reboot("Restart") + Cmd("B", "b.exe");
  DiffResult d = Diff(Seq(Cmd("X", "x.exe") + Group("Apps", steps) + Cmd("Y", "y.exe")),
                      Seq(Cmd("X", "x.exe") + Group("Applications", steps) + Cmd("Y", "y.exe")));
  CHECK(Changes(d) == Lines{"renamed Applications from \"Apps\""});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].group);
  CHECK(d.changes[0].class_label == "Group");
}

TEST_CASE("compare: a group renamed and moved into another group, with its steps") {
  std::string steps = Cmd("A", "a.exe") + Cmd("B", "b.exe") + Cmd("C", "c.exe");
  DiffResult d = Diff(Seq(Group("Apps", steps) + Group("Post", Cmd("P", "p.exe"))),
                      Seq(Group("Post", Cmd("P", "p.exe") + Group("Applications", steps))));
  CHECK(Changes(d) ==
        Lines{"moved Post/Applications from Apps", "renamed Post/Applications from \"Apps\""});
}

TEST_CASE("compare: a step replaced by another class under the same name is removed and added") {
  DiffResult d = Diff(Seq(Cmd("A", "a.exe") + Cmd("Restart", "shutdown /r") + Cmd("C", "c.exe")),
                      Seq(Cmd("A", "a.exe") + Reboot("Restart") + Cmd("C", "c.exe")));
  CHECK(Changes(d) == Lines{"removed Restart", "added Restart"});
  REQUIRE(d.changes.size() == 2);
  CHECK(d.changes[0].class_name == "SMS_TaskSequence_RunCommandLineAction");
  CHECK(d.changes[1].class_name == "SMS_TaskSequence_RebootAction");
  CHECK(d.changes[0].old_step == 1);
  CHECK(d.changes[1].step == 1);
}

TEST_CASE("compare: a renamed step whose old name is still there elsewhere moved instead") {
  // "B" left group One for group Two; a new step took its place in One under another name.
  DiffResult d = Diff(
      Seq(Group("One", Cmd("A", "a.exe") + Cmd("B", "b.exe")) + Group("Two", "")),
      Seq(Group("One", Cmd("A", "a.exe") + Cmd("B2", "b.exe")) + Group("Two", Cmd("B", "b.exe"))));
  CHECK(Changes(d) == Lines{"added One/B2", "moved Two/B from One/B"});
}

TEST_CASE("compare: a moved and renamed step with the same content is moved and renamed") {
  DiffResult d =
      Diff(Seq(Group("One", Cmd("A", "a.exe") + Cmd("Old name", "tool.exe /deep /scan")) +
               Group("Two", Cmd("C", "c.exe"))),
           Seq(Group("One", Cmd("A", "a.exe")) +
               Group("Two", Cmd("C", "c.exe") + Cmd("New name", "tool.exe /deep /scan"))));
  CHECK(Changes(d) ==
        Lines{"moved Two/New name from One/Old name", "renamed Two/New name from \"Old name\""});
}

TEST_CASE("compare: a step added early changes no other step (execution numbers shift)") {
  DiffResult d =
      Diff(Seq(Cmd("A", "a.exe") + Cmd("B", "b.exe") + Cmd("C", "c.exe")),
           Seq(Cmd("New", "n.exe") + Cmd("A", "a.exe") + Cmd("B", "b.exe") + Cmd("C", "c.exe")));
  CHECK(Changes(d) == Lines{"added New"});
}

TEST_CASE("compare: one of several steps of the same name removed") {
  DiffResult d =
      Diff(Seq(Reboot("Restart") + Cmd("A", "a.exe") + Reboot("Restart") + Cmd("B", "b.exe") +
               Reboot("Restart")),
           Seq(Reboot("Restart") + Cmd("A", "a.exe") + Cmd("B", "b.exe") + Reboot("Restart")));
  CHECK(Changes(d) == Lines{"removed Restart"});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].old_step == 2);
}

TEST_CASE("compare: enabled, continue on error, a property, a condition: one change each") {
  std::string cond =
      "<condition><expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable "
      "name=\"Operator\">equals</variable><variable name=\"Value\">true</variable><variable "
      "name=\"Variable\">_SMSTSInWinPE</variable></expression></condition>";
  std::string cond2 =
      "<condition><expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable "
      "name=\"Operator\">equals</variable><variable name=\"Value\">false</variable><variable "
      "name=\"Variable\">_SMSTSInWinPE</variable></expression></condition>";
  std::string old_xml =
      Seq(Cmd("A", "a.exe", "", "") + "<step type=\"SMS_TaskSequence_RebootAction\" name=\"R\">" +
          cond + "<action>smsboot.exe /target:HD</action></step>" + Cmd("T", "t.exe"));
  std::string new_xml =
      Seq(Cmd("A", "a.exe", " disable=\"true\" continueOnError=\"true\"") +
          "<step type=\"SMS_TaskSequence_RebootAction\" name=\"R\">" + cond2 +
          "<action>smsboot.exe /target:HD</action></step>" + Cmd("T", "t.exe", " timeout=\"600\""));
  DiffResult d = Diff(old_xml, new_xml);
  CHECK(Changes(d) == Lines{"modified A ContinueOnError: false -> true",
                            "modified A Enabled: true -> false",
                            "modified R Condition: if _SMSTSInWinPE equals \"true\" -> if "
                            "_SMSTSInWinPE equals \"false\"",
                            "modified T Timeout: (unset) -> 600"});
  // Typed: booleans and numbers stay booleans and numbers.
  CHECK(d.changes[1].new_value.value.kind == tsimport::ValueKind::kBoolean);
  CHECK(d.changes[3].new_value.value.kind == tsimport::ValueKind::kUInt32);
  // The condition is its sentence, as -f text prints it.
  CHECK(d.changes[2].new_value.value.text.view() == "_SMSTSInWinPE equals \"false\"");
}

TEST_CASE(
    "compare: what makes no difference: attribute and variable order, whitespace, escaping, "
    "an empty value, a false Boolean written or not, MDT's expand") {
  std::string a =
      "<sequence version=\"3.10\"><group name=\"G\" description=\"\"><step "
      "type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run &amp; log\" "
      "continueOnError=\"false\"><action>smsswd.exe /run: a.exe</action><defaultVarList>"
      "<variable name=\"CommandLine\" property=\"CommandLine\">a.exe &gt; log.txt</variable>"
      "<variable name=\"WorkingDirectory\" property=\"WorkingDirectory\">C:\\</variable>"
      "</defaultVarList></step></group></sequence>";
  std::string b =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<sequence version='3.10'>\r\n  <group "
      "description='' name='G' expand=\"true\">\r\n    <step continueOnError='false' name='Run "
      "&#38; log' type='SMS_TaskSequence_RunCommandLineAction'>\r\n      "
      "<action>smsswd.exe /run: a.exe</action>\r\n      <defaultVarList>\r\n        <variable "
      "property='WorkingDirectory' name='WorkingDirectory'>C:\\</variable>\r\n        <variable "
      "property='CommandLine' name='CommandLine'><![CDATA[a.exe > log.txt]]></variable>\r\n        "
      "<variable name=\"DisableWow64Redirection\" "
      "property=\"DisableWow64Redirection\">false</variable>\r\n"
      "        <variable name=\"SMSTSRunCommandLineOutputVariableName\" "
      "property=\"OutputVariableName\"></variable>\r\n      </defaultVarList>\r\n    "
      "</step>\r\n  </group>\r\n</sequence>\r\n";
  DiffResult d = Diff(a, b);
  CHECK(Changes(d).empty());
}

TEST_CASE("compare: MDT's untyped command line and a typed Run Command Line are one step") {
  DiffResult d =
      Diff(Seq("<step name=\"Gather\"><action>cscript.exe ZTIGather.wsf</action></step>"),
           Seq(Cmd("Gather", "cscript.exe ZTIGather.wsf")));
  CHECK(Changes(d) == Lines{"modified Gather Class: MDT_CommandLineStep -> "
                            "SMS_TaskSequence_RunCommandLineAction"});
}

TEST_CASE("compare: the action counts only when nothing else of the step changed") {
  // The console writes <action> from the properties: a command line change is one change.
  DiffResult d = Diff(Seq(Cmd("A", "a.exe")), Seq(Cmd("A", "b.exe")));
  CHECK(Changes(d) == Lines{"modified A CommandLine: \"a.exe\" -> \"b.exe\""});
  // MDT runs the action as written: a change of it alone is reported.
  d = Diff(
      Seq("<step type=\"BDD_Gather\" name=\"G\"><action>cscript.exe ZTIGather.wsf</action></step>"),
      Seq("<step type=\"BDD_Gather\" name=\"G\"><action>cscript.exe ZTIGather.wsf "
          "/debug</action></step>"));
  CHECK(Changes(d) == Lines{"modified G Action: \"cscript.exe ZTIGather.wsf\" -> \"cscript.exe "
                            "ZTIGather.wsf /debug\""});
}

TEST_CASE("compare: Set Dynamic Variables rules: one change, the rules as sentences") {
  auto sdv = [](const std::string& rules) {
    return Seq(
        "<step type=\"SMS_TaskSequence_SetDynamicVariablesAction\" name=\"Vars\"><action>"
        "OSDSetDynamicVariables.exe</action><defaultVarList><variable "
        "name=\"OSDSetDynamicVariablesRules\" property=\"Rules\">" +
        rules + "</variable></defaultVarList></step>");
  };
  auto rule = [](const std::string& value, const std::string& name, const std::string& var,
                 const std::string& secret) {
    return "&lt;Rule&gt;&lt;condition&gt;&lt;expression "
           "type=\"SMS_TaskSequence_VariableConditionExpression\"&gt;&lt;variable "
           "name=\"Operator\"&gt;equals&lt;/variable&gt;&lt;variable name=\"Value\"&gt;" +
           value +
           "&lt;/variable&gt;&lt;variable name=\"Variable\"&gt;Ring&lt;/variable&gt;&lt;/"
           "expression&gt;&lt;/condition&gt;&lt;Variables&gt;&lt;Variable Name=\"" +
           name + "\" IsSecret=\"" + secret + "\"&gt;" + var +
           "&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;";
  };
  DiffResult d = Diff(sdv("&lt;Rules&gt;" + rule("Pilot", "Dept", "IT", "false") +
                          rule("Pilot", "JoinPassword", "old-secret", "true") + "&lt;/Rules&gt;"),
                      sdv("&lt;Rules&gt;" + rule("Pilot", "Dept", "Engineering", "false") +
                          rule("Pilot", "JoinPassword", "new-secret", "true") + "&lt;/Rules&gt;"));
  CHECK(
      Changes(d) ==
      Lines{"modified Vars Rules: if Ring equals \"Pilot\": Dept = \"IT\" / if Ring equals "
            "\"Pilot\": "
            "JoinPassword = \"********\" -> if Ring equals \"Pilot\": Dept = \"Engineering\" / if "
            "Ring equals \"Pilot\": JoinPassword = \"********\""});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].new_value.list);
  // The secret rule variable changed too, but neither value is anywhere in the result.
  for (const auto& text : {tsimport::WriteDiffHuman(d, false), tsimport::WriteDiffMarkdown(d),
                           tsimport::WriteDiffJson(d)}) {
    CHECK(text.find("old-secret") == std::string::npos);
    CHECK(text.find("new-secret") == std::string::npos);
  }
}

TEST_CASE("compare: secrets are compared but masked in every format") {
  auto join = [](const std::string& password) {
    return Seq(
        "<step type=\"SMS_TaskSequence_ApplyNetworkSettingsAction\" name=\"Join\"><action>"
        "osdnetsettings.exe configure</action><defaultVarList><variable "
        "name=\"OSDJoinAccount\" property=\"DomainUsername\">CONTOSO\\join</variable>"
        "<variable name=\"OSDJoinPassword\" property=\"DomainPassword\">" +
        password + "</variable></defaultVarList></step>");
  };
  DiffResult d = Diff(join("Winter2023!"), join("Summer2024!"));
  CHECK(Changes(d) == Lines{"modified Join DomainPassword: ******** -> ********"});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].secret);
  const std::string json = tsimport::WriteDiffJson(d);
  CHECK(json.find("\"Secret\": true") != std::string::npos);
  for (const auto& text :
       {tsimport::WriteDiffHuman(d, true), tsimport::WriteDiffMarkdown(d), json}) {
    CHECK(text.find("Winter2023") == std::string::npos);
    CHECK(text.find("Summer2024") == std::string::npos);
  }
  // Emptied by an export: unset, shown as such.
  d = Diff(join("Winter2023!"), join(""));
  CHECK(Changes(d) == Lines{"modified Join DomainPassword: ******** -> (unset)"});
}

TEST_CASE("compare: references and global variables") {
  auto lists = [](const std::string& refs, const std::string& vars) {
    return "<referenceList>" + refs + "</referenceList><globalVarList>" + vars + "</globalVarList>";
  };
  DiffResult d = Diff(
      Seq(Cmd("A", "a.exe"),
          lists("<reference package=\"CM100001\"/><reference package=\"CM100002\"/>",
                "<variable name=\"OSDTimeZone\" property=\"TimeZone\">UTC</variable>")),
      Seq(Cmd("A", "a.exe"),
          lists("<reference package=\"CM100003\" program=\"*\"/><reference package=\"CM100001\"/>",
                "<variable name=\"OSDTimeZone\" property=\"TimeZone\">W. Europe Standard "
                "Time</variable>"
                "<variable name=\"OSDLocale\" property=\"Locale\">de-DE</variable>")));
  CHECK(Changes(d) ==
        Lines{"modified TaskSequence References: CM100001 / CM100002 -> CM100001 / "
              "CM100003 (program \"*\")",
              "modified TaskSequence GlobalVariables[OSDTimeZone]: \"UTC\" -> \"W. "
              "Europe Standard Time\"",
              "modified TaskSequence GlobalVariables[OSDLocale]: (unset) -> \"de-DE\""});
  // The order of references means nothing.
  d = Diff(
      Seq(Cmd("A", "a.exe"), lists("<reference package=\"CM1\"/><reference package=\"CM2\"/>", "")),
      Seq(Cmd("A", "a.exe"),
          lists("<reference package=\"CM2\"/><reference package=\"CM1\"/>", "")));
  CHECK(d.Equal());
}

TEST_CASE("compare: package properties when both sides carry a package, never against bare XML") {
  auto object_xml = [](const std::string& version, const std::string& name) {
    std::string seq =
        "&lt;sequence version=\"3.10\"&gt;&lt;step type=\"SMS_TaskSequence_RebootAction\" "
        "name=\"R\"&gt;&lt;action&gt;smsboot.exe&lt;/action&gt;&lt;/step&gt;&lt;/sequence&gt;";
    return "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\"><PROPERTY NAME=\"Name\" "
           "TYPE=\"string\"><VALUE>" +
           name +
           "</VALUE></PROPERTY><PROPERTY NAME=\"PackageID\" TYPE=\"string\"><VALUE>CM100001"
           "</VALUE></PROPERTY><PROPERTY NAME=\"Version\" TYPE=\"string\"><VALUE>" +
           version + "</VALUE></PROPERTY><PROPERTY NAME=\"Sequence\" TYPE=\"string\"><VALUE>" +
           seq + "</VALUE></PROPERTY></INSTANCE>";
  };
  DiffResult d = Diff(object_xml("1", "Deploy"), object_xml("2", "Deploy Windows"));
  CHECK(Changes(d) == Lines{"modified Package Name: \"Deploy\" -> \"Deploy Windows\"",
                            "modified Package Version: \"1\" -> \"2\""});
  CHECK(d.new_side.package_id == "CM100001");
  CHECK(d.new_side.title == "Deploy Windows");
  // The bare sequence of the same object.xml: equal.
  d = Diff(Seq("<step type=\"SMS_TaskSequence_RebootAction\" "
               "name=\"R\"><action>smsboot.exe</action></step>"),
           object_xml("2", "Deploy Windows"));
  CHECK(d.Equal());
}

TEST_CASE("compare: an added or removed group is one change that holds its steps") {
  DiffResult d = Diff(
      Seq(Cmd("A", "a.exe")),
      Seq(Cmd("A", "a.exe") + Group("New", Cmd("B", "b.exe") + Reboot("R", " disable=\"true\""))));
  CHECK(Changes(d) == Lines{"added New"});
  REQUIRE(d.changes.size() == 1);
  CHECK(d.changes[0].new_value.lines == Lines{"B  (Run Command Line)", "  b.exe",
                                              "R [disabled]  (Restart Computer)",
                                              "  restart to the installed OS"});
  const auto& group = d.changes[0].new_value.value;
  REQUIRE(group.kind == tsimport::ValueKind::kObject);
  CHECK(group.objects.front().class_name.view() == "SMS_TaskSequence_Group");
}

TEST_CASE(
    "compare: the matcher pairs nodes both ways and reports reorders only where order changed") {
  auto a = ImportString(Seq(Cmd("A", "a.exe") + Cmd("B", "b.exe") + Cmd("C", "c.exe")));
  auto b = ImportString(Seq(Cmd("C", "c.exe") + Cmd("A", "a.exe") + Cmd("B", "b.exe")));
  tsimport::compare::Reader reader(*Catalog::Builtin());
  auto ta = tsimport::compare::BuildTree(*a.task_sequence, reader);
  auto tb = tsimport::compare::BuildTree(*b.task_sequence, reader);
  tsimport::compare::Match(ta, tb);
  for (std::size_t i = 0; i < ta.nodes.size(); ++i) {
    REQUIRE(ta.nodes[i].match >= 0);
    CHECK(tb.nodes[static_cast<std::size_t>(ta.nodes[i].match)].match == static_cast<int>(i));
    CHECK(tb.nodes[static_cast<std::size_t>(ta.nodes[i].match)].name == ta.nodes[i].name);
  }
  std::vector<bool> moved = tsimport::compare::Reordered(ta, tb);
  CHECK(moved == std::vector<bool>{false, true, false, false});  // root, C, A, B
}

TEST_CASE("compare: thousands of siblings all renamed and edited are paired in order") {
  // Beyond what is weighed pair by pair (a rewritten or hostile sequence): the k-th step of a
  // class in a gap is weighed against the k-th on the other side.
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    const std::string n = std::to_string(i);
    a += Cmd("Step " + n, "cmd /c echo " + n + " and some words");
    b += Cmd("Renamed step " + n, "cmd /c echo " + n + " and some words!");
  }
  DiffResult d = Diff(Seq(a), Seq(b));
  CHECK(d.Count(ChangeKind::kRenamed) == 3000);
  CHECK(d.Count(ChangeKind::kModified) == 3000);
  CHECK(d.changes.size() == 6000);
  CHECK(d.changes[4000].path == "Renamed step 2000");
  CHECK(d.changes[4000].old_path == "Step 2000");
}
