// The real exports of ../shared/corpus and ../shared/corpus-zips (other people's files, read in
// place, never copied into the project):
// - every one imports as the site would import it (ReturnValue 0, no import error), with as
//   many groups and steps as its XML holds (counted here with tinyxml2, independently of the
//   builder), and every export zip's task sequence equals that of its object.xml twin;
// - goldens (tests/corpus/*.tsv): each task sequence's ReturnValue, exit status and counts, its
//   diagnostics (rule, severity, line, how many), and a digest of each output format (json, xml,
//   text, mof, markdown, html), compared exactly. Digests and counts only: no corpus content is
//   committed. scripts/update-corpus-goldens.py regenerates them and summarises what changed
//   (TSIMPORT_UPDATE_GOLDEN=1 rewrites them without the summary);
// - no file of the project is a copy of a shared file.
// Without ../shared they are skipped, saying so; under CI (CI=true) they fail instead.
#include <sys/wait.h>
#include <tinyxml2.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "check/lint.h"
#include "output.h"
#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using tsimport::Catalog;
using tsimport::Import;
using tsimport::ImportOptions;
using tsimport::ImportResult;
using tsimport::Severity;
using tsimport::test::FilesIn;
using tsimport::test::ReadText;
using tsimport::test::SharedOrSkip;

