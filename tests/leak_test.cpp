// Leaks: a secret in every place a task sequence can hold one (a Secret or QuasiSecret step
// variable, <globalVarList>, Set Dynamic Variables rules, a hidden Set Task Sequence Variable
// and its <action>, a password variable set by a step, a field of an embedded array, command
// lines as /pwd:, -Password and password=) never shows in any output format with --redact, nor
// in any diagnostics format, with or without --redact; in a bare sequence, an object.xml and an
// export zip. (tests/ci_gate_test.cpp checks the diagnostics formats on samples/secrets.xml and
// samples/lint; this test adds the places those do not hold, every output format and shape.)
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <regex>

#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using tsimport::test::ReadText;
using tsimport::test::RunCli;
using tsimport::test::SplitLines;
using tsimport::test::TempDir;

namespace {

/// A third-party step whose embedded array has a Secret field (no built-in embedded class has
/// one).
const char* kSchema = R"({"actions": [{"class": "SMS_ContosoSetAccounts", "ui_name": "Set Accounts",
  "properties": [{"name": "Accounts", "type": "SMS_ContosoAccount[]", "xml_variable": "ContosoAccounts", "xml_hidden": true}]}],
 "base_classes": [{"class": "SMS_ContosoAccount", "kind": "embedded",
  "properties": [{"name": "User", "type": "String"}, {"name": "Password", "type": "String", "qualifiers": "Secret"}]}]})";

/// Each secret stands on a line with a finding (an unknown element <x/> after it, or an unknown
/// attribute), so that the human diagnostics quote every line that holds one.
const char* kSequence = R"(<sequence version="3.10">
  <globalVarList>
    <variable name="OSDJoinPassword">LeakGlobalByName</variable><x/>
    <variable name="Token" property="DomainPassword">LeakGlobalByProperty</variable><x/>
  </globalVarList>
  <group name="G" description="">
    <step type="SMS_TaskSequence_JoinDomainWorkgroupAction" name="Join" description="" runIn="FullOS">
      <action>osdjoin.exe /type:0</action>
      <defaultVarList>
        <variable name="OSDJoinDomainName" property="DomainName">contoso.com</variable>
        <variable name="OSDJoinPassword" property="DomainPassword">LeakStepVariable</variable><x/>
        <variable name="OSDJoinAccount" property="DomainUsername">CONTOSO\join</variable>
        <variable name="OSDJoinType" property="Type">0</variable>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_ApplyWindowsSettingsAction" name="Win" description="" runIn="WinPE">
      <action>osdwinsettings.exe /config</action>
      <defaultVarList>
        <variable name="OSDLocalAdminPassword" property="AdminPassword">LeakAdmin</variable><x/>
        <variable name="OSDProductKey" property="ProductKey">LeakProductKey</variable><x/>
        <variable name="OSDRegisteredOrgName" property="RegisteredOrgName">Contoso</variable>
        <variable name="OSDRegisteredUserName" property="RegisteredUserName">IT</variable>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_RunCommandLineAction" name="Cmd" description="" runIn="FullOS">
      <action>smsswd.exe /run: net use /pwd:LeakPwdSwitch</action><x/>
      <defaultVarList>
        <variable name="CommandLine" property="CommandLine">net use /pwd:LeakPwdSwitch</variable><x/>
        <variable name="_SMSTSRunCommandLineAsUser" property="RunAsUser">true</variable>
        <variable name="SMSTSRunCommandLineUserName" property="UserName">CONTOSO\svc</variable>
        <variable name="SMSTSRunCommandLineUserPassword" property="UserPassword">LeakRunAs</variable><x/>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_RunCommandLineAction" name="Ps" description="" runIn="FullOS">
      <action>smsswd.exe /run: x</action>
      <defaultVarList>
        <variable name="CommandLine" property="CommandLine">pwsh a.ps1 -Password LeakDashPassword</variable><x/>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_RunCommandLineAction" name="Msi" description="" runIn="FullOS">
      <action>smsswd.exe /run: x</action>
      <defaultVarList>
        <variable name="CommandLine" property="CommandLine">msiexec /i a.msi password=LeakPasswordEq</variable><x/>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_RunPowerShellScriptAction" name="Script" description="" runIn="FullOS">
      <action>smsswd.exe /run: x</action>
      <defaultVarList>
        <variable name="OSDRunPowerShellScriptExecutionPolicy" property="ExecutionPolicy">Bypass</variable>
        <variable name="OSDRunPowerShellScriptParameters" property="Parameters">-Password 'LeakParameters'</variable><x/>
        <variable name="OSDRunPowerShellScriptScriptName" property="ScriptName">x.ps1</variable>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Dyn" description="" runIn="FullOS">
      <action>OSDSetDynamicVariables.exe</action>
      <defaultVarList>
        <variable name="OSDSetDynamicVariablesRules" property="Rules">&lt;Rules&gt;&lt;Rule&gt;&lt;Variables&gt;
