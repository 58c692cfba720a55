// The writers: -f xml, mof, text, markdown and --redact.
//   - golden outputs of every sample in every format (TSIMPORT_UPDATE_GOLDEN=1 rewrites them;
//     review the diff);
//   - whole outputs for the escaping and layout rules of each writer;
//   - --redact blanks every secret of samples/secrets.xml, and every password of the corpus, in
//     every format;
//   - every step name appears in the text and Markdown outputs (samples and corpus).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using tsimport::Catalog;
using tsimport::ImportResult;
using tsimport::Instance;
using tsimport::InstanceRole;
using tsimport::Property;
using tsimport::test::CompareOrUpdate;
using tsimport::test::ImportString;
using tsimport::test::ReadText;
using tsimport::test::RunCli;

namespace {

const char* kCorpus = "../shared/corpus";

bool Updating() { return std::getenv("TSIMPORT_UPDATE_GOLDEN") != nullptr; }

std::vector<std::string> XmlFilesIn(const std::string& dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path().generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The samples that have golden outputs: every valid one, the deployment example, the secrets.
std::vector<std::string> Samples() {
  std::vector<std::string> samples = XmlFilesIn("samples/valid");
  samples.push_back("samples/win11-deploy.xml");
  samples.push_back("samples/secrets.xml");
  return samples;
}

const Catalog& Builtin() { return *Catalog::Builtin(); }

ImportResult ImportFile(const std::string& path) {
  tsimport::ImportOptions options;
  auto results = tsimport::Import(ReadText(path), path, options);
  return results.front();
}

/// Whitespace runs as one space (wrapped text reads the same).
std::string Collapse(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void ForEachStep(const std::vector<Instance>& steps,
                 const std::function<void(const Instance&)>& f) {
  for (const auto& s : steps) {
    f(s);
    if (s.role == InstanceRole::kGroup) {
      if (const Property* children = s.Find("Steps")) ForEachStep(children->value.objects, f);
    }
  }
}

void ForEachStep(const ImportResult& r, const std::function<void(const Instance&)>& f) {
  if (!r.task_sequence) return;
  if (const Property* steps = r.task_sequence->root.Find("Steps"))
    ForEachStep(steps->value.objects, f);
}

std::string StripAnsi(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

std::size_t Columns(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

/// Headings of the Markdown as rendered text: "### 12. Name" -> {12, "Name"} with backslash
/// escapes removed, as a CommonMark renderer shows them.
std::map<int, std::string> MarkdownHeadings(const std::string& md) {
  std::map<int, std::string> out;
  std::size_t start = 0;
  while (start < md.size()) {
    std::size_t end = md.find('\n', start);
    std::string line = md.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? md.size() : end + 1;
    if (line.rfind("### ", 0) != 0) continue;
    std::size_t dot = line.find(". ");
    if (dot == std::string::npos) continue;
    int number = std::stoi(line.substr(4, dot - 4));
    std::string text;
    std::string rest = line.substr(dot + 2);
    // The writer's mark of a disabled step (a name's own asterisks are escaped).
    const std::string mark = " *(disabled)*";
    if (rest.size() > mark.size() && rest.compare(rest.size() - mark.size(), mark.size(), mark) == 0)
      rest.resize(rest.size() - mark.size());
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] == '\\' && i + 1 < rest.size() &&
          std::ispunct(static_cast<unsigned char>(rest[i + 1])))
        ++i;
      text += rest[i];
    }
    out[number] = text;
  }
  return out;
}

/// Checks that every group and step name of `r` appears in its text and Markdown outputs.
void CheckStepNames(const ImportResult& r) {
  std::string text = Collapse(tsimport::WriteText(r, Builtin(), false));
  std::string md = tsimport::WriteMarkdown(r, Builtin());
  std::map<int, std::string> headings = MarkdownHeadings(md);
  std::size_t n = 0;
  ForEachStep(r, [&](const Instance& s) {
    const Property* name = s.Find("Name");
    REQUIRE(name != nullptr);
    std::string want = Collapse(name->raw().str());
    INFO("step " << s.step_number << " " << want);
    CHECK(text.find(want) != std::string::npos);
    CHECK(Collapse(headings[s.step_number]) == want);
    ++n;
  });
  CHECK(n == r.task_sequence->groups + r.task_sequence->steps);
}

}  // namespace

// --- golden outputs ---------------------------------------------------------------------------

TEST_CASE("writers golden: every sample in every format, as the CLI writes it") {
  auto samples = Samples();
  REQUIRE(samples.size() >= 50);
  for (const auto& xml : samples) {
    INFO(xml);
    const std::string stem = xml.substr(0, xml.size() - 4);
    for (const char* format : {"mof", "text", "markdown"}) {
      INFO(format);
      auto r = RunCli({"-f", format, "--fail-on", "never", xml});
      CHECK(r.exit_code == 0);
      std::string ext = std::string(format) == "text"       ? ".txt"
                        : std::string(format) == "markdown" ? ".md"
                                                            : ".mof";
      CompareOrUpdate(stem + ext, r.out);
    }
    // -f xml: the samples are written in the writer's layout already, so the expected output
    // is the sample itself, unless out/<name>.xml beside it says otherwise (MDT samples carry
    // an XML declaration, which the writer does not write).
    auto r = RunCli({"-f", "xml", "--fail-on", "never", xml});
    CHECK(r.exit_code == 0);
    const fs::path p(xml);
    const std::string different = (p.parent_path() / "out" / p.filename()).string();
    const std::string input = ReadText(xml);
    if (Updating()) {
      if (r.out == input) {
        fs::remove(different);
      } else {
        CompareOrUpdate(different, r.out);
      }
      continue;
    }
    INFO("expected: " << (fs::exists(different) ? different : xml));
    CHECK((fs::exists(different) ? ReadText(different) : input) == r.out);
  }
}

TEST_CASE("writers golden: samples/secrets.xml with --redact, in every format") {
  for (const char* format : {"json", "xml", "mof", "text", "markdown", "html"}) {
    INFO(format);
    auto r = RunCli({"-f", format, "--fail-on", "never", "--redact", "samples/secrets.xml"});
    CHECK(r.exit_code == 0);
    std::string ext = std::string(format) == "text"       ? "txt"
                      : std::string(format) == "markdown" ? "md"
                                                          : format;
    CompareOrUpdate("samples/redacted/secrets." + ext, r.out);
  }
}

TEST_CASE("writers golden: the -f xml outputs that differ from their samples are few") {
  // Only the MDT samples (their <?xml?> declaration) and empty.xml (its comment: comments are
  // not part of the object) may differ; a new entry here means the writer's layout changed.
  std::vector<std::string> differ = XmlFilesIn("samples/valid/out");
  std::vector<std::string> expected = {
      "samples/valid/out/cond-os-expression.xml", "samples/valid/out/empty.xml",
      "samples/valid/out/mdt-client.xml", "samples/valid/out/mdt-server.xml"};
  CHECK(differ == expected);
}

// --- -f xml ------------------------------------------------------------------------------------

TEST_CASE("xml: attributes and texts are escaped so that they read back the same") {
  const std::string input =
      "<sequence version=\"3.10\">\n"
      "<group name=\"A &amp; B &lt;C&gt; &quot;D&quot; 'E'\" description=\"line 1&#xD;&#xA;line "
      "2&#x9;tab\">"
      "<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run\" description=\"\" "
      "runIn=\"FullOS\" "
      "successCodeList=\"0 3010\" retryCount=\"0\" runFromNet=\"false\">"
      "<action><![CDATA[cmd /c echo a>b & \"c\"]]></action>"
      "<defaultVarList><variable name=\"CommandLine\" property=\"CommandLine\" hidden=\"true\">cmd "
      "/c echo a&gt;b &amp; \"c\"&#xD;</variable>"
      "<variable name=\"SMSTSRunCommandLineOutputVariableName\" property=\"OutputVariableName\"/>"
      "<variable name=\"SuccessCodes\" property=\"SuccessCodes\" hidden=\"true\">0 3010</variable>"
      "</defaultVarList></step></group></sequence>";
  ImportResult r = ImportString(input);
  REQUIRE(r.task_sequence);
  CHECK(tsimport::WriteXml(*r.task_sequence) ==
        "<sequence version=\"3.10\">\n"
        "  <group name=\"A &amp; B &lt;C&gt; &quot;D&quot; 'E'\" description=\"line "
        "1&#xD;&#xA;line 2&#x9;tab\">\n"
        "    <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run\" description=\"\" "
        "runIn=\"FullOS\" "
        "successCodeList=\"0 3010\" retryCount=\"0\" runFromNet=\"false\">\n"
        "      <action>cmd /c echo a&gt;b &amp; \"c\"</action>\n"
        "      <defaultVarList>\n"
        "        <variable name=\"CommandLine\" property=\"CommandLine\" hidden=\"true\">cmd /c "
        "echo a&gt;b &amp; \"c\"&#xD;</variable>\n"
        "        <variable name=\"SMSTSRunCommandLineOutputVariableName\" "
        "property=\"OutputVariableName\"></variable>\n"
        "        <variable name=\"SuccessCodes\" property=\"SuccessCodes\" hidden=\"true\">0 "
        "3010</variable>\n"
        "      </defaultVarList>\n"
        "    </step>\n"
        "  </group>\n"
        "</sequence>\n");
}

TEST_CASE("xml: unknown elements, unknown attributes and MDT markup are written back in place") {
  const std::string input =
      "<?xml version=\"1.0\"?>\n<!-- comments are not kept -->\n"
      "<sequence version=\"3.00\" name=\"MDT\" description=\"d\">\n"
      "  <globalVarList>\n"
      "    <variable name=\"OSGUID\" property=\"OSGUID\">{1}</variable>\n"
      "    <note>kept</note>\n"
      "  </globalVarList>\n"
      "  <group expand=\"true\" name=\"G\" description=\"\" disable=\"false\" "
      "continueOnError=\"false\" custom=\"x\">\n"
      "    <action />\n"
      "    <step name=\"Untyped\" disable=\"true\" continueOnError=\"false\" description=\"\" "
      "startIn=\"\" successCodeList=\"0 3010\">\n"
      "      <action>cscript.exe \"%SCRIPTROOT%\\ZTIGather.wsf\"</action>\n"
      "      <defaultVarList><extra a=\"1\"><inner>t</inner></extra></defaultVarList>\n"
      "      <vendor><setting k=\"v\"/>mixed text<setting k=\"w\"/></vendor>\n"
      "    </step>\n"
      "  </group>\n"
      "</sequence>\n";
  ImportResult r = ImportString(input);
  REQUIRE(r.task_sequence);
  const std::string expected =
      "<sequence version=\"3.00\" name=\"MDT\" description=\"d\">\n"
      "  <globalVarList>\n"
      "    <variable name=\"OSGUID\" property=\"OSGUID\">{1}</variable>\n"
      "    <note>kept</note>\n"
      "  </globalVarList>\n"
      "  <group expand=\"true\" name=\"G\" description=\"\" disable=\"false\" "
      "continueOnError=\"false\" custom=\"x\">\n"
      "    <action />\n"
      "    <step name=\"Untyped\" disable=\"true\" continueOnError=\"false\" description=\"\" "
      "startIn=\"\" successCodeList=\"0 3010\">\n"
      "      <action>cscript.exe \"%SCRIPTROOT%\\ZTIGather.wsf\"</action>\n"
      "      <defaultVarList>\n"
      "        <extra a=\"1\">\n"
      "          <inner>t</inner>\n"
      "        </extra>\n"
      "      </defaultVarList>\n"
      "      <vendor>\n"
      "        <setting k=\"v\"/>\n"
      "        mixed text\n"
      "        <setting k=\"w\"/>\n"
      "      </vendor>\n"
      "    </step>\n"
      "  </group>\n"
      "</sequence>\n";
  CHECK(tsimport::WriteXml(*r.task_sequence) == expected);
  // Unknown elements are errors (TS2002), but the output is still a fixed point.
  ImportResult again = ImportString(expected);
  REQUIRE(again.task_sequence);
  CHECK(tsimport::WriteXml(*again.task_sequence) == expected);
}

TEST_CASE("xml: an empty sequence") {
  ImportResult r = ImportString("<sequence version=\"3.40\"/>");
  REQUIRE(r.task_sequence);
  CHECK(tsimport::WriteXml(*r.task_sequence) == "<sequence version=\"3.40\"/>\n");
  CHECK(tsimport::WriteMof(*r.task_sequence, Builtin()) ==
        "instance of SMS_TaskSequence\n{\n    SchemaVersion = \"3.40\";\n    Steps = {};\n};\n");
}

// --- -f mof ------------------------------------------------------------------------------------

TEST_CASE("mof: typed values, nested instances and string escaping") {
  const std::string input =
      "<sequence version=\"3.10\">\n"
      "  <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Quote &quot; back\\slash "
      "&#x9;tab\" "
      "description=\"caf\xC3\xA9 \xF0\x9F\x98\x80\" disable=\"true\" timeout=\"900\" "
      "runIn=\"FullOS\" successCodeList=\"0 3010\">\n"
      "    <condition>\n"
      "      <operator type=\"not\">\n"
      "        <expression type=\"SMS_TaskSequence_FileConditionExpression\">\n"
      "          <variable name=\"DateTime\">20240131235959.000000+000</variable>\n"
      "          <variable name=\"DateTimeOperator\">greater</variable>\n"
      "          <variable name=\"Path\">C:\\x.txt</variable>\n"
      "        </expression>\n"
      "      </operator>\n"
      "    </condition>\n"
      "    <action>smsswd.exe /run: cmd</action>\n"
      "    <defaultVarList>\n"
      "      <variable name=\"CommandLine\" property=\"CommandLine\" "
      "hidden=\"true\">cmd&#xD;\nnext</variable>\n"
      "      <variable name=\"SMSTSDisableWow64Redirection\" "
      "property=\"DisableWow64Redirection\">true</variable>\n"
      "      <variable name=\"SuccessCodes\" property=\"SuccessCodes\" hidden=\"true\">0 "
      "3010</variable>\n"
      "      <variable name=\"Custom\" property=\"NotAProperty\">kept</variable>\n"
      "    </defaultVarList>\n"
      "  </step>\n"
      "</sequence>\n";
  ImportResult r = ImportString(input);
  REQUIRE(r.task_sequence);
  CHECK(tsimport::WriteMof(*r.task_sequence, Builtin()) ==
        "instance of SMS_TaskSequence\n"
        "{\n"
        "    SchemaVersion = \"3.10\";\n"
        "    Steps = {\n"
        "        instance of SMS_TaskSequence_RunCommandLineAction\n"
        "        {\n"
        "            Description = \"caf\\x00E9 \\xD83D\\xDE00\";\n"
        "            Enabled = FALSE;\n"
        "            Name = \"Quote \\\" back\\\\slash \\ttab\";\n"
        "            SupportedEnvironment = \"FullOS\";\n"
        "            Timeout = 900;\n"
        "            CommandLine = \"cmd\\r\\nnext\";\n"
        "            DisableWow64Redirection = TRUE;\n"
        "            SuccessCodes = \"0 3010\";\n"
        "            Condition = instance of SMS_TaskSequence_Condition\n"
        "            {\n"
        "                Operands = {\n"
        "                    instance of SMS_TaskSequence_ConditionOperator\n"
        "                    {\n"
        "                        OperatorType = \"not\";\n"
        "                        Operands = {\n"
        "                            instance of SMS_TaskSequence_FileConditionExpression\n"
        "                            {\n"
        "                                DateTime = \"20240131235959.000000+000\";\n"
        "                                DateTimeOperator = \"greater\";\n"
        "                                Path = \"C:\\\\x.txt\";\n"
        "                            }\n"
        "                        };\n"
        "                    }\n"
        "                };\n"
        "            };\n"
        "            // not defined by SMS_TaskSequence_RunCommandLineAction: NotAProperty = "
        "\"kept\"\n"
        "        }\n"
        "    };\n"
        "};\n");
}

// --- conditions as text ---------------------------------------------------------------------

TEST_CASE("text: conditions read as sentences") {
  auto condition = [](const std::string& body) {
    ImportResult r =
        ImportString("<sequence version=\"3.10\"><group name=\"G\" description=\"\"><condition>" +
                     body + "</condition></group></sequence>");
    REQUIRE(r.task_sequence);
    const Instance& g = r.task_sequence->root.Find("Steps")->value.objects.front();
    return tsimport::ConditionText(g.Find("Condition")->value.objects.front());
  };
  auto var = [](const char* v, const char* op, const char* value) {
    return std::string(
               "<expression type=\"SMS_TaskSequence_VariableConditionExpression\"><variable "
               "name=\"Variable\">") +
           v + "</variable><variable name=\"Operator\">" + op +
           "</variable><variable name=\"Value\">" + value + "</variable></expression>";
  };
  const std::string wmi =
      "<expression type=\"SMS_TaskSequence_WMIConditionExpression\"><variable "
      "name=\"Namespace\">root\\cimv2</variable>"
      "<variable name=\"Query\">SELECT * FROM Win32_ComputerSystem WHERE Model LIKE "
      "\"%X1%\"</variable></expression>";
  CHECK(condition(var("_SMSTSInWinPE", "equals", "true") + "<operator type=\"or\">" + wmi +
                  "</operator>") ==
        "_SMSTSInWinPE equals \"true\" and any of (WMI: SELECT * FROM Win32_ComputerSystem WHERE "
        "Model LIKE \"%X1%\")");
  CHECK(condition("<operator type=\"and\">" + var("A", "notEquals", "1") +
                  var("B", "greaterEqual", "2") + "</operator><operator type=\"not\">" +
                  var("C", "exists", "") + "</operator>") ==
        "all of (A not equals \"1\", B greater or equal \"2\") and none of (C exists)");
  CHECK(condition(
            "<expression type=\"SMS_TaskSequence_RegistryConditionExpression\"><variable "
            "name=\"KeyPath\">HKLM\\SOFTWARE\\X</variable>"
            "<variable name=\"Operator\">equals</variable><variable name=\"Type\">REG_SZ</variable>"
            "<variable name=\"Value\">V</variable><variable "
            "name=\"Data\">1</variable></expression>") ==
        "registry \"HKLM\\SOFTWARE\\X\\V\" equals \"1\" (REG_SZ)");
  CHECK(condition("<expression type=\"SMS_TaskSequence_SoftwareConditionExpression\"><variable "
                  "name=\"Operator\">AnyVersion</variable>"
                  "<variable name=\"ProductCode\">{1}</variable><variable "
                  "name=\"ProductName\">7-Zip</variable></expression>") ==
        "software \"7-Zip\" (any version) installed");
  CHECK(condition("<expression type=\"SMS_TaskSequence_FolderConditionExpression\"><variable "
                  "name=\"Path\">C:\\D</variable></expression>") == "folder \"C:\\D\" exists");
  CHECK(condition("<osConditionGroup type=\"or\"><osExpressionGroup type=\"and\" name=\"All x64 "
                  "Windows 11\">"
                  "<platformKey arch=\"x64\" type=\"Win NT\" minVer=\"10.00.22000.0\" "
                  "maxVer=\"10.00.99999.9999\"/>"
                  "</osExpressionGroup><osExpressionGroup type=\"and\" name=\"All ARM64 Windows "
                  "11\"/></osConditionGroup>") ==
        "OS is any of (All x64 Windows 11, All ARM64 Windows 11)");
}

// --- -f text -----------------------------------------------------------------------------------

TEST_CASE("text: a whole outline, with marks, conditions, settings and wrapping") {
  const std::string input =
      "<sequence version=\"3.10\">\n"
      "  <group name=\"Install\" description=\"\" continueOnError=\"true\">\n"
      "    <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"A step whose name is long "
      "enough to need a second line when it is nested in a group\" "
      "description=\"\" disable=\"true\" runIn=\"FullOS\" successCodeList=\"0 3010\">\n"
      "      <condition><expression "
      "type=\"SMS_TaskSequence_VariableConditionExpression\"><variable "
      "name=\"Operator\">equals</variable>"
      "<variable name=\"Value\">x</variable><variable "
      "name=\"Variable\">V</variable></expression></condition>\n"
      "      <action>smsswd.exe /run: cmd</action>\n"
      "      <defaultVarList>\n"
      "        <variable name=\"CommandLine\" property=\"CommandLine\" "
      "hidden=\"true\">powershell.exe -NoProfile -Command \"Get-ChildItem -Path C:\\Windows\\Temp "
      "-Recurse | Remove-Item -Force -ErrorAction SilentlyContinue; exit 0\" and more words to go "
      "well beyond three lines of output here, so that it has to be cut at the end of the third "
      "line</variable>\n"
      "        <variable name=\"SuccessCodes\" property=\"SuccessCodes\" hidden=\"true\">0 "
      "3010</variable>\n"
      "      </defaultVarList>\n"
      "    </step>\n"
      "    <step type=\"SMS_TaskSequence_SetVariableAction\" name=\"Set\xC2\x9B[31m\" description=\"\" "
      "runIn=\"FullOS\" successCodeList=\"0\">\n"
      "      <action>tsenv.exe</action>\n"
      "      <defaultVarList>\n"
      "        <variable name=\"VariableName\" property=\"VariableName\" "
      "hidden=\"true\">X</variable>\n"
      "        <variable name=\"VariableValue\" property=\"VariableValue\" "
      "hidden=\"true\">1</variable>\n"
      "      </defaultVarList>\n"
      "    </step>\n"
      "  </group>\n"
      "</sequence>\n";
  ImportResult r = ImportString(input);
  REQUIRE(r.task_sequence);
  const std::string expected =
      "0  Install [continue on error]                                             Group\n"
      "1    A step whose name is long enough to need a second line when it is nested in\n"
      "       a group [disabled]                                       Run Command Line\n"
      "       if V equals \"x\"\n"
      "       powershell.exe -NoProfile -Command \"Get-ChildItem -Path C:\\Windows\\Temp\n"
      "          -Recurse | Remove-Item -Force -ErrorAction SilentlyContinue; exit 0\"\n"
      "          and more words to go well beyond three lines of output here, so tha...\n"
      "2    Set?[31m                                         Set Task Sequence Variable\n"
      "       X = \"1\"\n";
  CHECK(tsimport::WriteOutline(*r.task_sequence, Builtin(), false) == expected);
  // The title lines come before the outline (the counts of findings only when there are some).
  std::string findings;
  if (!r.diagnostics.empty()) {
    std::size_t e = r.Count(tsimport::Severity::kError);
    std::size_t w = r.Count(tsimport::Severity::kWarning);
    findings = ", " + std::to_string(e) + (e == 1 ? " error, " : " errors, ") + std::to_string(w) +
               (w == 1 ? " warning" : " warnings");
  }
  std::string text = tsimport::WriteText(r, Builtin(), false);
  CHECK(text ==
        "test.xml\nversion 3.10, ConfigMgr, 1 group, 2 steps" + findings +
            "\nNumbers: smsts.log instruction numbers (a group also takes one at its end).\n\n" +
            expected);
  // Colour changes nothing but the escape sequences; no value can inject its own.
  std::string colored = tsimport::WriteText(r, Builtin(), true);
  CHECK(colored != text);
  CHECK(StripAnsi(colored) == text);
  CHECK(colored.find("\x1b[31mSet") == std::string::npos);
}

TEST_CASE("text: every line of every sample and corpus outline fits 80 columns") {
  std::vector<std::string> files = Samples();
  if (tsimport::test::SharedOrSkip(kCorpus, "the corpus part", true)) {
    for (const auto& f : XmlFilesIn(kCorpus)) files.push_back(f);
  }
  std::size_t checked = 0;
  for (const auto& f : files) {
    ImportResult r = ImportFile(f);
    if (!r.task_sequence) continue;
    ++checked;
    std::string text = tsimport::WriteText(r, Builtin(), false);
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      std::string line = text.substr(start, end - start);
      start = end + 1;
      if (Columns(line) <= 80) continue;
      // Only a name's word longer than the line may overflow; names are never cut.
      std::string trimmed = line.substr(line.find_first_not_of(' '));
      INFO(f << ": " << line);
      CHECK(trimmed.find(' ') == std::string::npos);
    }
  }
  CHECK(checked >= 50);
}

