#include "tsimport/catalog.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "catalog_emit.h"

#include "test_util.h"

using namespace tsimport;

TEST_CASE("the built-in catalog holds every class of classes.json and the MDT actions") {
  auto catalog = Catalog::Builtin();
  std::size_t actions = 0;
  std::size_t mdt = 0;
  for (const auto& cls : catalog->classes()) {
    if (cls.kind != ClassKind::kAction) continue;
    if (cls.origin == "classes.json") ++actions;
    if (cls.origin == "mdt-classes.json") ++mdt;
    CHECK_FALSE(cls.ui_name.empty());
  }
  CHECK(actions == 36);
  // 19 BDD_* actions (BDD_UpgradeOS of the upgrade templates among them), MDT_CommandLineStep
  // and Create VHD Disk (SMS_TaskSequence_VirtualHardDiskAction, of VHDClient.xml).
  CHECK(mdt == 21);
  for (const char* name : {"BDD_Gather",
                           "BDD_InstallOS",
                           "BDD_InstallApplication",
                           "BDD_Validate",
                           "BDD_InjectDrivers",
                           "BDD_InstallUpdatesOffline",
                           "BDD_RecoverDomainJoin",
                           "BDD_RunPowerShellAction",
                           "BDD_InstallRoles",
                           "BDD_UninstallRoles",
                           "BDD_UsePackage",
                           "BDD_ExecuteRunbook",
                           "BDD_ConfigureADDS",
                           "BDD_ConfigureDNS",
                           "BDD_ConfigureDHCP",
                           "BDD_AuthorizeDHCP",
                           "BDD_InstallLanguagePacksOffline",
                           "BDD_InstallLanguagePacksOnline",
                           "BDD_UpgradeOS",
                           "SMS_TaskSequence_VirtualHardDiskAction",
                           "SMS_TaskSequence_MakeModelConditionExpression",
                           "SMS_TaskSequence_ComputerConditionExpression",
                           "SMS_TaskSequence_LocationConditionExpression",
                           "SMS_TaskSequence_SubTasksequence",
                           "SMS_TaskSequence_VariableConditionExpression",
                           "SMS_TaskSequence_OSConditionGroup",
                           "SMS_TaskSequence_OSConditionExpression",
                           "SMS_TaskSequence_PartitionSettings",
                           "SMS_TaskSequence_Rule"}) {
    INFO(name);
    CHECK(catalog->Find(name) != nullptr);
  }
}

TEST_CASE("qualifiers are parsed into typed rules") {
  auto catalog = Catalog::Builtin();
  const ClassDef* cls = catalog->Find("SMS_TaskSequence_RunCommandLineAction");
  REQUIRE(cls != nullptr);
  const PropertyDef* cmd = cls->Find("CommandLine");
  REQUIRE(cmd != nullptr);
  CHECK(cmd->not_null);
  CHECK(cmd->hidden);
  CHECK(cmd->command_line_arg == 2);
  REQUIRE(cmd->allowed_len.has_value());
  CHECK(cmd->allowed_len->first == 1);
  CHECK(cmd->allowed_len->second == 32000);
  CHECK(cls->Find("UserPassword")->secret);

  const ClassDef* data = catalog->Find("SMS_TaskSequence_ApplyDataImageAction");
  REQUIRE(data != nullptr);
  const PropertyDef* part = data->Find("DestinationPartition");
  REQUIRE(part != nullptr);
  CHECK(part->required_if_not_null == std::vector<std::string>{"DestinationDisk"});
  REQUIRE(part->value_range.has_value());
  CHECK(part->value_range->first == 1);
  CHECK(part->value_range->second == 99);
}