&lt;Variable Name="Bios" IsSecret="true" x="1"&gt;LeakRuleIsSecret&lt;/Variable&gt;
&lt;Variable Name="OSDJoinPassword" IsSecret="false" x="1"&gt;LeakRuleByName&lt;/Variable&gt;
&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_SetVariableAction" name="Hide" description="" runIn="FullOS">
      <action>tsenv.exe "Token=LeakHiddenValue" /hiddenflag:True</action><x/>
      <defaultVarList>
        <variable name="VariableName" property="VariableName">Token</variable>
        <variable name="VariableValue" property="VariableValue">LeakHiddenValue</variable><x/>
        <variable name="DoNotShowVariableValue" property="DoNotShowVariableValue">true</variable>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_SetVariableAction" name="Pw" description="" runIn="FullOS">
      <action>tsenv.exe "OSDJoinPassword=LeakSetPassword"</action><x/>
      <defaultVarList>
        <variable name="VariableName" property="VariableName">OSDJoinPassword</variable>
        <variable name="VariableValue" property="VariableValue">LeakSetPassword</variable><x/>
      </defaultVarList>
    </step>
    <step type="SMS_TaskSequence_EnableBitLockerAction" name="BitLocker" description="" runIn="FullOS">
      <action>osdbitlocker.exe /enable</action>
      <defaultVarList>
        <variable name="OSDBitLockerPIN" property="PIN">LeakPin</variable><x/>
      </defaultVarList>
    </step>
    <step type="SMS_ContosoSetAccounts" name="Acc" description="" runIn="FullOS">
      <action>accounts.exe</action>
      <defaultVarList>
        <variable name="ContosoAccounts" property="Accounts" hidden="true">1</variable>
        <variable name="ContosoAccounts0User" property="Accounts0User">admin</variable>
        <variable name="ContosoAccounts0Password" property="Accounts0Password">LeakEmbedded</variable><x/>
      </defaultVarList>
    </step>
  </group>
</sequence>
)";

/// An MDT task sequence: its secrets are properties of MDT's classes.
const char* kMdtSequence = R"(<sequence version="3.00" name="Server" description="MDT">
  <group name="Roles" description="" expand="true">
    <step type="BDD_ConfigureADDS" name="ADDS" description="" startIn="" successCodes="0 3010" runIn="WinPEandFullOS">
      <defaultVarList>
        <variable name="ADDSPassword" property="ADDSPassword">LeakMdtAdds</variable><x/>
        <variable name="SafeModeAdminPassword" property="SafeModeAdminPassword">LeakMdtSafeMode</variable><x/>
      </defaultVarList>
      <action>cscript.exe "%SCRIPTROOT%\ZTIConfigureADDS.wsf"</action>
    </step>
  </group>
</sequence>
)";

/// Every secret above (each stands nowhere else in the inputs).
const std::vector<std::string> kSecrets = {
    "LeakGlobalByName", "LeakGlobalByProperty", "LeakStepVariable", "LeakAdmin",
    "LeakProductKey",   "LeakPwdSwitch",        "LeakRunAs",        "LeakDashPassword",
    "LeakPasswordEq",   "LeakParameters",       "LeakRuleIsSecret", "LeakRuleByName",
    "LeakHiddenValue",  "LeakSetPassword",      "LeakEmbedded",     "LeakMdtAdds",
    "LeakMdtSafeMode",  "LeakPin"};

