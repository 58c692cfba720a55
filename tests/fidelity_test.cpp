// Fidelity (docs/fidelity.md): an import error only where evidence says the site refuses the
// input. One sample per cause of false refusals found in real exports (samples/fidelity,
// MANIFEST.tsv) with its whole diagnostics, those of --strict and its record; an unset (empty)
// value against each qualifier; --strict from the command line and from .tsimport.toml; the
// evidence the catalog and the rule table carry; --list-classes' source and since; the table of
// docs/fidelity.md (its transcripts are run by tests/docs_test.cpp).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_util.h"
#include "tsimport/catalog.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using namespace tsimport;
using tsimport::test::DiagnosticLines;
using tsimport::test::ImportString;
using tsimport::test::CompareOrUpdate;
using tsimport::test::ReadText;
using tsimport::test::RunCli;
using tsimport::test::TempDir;
using Lines = std::vector<std::string>;

namespace {

struct Cause {
  std::string file;
  int exit_code = 0;
  int strict_exit_code = 0;
};

std::vector<Cause> Manifest() {
  std::vector<Cause> out;
  for (const auto& cols : tsimport::test::ReadTsv("samples/fidelity/MANIFEST.tsv")) {
    if (cols.size() >= 4) out.push_back({cols[0], std::stoi(cols[2]), std::stoi(cols[3])});
  }
  return out;
}

// One step of `type` holding `vars` (<variable> lines), in a ConfigMgr sequence.
std::string Step(const std::string& type, const std::string& vars,
                 const std::string& attrs = "runIn=\"WinPEandFullOS\"") {
  return "<sequence version=\"3.10\">\n  <step type=\"" + type + "\" name=\"S\" description=\"\" " +
         attrs + ">\n    <action>x</action>\n    <defaultVarList>\n" + vars +
         "    </defaultVarList>\n  </step>\n</sequence>\n";
}

std::string Var(const std::string& property, const std::string& value) {
  return "      <variable name=\"" + property + "\" property=\"" + property + "\">" + value +
         "</variable>\n";
}

}  // namespace

TEST_CASE("fidelity: a sample per cause imports, with its exact diagnostics, --strict's, record") {
  const std::vector<Cause> causes = Manifest();
  REQUIRE(causes.size() == 4);
  for (const Cause& c : causes) {
    const std::string xml = "samples/fidelity/" + c.file;
    const std::string stem = xml.substr(0, xml.size() - 4);
    INFO(xml);
    auto r = RunCli({"--diagnostics", "human", xml});
    CHECK(r.exit_code == c.exit_code);
    const std::string actual = r.err + "exit: " + std::to_string(r.exit_code) + "\n";
    CompareOrUpdate(stem + ".diag", actual);
    auto strict = RunCli({"--strict", "--diagnostics", "human", xml});
    CHECK(strict.exit_code == c.strict_exit_code);
    const std::string strict_actual =
        strict.err + "exit: " + std::to_string(strict.exit_code) + "\n";
    if (strict_actual != actual) {
      CompareOrUpdate(stem + ".strict.diag", strict_actual);
    } else {
      CHECK_FALSE(fs::exists(stem + ".strict.diag"));
    }
    // No import error in any of them: ReturnValue 0.
    auto json = RunCli({"-f", "json", xml});
    CHECK(nlohmann::json::parse(json.out)["ReturnValue"] == 0);
    CompareOrUpdate(stem + ".json", json.out);
  }
}

