#include <catch2/catch.hpp>
#include <cctype>
#include <cstring>
#include <memory>
#include <tinyxml2.h>

#include "input/lite.h"
#include "input/scan.h"
#include "model/text.h"
#include "test_util.h"

using namespace tsimport;
using tsimport::test::DiagnosticLines;
using tsimport::test::FirstStep;
using tsimport::test::ImportString;


TEST_CASE("step attributes and variables become typed properties keyed by property") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_RunCommandLineAction" name="Run" description="d" disable="true" continueOnError="true" timeout="900" runIn="FullOS" successCodeList="0 3010" retryCount="0" runFromNet="false">
    <action>smsswd.exe /run: cmd /c exit 0</action>
    <defaultVarList>
      <variable name="CommandLine" property="CommandLine" hidden="true">cmd /c exit 0</variable>
      <variable name="SMSTSDisableWow64Redirection" property="DisableWow64Redirection">TRUE</variable>
      <variable name="SuccessCodes" property="SuccessCodes" hidden="true">0 3010</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r).empty());
  const Instance& s = FirstStep(r);
  CHECK(s.class_name == "SMS_TaskSequence_RunCommandLineAction");
  CHECK(s.Find("Name")->value.text == "Run");
  CHECK(s.Find("Enabled")->value.kind == ValueKind::kBoolean);
  CHECK_FALSE(s.Find("Enabled")->value.boolean);
  CHECK(s.Find("ContinueOnError")->value.boolean);
  CHECK(s.Find("Timeout")->value.kind == ValueKind::kUInt32);
  CHECK(s.Find("Timeout")->value.number == 900);
  CHECK(s.Find("SupportedEnvironment")->value.text == "FullOS");
  CHECK(s.Find("DisableWow64Redirection")->value.boolean);
  CHECK(s.Find("CommandLine")->value.text == "cmd /c exit 0");
  REQUIRE(s.action.has_value());
  CHECK(*s.action == "smsswd.exe /run: cmd /c exit 0");
  REQUIRE(s.variables.size() == 3);
  CHECK(s.variables[0].name() == "CommandLine");
  REQUIRE(s.variables[0].hidden() != nullptr);
  CHECK(*s.variables[0].hidden() == "true");
  CHECK(s.loc.line == 2);
  CHECK(s.loc.column == 3);
  CHECK(s.attributes[1].name == "name");
  CHECK(s.attributes[1].loc.line == 2);
  CHECK(s.attributes[1].loc.column == 54);
  CHECK(r.task_sequence->dialect == Dialect::kConfigMgr);
}

// "Name=text (source)" for each property of `s`, in the order they were set.
static std::vector<std::string> PropertyLines(const Instance& s) {
  static const char* const kSources[] = {"attribute", "variable", "element", "children", "derived"};
  std::vector<std::string> out;
  for (const Property& p : s.properties) {
    out.push_back(std::string(p.name.view()) + "=" + std::string(p.raw().view()) + " (" +
                  kSources[static_cast<int>(p.source)] + ")");
  }
  return out;
}

TEST_CASE(
    "successCodeList, retryCount and runFromNet set their property last, when the class has it "
    "and no variable set it") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_RunCommandLineAction" name="A" successCodeList="0 1641" retryCount="2" runFromNet="true">
    <action>smsswd.exe /run: cmd</action>
    <defaultVarList><variable name="CommandLine" property="CommandLine">cmd</variable></defaultVarList>
  </step>
  <step type="SMS_TaskSequence_RunCommandLineAction" name="B" successCodeList="0">
    <action>smsswd.exe /run: cmd</action>
    <defaultVarList>
      <variable name="SuccessCodes" property="SuccessCodes">0 3010</variable>
      <variable name="CommandLine" property="CommandLine">cmd</variable>
    </defaultVarList>
  </step>
  <step type="SMS_TaskSequence_InstallApplicationAction" name="C" retryCount="3" successCodeList="0">
    <action>smsappinstall.exe</action>
  </step>
  <step type="SMS_TaskSequence_ApplyOperatingSystemAction" name="D" runFromNet="true" retryCount="1">
    <action>OSDApplyOS.exe</action>
  </step>
</sequence>)");
  const auto& steps = r.task_sequence->root.Find("Steps")->value.objects;
  REQUIRE(steps.size() == 4);
  CHECK(PropertyLines(steps[0]) == std::vector<std::string>{"Name=A (attribute)",
                                                            "CommandLine=cmd (variable)",
                                                            "SuccessCodes=0 1641 (attribute)"});
  CHECK(PropertyLines(steps[1]) == std::vector<std::string>{"Name=B (attribute)",
                                                            "SuccessCodes=0 3010 (variable)",
                                                            "CommandLine=cmd (variable)"});
  CHECK(PropertyLines(steps[2]) ==
        std::vector<std::string>{"Name=C (attribute)", "RetryCount=3 (attribute)"});
  CHECK(PropertyLines(steps[3]) ==
        std::vector<std::string>{"Name=D (attribute)", "RunFromNet=true (attribute)"});
  CHECK(steps[2].Find("RetryCount")->value.kind == ValueKind::kString);  // as its class says
  CHECK(steps[3].Find("RunFromNet")->value.kind == ValueKind::kBoolean);
  CHECK(steps[3].Find("RunFromNet")->value.boolean);
}

