// The suite itself: every test case can be run by its CTest entry (catch_discover_tests makes
// one per name, and passes the name back to the binary as a test spec).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <map>
#include <string>

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// Why CTest cannot run a test case of this name by itself (empty: it can).
std::string Unrunnable(const std::string& name) {
  // CMake splits a name at ';' into two CTest entries, neither of which matches the test case.
  if (name.find(';') != std::string::npos) return "';' splits it into two CTest entries";
  // Catch2 reads these in a test spec: quotes, escapes, exclusion, wildcards, tags.
  if (name.find('"') != std::string::npos) return "'\"' starts a quoted spec";
  if (name.find('\\') != std::string::npos) return "'\\' escapes the next character";
  if (name.front() == '~' || name.front() == '!') return "a leading '~' or '!' excludes";
  if (name.front() == '*' || name.back() == '*') return "a '*' at either end is a wildcard";
  if (name.front() == ' ' || name.back() == ' ') return "spaces at either end are trimmed";
  return {};
}

}  // namespace

TEST_CASE("suite: every test case name survives CTest discovery, once, and only its own") {
  const auto& tests = Catch::getRegistryHub().getTestCaseRegistry().getAllTests();
  REQUIRE(tests.size() > 100);
  // A spec matches names without regard to case: two names equal but for case run twice each.
  std::map<std::string, std::string> seen;
  for (const auto& t : tests) {
    INFO(t.name);
    CHECK(Unrunnable(t.name) == "");
    auto [it, inserted] = seen.emplace(Lower(t.name), t.name);
    INFO("same name but for case as: " << it->second);
    CHECK(inserted);
  }
  // The checks themselves, on names that break discovery.
  CHECK(Unrunnable("Str::Shared keeps it alive; short ones are copied") != "");
  CHECK(Unrunnable("*.xml files") != "");
  CHECK(Unrunnable("~ negated") != "");
  CHECK(Unrunnable("a \"quoted\" word") != "");
  CHECK(Unrunnable("an ordinary name, with [brackets] and commas") == "");
}