// --- -f markdown -------------------------------------------------------------------------------

TEST_CASE(
    "markdown: text from the input is escaped, values are code spans, pipes are escaped in "
    "tables") {
  const std::string input =
      "<sequence version=\"3.10\">\n"
      "  <step type=\"SMS_TaskSequence_SetVariableAction\" name=\"Set *x* | _y_ [z](w) &lt;b&gt;\" "
      "description=\"# not a heading&#xA;- not a list\" runIn=\"FullOS\" successCodeList=\"0\">\n"
      "    <action>tsenv.exe</action>\n"
      "    <defaultVarList>\n"
      "      <variable name=\"VariableName\" property=\"VariableName\" "
      "hidden=\"true\">AB</variable>\n"
      "      <variable name=\"VariableValue\" property=\"VariableValue\" hidden=\"true\">`tick` "
      "A|B</variable>\n"
      "    </defaultVarList>\n"
      "  </step>\n"
      "</sequence>\n";
  ImportResult r = ImportString(input);
  REQUIRE(r.task_sequence);
  const std::string md = tsimport::WriteMarkdown(r, Builtin());
  const std::string expected =
      "# test.xml\n"
      "\n"
      "- **Format:** ConfigMgr task sequence, schema version 3.10\n"
      "- **Steps:** 0 groups, 1 step\n"
      "- **Source:** `test.xml`\n"
      "- **Import:** would import (ImportSequence returns 0)\n"
      "- **Findings:** none\n"
      "\n"
      "<a id=\"overview\"></a>\n"
      "\n"
      "## Overview\n"
      "\n"
      "\\# is the instruction number smsts.log shows for the step. A group takes one number where it starts and one more where it ends, so the numbers skip one after each group.\n"
      "\n"
      "<a id=\"overview-table\"></a>\n"
      "\n"
      "| \\# | Step | Type | Runs if | Does |\n"
      "|---:|---|---|---|---|\n"
      "| 0 | [Set \\*x\\* \\| \\_y\\_ \\[z\\](w) \\<b\\>](#step-0) | Set Task Sequence Variable |  | AB = \"\\`tick\\` A\\|B\" |\n"
      "\n"
      "<a id=\"steps\"></a>\n"
      "\n"
      "## Steps\n"
      "\n"
      "<a id=\"step-0\"></a>\n"
      "\n"
      "### 0. Set \\*x\\* \\| \\_y\\_ \\[z\\](w) \\<b\\>\n"
      "\n"
      "**Set Task Sequence Variable**\n"
      "\n"
      "\\# not a heading\\\n"
      "\\- not a list\n"
      "\n"
      "| Setting | Value |\n"
      "|---|---|\n"
      "| Runs in | the full OS only |\n"
      "| Task Sequence Variable | `AB` |\n"
      "| Value | `` `tick` A\\|B `` |\n"
      "\n"
      "**Command it runs** (the step's `<action>`):\n"
      "\n"
      "```cmd\n"
      "tsenv.exe\n"
      "```\n";
  CHECK(md == expected);
}