/// The secrets that can be told from the line they stand on, without a model (a secret
/// element's name or IsSecret, a password switch on a command line): these are masked in the
/// quoted line of a document that is not well-formed too. The others are secret only by what
/// the rest of the document says (a step's DoNotShowVariableValue, a --schema class).
const std::vector<std::string> kLexicalSecrets = {
    "LeakGlobalByName", "LeakStepVariable", "LeakAdmin",        "LeakProductKey",
    "LeakPwdSwitch",    "LeakRunAs",        "LeakDashPassword", "LeakPasswordEq",
    "LeakParameters",   "LeakRuleIsSecret", "LeakRuleByName",   "LeakMdtAdds",
    "LeakMdtSafeMode",  "LeakPin"};

std::string XmlEscaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  }
  return out;
}

std::string ObjectXml(const std::string& sequence) {
  return "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n"
         "<PROPERTY NAME=\"Sequence\" TYPE=\"string\"><VALUE>" +
         XmlEscaped(sequence) + "</VALUE></PROPERTY>\n</INSTANCE>\n";
}

/// The inputs: the sequence bare, in an object.xml, in an export zip; the MDT sequence.
struct LeakInputs {
  TempDir dir;
  std::string schema = dir.Write("schema.json", kSchema);
  std::string bare = dir.Write("in/leaks.xml", kSequence);
  std::string object = dir.Write("in/object.xml", ObjectXml(kSequence));
  std::string zip = dir.Write(
      "in/export.zip",
      tsimport::test::MakeZip({{"SMS_TaskSequencePackage/PS100001/object.xml",
                                ObjectXml(kSequence)}}));
  std::string mdt = dir.Write("in/mdt.xml", kMdtSequence);
  std::vector<std::string> all() const { return {bare, object, zip, mdt}; }
};

/// Every secret of kSecrets that `text` holds.
std::vector<std::string> Leaked(const std::string& text) {
  std::vector<std::string> found;
  for (const auto& s : kSecrets) {
    if (text.find(s) != std::string::npos) found.push_back(s);
  }
  return found;
}

std::string ReadAll(const std::string& dir) {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) all += e.path().string() + "\n" + ReadText(e.path().string());
  }
  return all;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("leaks: the inputs hold every secret, on lines the diagnostics quote (masked)") {
  LeakInputs in;
  // Without --redact the sequence written back holds every secret: the checks below can fail.
  std::string plain;
  for (const auto& f : in.all()) {
    auto r = RunCli({"--schema", in.schema, "-f", "xml", "-O", in.dir.path + "/plain", f});
    CHECK(r.exit_code == 1);  // the <x/> elements, the cleartext passwords
  }
  CHECK(Leaked(ReadAll(in.dir.path + "/plain")) == kSecrets);
  // Every line of the bare sequence that holds a secret is quoted by a human diagnostic, with
  // the secret masked where it stood.
  auto human = RunCli({"--schema", in.schema, "--diagnostics", "human", "-f", "none", in.bare,
                       in.mdt});
  const auto err = SplitLines(human.err);
  for (const auto& [file, text] :
       {std::pair<std::string, std::string>{in.bare, kSequence}, {in.mdt, kMdtSequence}}) {
    const auto lines = SplitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (Leaked(lines[i]).empty()) continue;
      const std::string quoted = " " + std::to_string(i + 1) + " | ";
      INFO(file << ":" << i + 1 << ": " << lines[i]);
      CHECK(std::any_of(err.begin(), err.end(), [&](const std::string& l) {
        return l.rfind(quoted, 0) == 0 && l.find("********") != std::string::npos;
      }));
    }
  }
}