TEST_CASE("fidelity: an empty element is null in the record and written back empty") {
  const std::string xml = "samples/fidelity/empty-means-unset.xml";
  auto record = nlohmann::json::parse(RunCli({"-f", "json", xml}).out);
  const auto& steps = record["TaskSequence"]["Steps"][0]["Steps"];
  CHECK(steps[0]["WorkgroupName"].is_null());
  CHECK(steps[1]["CommandLine"].is_null());
  CHECK(steps[2]["VariableValue"].is_null());
  CHECK(steps[3]["MessageTimeout"].is_null());
  CHECK(steps[3]["Target"].is_null());
  CHECK(steps[3]["Condition"]["Operands"][0]["Value"].is_null());
  CHECK(steps[4]["Adapters"].is_null());
  CHECK(steps[4]["NumAdapters"].is_null());
  CHECK(steps[5]["ImageSize"].is_null());
  CHECK(steps[5]["ImageProcessorSpeed"].is_null());
  CHECK(steps[5]["ImageMemory"] == 2048);
  CHECK(record["TaskSequence"]["Steps"][0]["Description"].is_null());  // description=""
  // -f xml writes every empty element back as it was (the round-trip test checks the whole
  // tree and the fixed point).
  const std::string out = RunCli({"-f", "xml", xml}).out;
  for (const char* element :
       {"<variable name=\"OSDJoinWorkgroupName\" property=\"WorkgroupName\"></variable>",
        "<variable name=\"CommandLine\" property=\"CommandLine\" hidden=\"true\"></variable>",
        "<variable name=\"SMSRebootTimeout\" property=\"MessageTimeout\"></variable>",
        "<variable name=\"ImageSize\" property=\"ImageSize\"></variable>",
        "<variable name=\"Value\"></variable>"}) {
    INFO(element);
    CHECK(out.find(element) != std::string::npos);
  }
  CHECK(out == ReadText(xml));
}

TEST_CASE("fidelity: MDT's <expression> directly inside a <step> is a warning, kept and written") {
  const std::string xml = "samples/fidelity/mdt-markup.xml";
  ImportResult r = ImportString(ReadText(xml));
  CHECK(DiagnosticLines(r) ==
        Lines{"test.xml:13:7: warning: element <expression> is not allowed inside <step> (kept "
              "and written back; MDT ignores it) [TS2002]"});
  CHECK(r.hresult == 0);
  REQUIRE(r.task_sequence);
  const std::string out = WriteXml(*r.task_sequence);
  CHECK(out.find("      <expression type=\"SMS_TaskSequence_VariableConditionExpression\">\n"
                 "        <variable name=\"Variable\">DeploymentType</variable>") !=
        std::string::npos);
  // ConfigMgr does not build it into the object either: a warning there too (--strict: an error).
  r = ImportString(ReadText(xml), Target::kConfigMgr, /*strict=*/true);
  CHECK(std::count_if(r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& d) {
          return d.rule == "TS2002" && d.severity == Severity::kError;
        }) == 1);
}