TEST_CASE("embedded arrays follow the Base<i>Field pattern") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_PartitionDiskAction" name="Partition" description="" runIn="WinPE" successCodeList="0">
    <action>osddiskpart.exe</action>
    <defaultVarList>
      <variable name="OSDDiskIndex" property="DiskIndex">0</variable>
      <variable name="OSDPartitions" property="Partitions" hidden="true">2</variable>
      <variable name="OSDPartitions0Bootable" property="Partitions0Bootable">true</variable>
      <variable name="OSDPartitions0QuickFormat" property="Partitions0QuickFormat">true</variable>
      <variable name="OSDPartitions0Size" property="Partitions0Size">100</variable>
      <variable name="OSDPartitions0SizeUnits" property="Partitions0SizeUnits">PERCENT</variable>
      <variable name="OSDPartitions0Type" property="Partitions0Type">Primary</variable>
      <variable name="OSDPartitions1QuickFormat" property="Partitions1QuickFormat">true</variable>
      <variable name="OSDPartitions1Type" property="Partitions1Type">Recovery</variable>
      <variable name="OSDPartitionStyle" property="PartitionStyle">gpt</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r).empty());
  const Property* parts = FirstStep(r).Find("Partitions");
  REQUIRE(parts != nullptr);
  REQUIRE(parts->value.kind == ValueKind::kObjectArray);
  REQUIRE(parts->value.objects.size() == 2);
  const Instance& p0 = parts->value.objects[0];
  CHECK(p0.class_name == "SMS_TaskSequence_PartitionSettings");
  CHECK(p0.Find("Size")->value.number == 100);
  CHECK(p0.Find("Bootable")->value.boolean);
  CHECK(parts->value.objects[1].Find("Type")->value.text == "Recovery");
}

TEST_CASE("conditions: expressions, nested operators and OS condition groups") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <group name="G" description="">
    <condition>
      <expression type="SMS_TaskSequence_VariableConditionExpression">
        <variable name="Operator">equals</variable><variable name="Value">true</variable><variable name="Variable">_SMSTSInWinPE</variable>
      </expression>
      <operator type="or">
        <expression type="SMS_TaskSequence_WMIConditionExpression" ignoreQueryFailure="true">
          <variable name="Namespace">root\cimv2</variable><variable name="Query">SELECT * FROM Win32_ComputerSystem WHERE Model LIKE "%X1%"</variable>
        </expression>
        <operator type="not">
          <expression type="SMS_TaskSequence_FileConditionExpression"><variable name="Path">C:\x.txt</variable></expression>
        </operator>
      </operator>
      <osConditionGroup type="or">
        <osExpressionGroup type="" name="All x64 Windows 10 and higher Clients">
          <platformKey arch="x64" type="Windows" minVer="10.00.0000.0" maxVer="10.99.9999.9999"/>
        </osExpressionGroup>
      </osConditionGroup>
    </condition>
  </group>
</sequence>)");
  CHECK(DiagnosticLines(r).empty());
  const Property* cond = FirstStep(r).Find("Condition");
  REQUIRE(cond != nullptr);
  const Instance& c = cond->value.objects.front();
  CHECK(c.class_name == "SMS_TaskSequence_Condition");
  const auto& ops = *c.Children();
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].class_name == "SMS_TaskSequence_VariableConditionExpression");
  CHECK(ops[0].Find("Variable")->value.text == "_SMSTSInWinPE");
  CHECK(ops[1].class_name == "SMS_TaskSequence_ConditionOperator");
  CHECK(ops[1].Find("OperatorType")->value.text == "or");
  REQUIRE(ops[1].Children()->size() == 2);
  CHECK((*ops[1].Children())[1].Find("OperatorType")->value.text == "not");
  CHECK(ops[2].class_name == "SMS_TaskSequence_OSConditionGroup");
  const Instance& group = ops[2].Children()->front();
  CHECK(group.class_name == "SMS_TaskSequence_OSExpressionGroup");
  CHECK(group.Find("Name")->value.text == "All x64 Windows 10 and higher Clients");
  CHECK(group.Find("PlatformArchKey")->value.text == "x64");
  CHECK(group.Find("PlatformMaxVerKey")->value.text == "10.99.9999.9999");
}

