// Input shapes and encodings: every variant of samples/shapes/sequence.xml imports to the same
// TaskSequence; object.xml, the 2007 wrapper and console export zips; line numbers of the
// user's file; malformed wrappers.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_util.h"
#include "tsimport/write.h"

using namespace tsimport;
using Json = nlohmann::json;
using Lines = std::vector<std::string>;
using tsimport::test::DiagnosticLines;
using tsimport::test::MakeZip;
using tsimport::test::ReadText;

namespace {

ImportResult ImportBytes(const std::string& bytes, const std::string& name = "test.xml") {
  return Import(bytes, name, ImportOptions{}).front();
}

/// The TaskSequence of a record without source lines (which differ between a bare sequence and
/// the same sequence inside object.xml).
Json TaskSequenceJson(const ImportResult& r) {
  Json j = Json::parse(WriteJsonRecord(r, *Catalog::Builtin(), -1));
  std::function<void(Json&)> strip = [&](Json& o) {
    if (o.is_object()) {
      o.erase("__Line");
      for (auto& [k, v] : o.items()) strip(v);
    } else if (o.is_array()) {
      for (auto& v : o) strip(v);
    }
  };
  Json ts = j["TaskSequence"];
  strip(ts);
  return ts;
}

const std::string kRels =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>";

}  // namespace

TEST_CASE("every shape and encoding of the same task sequence gives the same TaskSequence") {
  const Json expected = TaskSequenceJson(ImportBytes(ReadText("samples/shapes/sequence.xml")));
  struct Case {
    const char* file;
    const char* shape;
    const char* encoding;
  };
  for (const Case& c : std::vector<Case>{
           {"sequence-utf8-bom.xml", "sequence", "UTF-8 (BOM)"},
           {"sequence-utf16le-bom.xml", "sequence", "UTF-16LE (BOM)"},
           {"sequence-utf16be-bom.xml", "sequence", "UTF-16BE (BOM)"},
           {"sequence-utf16le.xml", "sequence", "UTF-16LE"},
           {"sequence-utf16be.xml", "sequence", "UTF-16BE"},
           {"sequence-declared-utf16.xml", "sequence", "UTF-16LE (BOM)"},
           {"sequence-windows-1252.xml", "sequence", "windows-1252"},
           {"sequence-iso-8859-1.xml", "sequence", "iso-8859-1"},
           {"sequence-crlf.xml", "sequence", "UTF-8"},
           {"object-cdata.xml", "object.xml", "UTF-8"},
           {"object-escaped.xml", "object.xml", "UTF-8"},
           {"sms2007.xml", "SmsTaskSequencePackage", "UTF-8"},
       }) {
    INFO(c.file);
    ImportResult r = ImportBytes(ReadText(std::string("samples/shapes/") + c.file));
    CHECK(DiagnosticLines(r).empty());
    CHECK(r.shape == c.shape);
    CHECK(r.encoding == c.encoding);
    CHECK(TaskSequenceJson(r) == expected);
  }
}

TEST_CASE("object.xml: package metadata and References come from the instance, without the Icon") {
  ImportResult r = ImportBytes(ReadText("samples/shapes/object-cdata.xml"));
  Json j = Json::parse(WriteJsonRecord(r, *Catalog::Builtin(), -1));
  CHECK(j["Package"] == Json::parse(R"({"Description": "Sample written by the tsimport team",
      "Name": "Préparer un poste", "PackageID": "CM100099",
      "References": [{"__CLASS": "SMS_TaskSequence_Reference", "Package": "CM100042", "Program": "", "Type": 0},
                     {"__CLASS": "SMS_TaskSequence_Reference", "Package": "CM100051", "Program": "*", "Type": 0}],
      "SourceDate": "20261120093000.000000+000", "TsEnabled": true, "Type": 2, "Version": "3"})"));
  CHECK(j["References"] == Json::parse(R"([{"Package": "CM100042", "Program": "", "Type": 0},
                                           {"Package": "CM100051", "Program": "*", "Type": 0}])"));
}