TEST_CASE("actions inherit Step and Action properties, with the class's own default runIn") {
  auto catalog = Catalog::Builtin();
  const ClassDef* cls = catalog->Find("SMS_TaskSequence_PartitionDiskAction");
  REQUIRE(cls != nullptr);
  REQUIRE(cls->properties.size() > 7);
  CHECK(cls->properties[0].name == "Condition");  // inherited first, from SMS_TaskSequence_Step
  const PropertyDef* env = cls->Find("SupportedEnvironment");
  REQUIRE(env != nullptr);
  REQUIRE(env->default_value.has_value());
  CHECK(env->default_value->text == "WinPE");
  const PropertyDef* partitions = cls->Find("Partitions");
  REQUIRE(partitions != nullptr);
  CHECK(partitions->type == WmiType::kObject);
  CHECK(partitions->is_array);
  CHECK(partitions->object_class == "SMS_TaskSequence_PartitionSettings");
}

TEST_CASE("a schema file adds a class and extends another") {
  Catalog catalog = *Catalog::Builtin();
  std::vector<Diagnostic> diags;
  REQUIRE(catalog.Load(R"({"actions": [
      {"class": "Contoso_BiosUpdate", "ui_name": "Update BIOS", "default_run_in": "FullOS",
       "properties": [{"name": "Password", "type": "String", "xml_variable": "ContosoBiosPassword",
                       "qualifiers": "Secret"},
                      {"name": "Reboot", "type": "Boolean", "default": true}]},
      {"class": "SMS_TaskSequence_RunCommandLineAction",
       "properties": [{"name": "Priority", "type": "UInt32"}]}]})",
                       "contoso.json", diags));
  CHECK(diags.empty());
  const ClassDef* bios = catalog.Find("Contoso_BiosUpdate");
  REQUIRE(bios != nullptr);
  CHECK(bios->origin == "contoso.json");
  CHECK(bios->Find("Name") != nullptr);  // inherited
  CHECK(bios->Find("Password")->secret);
  CHECK(catalog.Find("SMS_TaskSequence_RunCommandLineAction")->Find("Priority") != nullptr);
  // The built-in catalog is untouched.
  CHECK(Catalog::Builtin()->Find("Contoso_BiosUpdate") == nullptr);
}

TEST_CASE("an indexed class reads its names from one block and lists its requirements") {
  ClassDef cls;
  cls.name = "Contoso_Step";
  for (const char* name : {"Name", "Password", "PasswordConfirmation", "Reboot", "Target"}) {
    PropertyDef p;
    p.name = name;
    cls.properties.push_back(p);
  }
  cls.properties[0].not_null = true;
  cls.properties[2].required_if_not_null = {"Password"};
  cls.properties[4].required_if_null = {"Reboot"};
  CHECK_FALSE(cls.Indexed());
  CHECK(cls.PropertyName(1) == "Password");  // read from the definition until indexed
  cls.Index();
  REQUIRE(cls.Indexed());
  for (std::size_t i = 0; i < cls.properties.size(); ++i)
    CHECK(cls.PropertyName(i) == cls.properties[i].name);
  CHECK(cls.Requirements() == std::vector<std::uint32_t>{0, 2, 4});
  CHECK(cls.Find("PasswordConfirmation") == &cls.properties[2]);
  CHECK(cls.Find("Passwor") == nullptr);

  // A copy reads the same names (the block is shared, never changed), after the original goes.
  auto original = std::make_unique<ClassDef>(cls);
  const ClassDef copy = *original;
  original.reset();
  CHECK(copy.PropertyName(2) == "PasswordConfirmation");
  CHECK(copy.Find("Target") == &copy.properties[4]);

  // A property added since is found by name, and the requirements wait for the next index.
  cls.properties.emplace_back().name = "Added";
  CHECK_FALSE(cls.Indexed());
  CHECK(cls.PropertyName(5) == "Added");
  CHECK(cls.Find("Added") == &cls.properties[5]);
}