TEST_CASE("Set Dynamic Variables rules are parsed as the nested document they are") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Dyn" description="" runIn="WinPEandFullOS" successCodeList="0">
    <action>OSDSetDynamicVariables.exe</action>
    <defaultVarList>
      <variable name="OSDSetDynamicVariablesRules" property="Rules">&lt;Rules&gt;&lt;Rule&gt;&lt;condition&gt;&lt;expression type="SMS_TaskSequence_ComputerConditionExpression"&gt;&lt;variable name="SerialNumber"&gt;ABC123&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;&lt;Variables&gt;&lt;Variable Name="OSDComputerName" IsSecret="false"&gt;PC-01&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r).empty());
  const Property* rules = FirstStep(r).Find("Rules");
  REQUIRE(rules != nullptr);
  REQUIRE(rules->value.objects.size() == 1);
  const Instance& rule = rules->value.objects[0];
  CHECK(rule.class_name == "SMS_TaskSequence_Rule");
  const Instance& expr = rule.Find("Condition")->value.objects[0].Children()->front();
  CHECK(expr.class_name == "SMS_TaskSequence_ComputerConditionExpression");
  CHECK(expr.Find("SerialNumber")->value.text == "ABC123");
  const Instance& var = rule.Find("Variables")->value.objects[0];
  CHECK(var.Find("Name")->value.text == "OSDComputerName");
  CHECK_FALSE(var.Find("IsSecret")->value.boolean);
  CHECK(var.Find("Value")->value.text == "PC-01");
}

TEST_CASE("MDT: untyped steps are command-line steps and MDT markup is legal") {
  ImportResult r = ImportString(R"(<?xml version="1.0"?>
<sequence version="3.00" name="Standard Client Task Sequence" description="A complete task sequence">
  <group name="Initialization" disable="false" continueOnError="false" description="" expand="true">
    <action />
    <step name="Gather local only" disable="false" continueOnError="false" successCodeList="0 3010" description="" startIn="">
      <action>cscript.exe "%SCRIPTROOT%\ZTIGather.wsf" /localonly</action>
    </step>
  </group>
</sequence>)");
  CHECK(DiagnosticLines(r).empty());
  REQUIRE(r.task_sequence);
  CHECK(r.task_sequence->dialect == Dialect::kMdt);
  const Instance& step = FirstStep(r).Children()->front();
  CHECK(step.class_name == "MDT_CommandLineStep");
  CHECK_FALSE(step.has_type_attribute);
  CHECK(step.Find("CommandLine")->value.text ==
        "cscript.exe \"%SCRIPTROOT%\\ZTIGather.wsf\" /localonly");
}

TEST_CASE("references, global variables and counts are kept") {
  ImportResult r = ImportString(
      R"(<sequence version="3.10"><referenceList><reference package="ABC00012" program="*"/><reference application="ScopeId_1/Application_2"/></referenceList><globalVarList><variable name="OSDStateSMPRetryCount" property="SMPRetryCount">3</variable></globalVarList><group name="A" description=""><group name="B" description=""/></group><step type="SMS_TaskSequence_RebootAction" name="R" description="" runIn="WinPEandFullOS" successCodeList="0"><action>smsboot.exe /target:WinPE</action><defaultVarList><variable name="SMSRebootTarget" property="Target" hidden="true">WinPE</variable></defaultVarList></step></sequence>)");
  CHECK(DiagnosticLines(r).empty());
  const TaskSequence& ts = *r.task_sequence;
  REQUIRE(ts.references.size() == 2);
  CHECK(ts.references[0].package == "ABC00012");
  CHECK(ts.references[0].program == std::optional<std::string>("*"));
  CHECK(ts.references[1].type == 1);
  REQUIRE(ts.global_variables.size() == 1);
  CHECK(ts.global_variables[0].text == "3");
  CHECK(ts.groups == 2);
  CHECK(ts.steps == 1);
}

TEST_CASE("execution numbers: from 0, groups take a start and an end number") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
<group name="A" description=""><step type="SMS_TaskSequence_RebootAction" name="s1" description=""><defaultVarList><variable name="SMSRebootTarget" property="Target">HD</variable></defaultVarList></step></group>
<group name="B" description=""><step type="SMS_TaskSequence_RebootAction" name="s2" description=""><defaultVarList><variable name="SMSRebootTarget" property="Target">HD</variable></defaultVarList></step></group>
<step type="SMS_TaskSequence_RebootAction" name="s3" description=""><defaultVarList><variable name="SMSRebootTarget" property="Target">HD</variable></defaultVarList></step>
</sequence>)");
  CHECK(DiagnosticLines(r).empty());
  const auto& top = *r.task_sequence->root.Children();
  CHECK(top[0].step_number == 0);
  CHECK(top[0].Children()->front().step_number == 1);
  CHECK(top[0].Children()->front().step_path == "A/s1");
  CHECK(top[1].step_number == 3);
  CHECK(top[1].Children()->front().step_number == 4);
  CHECK(top[2].step_number == 6);
}

TEST_CASE("unknown elements and text are kept in the model") {
  ImportResult r = ImportString(
      "<sequence version=\"3.10\"><group name=\"G\" description=\"\">stray<stepp "
      "a=\"1\"><x/></stepp></group></sequence>");
  const Instance& g = FirstStep(r);
  REQUIRE(g.extras.size() == 2);
  CHECK(g.extras[0].second.name.empty());
  CHECK(g.extras[0].second.text == "stray");
  CHECK(g.extras[1].second.name == "stepp");
  CHECK(g.extras[1].second.attributes[0].value == "1");
  CHECK(g.extras[1].second.children[0].name == "x");
}