TEST_CASE("leaks: no secret in any output format with --redact, on stdout or with -O") {
  LeakInputs in;
  for (const char* format : {"json", "xml", "text", "mof", "markdown", "html", "summary"}) {
    for (const auto& f : in.all()) {
      INFO("-f " << format << " --redact " << f);
      auto r = RunCli({"--schema", in.schema, "-f", format, "--redact", f});
      CHECK(r.exit_code == 1);
      CHECK(Leaked(r.out) == Strings{});
      CHECK(Leaked(r.err) == Strings{});
    }
    const std::string out = in.dir.path + "/out-" + format;
    std::vector<std::string> args = {"--schema", in.schema, "-f", format, "--redact", "-O", out};
    for (const auto& f : in.all()) args.push_back(f);
    auto r = RunCli(args);
    INFO("-f " << format << " --redact -O");
    CHECK(r.exit_code == 1);
    CHECK(Leaked(r.out + r.err + ReadAll(out)) == Strings{});
  }
  // -f json in one stream of several records (JSON Lines).
  std::vector<std::string> args = {"--schema", in.schema, "-f", "json", "--redact"};
  for (const auto& f : in.all()) args.push_back(f);
  CHECK(Leaked(RunCli(args).out) == Strings{});
}

TEST_CASE("leaks: no secret in any diagnostics format, with or without --redact") {
  LeakInputs in;
  for (const char* format :
       {"human", "gcc", "json", "sarif", "github", "azure", "junit", "checkstyle"}) {
    for (bool redact : {false, true}) {
      INFO("--diagnostics " << format << (redact ? " --redact" : ""));
      std::vector<std::string> args = {"--schema", in.schema, "--diagnostics", format, "-f", "none",
                                       "-v"};
      if (redact) args.push_back("--redact");
      for (const auto& f : in.all()) args.push_back(f);
      auto r = RunCli(args);
      CHECK(r.exit_code == 1);
      CHECK(!r.err.empty());
      CHECK(Leaked(r.out + r.err) == Strings{});
      // Into a file, with the baseline of the findings beside it.
      const std::string report = in.dir.path + "/report." + format;
      const std::string baseline = in.dir.path + "/baseline." + format + ".json";
      args.insert(args.begin(), {"--diagnostics-output", report, "--write-baseline", baseline});
      auto to_file = RunCli(args);
      CHECK(to_file.exit_code == 0);  // the baseline accepts the findings
      CHECK(!ReadText(report).empty());
      CHECK(Leaked(to_file.out + to_file.err + ReadText(report) + ReadText(baseline)) ==
            Strings{});
    }
  }
}

TEST_CASE(
    "leaks: no secret in the quoted line of a document that is not well-formed, where the line "
    "alone tells it is one") {
  // A bare '&' right after the secret: the reader stops there (TS1004) and the diagnostic quotes
  // the line around that column. No model says what is secret; the line must.
  TempDir dir;
  std::size_t checked = 0;
  for (const char* source : {kSequence, kMdtSequence}) {
    const std::string text = source;
    for (const auto& secret : kLexicalSecrets) {
      const std::size_t at = text.find(secret);
      if (at == std::string::npos) continue;
      std::string broken = text;
      broken.insert(at + secret.size(), "&");
      for (bool object : {false, true}) {
        INFO(secret << (object ? " in object.xml" : ""));
        const std::string file =
            dir.Write("broken-" + std::to_string(checked) + (object ? ".object.xml" : ".xml"),
                      object ? ObjectXml(broken) : broken);
        for (const char* format : {"human", "gcc", "json", "sarif"}) {
          auto r = RunCli({"--diagnostics", format, "-f", "none", file});
          CHECK(r.exit_code == 3);
          CHECK(r.err.find("TS1004") != std::string::npos);
          CHECK(Leaked(r.err) == Strings{});
        }
        ++checked;
      }
    }
  }
  CHECK(checked == 2 * kLexicalSecrets.size());
}