TEST_CASE("fidelity: an unset (empty) value against each qualifier, and the check still live") {
  struct Case {
    const char* what;
    std::string empty;   // the property written empty: no finding
    std::string value;   // the same property with a value that breaks the check
    std::string expect;  // that finding
  };
  const std::string join = "SMS_TaskSequence_JoinDomainWorkgroupAction";
  const std::string run = "SMS_TaskSequence_RunCommandLineAction";
  const std::string image = "SMS_TaskSequence_ApplyDataImageAction";
  const std::string reboot = "SMS_TaskSequence_RebootAction";
  const std::string ps = "SMS_TaskSequence_RunPowerShellScriptAction";
  const std::string net = "SMS_TaskSequence_ApplyNetworkSettingsAction";
  const std::string run_base = Var("CommandLine", "cmd") + Var("SuccessCodes", "0");
  const std::string image_base = Var("ImagePackageID", "PS100001");
  const std::string ps_base =
      Var("SourceScript", "x") + Var("Parameters", "") + Var("SuccessCodes", "0");
  const std::vector<Case> cases = {
      {"AllowedLen(1-32)", Step(join, Var("Type", "1") + Var("WorkgroupName", "")),
       Step(join, Var("Type", "1") + Var("WorkgroupName", std::string(33, 'W'))),
       "test.xml:6:7: error: SMS_TaskSequence_JoinDomainWorkgroupAction.WorkgroupName is 33 "
       "characters; it must be 1 to 32 [TS2008]"},
      {"Not_Null, AllowedLen(1-32000)",
       Step(run, Var("CommandLine", "") + Var("SuccessCodes", "0")),
       Step(run, Var("SuccessCodes", "0")),
       "test.xml:2:3: error: SMS_TaskSequence_RunCommandLineAction.CommandLine (variable "
       "CommandLine) is required (Not_Null) but not set [TS2006]"},
      {"Not_Null Boolean", Step(run, run_base + Var("DisableWow64Redirection", "")),
       Step(run, run_base + Var("DisableWow64Redirection", "maybe")),
       "test.xml:7:7: error: SMS_TaskSequence_RunCommandLineAction.DisableWow64Redirection "
       "'maybe' is not a Boolean (true or false) [TS2005]"},
      {"Not_Null, ValueRange(1-2147483647) UInt32", Step(image, image_base + Var("ImageIndex", "")),
       Step(image, image_base + Var("ImageIndex", "0")),
       "test.xml:6:7: error: SMS_TaskSequence_ApplyDataImageAction.ImageIndex is 0; it must be 1 "
       "to 2147483647 [TS2009]"},
      {"UInt32 written as white space (a pretty-printed export)",
       Step(reboot, Var("Target", "HD") + Var("MessageTimeout", "\n        ")),
       Step(reboot, Var("Target", "HD") + Var("MessageTimeout", "ten")),
       "test.xml:6:7: error: SMS_TaskSequence_RebootAction.MessageTimeout 'ten' is not a UInt32 "
       "number (0 to 4294967295) [TS2005]"},
      {"ValueMap qualifier", Step(ps, ps_base + Var("ExecutionPolicy", "")),
       Step(ps, ps_base + Var("ExecutionPolicy", "Sometimes")),
       "test.xml:8:7: error: SMS_TaskSequence_RunPowerShellScriptAction.ExecutionPolicy is "
       "'Sometimes'; allowed: Restricted, AllSigned, RemoteSigned, Unrestricted, Bypass or "
       "Undefined (compared without regard to case) [TS2010]"},
      {"Not_Null, values in prose (String)", Step(reboot, Var("Target", "")),
       Step(reboot, Var("Target", "USB")),
       "test.xml:5:7: warning: SMS_TaskSequence_RebootAction.Target is 'USB', not one of HD or "
       "WinPE (documented in prose, not by a qualifier: a newer ConfigMgr may accept it) "
       "[TS2010]"},
      {"not_null, values in prose (UInt32)", Step(join, Var("Type", "")),
       Step(join, Var("Type", "2")),
       "test.xml:5:7: warning: SMS_TaskSequence_JoinDomainWorkgroupAction.Type is 2, not one of 0 "
       "or 1 (documented in prose, not by a qualifier: a newer ConfigMgr may accept it) "
       "[TS2010]"},
      {"RequiredIfNotNull(DestinationDisk)",
       Step(image, image_base + Var("ImageIndex", "1") + Var("DestinationDisk", "")),
       Step(image, image_base + Var("ImageIndex", "1") + Var("DestinationDisk", "0")),
       "test.xml:2:3: error: SMS_TaskSequence_ApplyDataImageAction.DestinationPartition (variable "
       "DestinationPartition) is required because DestinationDisk is set [TS2007]"},
      {"RequiredIfNull(WorkgroupName), AllowedLen(1-255)",
       Step(net, Var("NetworkJoinType", "0") + Var("WorkgroupName", "") + Var("DomainName", "")),
       Step(net, Var("NetworkJoinType", "0")),
       "test.xml:2:3: error: SMS_TaskSequence_ApplyNetworkSettingsAction.DomainName (variable "
       "OSDDomainName) is required when WorkgroupName is not set, and neither is [TS2007]"},
      {"an embedded array's count",
       Step(net, Var("NetworkJoinType", "1") + Var("WorkgroupName", "WG") + Var("Adapters", "")),
       Step(net, Var("NetworkJoinType", "1") + Var("WorkgroupName", "WG") + Var("Adapters", "x")),
       "test.xml:7:7: error: Adapters count 'x' is not a number [TS2005]"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    ImportResult empty = ImportString(c.empty);
    CHECK(DiagnosticLines(empty).empty());
    CHECK(empty.hresult == 0);
    CHECK(DiagnosticLines(ImportString(c.empty, Target::kAuto, /*strict=*/true)).empty());
    ImportResult broken = ImportString(c.value);
    const Lines lines = DiagnosticLines(broken);
    CHECK(std::count(lines.begin(), lines.end(), c.expect) == 1);
  }
}

TEST_CASE("fidelity: a condition field and a dynamic variable written empty are unset") {
  ImportResult r = ImportString(R"(<sequence version="3.10">
  <step type="SMS_TaskSequence_SetDynamicVariablesAction" name="Dyn" description="" runIn="WinPEandFullOS">
    <condition><expression type="SMS_TaskSequence_VariableConditionExpression"><variable name="Operator">notExists</variable><variable name="Value"></variable><variable name="Variable">X</variable></expression></condition>
    <action>OSDSetDynamicVariables.exe</action>
    <defaultVarList>
      <variable name="OSDSetDynamicVariablesRules" property="Rules">&lt;Rules&gt;&lt;Rule&gt;&lt;condition&gt;&lt;expression type="SMS_TaskSequence_MakeModelConditionExpression"&gt;&lt;variable name="Make"&gt;&lt;/variable&gt;&lt;variable name="Model"&gt;HP*&lt;/variable&gt;&lt;/expression&gt;&lt;/condition&gt;&lt;Variables&gt;&lt;Variable Name="Cleared" IsSecret="false"&gt;&lt;/Variable&gt;&lt;/Variables&gt;&lt;/Rule&gt;&lt;/Rules&gt;</variable>
    </defaultVarList>
  </step>
</sequence>)");
  CHECK(DiagnosticLines(r).empty());
  auto record = nlohmann::json::parse(WriteJsonRecord(r, *Catalog::Builtin(), 2));
  const auto& step = record["TaskSequence"]["Steps"][0];
  CHECK(step["Condition"]["Operands"][0]["Value"].is_null());
  CHECK(step["Rules"][0]["Condition"]["Operands"][0]["Make"].is_null());
  CHECK(step["Rules"][0]["Condition"]["Operands"][0]["Model"] == "HP*");
  CHECK(step["Rules"][0]["Variables"][0]["Value"].is_null());
}

TEST_CASE("fidelity: an unknown class in a dynamic variables rule") {
  auto rules = [](const std::string& type) {
    return Step("SMS_TaskSequence_SetDynamicVariablesAction",
                "      <variable name=\"OSDSetDynamicVariablesRules\" "
                "property=\"Rules\">&lt;Rules&gt;&lt;Rule&gt;&lt;condition&gt;&lt;expression "
                "type=\"" +
                    type +
                    "\"&gt;&lt;/expression&gt;&lt;/condition&gt;&lt;Variables/&gt;&lt;/"
                    "Rule&gt;&lt;/Rules&gt;</variable>\n");
  };
  // No misspelling of a known class: the catalog's reading of the rule kinds may be short of the
  // real ones (the location rule's class is a reading): a warning.
  CHECK(DiagnosticLines(ImportString(rules("SMS_TaskSequence_GatewayConditionExpression"))) ==
        Lines{"test.xml:5:126: warning: unknown condition class "
              "'SMS_TaskSequence_GatewayConditionExpression' in a Set Dynamic Variables rule (the "
              "catalog's rule classes are partly a reading: the real one may have another name) "
              "[TS2001]"});
  // A misspelling of a known class stays an error, as in any condition.
  CHECK(DiagnosticLines(ImportString(rules("SMS_TaskSequence_MakeModelConditionExpresion"))) ==
        Lines{"test.xml:5:126: error: unknown condition class "
              "'SMS_TaskSequence_MakeModelConditionExpresion'; did you mean "
              "'SMS_TaskSequence_MakeModelConditionExpression'? [TS2001]"});
}

TEST_CASE("fidelity: --strict and strict = true make prose and reading checks import errors") {
  const std::string xml = "samples/fidelity/documented-values.xml";
  auto r = RunCli({"--diagnostics", "gcc", xml});
  CHECK(r.exit_code == 0);
  const std::string warning =
      "samples/fidelity/documented-values.xml:17:9: warning: "
      "SMS_TaskSequence_UpgradeOperatingSystemAction.DynamicUpdateSettings is 'OverridePolicy', "
      "not one of Disable or OveridePolicy (documented in prose, not by a qualifier: a newer "
      "ConfigMgr may accept it) [TS2010]\n";
  CHECK(r.err == warning);
  r = RunCli({"--strict", "--diagnostics", "gcc", "-f", "json", xml});
  CHECK(r.exit_code == 1);
  CHECK(nlohmann::json::parse(r.out)["HResult"] == "0x8004102B");
  // The same from a .tsimport.toml beside the input; the command line cannot turn it off.
  TempDir dir;
  dir.Write(".tsimport.toml", "strict = true\n");
  const std::string input = dir.Write("ts.xml", ReadText(xml));
  r = RunCli({"--diagnostics", "gcc", input});
  CHECK(r.exit_code == 1);
  CHECK(r.err == input +
                     ":17:9: error: SMS_TaskSequence_UpgradeOperatingSystemAction."
                     "DynamicUpdateSettings is 'OverridePolicy', not one of Disable or "
                     "OveridePolicy (documented in prose, not by a qualifier; an error with "
                     "--strict) [TS2010]\n");
  dir.Write(".tsimport.toml", "strict = false\n");
  CHECK(RunCli({input}).exit_code == 0);
  CHECK(RunCli({"--strict", input}).exit_code == 1);
  const std::string bad = dir.Write("bad.toml", "strict = \"maybe\"\n");
  r = RunCli({"--config", bad, input});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tsimport: " + bad + ": strict must be true or false, not 'maybe'\n");
  // --severity still has the last word on how a finding is reported.
  CHECK(RunCli({"--strict", "--severity", "TS2010=warning", input}).exit_code == 0);
}

TEST_CASE("fidelity: every check of the built-in catalog says what it rests on") {
  auto catalog = Catalog::Builtin();
  std::size_t checks = 0;
  std::map<std::string, std::size_t> by_evidence;
  for (const auto& cls : catalog->classes()) {
    for (const auto& p : cls.properties) {
      INFO(cls.name << "." << p.name);
      const auto check = [&](bool has, Evidence e) {
        if (!has) return;
        ++checks;
        CHECK(e != Evidence::kUnstated);
        ++by_evidence[EvidenceName(e)];
      };
      check(p.type != WmiType::kString, p.evidence.type);
      check(p.not_null, p.evidence.not_null);
      check(p.allowed_len.has_value(), p.evidence.allowed_len);
      check(p.value_range.has_value(), p.evidence.value_range);
      check(!p.values.empty(), p.evidence.values);
      check(!p.required_if_null.empty() || !p.required_if_not_null.empty(), p.evidence.required_if);
    }
  }
  CHECK(checks > 300);
  CHECK(by_evidence.count("unstated") == 0);
  CHECK(by_evidence["qualifier"] > 100);
  CHECK(by_evidence["prose"] > 20);
  // A few by name.
  const auto prop = [&](const char* cls, const char* name) {
    const ClassDef* c = catalog->Find(cls);
    REQUIRE(c != nullptr);
    const PropertyDef* p = c->Find(name);
    REQUIRE(p != nullptr);
    return p;
  };
  const PropertyDef* recovery =
      prop("SMS_TaskSequence_EnableBitLockerAction", "CreateRecoveryPassword");
  CHECK(recovery->evidence.values == Evidence::kProse);
  CHECK(recovery->evidence.not_null == Evidence::kQualifier);
  REQUIRE(recovery->values.size() == 3);
  CHECK(recovery->values[2].value == "ConfigMgr");
  CHECK(recovery->values[2].since == "ConfigMgr 2203");
  CHECK(prop("SMS_TaskSequence_RunPowerShellScriptAction", "ExecutionPolicy")->evidence.values ==
        Evidence::kQualifier);
  CHECK(prop("SMS_TaskSequence_RunCommandLineAction", "CommandLine")->evidence.allowed_len ==
        Evidence::kQualifier);
  CHECK(prop("SMS_TaskSequence_ApplyDataImageAction", "ImageIndex")->evidence.type ==
        Evidence::kType);
  CHECK(prop("BDD_Validate", "ImageSize")->evidence.type == Evidence::kReading);
  CHECK(prop("SMS_TaskSequence_InstallApplicationAction", "ContinueOnInstallError")
            ->evidence.not_null == Evidence::kProse);
  CHECK(prop("SMS_TaskSequence_SubTasksequence", "TsReferenceSoftwareUpdates")->since ==
        "ConfigMgr 2403 or later (2024 exports)");
}

TEST_CASE(
    "fidelity: every import rule says what it rests on, and prose and reading ones are warnings") {
  for (const RuleInfo& rule : Rules()) {
    INFO(rule.id);
    CHECK(rule.evidence != Evidence::kUnstated);
    if (rule.hresult == 0 && rule.id.substr(0, 3) != "TS1") CHECK(rule.evidence == Evidence::kLint);
    if (rule.id.substr(0, 3) == "TS1") CHECK(BlocksImport(rule.evidence));
  }
  const auto severity = [](const char* id, bool strict) {
    const RuleInfo* rule = FindRule(id);
    REQUIRE(rule != nullptr);
    return DefaultSeverity(*rule, strict);
  };
  for (const char* id : {"TS2002", "TS2015", "TS2017", "TS2019"}) {
    INFO(id);
    CHECK(severity(id, false) == Severity::kWarning);
    CHECK(severity(id, true) == Severity::kError);
  }
  for (const char* id : {"TS2001", "TS2005", "TS2006", "TS2008", "TS2012", "TS1004"}) {
    INFO(id);
    CHECK(severity(id, false) == Severity::kError);
  }
  CHECK(severity("TS7003", true) == Severity::kInfo);  // lint: --strict leaves it alone
}

TEST_CASE("fidelity: --list-classes shows where entries come from and since when") {
  auto text = RunCli({"--list-classes"});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("      CreateRecoveryPassword = ConfigMgr: since ConfigMgr 2203; source: ") !=
        std::string::npos);
  CHECK(text.out.find("  SMS_TaskSequence_MakeModelConditionExpression") != std::string::npos);
  CHECK(text.out.find("      LayeredDriver: since ConfigMgr 2107; source: ") != std::string::npos);
  auto json = nlohmann::json::parse(RunCli({"--list-classes", "-f", "json"}).out);
  nlohmann::json recovery;
  nlohmann::json upgrade;
  for (const auto& c : json["actions"]) {
    if (c["class"] == "SMS_TaskSequence_EnableBitLockerAction") {
      for (const auto& p : c["properties"]) {
        if (p["name"] == "CreateRecoveryPassword") recovery = p;
      }
    }
    if (c["class"] == "BDD_UpgradeOS") upgrade = c;
  }
  REQUIRE(recovery.is_object());
  CHECK(recovery["enum"][2]["value"] == "ConfigMgr");
  CHECK(recovery["enum"][2]["since"] == "ConfigMgr 2203");
  CHECK(recovery["check_evidence"] ==
        nlohmann::json{{"Not_Null", "qualifier"}, {"values", "prose"}});
  REQUIRE(upgrade.is_object());
  CHECK(upgrade["since"] == "MDT 2013 Update 1");
  CHECK(upgrade["source"].get<std::string>().find("ClientUpgrade.xml") != std::string::npos);
  // A --schema file gives evidence in the same format; a wrong name is refused.
  TempDir dir;
  const std::string schema =
      dir.Write("s.json",
                R"({"actions": [{"class": "Contoso_Step", "ui_name": "Contoso", "properties": [
        {"name": "Mode", "type": "String", "xml_variable": "ContosoMode",
         "enum": ["A", "B"], "check_evidence": {"values": "prose"}}]}]})");
  const std::string input = dir.Write(
      "ts.xml", Step("Contoso_Step",
                     "      <variable name=\"ContosoMode\" property=\"Mode\">C</variable>\n"));
  auto r = RunCli({"--schema", schema, "--diagnostics", "gcc", input});
  CHECK(r.exit_code == 0);
  CHECK(r.err == input +
                     ":5:7: warning: Contoso_Step.Mode is 'C', not one of A or B (documented in "
                     "prose, not by a qualifier: a newer ConfigMgr may accept it) [TS2010]\n");
  const std::string bad =
      dir.Write("bad.json", R"({"actions": [{"class": "Contoso_Step", "properties": [
        {"name": "Mode", "check_evidence": {"values": "rumour"}}]}]})");
  r = RunCli({"--schema", bad, input});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tsimport: --schema " + bad +
                     ": Contoso_Step: Mode: check_evidence.values must be qualifier, type, "
                     "observed, contract, prose or reading\n");
}