// The DOM over the scanned text (lite.cpp) trusts the scanner, but not blindly: given text the
// scanner would refuse, it stops with an error and never reads past the text (ASan would see it).
TEST_CASE(
    "lite DOM: text the scanner refuses stops the build with an error, never a read past the end") {
  for (const std::string bad :
       {"<a", "<a b", "<a b=", "<a b='x", "<a b=\"x\"", "<a b=\"x\" /", "<a/ >", "<a></a></b>",
        "</a>", "<!-- x", "<![CDATA[x", "<?xml", "<a><!-- x --><?pi?>",
        "<!DOCTYPE a>", "<a =\"x\"/>", "<>", "<a>text", "<a><b></a>"}) {
    INFO(bad);
    // Exactly the bytes, no terminator after them in the same allocation.
    std::unique_ptr<char[]> copy(new char[bad.size()]);
    std::memcpy(copy.get(), bad.data(), bad.size());
    tsimport::detail::lite::Document doc;
    doc.Build(std::string_view(copy.get(), bad.size()));
    CHECK(doc.Error());
    CHECK(doc.ErrorLineNum() == 1);
  }
  // Character references of every UTF-8 length, decoded in place.
  tsimport::detail::lite::Document refs;
  CHECK(refs.Build("<a b=\"&#65;&#xE9;&#8364;&#x1F600;\"/>") == 1);
  CHECK(std::string(refs.RootElement()->Attribute("b")) == "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  // A reference the scanner would refuse is kept as written.
  tsimport::detail::lite::Document ref;
  CHECK(ref.Build("<a b=\"&#x;&#12\"/>") == 1);
  CHECK(std::string(ref.RootElement()->Attribute("b")) == "&#x;&#12");
  tsimport::detail::lite::Document ok;
  CHECK(ok.Build("<?xml version=\"1.0\"?>\r\n<a x=\"1 &amp; 2\"><![CDATA[<b>]]>t&#x41;\r\n</a>") ==
        1);
  REQUIRE_FALSE(ok.Error());
  const auto* a = ok.RootElement();
  REQUIRE(a != nullptr);
  CHECK(std::string(a->Attribute("x")) == "1 & 2");
  CHECK(std::string(a->FirstChild()->Value()) == "<b>");
  CHECK(std::string(a->LastChild()->Value()) == "tA\n");
  CHECK(a->GetLineNum() == 2);
}

TEST_CASE("lite DOM: the error names are tinyxml2's, for every error it reports") {
  using namespace tinyxml2;
  for (XMLError e : {XML_SUCCESS, XML_ERROR_PARSING_ELEMENT, XML_ERROR_PARSING_ATTRIBUTE,
                     XML_ERROR_PARSING_CDATA, XML_ERROR_PARSING_COMMENT,
                     XML_ERROR_PARSING_DECLARATION, XML_ERROR_MISMATCHED_ELEMENT, XML_ERROR_PARSING}) {
    CHECK(std::string(tsimport::detail::lite::ErrorIDName(e)) == XMLDocument::ErrorIDToName(e));
  }
  tsimport::detail::lite::Document doc;
  doc.Build("<a><b></a>");
  REQUIRE(doc.Error());
  CHECK(std::string(doc.ErrorName()) == XMLDocument::ErrorIDToName(doc.ErrorID()));
}

// The scanner's and the DOM's searches read 16 bytes at a time up to the buffer's end, never
// past it, and answer as a byte-by-byte search would, wherever the range starts and ends.
TEST_CASE(
    "FindByte, FindEither and SkipBlank agree with a byte-by-byte search at every start and end") {
  std::string buffer;
  for (int i = 0; i < 70; ++i) buffer += "ab& \t\r\nxyz"[(i * 7 + i / 9) % 10];
  const char* b = buffer.data();
  const char* limit = b + buffer.size();
  for (std::size_t from = 0; from <= buffer.size(); ++from) {
    for (std::size_t to = from; to <= buffer.size(); ++to) {
      INFO(from << " " << to);
      const char* amp = b + from;
      while (amp < b + to && *amp != '&') ++amp;
      CHECK(tsimport::detail::FindByte(b + from, b + to, limit, '&') == amp);
      const char* either = b + from;
      while (either < b + to && *either != '&' && *either != '\r') ++either;
      CHECK(tsimport::detail::FindEither(b + from, b + to, limit, '&', '\r') == either);
      const char* word = b + from;
      while (word < b + to && std::strchr(" \t\r\n", *word) != nullptr && *word != '\0') ++word;
      CHECK(tsimport::detail::SkipBlank(b + from, b + to, limit) == word);
    }
  }
}

// Line ends become LF as XML 1.0 has them (2.11: CR LF and a lone CR are one LF each, so LF CR
// is two), and in an attribute value every tab, LF and line end is then a space (3.3.3), with
// references decoded (&#9; stays a tab), wherever they fall in a value: the DOM skips ahead 16
// bytes at a time to the first byte that decoding changes.
TEST_CASE("lite DOM: line ends and references decoded at every place of a value") {
  auto decode = [](const std::string& in, bool attribute) {
    std::string out;
    for (std::size_t i = 0; i < in.size();) {
      if (in[i] == '\r') {
        i += i + 1 < in.size() && in[i + 1] == '\n' ? 2 : 1;
        out += attribute ? ' ' : '\n';
      } else if (in[i] == '\n' || in[i] == '\t') {
        out += attribute ? ' ' : in[i];
        ++i;
      } else if (in.compare(i, 4, "&#9;") == 0) {
        out += '\t';
        i += 4;
      } else if (in.compare(i, 5, "&amp;") == 0) {
        out += '&';
        i += 5;
      } else {
        out += in[i++];
      }
    }
    return out;
  };
  const auto text = [&](const std::string& in) { return decode(in, false); };
  const auto attribute = [&](const std::string& in) { return decode(in, true); };
  const char* const pieces[] = {"a", "b", "\r", "\n", "\t", "&amp;", "&#9;", "0123456789abcdef"};
  std::uint32_t seed = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string value = "x";
    const int length = round % 40;
    for (int k = 0; k < length; ++k) {
      seed = seed * 1103515245u + 12345u;
      value += pieces[(seed >> 16) % (round % 2 == 0 ? 5 : 8)];
    }
    INFO(round);
    tsimport::detail::lite::Document doc;
    doc.Build("<a v=\"" + value + "\">" + value + "</a>");
    REQUIRE_FALSE(doc.Error());
    const auto* a = doc.RootElement();
    CHECK(std::string(a->Attribute("v")) == attribute(value));
    CHECK(std::string(a->FirstChild()->Value()) == text(value));
    // The lengths the DOM keeps are the decoded ones.
    CHECK(a->FirstAttribute()->NameView() == "v");
    CHECK(a->FirstAttribute()->ValueView() == attribute(value));
    CHECK(a->FirstChild()->ValueView() == text(value));
    // The same in a piece of a streamed document.
    const std::string xml = "<sequence><a v=\"" + value + "\">" + value + "</a></sequence>";
    tsimport::detail::PieceScanner scanner(xml);
    scanner.Next(nullptr);
    tsimport::detail::lite::Document streamed;
    streamed.BuildHead(xml, scanner);
    REQUIRE(streamed.BuildNextPiece());
    const auto* b = streamed.RootElement()->FirstChildElement();
    REQUIRE(b != nullptr);
    CHECK(std::string(b->Attribute("v")) == attribute(value));
    CHECK(std::string(b->FirstChild()->Value()) == text(value));
    CHECK(b->FirstAttribute()->ValueView() == attribute(value));
    CHECK(b->FirstChild()->ValueView() == text(value));
    CHECK(b->ValueView() == "a");
  }
}