// --- every step name in the outputs -------------------------------------------------------

TEST_CASE(
    "text and markdown: every group and step name of the input appears (samples and corpus)") {
  std::vector<std::string> files = Samples();
  if (tsimport::test::SharedOrSkip(kCorpus, "the corpus part", true)) {
    for (const auto& f : XmlFilesIn(kCorpus)) files.push_back(f);
  }
  std::size_t checked = 0;
  for (const auto& f : files) {
    INFO(f);
    ImportResult r = ImportFile(f);
    if (!r.task_sequence) continue;
    CheckStepNames(r);
    ++checked;
  }
  CHECK(checked >= 50);
}

// --- --redact ------------------------------------------------------------------------------

TEST_CASE(
    "redact: every secret of samples/secrets.xml is blanked in every format, and only with "
    "--redact") {
  const std::vector<std::string> secrets = {"Adm1n",          "NPPR9-FWDCX-D2C8J-H872K-2YT43",
                                            "J0in-Secret",    "RunAs-Secret-7",
                                            "Share-Secret-8", "Bios-Secret"};
  const std::vector<std::string> kept = {"svc-run", "Contoso Ltd.", "OSDDepartment"};
  for (const char* format : {"json", "xml", "mof", "text", "markdown", "html", "summary"}) {
    INFO(format);
    // (The secrets in clear text are findings themselves; they do not stop the output.)
    auto plain = RunCli({"-f", format, "--fail-on", "never", "samples/secrets.xml"});
    auto redacted = RunCli({"-f", format, "--fail-on", "never", "--redact", "samples/secrets.xml"});
    CHECK(plain.exit_code == 0);
    CHECK(redacted.exit_code == 0);
    for (const auto& s : secrets) {
      INFO(s);
      CHECK(redacted.out.find(s) == std::string::npos);
      if (std::string(format) == "json" || std::string(format) == "xml" ||
          std::string(format) == "mof" || std::string(format) == "markdown" ||
          std::string(format) == "html") {
        CHECK(plain.out.find(s) != std::string::npos);
      }
    }
    if (std::string(format) != "summary" && std::string(format) != "text") {
      for (const auto& s : kept) CHECK(redacted.out.find(s) != std::string::npos);
    }
  }
  // The redacted XML is still a valid task sequence, with the secrets empty.
  auto xml = RunCli({"-f", "xml", "--redact", "samples/secrets.xml"});
  ImportResult again = ImportString(xml.out);
  REQUIRE(again.task_sequence);
  CHECK(again.Count(tsimport::Severity::kError) == 0);
  ImportResult r = ImportFile("samples/secrets.xml");
  CHECK(tsimport::Redact(*r.task_sequence, Builtin()) == 6);
  CHECK(tsimport::Redact(*r.task_sequence, Builtin()) == 0);
}