TEST_CASE("a problem inside object.xml's sequence is reported at the line of object.xml") {
  std::string seq = ReadText("samples/shapes/sequence.xml");
  std::string bad = seq;
  bad.replace(bad.find("SMS_TaskSequence_RunCommandLineAction"), 37,
              "SMS_TaskSequence_RunComandLineAction");
  for (const char* variant : {"object-cdata.xml", "object-escaped.xml"}) {
    INFO(variant);
    std::string object = ReadText(std::string("samples/shapes/") + variant);
    bool escaped = std::string(variant) == "object-escaped.xml";
    std::string needle = "SMS_TaskSequence_RunCommandLineAction";
    object.replace(object.find(needle), needle.size(), "SMS_TaskSequence_RunComandLineAction");
    ImportResult r = ImportBytes(object, variant);
    // In sequence.xml the step's type is on line 42, column 11; the sequence starts on line 45 of
    // object.xml, so it stands on line 86 there: column 11 inside CDATA, column 14 where the
    // step's "<" is written "&lt;".
    CHECK(DiagnosticLines(r) ==
          Lines{std::string(variant) + (escaped ? ":86:14" : ":86:11") +
                ": error: unknown step class 'SMS_TaskSequence_RunComandLineAction'; did you "
                "mean 'SMS_TaskSequence_RunCommandLineAction'? [TS2001]"});
  }
  // And inside the Set Dynamic Variables rules inside object.xml's sequence.
  std::string object = ReadText("samples/shapes/object-escaped.xml");
  std::string needle = "ComputerConditionExpression";
  object.replace(object.find(needle), needle.size(), "ComputerConditionExpresion");
  ImportResult r = ImportBytes(object, "object.xml");
  r.diagnostics.erase(
      std::remove_if(r.diagnostics.begin(), r.diagnostics.end(),
                     [](const Diagnostic& d) { return d.rule >= "TS3"; }),  // lint aside
      r.diagnostics.end());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].rule == "TS2001");
  CHECK(r.diagnostics[0].loc.line == 83);
  std::size_t start = 0;
  for (int l = 1; l < 83; ++l) start = object.find('\n', start) + 1;
  std::string line83 = object.substr(start, object.find('\n', start) - start);
  // The column points at the type attribute of the nested <expression> (written
  // "&amp;lt;expression type=" in the file: escaped twice).
  CHECK(r.diagnostics[0].loc.column == 162);
  CHECK(line83.compare(r.diagnostics[0].loc.column - 1 - 19, 25, "&amp;lt;expression type=\"") ==
        0);
}

TEST_CASE("console export zips: every task sequence, dependencies listed, names from content") {
  std::string object = ReadText("samples/shapes/object-cdata.xml");
  std::string zip =
      MakeZip({{"_rels/.rels", kRels},
               {"SMS_TaskSequencePackage/CM100099/object.xml", object},
               {"SMS_Package/CM100042/object.xml", "<INSTANCE CLASSNAME=\"SMS_Package\"/>"}});
  auto results = Import(zip, "export.XML", ImportOptions{});  // the name says nothing
  REQUIRE(results.size() == 1);
  const ImportResult& r = results[0];
  CHECK(DiagnosticLines(r).empty());
  CHECK(r.shape == "zip");
  CHECK(r.input == "export.XML");
  CHECK(r.member == "SMS_TaskSequencePackage/CM100099/object.xml");
  CHECK(TaskSequenceJson(r) ==
        TaskSequenceJson(ImportBytes(ReadText("samples/shapes/sequence.xml"))));
  Json j = Json::parse(WriteJsonRecord(r, *Catalog::Builtin(), -1));
  CHECK(
      j["Dependencies"] ==
      Json::parse(
          R"([{"Class": "SMS_Package", "Key": "CM100042", "Member": "SMS_Package/CM100042/object.xml"}])"));
  CHECK(j["Package"]["PackageID"] == "CM100099");

  // Two task sequences: two records, in member order; a problem names the member.
  std::string second = object;
  second.replace(second.find("CM100099"), 8, "CM100100");
  second.replace(second.find("SMS_TaskSequence_PartitionDiskAction"), 36,
                 "SMS_TaskSequence_PartitionDiskActio");
  zip = MakeZip({{"SMS_TaskSequencePackage/CM100100/object.xml", second},
                 {"SMS_TaskSequencePackage/CM100099/object.xml", object}});
  results = Import(zip, "two.zip", ImportOptions{});
  REQUIRE(results.size() == 2);
  CHECK(results[0].member == "SMS_TaskSequencePackage/CM100099/object.xml");
  CHECK(results[0].exit_code == ExitCode::kOk);
  CHECK(results[1].member == "SMS_TaskSequencePackage/CM100100/object.xml");
  CHECK(
      DiagnosticLines(results[1]) ==
      Lines{"two.zip!SMS_TaskSequencePackage/CM100100/object.xml:58:11: error: unknown step class "
            "'SMS_TaskSequence_PartitionDiskActio'; did you mean "
            "'SMS_TaskSequence_PartitionDiskAction'? [TS2001]"});
}