TEST_CASE(
    "lite DOM: SkipContentOf passes over an element's content and still counts its elements") {
  const std::string xml =
      "<INSTANCE><PROPERTY.ARRAY NAME=\"Icon\" TYPE=\"uint8\"><VALUE.ARRAY><VALUE>1</VALUE><!-- "
      "</VALUE.ARRAY> -->"
      "<VALUE a='>'>2</VALUE><x/><![CDATA[</PROPERTY.ARRAY>]]></VALUE.ARRAY></PROPERTY.ARRAY>"
      "<PROPERTY.ARRAY NAME=\"N\" "
      "TYPE=\"string\"><VALUE.ARRAY><VALUE>s</VALUE></VALUE.ARRAY></PROPERTY.ARRAY></INSTANCE>";
  tsimport::detail::lite::Document doc;
  doc.SkipContentOf("PROPERTY.ARRAY", "TYPE", "uint8");
  CHECK(doc.Build(xml) == 9);  // every start tag, skipped or not
  REQUIRE_FALSE(doc.Error());
  const auto* icon = doc.RootElement()->FirstChildElement("PROPERTY.ARRAY");
  REQUIRE(icon != nullptr);
  CHECK(std::string(icon->Attribute("NAME")) == "Icon");
  CHECK(icon->FirstChild() == nullptr);
  const auto* names = icon->NextSiblingElement("PROPERTY.ARRAY");
  REQUIRE(names != nullptr);
  // Its offset is that of its '<' in the text (diagnostics place elements by it).
  CHECK(names->Offset() == xml.find("<PROPERTY.ARRAY NAME=\"N\""));
  CHECK(std::string(names->FirstChildElement()->FirstChildElement()->FirstChild()->Value()) == "s");

  tsimport::detail::lite::Document cut;
  cut.SkipContentOf("PROPERTY.ARRAY", "TYPE", "uint8");
  cut.Build("<INSTANCE><PROPERTY.ARRAY TYPE=\"uint8\"><VALUE.ARRAY><VALUE>1</VALUE>");
  CHECK(cut.Error());
}

