// Round trip of -f xml: for every sample and, when ../shared/corpus is there, every real export
// whose root is <sequence>:
//   1. the written XML parses to a tree equal to the input's (compared here with tinyxml2,
//      independently of the writer): same elements in the same order, same attributes with the
//      same values in the same order, same texts (whitespace-only text between elements aside);
//   2. writing the re-imported output gives the same bytes (a fixed point);
//   3. the re-imported output gives the same JSON record (Input, Encoding, line numbers and
//      Bytes aside).
// object.xml and zip inputs of the corpus are checked for 2 and 3 (their sequence is embedded,
// so there is no <sequence> tree in the file to compare with).
#include <tinyxml2.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>

#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using tsimport::Import;
using tsimport::ImportOptions;
using tsimport::ImportResult;
using tsimport::Severity;
using tsimport::test::ReadText;

namespace {

using Json = nlohmann::json;

const char* kCorpus = "../shared/corpus";
const char* kCorpusZips = "../shared/corpus-zips";

std::vector<std::string> FilesIn(const std::string& dir,
                                 const std::vector<std::string>& extensions) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (e.is_regular_file() &&
        std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) {
      out.push_back(e.path().generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

/// Compares two elements and their subtrees; returns the first difference, or "".
/// Comments and declarations are not part of the tree. An element without element children
/// compares its whole text exactly; in an element with element children, whitespace-only
/// text is layout and other text is compared trimmed.
std::string CompareTrees(const tinyxml2::XMLElement* a, const tinyxml2::XMLElement* b,
                         const std::string& path) {
  std::string here = path + "/" + a->Name();
  if (std::string(a->Name()) != b->Name()) return here + ": element <" + b->Name() + "> instead";
  const tinyxml2::XMLAttribute* x = a->FirstAttribute();
  const tinyxml2::XMLAttribute* y = b->FirstAttribute();
  for (; x != nullptr && y != nullptr; x = x->Next(), y = y->Next()) {
    if (std::string(x->Name()) != y->Name())
      return here + ": attribute " + y->Name() + " instead of " + x->Name();
    if (std::string(x->Value()) != y->Value()) {
      return here + "/@" + x->Name() + ": \"" + y->Value() + "\" instead of \"" + x->Value() + "\"";
    }
  }
  if (x != nullptr || y != nullptr) return here + ": not the same number of attributes";

  struct Child {
    const tinyxml2::XMLElement* element = nullptr;
    std::string text;
  };
  auto children = [](const tinyxml2::XMLElement* e) {
    std::vector<Child> out;
    bool has_elements = e->FirstChildElement() != nullptr;
    std::string text;
    for (const tinyxml2::XMLNode* n = e->FirstChild(); n != nullptr; n = n->NextSibling()) {
      if (const tinyxml2::XMLElement* c = n->ToElement()) {
        if (!Trim(text).empty()) out.push_back({nullptr, Trim(text)});
        text.clear();
        out.push_back({c, {}});
      } else if (const tinyxml2::XMLText* t = n->ToText()) {
        text += t->Value();
      }
    }
    if (has_elements) {
      if (!Trim(text).empty()) out.push_back({nullptr, Trim(text)});
    } else if (!text.empty()) {
      out.push_back({nullptr, text});
    }
    return out;
  };
  std::vector<Child> ca = children(a);
  std::vector<Child> cb = children(b);
  for (std::size_t i = 0; i < std::min(ca.size(), cb.size()); ++i) {
    if ((ca[i].element == nullptr) != (cb[i].element == nullptr))
      return here + ": child " + std::to_string(i) + " differs in kind";
    if (ca[i].element == nullptr) {
      if (ca[i].text != cb[i].text)
        return here + ": text \"" + cb[i].text + "\" instead of \"" + ca[i].text + "\"";
      continue;
    }
    std::string d =
        CompareTrees(ca[i].element, cb[i].element, here + "[" + std::to_string(i) + "]");
    if (!d.empty()) return d;
  }
  if (ca.size() != cb.size()) {
    return here + ": " + std::to_string(cb.size()) + " children instead of " +
           std::to_string(ca.size());
  }
  return {};
}

/// Parses both documents as tsimport does (entities processed, whitespace kept) and compares
/// their root elements.
std::string CompareDocuments(const std::string& input, const std::string& output) {
  tinyxml2::XMLDocument a(true, tinyxml2::PRESERVE_WHITESPACE);
  tinyxml2::XMLDocument b(true, tinyxml2::PRESERVE_WHITESPACE);
  if (a.Parse(input.data(), input.size()) != tinyxml2::XML_SUCCESS)
    return "the input does not parse";
  if (b.Parse(output.data(), output.size()) != tinyxml2::XML_SUCCESS) {
    return std::string("the output does not parse: ") + b.ErrorStr();
  }
  return CompareTrees(a.RootElement(), b.RootElement(), "");
}

/// The record without what may differ between an input and its rewrite.
Json Comparable(const ImportResult& r, bool task_sequence_only) {
  Json j = Json::parse(tsimport::WriteJsonRecord(r, *tsimport::Catalog::Builtin(), -1));
  // Line numbers, wherever the record has them (steps, diagnostics, dependencies...).
  std::function<void(Json&)> strip = [&](Json& x) {
    if (x.is_object()) {
      for (const char* key : {"__Line", "Line", "Column"}) x.erase(key);
      for (auto& [k, v] : x.items()) strip(v);
    } else if (x.is_array()) {
      for (auto& v : x) strip(v);
    }
  };
  strip(j);
  if (task_sequence_only)
    return Json{{"TaskSequence", j["TaskSequence"]}, {"GlobalVariables", j["GlobalVariables"]}};
  j.erase("Input");
  j.erase("Encoding");
  j["Stats"].erase("Bytes");
  static const std::regex kLineNumber("\\b(line|lines) [0-9]+");
  for (auto& d : j["Diagnostics"]) {
    d.erase("File");
    // Messages may point at another line ("the same name as the group on line 165").
    d["Message"] = std::regex_replace(d["Message"].get<std::string>(), kLineNumber, "$1 #");
  }
  return j;
}

struct Outcome {
  std::size_t sequences = 0;  ///< task sequences checked
  std::size_t trees = 0;      ///< of them, compared as trees with their input
};

/// Checks one input. `full`: tree and record equality too, whatever the findings (lint errors
/// such as a password in clear text do not change the model); otherwise (samples/invalid, whose
/// unknown markup makes no model) the fixed point only.
void CheckRoundTrip(const std::string& path, bool full, Outcome& outcome) {
  INFO(path);
  std::string bytes = ReadText(path);
  ImportOptions options;
  for (const ImportResult& r : Import(bytes, path, options)) {
    if (!r.task_sequence) continue;
    INFO("member " << r.member);
    const std::string xml = tsimport::WriteXml(*r.task_sequence);
    if (full && r.shape == "sequence") {
      INFO("tree difference (input vs output)");
      CHECK(CompareDocuments(r.text.str(), xml) == "");
      ++outcome.trees;
    }
    std::vector<ImportResult> again = Import(xml, path, options);
    REQUIRE(again.size() == 1);
    REQUIRE(again.front().task_sequence);
    CHECK(again.front().shape == "sequence");
    CHECK(tsimport::WriteXml(*again.front().task_sequence) == xml);
    if (full) {
      bool embedded = r.shape != "sequence";
      CHECK(Comparable(again.front(), embedded) == Comparable(r, embedded));
    }
    ++outcome.sequences;
  }
}

}  // namespace

TEST_CASE(
    "roundtrip: every sample is written back as an equal tree, a fixed point, an equal record") {
  Outcome outcome;
  std::vector<std::string> samples = FilesIn("samples/valid", {".xml"});
  samples.push_back("samples/win11-deploy.xml");
  for (const auto& f : FilesIn("samples/shapes", {".xml"})) samples.push_back(f);
  // Empty elements (unset properties) and MDT markup the format has no place for.
  for (const auto& f : FilesIn("samples/fidelity", {".xml"})) samples.push_back(f);
  for (const auto& f : samples) CheckRoundTrip(f, true, outcome);
  CHECK(outcome.sequences >= samples.size());
  CHECK(outcome.trees >= 54);
}

TEST_CASE("roundtrip: invalid samples that still build a model are written back as a fixed point") {
  Outcome outcome;
  for (const auto& f : FilesIn("samples/invalid", {".xml"})) CheckRoundTrip(f, false, outcome);
  CHECK(outcome.sequences >= 20);
}

TEST_CASE(
    "roundtrip: every corpus sequence is written back as an equal tree, a fixed point, an equal "
    "record") {
  if (!tsimport::test::SharedOrSkip(kCorpus, "the corpus round trip", true)) return;
  Outcome outcome;
  for (const auto& f : FilesIn(kCorpus, {".xml"})) CheckRoundTrip(f, true, outcome);
  WARN("corpus round trip: " << outcome.sequences << " task sequences, " << outcome.trees
                             << " compared as trees with their input");
  CHECK(outcome.trees >= 150);
  CHECK(outcome.sequences >= 180);
}

TEST_CASE(
    "roundtrip: every task sequence of the corpus export zips is written back as a fixed point "
    "with an equal record") {
  if (!tsimport::test::SharedOrSkip(kCorpusZips, "the export zips' round trip", true)) return;
  Outcome outcome;
  for (const auto& f : FilesIn(kCorpusZips, {".zip"})) CheckRoundTrip(f, true, outcome);
  WARN("export zips: " << outcome.sequences << " task sequences written back");
}

TEST_CASE(
    "roundtrip: an unknown child between an expression's fields is written back in its place") {
  const std::string xml =
      "<sequence version=\"3.10\">\n"
      "  <step type=\"SMS_TaskSequence_RebootAction\" name=\"R\" description=\"\">\n"
      "    <condition>\n"
      "      <expression type=\"SMS_TaskSequence_VariableConditionExpression\">\n"
      "        <variable name=\"Operator\">equals</variable>\n"
      "        <note>between</note>\n"
      "        <variable name=\"Value\">1</variable>\n"
      "        <variable name=\"Variable\">X</variable>\n"
      "        <last/>\n"
      "      </expression>\n"
      "    </condition>\n"
      "  </step>\n"
      "</sequence>\n";
  ImportResult r = tsimport::test::ImportString(xml);
  REQUIRE(r.task_sequence);
  const std::string out = tsimport::WriteXml(*r.task_sequence);
  const std::size_t op = out.find("<variable name=\"Operator\">");
  const std::size_t note = out.find("<note>between</note>");
  const std::size_t value = out.find("<variable name=\"Value\">");
  const std::size_t last = out.find("<last");
  const std::size_t var = out.find("<variable name=\"Variable\">");
  REQUIRE(op != std::string::npos);
  REQUIRE(note != std::string::npos);
  REQUIRE(value != std::string::npos);
  REQUIRE(last != std::string::npos);
  CHECK(op < note);
  CHECK(note < value);
  CHECK(value < var);
  CHECK(var < last);
}