TEST_CASE("fidelity: docs/fidelity.md lists every catalog entry that says since when") {
  const std::string page = ReadText("docs/fidelity.md");
  const std::string table = page.substr(page.find("## What the catalog gained"));
  const auto listed = [&](const std::string& cls, const std::string& what) {
    INFO(cls << " " << what);
    const std::size_t row = table.find("| `" + cls + "`");
    REQUIRE(row != std::string::npos);
    bool found = false;
    for (std::size_t at = row; at != std::string::npos;
         at = table.find("| `" + cls + "`", at + 1)) {
      const std::string line = table.substr(at, table.find('\n', at) - at);
      if (line.find(what) != std::string::npos) found = true;
    }
    CHECK(found);
  };
  std::size_t entries = 0;
  for (const auto& cls : Catalog::Builtin()->classes()) {
    if (!cls.since.empty()) {
      listed(cls.name, cls.since.substr(0, cls.since.find(" (")));
      ++entries;
    }
    for (const auto& p : cls.properties) {
      if (!p.since.empty()) {
        listed(cls.name, p.name);
        ++entries;
      }
      for (const auto& v : p.values) {
        if (!v.since.empty()) {
          listed(cls.name, "`" + v.value + "`");
          ++entries;
        }
      }
    }
  }
  CHECK(entries >= 24);
}