TEST_CASE("lite DOM: a sequence streamed a piece (a child of the root) at a time") {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<sequence version=\"3.10\">\n"
      "  <group name=\"A\"><step name=\"a1\"/></group>\n"
      "  <!-- between -->\n"
      "  <step name=\"b &amp; c\"/>\n"
      "</sequence>\n<!-- after -->\n";
  tsimport::detail::PieceScanner scanner(xml);
  // The scanner stops after the root's start tag, then after each element child of the root.
  CHECK(scanner.Next(nullptr) == xml.find("\n  <group"));
  tsimport::detail::lite::Document doc;
  doc.BuildHead(xml, scanner);
  REQUIRE_FALSE(doc.Error());
  const auto* root = doc.RootElement();
  REQUIRE(root != nullptr);
  CHECK(std::string(root->Name()) == "sequence");
  CHECK(root->FirstChild() == nullptr);  // no piece yet
  std::vector<std::string> seen;
  while (doc.BuildNextPiece()) {
    std::string piece;
    for (const auto* n = root->FirstChild(); n != nullptr; n = n->NextSibling()) {
      if (const auto* e = n->ToElement()) {
        const auto* name = e->FirstAttribute();
        REQUIRE(name != nullptr);
        piece += std::string(e->Name()) + "(" + name->Value() + ")";
        // Places are the text's, whichever buffer holds the piece.
        const std::size_t at =
            xml.find(std::string("<") + e->Name() + " name=\"" + name->Value()[0]);
        CHECK(e->Offset() == at);
        CHECK(doc.OffsetOf(name->Name()) == at + std::strlen(e->Name()) + 2);
      } else {
        piece += "other";
      }
    }
    seen.push_back(piece);
  }
  CHECK(seen == std::vector<std::string>{"group(A)", "otherstep(b & c)", ""});
  REQUIRE_FALSE(doc.Error());
  // The head is kept throughout: the root's attribute and the nodes around it.
  CHECK(std::string(root->Attribute("version")) == "3.10");
  CHECK(doc.OffsetOf(root->FirstAttribute()->Name()) == xml.find("version=\"3.10\""));
  std::size_t top = 0;
  for (const auto* n = doc.FirstChild(); n != nullptr; n = n->NextSibling()) ++top;
  CHECK(top == 3);  // the declaration, the root and the comment after it

  // A processing instruction inside an element is a node of its piece (neither element nor
  // text), as a comment is.
  const std::string pi = "<sequence>\n<group/>\n<group><?pi x?></group>\n</sequence>";
  tsimport::detail::PieceScanner pi_scanner(pi);
  pi_scanner.Next(nullptr);
  tsimport::detail::lite::Document with_pi;
  with_pi.BuildHead(pi, pi_scanner);
  CHECK(with_pi.BuildNextPiece());
  REQUIRE(with_pi.BuildNextPiece());
  const auto* group = with_pi.RootElement()->FirstChildElement();
  REQUIRE(group != nullptr);
  REQUIRE(group->FirstChild() != nullptr);
  CHECK(group->FirstChild()->ToElement() == nullptr);
  CHECK(group->FirstChild()->ToText() == nullptr);
  CHECK(with_pi.BuildNextPiece());  // the rest: the line end before </sequence>
  CHECK_FALSE(with_pi.BuildNextPiece());
  CHECK_FALSE(with_pi.Error());
  // An error the scanner finds further on ends the building, with no DOM error of its own.
  const std::string worse = "<sequence>\n<group><?pi x?></group>\n<group></grup>\n</sequence>";
  tsimport::detail::PieceScanner worse_scanner(worse);
  worse_scanner.Next(nullptr);
  tsimport::detail::lite::Document worse_doc;
  worse_doc.BuildHead(worse, worse_scanner);
  CHECK(worse_doc.BuildNextPiece());  // <group><?pi x?></group>
  CHECK_FALSE(worse_doc.BuildNextPiece());
  CHECK_FALSE(worse_doc.Error());
  REQUIRE_FALSE(worse_scanner.Result().ok);
  CHECK(worse_scanner.Result().error_offset == worse.find("</grup>"));
}

