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
using tsimport::test::ReadText;
using tsimport::test::RunCli;

namespace {

std::vector<std::string> SamplesIn(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Updating() { return std::getenv("TSIMPORT_UPDATE_GOLDEN") != nullptr; }

void CompareOrUpdate(const std::string& expected_path, const std::string& actual) {
  if (Updating()) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  INFO("golden file " << expected_path << " (TSIMPORT_UPDATE_GOLDEN=1 regenerates it)");
  REQUIRE(fs::exists(expected_path));
  CHECK(ReadText(expected_path) == actual);
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
  // The manifest names the rule and exit code each sample is written for.
  std::map<std::string, std::pair<std::string, int>> manifest;
  std::ifstream tsv("samples/invalid/MANIFEST.tsv");
  std::string line;
  std::getline(tsv, line);  // header
  while (std::getline(tsv, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() >= 4) manifest[cols[0]] = {cols[1], std::stoi(cols[3])};
  }
  for (const auto& xml : samples) {
    INFO(xml);
    auto r = RunCli({"--diagnostics", "human", xml});
    std::string name = fs::path(xml).filename().string();
    REQUIRE(manifest.count(name) == 1);
    const auto& [rules, exit_code] = manifest[name];
    CHECK(r.exit_code == exit_code);
    std::stringstream rule_list(rules);
    std::string rule;
    while (std::getline(rule_list, rule, ',')) {
      CHECK(r.err.find("[" + rule + "]") != std::string::npos);
    }
    std::string actual = r.err + "exit: " + std::to_string(r.exit_code) + "\n";
    CompareOrUpdate(xml.substr(0, xml.size() - 4) + ".diag", actual);
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
