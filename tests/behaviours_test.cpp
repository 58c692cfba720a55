// Behaviours a user notices that a planted one-line bug broke without any test failing (issue
// #22's mutation run, and the survivors of scripts/mutate.py): each case here fails with that
// bug planted. The others of the nine are
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
  // Values of one character that differ (every character is compared, the first too).
  CHECK(Findings(ImportString(RunStep(Expr("Ring", "equals", "A") + Expr("Ring", "equals", "B"))),
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

// --- mutants that survived scripts/mutate.py (docs/testing.md) ---------------------------------

TEST_CASE("behaviours: a long name in a not-well-formed message is cut at 64 bytes, at a character") {
  // 'a' and 40 two-byte characters: byte 64 is inside a character, so the cut falls at 63.
  std::string name = "a";
  for (int i = 0; i < 40; ++i) name += "\xC3\xA9";
  const std::string shown = name.substr(0, 63) + "...";
  const ImportResult entity = ImportString("<sequence version=\"3.10\">&" + name + ";</sequence>\n");
  REQUIRE(entity.diagnostics.size() == 1);
  CHECK(entity.diagnostics[0].message ==
        "not well-formed XML: undefined entity '&" + shown +
            ";' (only &amp; &lt; &gt; &quot; &apos; and character references are defined)");
  const ImportResult end = ImportString("<sequence version=\"3.10\"></" + name + ">\n");
  REQUIRE(end.diagnostics.size() == 1);
  CHECK(end.diagnostics[0].message == "not well-formed XML: end tag </" + shown +
                                          "> does not match <sequence> opened on line 1");
}

TEST_CASE("behaviours: a String[] property is a list of strings, split at commas") {
  const ImportResult r = ImportString(
      "<sequence version=\"3.10\">\n  <step type=\"SMS_TaskSequence_ApplyNetworkSettingsAction\" "
      "name=\"Net\" description=\"\" runIn=\"WinPEandFullOS\">\n    <action>osdnetsettings.exe "
      "configure</action>\n    <defaultVarList>\n      <variable name=\"OSDNetworkJoinType\" "
      "property=\"NetworkJoinType\">1</variable>\n      <variable name=\"OSDWorkgroupName\" "
      "property=\"WorkgroupName\">WG</variable>\n      <variable name=\"OSDDNSSuffixSearchOrder\" "
      "property=\"DNSSuffixSearchOrder\">corp.contoso.com,contoso.com</variable>\n"
      "    </defaultVarList>\n  </step>\n</sequence>\n");
  CHECK(r.hresult == 0);
  const Property* p = tsimport::test::FirstStep(r).Find("DNSSuffixSearchOrder");
  REQUIRE(p != nullptr);
  CHECK(p->value.kind == ValueKind::kStringArray);
  const std::vector<std::string> strings(p->value.strings.begin(), p->value.strings.end());
  CHECK(strings == std::vector<std::string>{"corp.contoso.com", "contoso.com"});
}

TEST_CASE("behaviours: an input named .zip (and nothing else) that is no zip says so") {
  for (const char* name : {".zip", "a.zip", "A.ZIP"}) {
    INFO(name);
    ImportOptions options;
    const auto results = Import(std::string("this is not an archive"), name, options);
    REQUIRE(results.size() == 1);
    REQUIRE(!results[0].diagnostics.empty());
    CHECK(results[0].diagnostics[0].rule == "TS1012");
  }
}

TEST_CASE("behaviours: a version with nothing before its dot is no schema version (TS2017)") {
  const ImportResult r = ImportString("<sequence version=\".10\">\n</sequence>\n");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].rule == "TS2017");
  CHECK(r.diagnostics[0].message == "version '.10' is not a schema version such as 3.10 or 3.00");
}