TEST_CASE("a sequence the reader refuses late is refused whole, as if it had been refused first") {
  const std::string step =
      "<step type=\"SMS_TaskSequence_SetDynamicVariablesAction\" name=\"s\"><defaultVarList>"
      "<variable name=\"OSDSetDynamicVariablesRules\" property=\"Rules\">&lt;!DOCTYPE Rules "
      "[&lt;!ENTITY a \"b\"&gt;]&gt;&lt;Rules/&gt;</variable></defaultVarList></step>\n";
  // Alone, the step's rules are refused (TS1016, reported while the model is built) ...
  ImportResult alone = ImportString("<sequence version=\"3.10\">\n" + step + "</sequence>\n");
  CHECK(alone.task_sequence);
  REQUIRE(DiagnosticLines(alone).size() == 1);
  CHECK(DiagnosticLines(alone)[0].find("[TS1016]") != std::string::npos);
  // ... but in a document refused further on, only that is reported, and no model.
  for (const auto& [tail, line] : std::vector<std::pair<std::string, std::string>>{
           {"<group name=\"B\"><!-- a -- b --></group>\n</sequence>\n",
            "test.xml:3:24: error: not well-formed XML: '--' inside a comment (XML allows two "
            "hyphens in a row only in the '-->' that ends it; a comment may not end with '--->' "
            "either) [TS1004]"},
           {"<group name=\"B\"><?xml version=\"1.0\"?></group>\n</sequence>\n",
            "test.xml:3:17: error: not well-formed XML: an XML declaration (<?xml ...?>) is only "
            "allowed at the very start of the document, with nothing before it (no white space, "
            "comment or second declaration) [TS1004]"},
           {"</sequence>\n<sequence/>\n",
            "test.xml:4:1: error: not well-formed XML: a second root element <sequence> (a "
            "document has exactly one) [TS1004]"},
           {"</sequence>\njunk\n",
            "test.xml:4:1: error: not well-formed XML: text outside the root element [TS1004]"},
       }) {
    INFO(tail);
    ImportResult r = ImportString("<sequence version=\"3.10\">\n" + step + tail);
    CHECK_FALSE(r.task_sequence);
    CHECK(r.shape == "unknown");
    CHECK(DiagnosticLines(r) == std::vector<std::string>{line});
  }
  // So does a limit the scanner finds further on (here nesting, TS1015).
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += "<group name=\"g" + std::to_string(i) + "\">";
  for (int i = 0; i < 70; ++i) deep += "</group>";
  ImportResult r = ImportString("<sequence version=\"3.10\">\n" + step + deep + "\n</sequence>\n");
  CHECK_FALSE(r.task_sequence);
  const std::vector<std::string> lines = DiagnosticLines(r);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].rfind("test.xml:3:", 0) == 0);
  CHECK(lines[0].find("(<group> here is at depth 65)") != std::string::npos);
  CHECK(lines[0].find("[TS1015]") != std::string::npos);
}

// The model holds a string value's raw text once (Property::raw() is the value's text) and a
// variable's name, property and hidden once (in its attributes): what a reader sees is the same.
TEST_CASE("model: raw() and the variable's attributes read as the values they stand for") {
  Property same{"Name", Value::String("Run"), ValueSource::kAttribute, "Run", {}};
  CHECK(same.raw() == "Run");
  Property converted{"Timeout", Value::UInt32(900), ValueSource::kAttribute, "0900", {}};
  CHECK(converted.raw() == "0900");
  Property failed{"Timeout", Value::String("x"), ValueSource::kAttribute, "x", {}, true, "why"};
  CHECK(failed.raw() == "x");
  CHECK(failed.error() == "why");
  CHECK(same.error().empty());
  // A copy keeps both, and a raw set after the value follows the rule again.
  Property copy = same;
  copy.value = Value::String("Other");
  CHECK(copy.raw() == "Other");  // raw() is the value's text until set_raw says otherwise
  copy.set_raw("Run");
  CHECK(copy.raw() == "Run");
  CHECK(copy.value.text == "Other");
  copy.set_raw_to_text();  // the value's own text again, without a copy to compare
  CHECK(copy.raw() == "Other");
  copy.value.text = "Third";
  CHECK(copy.raw() == "Third");
  // A value whose text cannot stand for its raw text keeps a copy of it.
  Property number{"Timeout", Value::UInt32(900), ValueSource::kAttribute, "900", {}};
  number.value.text = "900";
  number.set_raw_to_text();
  number.value.text.clear();
  CHECK(number.raw() == "900");
  failed.set_raw_to_text();
  failed.value.text = "y";
  CHECK(failed.raw() == "x");

  Variable v;
  v.attributes = {
      {"hidden", "true", {}}, {"name", "OSDX", {}}, {"property", "P", {}}, {"name", "second", {}}};
  CHECK(v.name().empty());  // not indexed yet
  v.IndexAttributes();
  CHECK(v.name() == "OSDX");  // the first of each name
  REQUIRE(v.property() != nullptr);
  CHECK(*v.property() == "P");
  REQUIRE(v.hidden() != nullptr);
  CHECK(*v.hidden() == "true");
  Variable w = v;
  v.attributes.clear();  // stale indices read nothing, never past the attributes
  CHECK(v.name().empty());
  CHECK(v.property() == nullptr);
  CHECK(w.name() == "OSDX");
  v.attributes = {{"property", "Q", {}}};
  v.IndexAttributes();
  CHECK(v.name().empty());
  CHECK(*v.property() == "Q");
  CHECK(v.hidden() == nullptr);

  Value arrays;
  CHECK(arrays.strings.empty());
  arrays.strings.push_back("a");
  arrays.strings = std::vector<std::string>{"b", "c"};
  Value deep = arrays;
  arrays.strings.clear();
  CHECK(arrays.strings.size() == 0);
  REQUIRE(deep.strings.size() == 2);
  CHECK(deep.strings[1] == "c");
  CHECK(deep.strings.get() == std::vector<std::string>{"b", "c"});
}