TEST_CASE("redact: Set Task Sequence Variable loses its value when it is hidden, not otherwise") {
  const auto set = [](const std::string& name, const std::string& value, bool hidden) {
    return "<step type=\"SMS_TaskSequence_SetVariableAction\" name=\"Set " + name +
           "\" description=\"\"><defaultVarList>" +
           (hidden ? "<variable name=\"DoNotShowVariableValue\" "
                     "property=\"DoNotShowVariableValue\">true</variable>"
                   : "") +
           "<variable name=\"VariableName\" property=\"VariableName\">" + name +
           "</variable><variable name=\"VariableValue\" property=\"VariableValue\">" + value +
           "</variable></defaultVarList></step>\n";
  };
  ImportResult r = ImportString("<sequence version=\"3.10\">\n" + set("Ring", "Pilot", false) +
                                set("Key", "Hush-Secret-1", true) + "</sequence>\n");
  REQUIRE(r.task_sequence);
  CHECK(tsimport::Redact(*r.task_sequence, Builtin()) == 1);
  const auto value = [&](std::size_t step) {
    // The property and its <variable> (the last one).
    const Instance& s = r.task_sequence->root.Find("Steps")->value.objects.get().at(step);
    return std::make_pair(s.Find("VariableValue")->raw().str(), s.variables.back().text.str());
  };
  CHECK(value(0) == std::make_pair(std::string("Pilot"), std::string("Pilot")));
  CHECK(value(1) == std::make_pair(std::string(), std::string()));
}

