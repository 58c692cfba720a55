#include <catch2/catch.hpp>

#include "test_util.h"

using namespace tsimport;
using tsimport::test::DiagnosticLines;

namespace {

const std::string kDoc =
    "<sequence version=\"3.10\">\n"
    "  <step type=\"SMS_TaskSequence_SetVariableAction\" name=\"Caf\xC3\xA9\" description=\"\" "
    "runIn=\"WinPEandFullOS\" successCodeList=\"0\">\n"
    "    <action>tsenv.exe \"X=1\"</action>\n"
    "    <defaultVarList><variable name=\"VariableName\" property=\"VariableName\" "
    "hidden=\"true\">X</variable>"
    "<variable name=\"VariableValue\" property=\"VariableValue\" "
    "hidden=\"true\">1</variable></defaultVarList>\n"
    "  </step>\n"
    "</sequence>\n";

std::string ToUtf16(const std::string& utf8, bool big_endian) {
  // The test document's only non-ASCII character is U+00E9.
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    unsigned int cp = c;
    if (c == 0xC3) cp = 0xC0 | (static_cast<unsigned char>(utf8[++i]) & 0x3F);
    char hi = static_cast<char>(cp >> 8);
    char lo = static_cast<char>(cp & 0xFF);
    if (big_endian) {
      out += hi;
      out += lo;
    } else {
      out += lo;
      out += hi;
    }
  }
  return out;
}

std::string StepName(const ImportResult& r) {
  REQUIRE(r.task_sequence);
  return r.task_sequence->root.Children()->front().Find("Name")->raw().str();
}

}  // namespace

TEST_CASE("UTF-8 with and without BOM, UTF-16 LE and BE with and without BOM decode alike") {
  struct Case {
    std::string bytes;
    std::string encoding;
  };
  std::vector<Case> cases = {
      {kDoc, "UTF-8"},
      {"\xEF\xBB\xBF" + kDoc, "UTF-8 (BOM)"},
      {"\xFF\xFE" + ToUtf16(kDoc, false), "UTF-16LE (BOM)"},
      {"\xFE\xFF" + ToUtf16(kDoc, true), "UTF-16BE (BOM)"},
      {ToUtf16(kDoc, false), "UTF-16LE"},
      {ToUtf16(kDoc, true), "UTF-16BE"},
  };
  for (const auto& c : cases) {
    INFO(c.encoding);
    ImportResult r = test::ImportString(c.bytes);
    CHECK(r.encoding == c.encoding);
    CHECK(DiagnosticLines(r).empty());
    CHECK(StepName(r) == "Caf\xC3\xA9");
  }
}

TEST_CASE("a declared windows-1252 file is transcoded") {
  std::string doc = "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n" + kDoc;
  std::string::size_type at = doc.find("Caf\xC3\xA9");
  doc.replace(at, 5, "Caf\xE9");
  ImportResult r = test::ImportString(doc);
  CHECK(r.encoding == "windows-1252");
  CHECK(DiagnosticLines(r).empty());
  CHECK(StepName(r) == "Caf\xC3\xA9");
}

TEST_CASE("invalid UTF-8 names the byte offset, line and column") {
  std::string doc = kDoc;
  doc.replace(doc.find("Caf\xC3\xA9"), 5, "Caf\xC3\x28");
  ImportResult r = test::ImportString(doc);
  CHECK(DiagnosticLines(r) ==
        std::vector<std::string>{"test.xml:2:60: error: invalid UTF-8 at byte offset 85 (line 2, "
                                 "column 60); if the file is "
                                 "in the Windows code page, add <?xml version=\"1.0\" "
                                 "encoding=\"windows-1252\"?> or re-save "
                                 "it as UTF-8 [TS1003]"});
  CHECK(r.exit_code == ExitCode::kNotTaskSequence);
  CHECK(FormatHResult(r.hresult) == "0x80041008");
}

TEST_CASE("UTF-16 with an odd number of bytes is an encoding error") {
  ImportResult r = test::ImportString("\xFF\xFE" + ToUtf16(kDoc, false) + "x");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].rule == "TS1003");
  CHECK(r.exit_code == ExitCode::kNotTaskSequence);
}

TEST_CASE("empty input, white space and a lone BOM are TS1002") {
  for (std::string bytes : {std::string(), std::string("  \n\t"), std::string("\xEF\xBB\xBF")}) {
    ImportResult r = test::ImportString(bytes);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].rule == "TS1002");
    CHECK(r.exit_code == ExitCode::kNotTaskSequence);
  }
}

TEST_CASE("a NUL byte is reported with a hint about UTF-16") {
  std::string doc = kDoc;
  doc[10] = '\0';
  ImportResult r = test::ImportString(doc);
  CHECK(DiagnosticLines(r) ==
        std::vector<std::string>{
            "test.xml:1:11: error: NUL byte at byte offset 10 (XML does not allow it; is "
            "this a UTF-16 file without byte order mark, or a binary file?) [TS1003]"});
}

TEST_CASE("UTF-16 without a byte order mark is recognised only by its '<': other bytes are UTF-8") {
  // 00 0A 00 3C: white space before the '<' in UTF-16BE, which neither XML's autodetection
  // (appendix F) nor .NET recognises; read as UTF-8, its first byte is a NUL. (Not UTF-32BE:
  // that starts 00 00 00 3C.)
  const std::string bytes("\0\n\0<\0a\0/\0>", 10);
  ImportResult r = test::ImportString(bytes);
  CHECK(DiagnosticLines(r) ==
        std::vector<std::string>{
            "test.xml:1:1: error: NUL byte at byte offset 0 (XML does not allow it; is this a "
            "UTF-16 file without byte order mark, or a binary file?) [TS1003]"});
}