TEST_CASE("behaviours: the variables of a step of an unknown class are kept in every output") {
  TempDir dir;
  const std::string file = dir.Write(
      "unknown.xml",
      "<sequence version=\"3.10\">\n  <step type=\"SMS_ContosoUnknownAction\" name=\"U\" "
      "description=\"\" runIn=\"FullOS\">\n    <action>x.exe</action>\n    <defaultVarList>\n"
      "      <variable name=\"ContosoSetting\" property=\"Setting\">on</variable>\n"
      "    </defaultVarList>\n  </step>\n</sequence>\n");
  const auto json = RunCli({"-f", "json", "--fail-on", "never", file});
  CHECK(json.out.find("\"__UnknownProperties\": {\n          \"Setting\": \"on\"\n        }") !=
        std::string::npos);
  const auto mof = RunCli({"-f", "mof", "--fail-on", "never", file});
  CHECK(mof.out.find("// not defined by SMS_ContosoUnknownAction: Setting = \"on\"\n") !=
        std::string::npos);
  const auto md = RunCli({"-f", "markdown", "--fail-on", "never", file});
  CHECK(md.out.find("| Setting (variable `ContosoSetting`) *not defined by the class* | `on` |\n") !=
        std::string::npos);
  const auto html = RunCli({"-f", "html", "--fail-on", "never", file});
  CHECK(html.out.find("<tr><td>Setting (variable <code>ContosoSetting</code>) <em>not defined by "
                      "the class</em></td><td><code>on</code></td></tr>") != std::string::npos);
}

TEST_CASE("behaviours: a Boolean value with white space around it reads as the Boolean") {
  // Survivor of stop 25's mutation run (builder.cpp: the leading white space never removed, a
  // loop that does not end): no test had a Boolean with white space before it.
  ImportResult r = ImportString(
      "<sequence version=\"3.10\">\n  <step type=\"SMS_TaskSequence_RunCommandLineAction\" "
      "name=\"Run\" description=\"\" runIn=\"WinPEandFullOS\">\n"
      "    <action>smsswd.exe /run: a.exe</action>\n    <defaultVarList>\n"
      "      <variable name=\"CommandLine\" property=\"CommandLine\">a.exe</variable>\n"
      "      <variable name=\"SMSTSDisableWow64Redirection\" "
      "property=\"DisableWow64Redirection\"> \ttrue\n </variable>\n"
      "    </defaultVarList>\n  </step>\n</sequence>\n");
  CHECK(tsimport::test::DiagnosticLines(r).empty());
  const Property* p = tsimport::test::FirstStep(r).Find("DisableWow64Redirection");
  REQUIRE(p != nullptr);
  CHECK(p->value.kind == ValueKind::kBoolean);
  CHECK(p->value.boolean);
}

TEST_CASE("behaviours: an invalid UTF-16 or UTF-32 input is told apart in the message") {
  // Survivor of stop 25's mutation run (decode.cpp: the reasons of UTF-16 and of the other
  // encodings swapped): a lone surrogate in UTF-16, a value past U+10FFFF in UTF-32.
  auto message = [](const std::string& bytes) {
    const auto results = Import(bytes, "test.xml", ImportOptions{});
    return results.front().diagnostics.empty() ? std::string()
                                               : results.front().diagnostics.front().message;
  };
  auto utf16le = [](const std::u16string& s) {
    std::string out = "\xFF\xFE";
    for (char16_t c : s) {
      out += static_cast<char>(c & 0xFF);
      out += static_cast<char>(c >> 8);
    }
    return out;
  };
  const std::string lone = utf16le(u"<sequence version=\"3.10\"/>") + std::string("\x00\xD8", 2);
  CHECK(message(lone).find("(a lone surrogate or truncated character)") != std::string::npos);
  std::string utf32le = std::string("\xFF\xFE\x00\x00", 4);
  for (char c : std::string("<sequence version=\"3.10\"/>"))
    utf32le += std::string(1, c) + std::string(3, '\0');
  utf32le += std::string("\x00\x00\x11\x00", 4);  // U+110000
  INFO(message(utf32le));
  CHECK(message(utf32le).find("(not a Unicode character)") != std::string::npos);
}

// Stop 26's mutation sample (seed 22): the survivors a user would notice.