TEST_CASE("redact: no password of the corpus survives --redact in any format") {
  if (!tsimport::test::SharedOrSkip(kCorpus, "the corpus redaction check", true)) return;
  std::size_t files = 0;
  std::set<std::string> values;
  for (const auto& f : XmlFilesIn(kCorpus)) {
    ImportResult r = ImportFile(f);
    if (!r.task_sequence) continue;
    // The secret values, as the catalog's Secret and QuasiSecret qualifiers mark them.
    std::vector<std::string> secrets;
    ForEachStep(r, [&](const Instance& s) {
      const tsimport::ClassDef* cls = Builtin().Find(s.class_name);
      if (cls == nullptr) return;
      for (const auto& p : s.properties) {
        const tsimport::PropertyDef* def = cls->Find(p.name);
        if (def != nullptr && (def->secret || def->quasi_secret) && !p.raw().empty())
          secrets.push_back(p.raw().str());
      }
    });
    if (secrets.empty()) continue;
    ++files;
    auto count = [](const std::string& text, const std::string& s) {
      std::size_t n = 0;
      for (std::size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 1)) ++n;
      return n;
    };
    const std::string input = ReadText(f);
    for (const char* format : {"json", "xml", "mof", "text", "markdown", "html"}) {
      auto plain = RunCli({"-f", format, "--fail-on", "never", f}).out;
      auto out = RunCli({"-f", format, "--fail-on", "never", "--redact", f}).out;
      for (const auto& s : secrets) {
        INFO(f << " -f " << format << ": " << s);
        // A value that also stands elsewhere in the file (the user name "asdf" beside the
        // password "asdf") still shows there, but less often than without --redact.
        std::size_t elsewhere =
            count(input, s) - std::min(count(input, s), static_cast<std::size_t>(std::count(
                                                            secrets.begin(), secrets.end(), s)));
        if (elsewhere == 0) {
          CHECK(count(out, s) == 0);
          values.insert(s);
        } else if (std::string(format) != "text") {  // the outline need not show the secret at all
          CHECK(count(out, s) < count(plain, s));
        }
      }
    }
  }
  WARN("redaction: " << values.size() << " distinct password values in " << files
                     << " corpus files checked");
  CHECK(values.size() >= 3);
}

