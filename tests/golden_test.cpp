// Golden tests over samples/: every valid sample's JSON record, every invalid sample's exact
// diagnostics and exit code. TSIMPORT_UPDATE_GOLDEN=1 rewrites the expected files; review the
// diff before committing.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using tsimport::test::CompareOrUpdate;
using tsimport::test::ReadText;
using tsimport::test::RunCli;

namespace {

std::vector<std::string> SamplesIn(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path().generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("golden: every valid sample imports cleanly to its expected JSON record") {
  auto samples = SamplesIn("samples/valid", ".xml");
  samples.push_back("samples/win11-deploy.xml");
  REQUIRE(samples.size() >= 48);
  for (const auto& xml : samples) {
    INFO(xml);
    auto r = RunCli({"-f", "json", xml});
    // No import diagnostics; lint findings (an exported, emptied password; a disabled step)
    // are true of realistic samples and are in the record.
    CHECK(r.err.find("[TS1") == std::string::npos);
    CHECK(r.err.find("[TS2") == std::string::npos);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\"ReturnValue\": 0,") != std::string::npos);
    CompareOrUpdate(xml.substr(0, xml.size() - 4) + ".json", r.out);
  }
}

TEST_CASE("golden: every invalid sample gives its exact diagnostics and exit code") {
  auto samples = SamplesIn("samples/invalid", ".xml");
  REQUIRE(samples.size() >= 25);
  // The manifest names the rule and exit code each sample is written for, and the exit code
  // with --strict.
  struct Expected {
    std::string rules;
    int exit_code = 0;
    int strict_exit_code = 0;
  };
  std::map<std::string, Expected> manifest;
  for (const auto& cols : tsimport::test::ReadTsv("samples/invalid/MANIFEST.tsv")) {
    if (cols.size() >= 5) manifest[cols[0]] = {cols[1], std::stoi(cols[3]), std::stoi(cols[4])};
  }
  for (const auto& xml : samples) {
    INFO(xml);
    auto r = RunCli({"--diagnostics", "human", xml});
    std::string name = fs::path(xml).filename().string();
    REQUIRE(manifest.count(name) == 1);
    const auto& [rules, exit_code, strict_exit_code] = manifest[name];
    CHECK(r.exit_code == exit_code);
    std::stringstream rule_list(rules);
    std::string rule;
    while (std::getline(rule_list, rule, ',')) {
      CHECK(r.err.find("[" + rule + "]") != std::string::npos);
    }
    std::string actual = r.err + "exit: " + std::to_string(r.exit_code) + "\n";
    CompareOrUpdate(xml.substr(0, xml.size() - 4) + ".diag", actual);
    // --strict: checks that rest on prose or on tsimport's reading are errors. Where that
    // changes anything, X.strict.diag holds the whole output.
    auto strict = RunCli({"--strict", "--diagnostics", "human", xml});
    CHECK(strict.exit_code == strict_exit_code);
    std::string strict_actual = strict.err + "exit: " + std::to_string(strict.exit_code) + "\n";
    const std::string strict_path = xml.substr(0, xml.size() - 4) + ".strict.diag";
    if (strict_actual != actual) {
      CompareOrUpdate(strict_path, strict_actual);
    } else {
      CHECK_FALSE(fs::exists(strict_path));
    }
  }
}

TEST_CASE("golden: every rule has its page in docs/rules, written from the rule table") {
  for (const auto& rule : tsimport::Rules()) {
    std::string id(rule.id);
    INFO(id);
    std::string page = "# " + id + " " + std::string(rule.name) + "\n\n```\ntsimport --explain " +
                       id + "\n```\n\n" +
                       tsimport::WriteRuleExplanation(rule, "docs/rules/" + id + ".md");
    CompareOrUpdate("docs/rules/" + id + ".md", page);
  }
}