TEST_CASE("zips without a task sequence, corrupt zips") {
  std::string zip = MakeZip({{"_rels/.rels", kRels}, {"Manifest.xml", "<LibraryDocument/>"}});
  ImportResult r = ImportBytes(zip, "empty.zip");
  CHECK(DiagnosticLines(r) ==
        Lines{"empty.zip:0:0: error: the zip holds no "
              "SMS_TaskSequencePackage/<PackageID>/object.xml, so no task "
              "sequence (it holds 2 member(s): _rels/.rels, Manifest.xml) [TS1011]"});
  CHECK(r.exit_code == ExitCode::kNotTaskSequence);
  std::string good = MakeZip({{"SMS_TaskSequencePackage/CM100099/object.xml",
                               ReadText("samples/shapes/object-cdata.xml")}});
  r = ImportBytes(good.substr(0, good.size() / 2), "cut.zip");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].rule == "TS1012");
  CHECK(r.exit_code == ExitCode::kNotTaskSequence);
  // A damaged member: flip bytes in the middle of the compressed data.
  std::string damaged = good;
  for (std::size_t i = 100; i < 140; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
  r = ImportBytes(damaged, "damaged.zip");
  REQUIRE_FALSE(r.diagnostics.empty());
  CHECK(r.diagnostics[0].rule == "TS1012");
}

TEST_CASE("malformed wrappers") {
  std::string no_sequence =
      "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n  <PROPERTY NAME=\"Name\" "
      "TYPE=\"string\"><VALUE>x</VALUE></PROPERTY>\n</INSTANCE>";
  CHECK(DiagnosticLines(ImportBytes(no_sequence)) ==
        Lines{"test.xml:1:1: error: object.xml has no PROPERTY NAME=\"Sequence\": this "
              "SMS_TaskSequencePackage "
              "carries no task sequence (export it again with the console or "
              "Export-CMTaskSequence) [TS1010]"});
  std::string empty_value =
      "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n  <PROPERTY NAME=\"Sequence\" "
      "TYPE=\"string\">\n    <VALUE></VALUE>\n  </PROPERTY>\n</INSTANCE>";
  ImportResult r = ImportBytes(empty_value);
  CHECK(DiagnosticLines(r) == Lines{"test.xml:3:5: error: the Sequence property of object.xml is "
                                    "empty (the package carries no task sequence) [TS1010]"});
  CHECK(r.exit_code == ExitCode::kNotTaskSequence);
  std::string no_value =
      "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\"><PROPERTY NAME=\"Sequence\" "
      "TYPE=\"string\"/></INSTANCE>";
  CHECK(DiagnosticLines(ImportBytes(no_value)) ==
        Lines{"test.xml:1:47: error: the Sequence property of object.xml has no VALUE (the package "
              "carries no task sequence) [TS1010]"});
  std::string malformed =
      "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n<PROPERTY NAME=\"Sequence\" "
      "TYPE=\"string\">\n<VALUE>&lt;sequence version=\"3.10\"&gt;\n&lt;group "
      "name=\"A\"&gt;\n&lt;/sequence&gt;</VALUE>\n</PROPERTY>\n</INSTANCE>";
  CHECK(DiagnosticLines(ImportBytes(malformed)) ==
        Lines{"test.xml:5:1: error: the Sequence property of object.xml: not well-formed XML: end "
              "tag </sequence> does "
              "not match <group> opened on line 4 [TS1004]"});
  CHECK(DiagnosticLines(ImportBytes("<INSTANCE CLASSNAME=\"SMS_Package\"/>")) ==
        Lines{"test.xml:1:1: error: this is a WMI instance of SMS_Package, not of "
              "SMS_TaskSequencePackage: it holds no "
              "task sequence (in an export, the task sequence is "
              "SMS_TaskSequencePackage/<PackageID>/object.xml) [TS1005]"});
  CHECK(DiagnosticLines(ImportBytes("<LibraryDocument/>")) ==
        Lines{"test.xml:1:1: error: this is the Manifest.xml of a console export, which lists the "
              "exported objects but "
              "holds no task sequence: pass the export .zip, or its "
              "SMS_TaskSequencePackage/<PackageID>/object.xml [TS1005]"});
  CHECK(DiagnosticLines(
            ImportBytes("<SmsTaskSequencePackage><Name>x</Name></SmsTaskSequencePackage>")) ==
        Lines{"test.xml:1:1: error: <SmsTaskSequencePackage> has no <SequenceData><sequence>: it "
              "carries no task "
              "sequence [TS1010]"});
}

TEST_CASE("standard input takes every shape") {
  auto r = tsimport::test::RunBinary("-f json -", "samples/shapes/object-escaped.xml");
  CHECK(r.exit_code == 0);
  Json j = Json::parse(r.out);
  CHECK(j["Shape"] == "object.xml");
  CHECK(j["Input"] == "<stdin>");
}