// The JSON writer passes runs of plain bytes 16 and 8 at a time: a character to escape (or a
// non-ASCII one) is found wherever it falls in or across those blocks, and escaped as nlohmann
// escapes it.
TEST_CASE("json: a character to escape is found at every place of a long value") {
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"&quot;", "\""},         {"\\", "\\"},  {"&#9;", "\t"},  {"&#10;", "\n"},
      {"\xC3\xA9", "\xC3\xA9"}, {"&lt;", "<"}, {"\x7F", "\x7F"}};
  for (std::size_t length : {1u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 33u, 40u}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const auto& [xml, text] : specials) {
        const std::string before(at, 'a');
        const std::string after(length - at - 1, 'b');
        ImportResult r = ImportString(
            "<sequence version=\"3.10\"><step type=\"SMS_TaskSequence_RunCommandLineAction\" "
            "name=\"" +
            before + xml + after +
            "\"><defaultVarList><variable name=\"CommandLine\" "
            "property=\"CommandLine\">x</variable></defaultVarList></step></sequence>");
        const std::string json = tsimport::WriteJsonRecord(r, *Catalog::Builtin(), -1);
        const std::string want = "\"Name\":" + nlohmann::json(before + text + after).dump();
        INFO(length << " " << at << " " << xml);
        CHECK(json.find(want) != std::string::npos);
      }
    }
  }
}