TEST_CASE("behaviours: Set Dynamic Variables rules whose root is not <Rules> are refused") {
  const std::string xml =
      "<sequence version=\"3.10\">\n"
      "  <step type=\"SMS_TaskSequence_SetDynamicVariablesAction\" name=\"Dyn\" description=\"\" "
      "runIn=\"WinPEandFullOS\">\n"
      "    <action>OSDSetDynamicVariables.exe</action>\n"
      "    <defaultVarList>\n"
      "      <variable name=\"OSDSetDynamicVariablesRules\" "
      "property=\"Rules\">&lt;Foo/&gt;</variable>\n"
      "    </defaultVarList>\n"
      "  </step>\n"
      "</sequence>\n";
  ImportResult r = ImportString(xml);
  CHECK(test::DiagnosticLines(r) ==
        std::vector<std::string>{
            "test.xml:5:7: error: the rules of Set Dynamic Variables are not a well-formed "
            "<Rules> document: the root element is <Foo>, not <Rules> [TS2018]"});
  CHECK(r.exit_code == ExitCode::kFindings);
}

TEST_CASE("behaviours: a package named only in a step's embedded package list is a use of it") {
  // Download Package Content's PackageInfo names CM100052, which DownloadPackages does not.
  const std::string xml =
      "<sequence version=\"3.10\">\n"
      "  <referenceList>\n    <reference package=\"CM100051\"/>\n  </referenceList>\n"
      "  <step type=\"SMS_TaskSequence_DownloadPackageContentAction\" name=\"Download\" "
      "description=\"\" runIn=\"WinPEandFullOS\">\n"
      "    <action>OsdDownloadContent.exe </action>\n"
      "    <defaultVarList>\n"
      "      <variable name=\"OSDDownloadDestinationLocationType\" "
      "property=\"DestinationLocationType\">TSCache</variable>\n"
      "      <variable name=\"OSDDownloadDownloadPackages\" "
      "property=\"DownloadPackages\">CM100051</variable>\n"
      "      <variable name=\"OSDPackage\" property=\"PackageInfo\" hidden=\"true\">1</variable>\n"
      "      <variable name=\"OSDPackage0Name\" property=\"PackageInfo0Name\">Drivers</variable>\n"
      "      <variable name=\"OSDPackage0PackageId\" "
      "property=\"PackageInfo0PackageId\">CM100052</variable>\n"
      "      <variable name=\"OSDPackage0PkgType\" property=\"PackageInfo0PkgType\">3</variable>\n"
      "      <variable name=\"OSDPackage0Size\" property=\"PackageInfo0Size\">1</variable>\n"
      "    </defaultVarList>\n"
      "  </step>\n"
      "</sequence>\n";
  ImportResult r = ImportString(xml);
  CHECK(Findings(r, "TS4001") ==
        std::vector<std::string>{
            "Download Package Content 'Download' (PackageInfo.PackageId) uses package "
            "CM100052, which the sequence's <referenceList> does not list (ConfigMgr lists there "
            "every package, application and task sequence that enabled steps use)"});
  REQUIRE(r.external_dependencies.size() == 2);
  CHECK(r.external_dependencies[1].id == "CM100052");
  REQUIRE(r.external_dependencies[1].uses.size() == 1);
  CHECK(r.external_dependencies[1].uses[0].property == "PackageInfo.PackageId");
  CHECK(r.external_dependencies[1].uses[0].loc.line == 12);
  // An element without the field (a hand-edited list) names no package, and breaks nothing.
  std::string without = xml;
  const std::string field =
      "      <variable name=\"OSDPackage0PackageId\" "
      "property=\"PackageInfo0PackageId\">CM100052</variable>\n";
  REQUIRE(without.find(field) != std::string::npos);
  without.erase(without.find(field), field.size());
  ImportResult w = ImportString(without);
  CHECK(Findings(w, "TS4001").empty());
  REQUIRE(w.external_dependencies.size() == 1);
  CHECK(w.external_dependencies[0].id == "CM100051");
}