namespace {

/// The quoted source lines of human diagnostics (" N | ..." and the caret line under it), the
/// headers left out (they give the column as it was in the input).
std::string QuotedLines(const std::string& human) {
  std::string out;
  for (const auto& l : SplitLines(human)) {
    if (l.find(" | ") != std::string::npos) out += l + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("leaks: a long line is masked as far as each diagnostic shows, as if masked whole") {
  // One long line of secret elements (plain, escaped, with long content), password switches,
  // values the model lists as secrets and plain markup, in random order; diagnostics at random
  // columns. The formatter masks a long line only as far as a diagnostic needs: what each
  // shows must be what masking the whole line (MaskSecrets) shows, and hold no secret.
  std::mt19937 random(25);
  const std::vector<std::string> model_secrets = {
      "ModelSecret1", "Model<Secret>&2", "ModelSecret3-longer-than-what-a-diagnostic-shows-past-its-column"};
  for (int round = 0; round < 40; ++round) {
    std::string line = "<sequence version=\"3.10\">";
    std::vector<std::string> shown_secrets;  // every secret the line holds
    int n = 0;
    while (line.size() < 3000 + static_cast<std::size_t>(round) * 1500) {
      const std::string id = std::to_string(n++);
      switch (random() % 7) {
        case 0:
          line += "<variable name=\"OSDJoinPassword\">Elem" + id + "</variable>";
          shown_secrets.push_back("Elem" + id);
          break;
        case 1:
          line += "&lt;variable name=&quot;OSDBitLockerPIN&quot;&gt;Esc" + id + "&lt;/variable&gt;";
          shown_secrets.push_back("Esc" + id);
          break;
        case 2:  // long content, running past where a prefix would end
          line += "<variable name=\"AdminPassword\">Long" + id + std::string(random() % 6000, 'x') +
                  "</variable>";
          shown_secrets.push_back("Long" + id);
          break;
        case 3:
          line += "<action>net use /pwd:Pwd" + id + "</action>";
          shown_secrets.push_back("Pwd" + id);
          break;
        case 4:
          line += "<variable name=\"Plain\">" +
                  model_secrets[static_cast<std::size_t>(random() % 2)] + "</variable>";
          break;
        default:
          line += "<step name=\"Step " + id + "\" description=\"" +
                  std::string(random() % 300, 'd') + "\"><x/></step>";
      }
    }
    line += "</sequence>";
    std::vector<tsimport::Diagnostic> diagnostics;
    std::vector<std::uint32_t> columns;
    // Columns close after one another too: a later one may need the line masked further.
    for (std::size_t column = 1 + random() % 2000; column <= line.size();
         column += 1 + random() % (random() % 2 ? 1200 : 9000)) {
      columns.push_back(static_cast<std::uint32_t>(column));
    }
    for (auto column : columns) {
      tsimport::Diagnostic d;
      d.rule = "TS2004";
      d.severity = tsimport::Severity::kInfo;
      d.message = "m";
      d.file = "f.xml";
      d.loc = {1, column};
      diagnostics.push_back(d);
    }
    if (round < 10) {
      // A line of long model secrets apart and diagnostics every few bytes: some diagnostic
      // shows bytes just before where the line was masked to, where a secret goes on past it.
      line = "<sequence>";
      while (line.size() < 12000) {
        line += " <a>" + std::string(1 + random() % 200, 'f') + model_secrets[2] + "</a>";
      }
      diagnostics.clear();
      for (std::uint32_t column = 50; column < 9000; column += 3) {
        tsimport::Diagnostic d;
        d.rule = "TS2004";
        d.file = "f.xml";
        d.loc = {1, column};
        diagnostics.push_back(d);
      }
    }
    const std::string windowed = QuotedLines(
        tsimport::FormatDiagnosticsHuman(diagnostics, line, {}, model_secrets));
    std::string whole;
    for (auto d : diagnostics) {
      std::uint32_t column = d.loc.column;
      const std::string masked = tsimport::MaskSecrets(line, model_secrets, &column);
      d.loc.column = column;
      whole += QuotedLines(tsimport::FormatDiagnosticHuman(d, masked, {}, {}));
    }
    INFO("round " << round << ", line of " << line.size() << " bytes");
    CHECK(windowed == whole);
    for (const auto& secret : shown_secrets) CHECK(windowed.find(secret) == std::string::npos);
    for (const auto& secret : model_secrets) CHECK(windowed.find(secret) == std::string::npos);
  }
}