// RapidJSON writes the record, but two kinds of string it writes otherwise than nlohmann's
// dump(indent, ' ', false, replace), which the record has always been: a control character
// other than \b \f \n \r \t (RapidJSON: \u001F, upper case) and bytes that are not UTF-8
// (RapidJSON: copied). A file name or a zip member name can carry either; such strings are
// written as nlohmann writes them (U+FFFD, \u001f), in keys and values, in the objects built as
// nlohmann trees too (a property named like a "__" key), and the record stays what nlohmann
// writes for its own parse.
TEST_CASE("json: a string with bytes that are not UTF-8 or control characters is written as nlohmann writes it") {
  using Json = nlohmann::ordered_json;
  ImportResult r = ImportString(
      "<sequence version=\"3.10\"><group name=\"G\"><step "
      "type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"S\"><defaultVarList><variable "
      "name=\"CommandLine\" property=\"CommandLine\">x</variable></defaultVarList></step>"
      "</group></sequence>");
  r.input = "exports/\xFF" "a\x01" "b\x1F" "c\x0B.xml";
  r.member = "SMS_TaskSequencePackage/\xC3\x28/object.xml";
  // A property named like a "__" key makes its step an nlohmann tree; its name and value are
  // strings of both kinds.
  REQUIRE(r.task_sequence);
  auto* groups = r.task_sequence->root.Children();
  REQUIRE(groups != nullptr);
  REQUIRE(!groups->empty());
  Instance& group = const_cast<Instance&>((*groups)[0]);  // r's own, which Children() shows const
  tsimport::Value v;
  v.kind = tsimport::ValueKind::kString;
  v.text = "value \xE2\x82 \x1B[31m";
  group.properties.emplace_back("__Odd\x1E\xFE", v, tsimport::ValueSource::kVariable, v.text,
                                tsimport::Location{});
  tsimport::Diagnostic d;
  d.rule = "TS1001";
  d.message = "cannot read \xFF\x7F\x1F";
  d.file = r.input;
  const std::string input_want = "exports/\xEF\xBF\xBD" "a\\u0001b\\u001fc\\u000b.xml";
  for (int indent : {-1, 2, 4}) {
    INFO("indent " << indent);
    const std::string json = tsimport::WriteJsonRecord(r, *Catalog::Builtin(), indent);
    const std::string colon = indent < 0 ? "\":" : "\": ";
    CHECK(json.find("\"Input" + colon + "\"" + input_want + "\"") != std::string::npos);
    CHECK(json.find("\"Member" + colon + "\"SMS_TaskSequencePackage/\xEF\xBF\xBD(/object.xml\"") !=
          std::string::npos);
    CHECK(json.find("\"__Odd\\u001e\xEF\xBF\xBD" + colon +
                    "\"value \xEF\xBF\xBD \\u001b[31m\"") != std::string::npos);
    CHECK(Json::parse(json).dump(indent, ' ', false, Json::error_handler_t::replace) == json);
  }
  CHECK(tsimport::FormatDiagnosticJson(d) ==
        "{\"RuleId\":\"TS1001\",\"Severity\":\"error\",\"Message\":\"cannot read "
        "\xEF\xBF\xBD\x7F\\u001f\",\"File\":\"" +
            input_want +
            "\",\"Line\":0,\"Column\":0,\"StepPath\":null,\"Step\":null}");
}