namespace {

const std::string kShared = "../shared";
const std::string kCorpus = kShared + "/corpus";
const std::string kZips = kShared + "/corpus-zips";
const std::string kGoldens = "tests/corpus";
const char* const kFormats[] = {"json", "xml", "text", "mof", "markdown", "html"};

/// Every input of the corpus: its *.xml files (any case), then the zips.
std::vector<std::string> CorpusInputs() {
  std::vector<std::string> inputs = FilesIn(kCorpus, {".xml"});
  for (const auto& z : FilesIn(kZips, {".zip"})) inputs.push_back(z);
  return inputs;
}

std::vector<ImportResult> ImportFile(const std::string& path) {
  return Import(ReadText(path), path, ImportOptions());
}

/// "corpus/NAME.xml", "corpus-zips/NAME.zip!SMS_TaskSequencePackage/ID/object.xml".
std::string Key(const ImportResult& r) {
  std::string key = r.input.substr(kShared.size() + 1);
  if (!r.member.empty()) key += "!" + r.member;
  return key;
}

/// FNV-1a, 64 bits: a digest that tells whether an output changed (not a cryptographic hash;
/// nothing here needs one), the same on every platform.
std::string Digest(const std::string& bytes) {
  if (bytes.empty()) return "-";
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

struct Tables {
  std::string results;      ///< a row per task sequence
  std::string diagnostics;  ///< a row per rule, severity and line of each task sequence
  std::string digests;      ///< a row per task sequence: a digest per output format
};

Tables MakeTables(const std::vector<std::string>& inputs) {
  const auto catalog = Catalog::Builtin();
  Tables t;
  t.results = "# input\tReturnValue\texit\tgroups\tsteps\terrors\twarnings\tinfos\n";
  t.diagnostics = "# input\trule\tseverity\tline\tcount\n";
  t.digests = "# input";
  for (const char* f : kFormats) t.digests += std::string("\t") + f;
  t.digests += "\n";
  for (const auto& path : inputs) {
    for (const auto& r : ImportFile(path)) {
      const std::string key = Key(r);
      const auto* ts = r.task_sequence ? &*r.task_sequence : nullptr;
      t.results += key + "\t" + tsimport::FormatHResult(r.hresult) + "\t" +
                   std::to_string(static_cast<int>(r.exit_code)) + "\t" +
                   std::to_string(ts ? ts->groups : 0) + "\t" + std::to_string(ts ? ts->steps : 0) +
                   "\t" + std::to_string(r.Count(Severity::kError)) + "\t" +
                   std::to_string(r.Count(Severity::kWarning)) + "\t" +
                   std::to_string(r.Count(Severity::kInfo)) + "\n";
      // (line, rule, severity) -> count, in line order.
      std::map<std::tuple<std::uint32_t, std::string, std::string>, int> counts;
      for (const auto& d : r.diagnostics)
        ++counts[{d.loc.line, d.rule, tsimport::SeverityName(d.severity)}];
      for (const auto& [k, n] : counts) {
        const auto& [line, rule, severity] = k;
        t.diagnostics += key + "\t" + rule + "\t" + severity + "\t" + std::to_string(line) + "\t" +
                         std::to_string(n) + "\n";
      }
      t.digests += key;
      for (const char* f : kFormats)
        t.digests += "\t" + Digest(tsimport::cli::Render(r, *catalog, f, true, false));
      t.digests += "\n";
    }
  }
  return t;
}

/// Compares a golden table with the actual one; on a difference, names the rows that differ
/// (the expected ones missing, the actual ones not expected), at most 40 of each.
void CompareTable(const std::string& name, const std::string& actual) {
  const std::string path = kGoldens + "/" + name;
  if (std::getenv("TSIMPORT_UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(kGoldens);
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  INFO("golden " << path
                 << " (scripts/update-corpus-goldens.py regenerates the corpus goldens and "
                    "summarises what changed)");
  REQUIRE(fs::exists(path));
  const std::string expected = ReadText(path);
  if (expected == actual) {
    SUCCEED(path << " holds");
    return;
  }
  auto e = tsimport::test::SplitLines(expected);
  auto a = tsimport::test::SplitLines(actual);
  std::multiset<std::string> es(e.begin(), e.end()), as(a.begin(), a.end());
  std::string missing, unexpected;
  int shown_missing = 0, shown_unexpected = 0, n_missing = 0, n_unexpected = 0;
  for (const auto& l : e) {
    if (as.count(l) != 0) continue;
    ++n_missing;
    if (shown_missing++ < 40) missing += "  - " + l + "\n";
  }
  for (const auto& l : a) {
    if (es.count(l) != 0) continue;
    ++n_unexpected;
    if (shown_unexpected++ < 40) unexpected += "  + " + l + "\n";
  }
  FAIL_CHECK(path << " differs: " << n_missing << " expected row(s) not found, " << n_unexpected
                  << " row(s) not expected\n"
                  << missing << unexpected);
}

/// Elements named `names` in `element` and below.
std::size_t CountElements(const tinyxml2::XMLElement* element, const std::set<std::string>& names) {
  std::size_t n = 0;
  for (auto* c = element->FirstChildElement(); c != nullptr; c = c->NextSiblingElement()) {
    n += names.count(c->Name()) + CountElements(c, names);
  }
  return n;
}

/// The <sequence> document a corpus file carries: the file itself, or the text of the Sequence
/// property of an object.xml (read with tinyxml2, independently of tsimport's readers).
std::string SequenceText(const std::string& path) {
  tinyxml2::XMLDocument doc;
  if (doc.LoadFile(path.c_str()) != tinyxml2::XML_SUCCESS) return {};
  const auto* root = doc.RootElement();
  if (std::string(root->Name()) == "sequence") return ReadText(path);
  if (std::string(root->Name()) != "INSTANCE") return {};
  for (auto* p = root->FirstChildElement("PROPERTY"); p; p = p->NextSiblingElement("PROPERTY")) {
    const char* name = p->Attribute("NAME");
    if (name == nullptr || std::string(name) != "Sequence") continue;
    const auto* value = p->FirstChildElement("VALUE");
    return value != nullptr && value->GetText() != nullptr ? value->GetText() : "";
  }
  return {};
}

}  // namespace

TEST_CASE(
    "corpus: every real export imports (ReturnValue 0, no import error) with as many groups and "
    "steps as its XML holds") {
  if (!SharedOrSkip(kCorpus, "the corpus import check", true)) return;
  std::size_t checked = 0;
  for (const auto& path : FilesIn(kCorpus, {".xml"})) {
    INFO(path);
    auto results = ImportFile(path);
    REQUIRE(results.size() == 1);
    const ImportResult& r = results.front();
    CHECK(r.ReturnValue() == 0);
    // Lint measures the stored size only where the text could reach the warning (TS3006).
    if (r.task_sequence) {
      CHECK(tsimport::detail::EstimateStoredSize(*r.task_sequence) <=
            tsimport::detail::kStoredBytesPerTextByte * r.task_sequence->text_bytes);
    }
    for (const auto& d : r.diagnostics) {
      // Import errors (TS1xxx, TS2xxx); lint errors (cleartext secrets) are in the goldens.
      if (d.severity == Severity::kError && d.rule < "TS3")
        FAIL_CHECK(tsimport::FormatDiagnosticGcc(d));
    }
    REQUIRE(r.task_sequence);
    tinyxml2::XMLDocument sequence;
    const std::string text = SequenceText(path);
    REQUIRE(sequence.Parse(text.data(), text.size()) == tinyxml2::XML_SUCCESS);
    REQUIRE(std::string(sequence.RootElement()->Name()) == "sequence");
    CHECK(r.task_sequence->groups == CountElements(sequence.RootElement(), {"group"}));
    CHECK(r.task_sequence->steps ==
          CountElements(sequence.RootElement(), {"step", "subtasksequence"}));
    ++checked;
  }
  CHECK(checked >= 180);
  WARN("corpus: " << checked << " exports imported and counted");
}

TEST_CASE(
    "corpus: every task sequence of an export zip imports, and equals that of its object.xml "
    "twin") {
  if (!SharedOrSkip(kZips, "the corpus zip check", true)) return;
  const auto catalog = Catalog::Builtin();
  // MANIFEST.tsv: file, repo, path, commit, object_xml_twin, bytes.
  REQUIRE(std::filesystem::exists(kZips + "/MANIFEST.tsv"));
  std::size_t zips = 0;
  auto task_sequence = [&](const ImportResult& r) {
    return nlohmann::json::parse(tsimport::WriteJsonRecord(r, *catalog, -1))["TaskSequence"];
  };
  for (const auto& cols : tsimport::test::ReadTsv(kZips + "/MANIFEST.tsv")) {
    REQUIRE(cols.size() >= 5);
    INFO(cols[0] << " (twin " << cols[4] << ")");
    auto results = ImportFile(kZips + "/" + cols[0]);
    REQUIRE(!results.empty());
    for (const auto& r : results) {
      INFO(r.member);
      CHECK(r.ReturnValue() == 0);
      for (const auto& d : r.diagnostics) {
        if (d.severity == Severity::kError && d.rule < "TS3")
          FAIL_CHECK(tsimport::FormatDiagnosticGcc(d));
      }
    }
    // The twin is named ..._SMS_TaskSequencePackage_<PackageID>_object.xml.
    const std::string& twin = cols[4];
    const std::string suffix = "_object.xml";
    const std::size_t id_at = twin.rfind('_', twin.size() - suffix.size() - 1) + 1;
    const std::string member = "SMS_TaskSequencePackage/" +
                               twin.substr(id_at, twin.size() - suffix.size() - id_at) +
                               "/object.xml";
    auto it = std::find_if(results.begin(), results.end(),
                           [&](const ImportResult& r) { return r.member == member; });
    INFO("member " << member);
    REQUIRE(it != results.end());
    auto twin_results = ImportFile(kCorpus + "/" + twin);
    REQUIRE(twin_results.size() == 1);
    CHECK(task_sequence(*it) == task_sequence(twin_results.front()));
    ++zips;
  }
  CHECK(zips >= 20);
  WARN("corpus-zips: " << zips << " zips imported and compared with their object.xml twins");
}

TEST_CASE(
    "corpus goldens: each real export's ReturnValue, diagnostics (rule, severity, line, count) "
    "and output digests (json, xml, text, mof, markdown, html) are those of tests/corpus") {
  if (!SharedOrSkip(kCorpus, "the corpus goldens", true)) return;
  if (!SharedOrSkip(kZips, "the corpus goldens", true)) return;
  const auto inputs = CorpusInputs();
  REQUIRE(inputs.size() >= 200);
  const Tables t = MakeTables(inputs);
  CompareTable("results.tsv", t.results);
  CompareTable("diagnostics.tsv", t.diagnostics);
  CompareTable("digests.tsv", t.digests);
}

TEST_CASE("corpus: the goldens' digests change when an output changes, and only then") {
  // The digest itself: equal bytes, equal digests; one byte more or different, another.
  CHECK(Digest("") == "-");
  CHECK(Digest("a") == "af63dc4c8601ec8c");  // FNV-1a 64 of "a", as published
  CHECK(Digest("<sequence/>") == Digest(std::string("<sequence/>")));
  CHECK(Digest("<sequence/>") != Digest("<sequence/> "));
  CHECK(Digest("<sequence/>") != Digest("<sequencf/>"));
  // A table of the samples (no corpus needed) holds a row per task sequence and format.
  const Tables t = MakeTables({});
  CHECK(t.results == "# input\tReturnValue\texit\tgroups\tsteps\terrors\twarnings\tinfos\n");
  CHECK(t.digests == "# input\tjson\txml\ttext\tmof\tmarkdown\thtml\n");
}

TEST_CASE("corpus: no file of the project is a byte-for-byte copy of a file of ../shared") {
  if (!SharedOrSkip(kCorpus, "the check for copies of shared files", true)) return;
  // The hashes of the shared files (FNV-1a, then the bytes compared when two hashes agree).
  std::map<std::string, std::vector<std::string>> shared;
  for (const auto& dir : {kCorpus, kZips}) {
    for (const auto& f : FilesIn(dir, {".xml", ".zip"})) shared[Digest(ReadText(f))].push_back(f);
  }
  FILE* p = ::popen("git ls-files -z 2>/dev/null", "r");
  REQUIRE(p != nullptr);
  std::string listing;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) listing.append(buf, n);
  const int status = ::pclose(p);
  if (listing.empty() || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    if (tsimport::test::InCi()) FAIL("git ls-files failed: CI checks a git checkout");
    WARN("not a git checkout (or no git): the check for copies of shared files skipped");
    return;
  }
  std::size_t tracked = 0;
  std::istringstream files(listing);
  std::string file;
  while (std::getline(files, file, '\0')) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) continue;
    ++tracked;
    const std::string bytes = ReadText(file);
    auto it = shared.find(Digest(bytes));
    if (it == shared.end()) continue;
    for (const auto& s : it->second) {
      if (ReadText(s) == bytes)
        FAIL_CHECK(file << " is a copy of " << s << ": remove it from the project");
    }
  }
  CHECK(tracked > 100);
}