TEST_CASE("line map: the line and column of every offset, asked in any order and far ahead") {
  // Lines of 0 to 9,000 bytes (longer than the map reads ahead), CR LF among them; the map
  // finds line ends as it is asked, so ask forwards, backwards, by whole lines, and the end.
  std::string text;
  for (int i = 0; i < 60; ++i) {
    text.append(static_cast<std::size_t>((i * 7919) % 9001), static_cast<char>('a' + i % 26));
    text += i % 5 == 0 ? "\r\n" : "\n";
  }
  text += "last line, no line end";
  const auto expected = [&](std::size_t offset) {
    std::uint32_t line = 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        start = i + 1;
      }
    }
    return std::make_pair(line, static_cast<std::uint32_t>(offset - start + 1));
  };
  const auto at = [](const detail::LineMap& map, std::size_t offset) {
    const Location loc = map.At(offset);
    return std::make_pair(loc.line, loc.column);
  };
  std::vector<std::size_t> offsets;
  for (std::size_t o = 0; o <= text.size(); o += 97) offsets.push_back(o);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') offsets.insert(offsets.end(), {i - 1, i, i + 1});
  offsets.push_back(text.size());

  {
    const detail::LineMap map(text);
    for (std::size_t o : offsets) REQUIRE(at(map, o) == expected(o));
  }
  {
    const detail::LineMap map(text);
    for (auto it = offsets.rbegin(); it != offsets.rend(); ++it)
      REQUIRE(at(map, *it) == expected(*it));
  }
  {
    const detail::LineMap map(text);
    REQUIRE(at(map, 40000) == expected(40000));  // far ahead first, then behind it
    REQUIRE(at(map, 3) == expected(3));
    REQUIRE(at(map, 60000) == expected(60000));
  }
  {
    // Whole lines, the last first: Line(n) is the start of the n-th line, without a column.
    const detail::LineMap map(text);
    REQUIRE(map.Line(61).line == 61);
    REQUIRE(map.Line(61).column == 0);
    REQUIRE(map.Line(62).line == 0);  // no such line
    REQUIRE(map.Line(0).line == 0);
    std::uint32_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\n') continue;
      ++line;
      REQUIRE(at(map, i + 1) == std::make_pair(line, 1u));
      REQUIRE(map.Line(line).line == line);
    }
    REQUIRE(line == 61);
  }
  {
    const detail::LineMap empty("");
    REQUIRE(at(empty, 0) == std::make_pair(1u, 1u));
    REQUIRE(empty.Line(1).line == 1);
    REQUIRE(empty.Line(2).line == 0);
    const detail::LineMap ends("a\nb\n");  // a line end last: the end of the text is a line
    REQUIRE(at(ends, 4) == std::make_pair(3u, 1u));
    REQUIRE(ends.Line(3).line == 3);
    const detail::LineMap ends_later("a\nb\n");
    REQUIRE(ends_later.Line(3).line == 3);
    const detail::LineMap none;  // a map of no text knows no line
    REQUIRE(at(none, 0) == std::make_pair(0u, 0u));
    REQUIRE(none.Line(1).line == 0);
  }
  {
    // Past the end: the last line, its column counting on (as before the map was lazy).
    const detail::LineMap map(text);
    REQUIRE(at(map, text.size() + 10) == std::make_pair(61u, expected(text.size()).second + 10));
  }
  {
    // A text inside another (object.xml's sequence, a rule set in a variable): offsets map to
    // the outer text's lines; its own lines, asked last first, too.
    const std::string outer_text = "<a>\n  <b>\n" + std::string(5000, 'x') + "\n<c/>\n</a>\n";
    const detail::LineMap outer(outer_text);
    const std::size_t at_c = outer_text.find("<c/>");
    const std::string inner_text = outer_text.substr(at_c);  // "<c/>\n</a>\n"
    const detail::LineMap inner(inner_text, &outer, {{0, at_c}});
    REQUIRE(inner.Line(2).line == 5);  // "</a>", line 5 of the outer text
    REQUIRE(at(inner, 0) == std::make_pair(4u, 1u));
    REQUIRE(at(inner, 6) == std::make_pair(5u, 2u));
    REQUIRE(inner.Line(1).line == 4);
    REQUIRE(inner.Line(4).line == 0);  // the inner text has three lines
  }
}

TEST_CASE("text helpers: ASCII case is what the C locale's tolower gives, for every byte") {
  // The lint, the writers and the catalog compare IDs and names without case through these;
  // they replaced std::tolower (a call into the C library for each byte) and must agree with it
  // in the "C" locale the program runs in.
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  const std::string lower = detail::AsciiLowercase(all);
  REQUIRE(lower.size() == 256);
  for (int c = 0; c < 256; ++c) {
    INFO("byte " << c);
    CHECK(static_cast<unsigned char>(lower[static_cast<std::size_t>(c)]) == std::tolower(c));
    for (int d = 0; d < 256; ++d) {
      const bool same = std::tolower(c) == std::tolower(d);
      const char a[1] = {static_cast<char>(c)}, b[1] = {static_cast<char>(d)};
      if (detail::EqualsNoCase({a, 1}, {b, 1}) != same) FAIL("bytes " << c << " and " << d);
    }
  }
  CHECK(detail::EqualsNoCase("PS100088", "ps100088"));
  CHECK_FALSE(detail::EqualsNoCase("PS100088", "ps10008"));
  CHECK_FALSE(detail::EqualsNoCase("PS100088", "ps100089"));
  CHECK(detail::EqualsNoCase("", ""));
}