TEST_CASE("behaviours: a signed number list keeps its signs (SInt32[])") {
  const std::string xml =
      "<sequence version=\"3.10\">\n"
      "  <step type=\"SMS_TaskSequence_ApplyNetworkSettingsAction\" name=\"Net\" description=\"\" "
      "runIn=\"WinPE\">\n"
      "    <action>osdnetsettings.exe configure</action>\n"
      "    <defaultVarList>\n"
      "      <variable name=\"OSDAdapter\" property=\"Adapters\" hidden=\"true\">1</variable>\n"
      "      <variable name=\"OSDAdapter0EnableDHCP\" property=\"Adapters0EnableDHCP\">true</variable>\n"
      "      <variable name=\"OSDAdapter0TCPFilterPortList\" "
      "property=\"Adapters0TCPFilterPortList\">-1, +80,443</variable>\n"
      "    </defaultVarList>\n"
      "  </step>\n"
      "</sequence>\n";
  ImportResult r = ImportString(xml);
  const Property* adapters = test::FirstStep(r).Find("Adapters");
  REQUIRE(adapters != nullptr);
  REQUIRE(adapters->value.objects.size() == 1);
  const Property* ports = adapters->value.objects.front().Find("TCPFilterPortList");
  REQUIRE(ports != nullptr);
  CHECK_FALSE(ports->convert_failed);
  CHECK(ports->value.kind == ValueKind::kSInt32Array);
  std::vector<std::int64_t> numbers;
  for (auto n : ports->value.numbers) numbers.push_back(n);
  CHECK(numbers == std::vector<std::int64_t>{-1, 80, 443});

  // A list with something that is no number is kept as it was written, as text, and said.
  std::string bad = xml;
  bad.replace(bad.find("-1, +80,443"), 11, "80,http");
  ImportResult b = ImportString(bad);
  const Property* bad_ports =
      test::FirstStep(b).Find("Adapters")->value.objects.front().Find("TCPFilterPortList");
  REQUIRE(bad_ports != nullptr);
  CHECK(bad_ports->convert_failed);
  CHECK(bad_ports->value.kind == ValueKind::kString);
  CHECK(bad_ports->value.text == "80,http");
  CHECK(bad_ports->value.numbers.empty());
}

TEST_CASE("behaviours: an object.xml's number arrays keep their WMI type, signed or not") {
  const std::string object_xml =
      "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">"
      "<PROPERTY.ARRAY NAME=\"Signed\" TYPE=\"sint32\"><VALUE.ARRAY><VALUE>-1</VALUE>"
      "<VALUE>2</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>"
      "<PROPERTY.ARRAY NAME=\"Unsigned\" TYPE=\"uint32\"><VALUE.ARRAY><VALUE>3</VALUE>"
      "</VALUE.ARRAY></PROPERTY.ARRAY>"
      "<PROPERTY NAME=\"Sequence\" TYPE=\"string\"><VALUE>&lt;sequence version=\"3.10\"/&gt;"
      "</VALUE></PROPERTY></INSTANCE>";
  ImportResult r = ImportString(object_xml);
  REQUIRE(r.has_package);
  auto find = [&](const char* name) -> const PackageProperty* {
    for (const auto& p : r.package)
      if (p.name == name) return &p;
    return nullptr;
  };
  REQUIRE(find("Signed") != nullptr);
  REQUIRE(find("Unsigned") != nullptr);
  CHECK(find("Signed")->value.kind == ValueKind::kSInt32Array);
  CHECK(find("Unsigned")->value.kind == ValueKind::kUInt32Array);
  CHECK(std::vector<std::int64_t>(find("Signed")->value.numbers.begin(),
                                  find("Signed")->value.numbers.end()) ==
        std::vector<std::int64_t>{-1, 2});
}

TEST_CASE(
    "behaviours: a successCodeList on a step whose class has no success codes is still checked") {
  // Set Task Sequence Variable has no SuccessCodes: the attribute is checked on its own.
  const std::string xml =
      "<sequence version=\"3.10\">\n"
      "<step type=\"SMS_TaskSequence_SetVariableAction\" name=\"S\" successCodeList=\"0 x3010\">"
      "<action>tsenv.exe</action><defaultVarList>"
      "<variable name=\"VariableName\" property=\"VariableName\">A</variable>"
      "<variable name=\"VariableValue\" property=\"VariableValue\">B</variable>"
      "</defaultVarList></step>\n</sequence>\n";
  CHECK(test::DiagnosticLines(ImportString(xml)) ==
        std::vector<std::string>{"test.xml:2:58: error: successCodeList='0 x3010' is not a "
                                 "space-separated list of exit codes [TS2005]"});
  std::string fine = xml;
  fine.replace(fine.find("0 x3010"), 7, "0 -1 3010");
  CHECK(test::DiagnosticLines(ImportString(fine)).empty());
}