TEST_CASE("fidelity: an empty element of any property of any step class adds no import error") {
  // Every property of every step class in the catalog, written as ConfigMgr writes one it does
  // not set, against the same step without it: the empty element may take a finding away
  // (Not_Null), never add one, whatever the property's type and qualifiers.
  const auto errors = [](const std::string& xml) {
    std::multiset<std::string> out;
    for (const Diagnostic& d : ImportString(xml).diagnostics) {
      if (d.severity == Severity::kError && FindRule(d.rule)->hresult != 0)
        out.insert(d.rule + " " + d.message);
    }
    return out;
  };
  std::size_t checked = 0;
  for (const ClassDef& cls : Catalog::Builtin()->classes()) {
    if (cls.kind != ClassKind::kAction) continue;
    const std::string element = cls.xml_element.empty() ? "step" : cls.xml_element;
    const auto sequence = [&](const std::string& vars) {
      return "<sequence version=\"3.10\">\n  <" + element + " type=\"" + cls.name +
             "\" name=\"S\" description=\"\">\n    <action>x</action>\n    <defaultVarList>\n" +
             vars + "    </defaultVarList>\n  </" + element + ">\n</sequence>\n";
    };
    const std::multiset<std::string> without = errors(sequence(""));
    for (const PropertyDef& p : cls.properties) {
      if (p.variable.empty() || (p.type == WmiType::kObject && !p.is_array)) continue;
      INFO(cls.name << "." << p.name << " (" << p.qualifiers << ")");
      const std::multiset<std::string> with = errors(sequence(
          "      <variable name=\"" + p.variable + "\" property=\"" + p.name + "\"></variable>\n"));
      for (const std::string& e : with) {
        INFO(e);
        CHECK(without.count(e) >= with.count(e));
      }
      ++checked;
    }
  }
  CHECK(checked > 300);
}