TEST_CASE("every built-in class lists exactly its Not_Null and RequiredIf properties") {
  auto catalog = Catalog::Builtin();
  // Two classes as classes.json gives them: Not_Null properties, and RequiredIf ones.
  const auto required = [&](const char* class_name) {
    const ClassDef* cls = catalog->Find(class_name);
    REQUIRE(cls != nullptr);
    std::vector<std::string> names;
    for (std::uint32_t i : cls->Requirements()) names.push_back(cls->properties[i].name);
    return names;
  };
  CHECK(required("SMS_TaskSequence_RunCommandLineAction") ==
        std::vector<std::string>{"Name", "SupportedEnvironment", "CommandLine",
                                 "DisableWow64Redirection", "SuccessCodes"});
  CHECK(required("SMS_TaskSequence_ApplyOperatingSystemAction") ==
        std::vector<std::string>{"Name", "SupportedEnvironment", "ConfigFileName",
                                 "DestinationPartition", "ImageIndex", "ImagePackageID",
                                 "InstallEditionIndex", "InstallPackageID"});
  std::size_t listed = 0;
  for (const ClassDef& cls : catalog->classes()) {
    REQUIRE(cls.Indexed());
    std::vector<std::uint32_t> expected;
    for (std::size_t i = 0; i < cls.properties.size(); ++i) {
      const PropertyDef& p = cls.properties[i];
      CHECK(cls.PropertyName(i) == p.name);
      if (p.not_null || !p.required_if_null.empty() || !p.required_if_not_null.empty())
        expected.push_back(static_cast<std::uint32_t>(i));
    }
    CHECK(cls.Requirements() == expected);
    listed += expected.size();
  }
  CHECK(listed > 0);
}

TEST_CASE("a broken schema file is reported, not thrown") {
  Catalog catalog;
  std::vector<Diagnostic> diags;
  CHECK_FALSE(catalog.Load("{ not json", "bad.json", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].rule == "TS1007");
  CHECK(diags[0].message == "not valid JSON");
  diags.clear();
  CHECK_FALSE(catalog.Load(R"({"actions": [{"properties": []}]})", "bad.json", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message == "every entry of \"actions\" needs a \"class\" name");
}

TEST_CASE("did-you-mean finds the closest class of the same kind") {
  auto catalog = Catalog::Builtin();
  auto s = catalog->Suggest("SMS_TaskSequence_RunComandLineAction", ClassKind::kAction);
  REQUIRE_FALSE(s.empty());
  CHECK(s.front() == "SMS_TaskSequence_RunCommandLineAction");
  CHECK(catalog->Suggest("Completely_Different", ClassKind::kAction).empty());
}

TEST_CASE("every rule has an ID, a name, a summary and an explanation, IDs are unique") {
  std::vector<std::string> ids;
  for (const auto& r : Rules()) {
    INFO(r.id);
    CHECK(r.id.size() == 6);
    CHECK_FALSE(r.name.empty());
    CHECK_FALSE(r.summary.empty());
    CHECK(r.explanation.size() > 60);
    ids.emplace_back(r.id);
  }
  auto sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  CHECK(sorted == ids);  // the table is kept in ID order
}

TEST_CASE("the compiled catalog is data/*.json as Catalog::Load reads it, every field") {
  // The tables of build/generated/catalog_data.cpp against the JSON read now: the same
  // generator text for both means the same classes, properties, lists and defaults.
  Catalog loaded;
  for (const char* file : {"classes.json", "tsimport-classes.json", "observed-extensions.json",
                           "mdt-classes.json"}) {
    std::ifstream in(std::string(TSIMPORT_SOURCE_DIR) + "/data/" + file, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<Diagnostic> diagnostics;
    REQUIRE(loaded.Load(text.str(), file, diagnostics));
  }
  std::string from_json;
  std::string compiled;
  std::string error;
  REQUIRE(tools::EmitCatalogTables(loaded, from_json, error));
  REQUIRE(tools::EmitCatalogTables(*Catalog::Builtin(), compiled, error));
  CHECK(compiled.size() > 100000);
  CHECK(compiled == from_json);
}
