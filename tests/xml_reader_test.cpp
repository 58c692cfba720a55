// The XML reader as a conforming XML 1.0 (fifth edition) processor (issue 16, docs/design.md
// "The XML reader"): what it refuses, with the whole diagnostic line, what it accepts, and the
// values it gives. One case for each class of difference measured against libxml2 before;
// tests/xml (the W3C suite, mutations of real exports) and fuzz_xml compare it with libxml2 on
// many more.
#include <algorithm>
#include <catch2/catch.hpp>

#include "test_util.h"

using namespace tsimport;
using tsimport::test::DiagnosticLines;
using tsimport::test::FirstStep;
using tsimport::test::ImportString;

namespace {

const std::string kStart = "<sequence version=\"3.10\">\n";
const std::string kEnd = "</sequence>\n";

/// A sequence of one Run Command Line step whose description attribute is `description` (as
/// written) and whose command line variable holds `command` (as written).
std::string Step(const std::string& description, const std::string& command,
                 const std::string& variable_attributes = "") {
  return kStart +
         "<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run\" description=\"" +
         description +
         "\" runIn=\"WinPEandFullOS\" successCodeList=\"0 3010\">\n"
         "<action>smsswd.exe /run: cmd</action>\n"
         "<defaultVarList><variable name=\"CommandLine\" property=\"CommandLine\"" +
         variable_attributes + ">" + command + "</variable></defaultVarList>\n</step>\n" + kEnd;
}

/// `text` (ASCII) as UTF-16LE with a byte order mark.
std::string Utf16(const std::string& text) {
  std::string out = "\xFF\xFE";
  for (char c : text) {
    out += c;
    out += '\0';
  }
  return out;
}

std::string Description(const ImportResult& r) {
  const Property* p = FirstStep(r).Find("Description");
  REQUIRE(p != nullptr);
  return p->value.text.str();
}

/// The CommandLine property's text, or "(unset)" when the step has none.
std::string Command(const ImportResult& r) {
  const Property* p = FirstStep(r).Find("CommandLine");
  if (p == nullptr) return "(unset)";
  return p->value.text.str();
}

/// The import's only diagnostic line (gcc format), with the input as a file of that name.
std::string Refusal(const std::string& bytes) {
  ImportResult r = ImportString(bytes);
  CHECK(r.exit_code == ExitCode::kNotTaskSequence);
  CHECK_FALSE(r.task_sequence);
  const std::vector<std::string> lines = DiagnosticLines(r);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

/// Read as well-formed: no diagnostic of TS1002-TS1004 (other findings may come, an unknown
/// element for one).
bool WellFormed(const ImportResult& r) {
  for (const auto& d : r.diagnostics) {
    if (d.rule == "TS1002" || d.rule == "TS1003" || d.rule == "TS1004") return false;
  }
  return r.task_sequence.has_value();
}

const std::string kNameNote =
    " is not allowed in a name here (XML names are letters, digits and '.', '-', '_', ':', and "
    "may not start with a digit, '.' or '-') [TS1004]";
const std::string kDeclNote =
    " (it reads <?xml version=\"1.0\" encoding=\"utf-8\"?>, version first) [TS1004]";
const std::string kCharNote =
    " is not allowed anywhere in XML, not even written as a character reference: remove it (was "
    "it pasted from another program?) [TS1004]";

}  // namespace

// --- refused: what XML 1.0 does not allow ----------------------------------------------------

TEST_CASE("xml: names hold only the characters XML's Name production allows") {
  CHECK(Refusal(kStart + "<group name=\"g\"><st\xC3\x97p/></group>\n" + kEnd) ==
        "test.xml:2:20: error: not well-formed XML: the character U+00D7" + kNameNote);
  CHECK(Refusal(kStart + "<group name=\"g\" \xE2\x80\x8Bx=\"1\"/>\n" + kEnd) ==
        "test.xml:2:17: error: not well-formed XML: the character U+200B" + kNameNote);
  CHECK(Refusal(kStart + "<group name=\"g\" 1x=\"1\"/>\n" + kEnd) ==
        "test.xml:2:17: error: not well-formed XML: the character '1'" + kNameNote);
  CHECK(Refusal(kStart + "<\xCC\x80/>\n" + kEnd) ==
        "test.xml:2:1: error: not well-formed XML: '<' does not start a tag (write a literal '<' "
        "as &lt;) [TS1004]");
  // Letters of any script, and the marks a name may hold after its first character.
  ImportResult ok = ImportString(kStart + "<\xC3\xA9t\xC3\xA9\xC2\xB7\xCC\x80 "
                                          "\xE6\x97\xA5\xE6\x9C\xAC=\"1\"/>\n" +
                                 kEnd);
  CHECK(WellFormed(ok));
}

TEST_CASE("xml: a name is read to its end wherever the end falls, 16 bytes at a time or not") {
  // Every ASCII name character; names from 1 to 40 bytes, so that their end falls at every
  // place of a 16-byte block the reader takes at once.
  const std::string chars = "abzAZ09_-.:yY8xQ";
  for (std::size_t len = 1; len <= 40; ++len) {
    std::string name = "x";
    while (name.size() < len) name += chars[name.size() % chars.size()];
    INFO("a name of " << len << " bytes: " << name);
    // A character no name holds ends it: the name as far as that. (The ASCII characters
    // around the ranges of name characters, and one past ASCII.)
    for (const std::string stop : {"!", "/", ";", "@", "[", "`", "{", "\x7F", "\xC3\x97"}) {
      INFO("ended by " << stop);
      CHECK(Refusal(kStart + "<group name=\"g\" " + name + stop + "=\"1\"/>\n" + kEnd) ==
            "test.xml:2:17: error: not well-formed XML: attribute '" + name +
                "' has no value [TS1004]");
    }
    // A letter past ASCII goes on with it.
    ImportResult r =
        ImportString(kStart + "<group name=\"g\" " + name + "\xC3\xA9=\"1\"/>\n" + kEnd);
    CHECK(WellFormed(r));
    const std::vector<std::string> lines = DiagnosticLines(r);
    CHECK(std::find(lines.begin(), lines.end(),
                    "test.xml:2:17: warning: unknown attribute '" + name +
                        "\xC3\xA9' on <group> (kept, but it sets no property) [TS2003]") !=
          lines.end());
  }
  // A letter past ASCII inside a name, with more than 16 ASCII name bytes after it.
  const std::string long_name = "ab\xC3\xA9" + std::string(20, 'x') + "y.z";
  const std::vector<std::string> lines = DiagnosticLines(
      ImportString(kStart + "<group name=\"g\" " + long_name + "=\"1\"/>\n" + kEnd));
  CHECK(std::find(lines.begin(), lines.end(),
                  "test.xml:2:17: warning: unknown attribute '" + long_name +
                      "' on <group> (kept, but it sets no property) [TS2003]") != lines.end());
}

TEST_CASE("xml: the XML declaration stands first, with a version, in its order") {
  CHECK(Refusal(" <?xml version=\"1.0\"?>\n" + kStart + kEnd) ==
        "test.xml:1:2: error: not well-formed XML: an XML declaration (<?xml ...?>) is only "
        "allowed at the very start of the document, with nothing before it (no white space, "
        "comment or second declaration) [TS1004]");
  CHECK(Refusal("<?xml encoding=\"utf-8\"?>\n" + kStart + kEnd) ==
        "test.xml:1:7: error: not well-formed XML: malformed XML declaration: no version, or a "
        "malformed one" +
            kDeclNote);
  CHECK(Refusal("<?xml version=\"1.0\" standalone=\"maybe\"?>\n" + kStart + kEnd) ==
        "test.xml:1:21: error: not well-formed XML: malformed XML declaration: standalone is "
        "'yes' or 'no', not 'maybe'" +
            kDeclNote);
  CHECK(Refusal("<?xml version=\"1.0\" standalone=\"no\" encoding=\"utf-8\"?>\n" + kStart +
                kEnd) == "test.xml:1:37: error: not well-formed XML: malformed XML declaration: "
                         "'?>' expected" +
                             kDeclNote);
  CHECK(Refusal("<?xml version=\"2.0\"?>\n" + kStart + kEnd) ==
        "test.xml:1:7: error: not well-formed XML: XML version 2.0 is not supported: task "
        "sequence XML is XML 1.0 (write version=\"1.0\") [TS1004]");
  CHECK(Refusal("<?XML version=\"1.0\"?>\n" + kStart + kEnd) ==
        "test.xml:1:1: error: not well-formed XML: a processing instruction may not be named "
        "'XML' (the name xml is reserved, in any case) [TS1004]");
  // A 1.x version is read as XML 1.0 (fifth edition, 2.8); spaces around '=' are allowed.
  for (const std::string decl : {"<?xml version=\"1.1\"?>", "<?xml version = '1.0'  ?>",
                                 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"}) {
    INFO(decl);
    CHECK(ImportString(decl + "\n" + kStart + kEnd).exit_code == ExitCode::kOk);
  }
}

TEST_CASE("xml: processing instructions anywhere but named xml, with a target") {
  // Inside the root and after it: well-formed (they were refused as a "malformed declaration").
  ImportResult r = ImportString("<?xml version=\"1.0\"?><?pi before?>\n" + kStart +
                                "<?pi inside?>\n<group name=\"g\"><?pi x?></group>\n" + kEnd +
                                "<?pi after?>\n");
  CHECK(r.exit_code == ExitCode::kOk);
  CHECK(r.task_sequence);
  CHECK(Refusal(kStart + "<? x?>\n" + kEnd) ==
        "test.xml:2:1: error: not well-formed XML: a processing instruction must start with a "
        "name ('<?' followed by U+0020) [TS1004]");
  CHECK(Refusal(kStart + "<?xml version=\"1.0\"?>\n" + kEnd) ==
        "test.xml:2:1: error: not well-formed XML: an XML declaration (<?xml ...?>) is only "
        "allowed at the very start of the document, with nothing before it (no white space, "
        "comment or second declaration) [TS1004]");
  CHECK(Refusal(kStart + "<?pi\x01?>\n" + kEnd).find("U+0001") != std::string::npos);
  // Cut off right after its name, at the end of the file: unterminated, not "malformed".
  CHECK(Refusal(kStart + kEnd + "<?pi") ==
        "test.xml:3:1: error: not well-formed XML: unterminated processing instruction [TS1004]");
}

TEST_CASE("xml: no '--' inside a comment, nor '--->' at its end") {
  const std::string note =
      "'--' inside a comment (XML allows two hyphens in a row only in the '-->' that ends it; "
      "a comment may not end with '--->' either) [TS1004]";
  CHECK(Refusal(kStart + "<!-- a -- b -->\n" + kEnd) ==
        "test.xml:2:8: error: not well-formed XML: " + note);
  CHECK(Refusal(kStart + "<!-- a --->\n" + kEnd) ==
        "test.xml:2:8: error: not well-formed XML: " + note);
  CHECK(ImportString(kStart + "<!---->\n<!-- - a -->\n" + kEnd).exit_code == ExitCode::kOk);
}

TEST_CASE("xml: characters outside XML's Char production are refused wherever they are") {
  CHECK(Refusal(kStart + "<group name=\"a\x01" "b\"/>\n" + kEnd) ==
        "test.xml:2:15: error: not well-formed XML: the character U+0001 (a control character)" +
            kCharNote);
  CHECK(Refusal(kStart + "<!-- \x1B[2J -->\n" + kEnd) ==
        "test.xml:2:6: error: not well-formed XML: the character U+001B (a control character)" +
            kCharNote);
  CHECK(Refusal(kStart + "<group name=\"\xEF\xBF\xBF\"/>\n" + kEnd) ==
        "test.xml:2:14: error: not well-formed XML: the character U+FFFF (not a character)" +
            kCharNote);
  // NUL in UTF-16 input never reaches a value (nor the JSON output).
  CHECK(Refusal(Utf16(kStart + "<group name=\"a\"/>" + std::string(1, '\0') + "\n" + kEnd)) ==
        "test.xml:2:18: error: not well-formed XML: the character U+0000 (NUL)" + kCharNote);
  // C1 controls, DEL and the last characters of the planes below U+10FFFF are characters.
  CHECK(ImportString(kStart + "<group name=\"\x7F\xC2\x85\xEF\xBF\xBD\xF4\x8F\xBF\xBD\"/>\n" +
                     kEnd)
            .exit_code == ExitCode::kOk);
}

TEST_CASE("xml: CDATA, references and text only inside the root, and no CDATA end marker in text") {
  CHECK(Refusal(kStart + kEnd + "<![CDATA[x]]>\n") ==
        "test.xml:3:1: error: not well-formed XML: a CDATA section outside the root element "
        "[TS1004]");
  CHECK(Refusal(kStart + kEnd + "&#32;\n") ==
        "test.xml:3:1: error: not well-formed XML: text outside the root element [TS1004]");
  CHECK(Refusal("&#32;" + kStart + kEnd) ==
        "test.xml:1:1: error: not well-formed XML: text before the root element (only white "
        "space, comments and processing instructions may stand there) [TS1004]");
  // An export escaped once more (as a public repository holds one): said so, and what to do.
  CHECK(Refusal("\r\n  &lt;sequence version=\"3.10\"&gt;&lt;step type=\"SMS_TaskSequence_"
                "SetVariableAction\" name=\"A\"/&gt;&lt;/sequence&gt;\r\n") ==
        "test.xml:2:3: error: not well-formed XML: text before the root element: it is escaped "
        "XML ('&lt;' where '<' belongs), as a web page or a second encoding leaves an export; "
        "unescape it (&lt; to <, &gt; to >, &quot; to \", &amp; to &) and import that [TS1004]");
  CHECK(Refusal("&lt;" + kStart + kEnd) ==
        "test.xml:1:1: error: not well-formed XML: text before the root element: it is escaped "
        "XML ('&lt;' where '<' belongs), as a web page or a second encoding leaves an export; "
        "unescape it (&lt; to <, &gt; to >, &quot; to \", &amp; to &) and import that [TS1004]");
  CHECK(Refusal(kStart + "<group name=\"g\">a ]]> b</group>\n" + kEnd) ==
        "test.xml:2:19: error: not well-formed XML: ']]>' in text (XML keeps it for the end of a "
        "CDATA section: write ]]&gt;) [TS1004]");
  // A ']' and a '>' with something else between them are text like any other.
  CHECK(WellFormed(ImportString(kStart + "<group name=\"g\">a ]x> b ]> c</group>\n" + kEnd)));
  // In an attribute value, and written ]]&gt;, it is well-formed.
  CHECK(WellFormed(ImportString(kStart + "<group name=\"a]]>b\">]]&gt;]]</group>\n" + kEnd)));
}

// --- encodings -------------------------------------------------------------------------------

TEST_CASE("xml: an encoding label that does not match the bytes is an error naming it") {
  CHECK(Refusal("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n" + kStart + kEnd) ==
        "test.xml:1:31: error: the XML declaration says encoding=\"utf-16\" but the file is not "
        "UTF-16 (its first bytes are 8-bit text, as UTF-8 or a code page writes it): correct the "
        "declaration (encoding=\"utf-8\" if the file is UTF-8) or re-save the file as UTF-16 "
        "[TS1003]");
  CHECK(Refusal("<?xml version=\"1.0\" encoding=\"us-ascii\"?>\n" + kStart +
                "<group name=\"caf\xE9\"/>\n" + kEnd) ==
        "test.xml:3:17: error: byte offset 84 (0xE9) is not valid us-ascii, the encoding the "
        "XML declaration names: correct the declaration or re-save the file in that encoding "
        "[TS1003]");
  CHECK(Refusal("<?xml version=\"1.0\" encoding=\"latin-15\"?>\n" + kStart + kEnd) ==
        "test.xml:1:31: error: the XML declaration names encoding \"latin-15\", which tsimport "
        "does not decode (it reads utf-8, utf-16, utf-32, us-ascii, iso-8859-1 to 9, 13 and 15, "
        "windows-874 and 1250 to 1258, shift_jis, euc-jp, gb2312, big5, euc-kr and koi8): is "
        "the name mistyped? Re-save the file as UTF-8 and declare encoding=\"utf-8\" [TS1003]");
  CHECK(Refusal("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n" + kStart +
                kEnd) ==
        "test.xml:1:31: error: the file starts with a UTF-8 byte order mark but its XML "
        "declaration says encoding=\"iso-8859-1\": correct the declaration (encoding=\"utf-8\") "
        "or re-save the file without the byte order mark [TS1003]");
  CHECK(Refusal(Utf16("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + kStart + kEnd)) ==
        "test.xml:1:31: error: the XML declaration says encoding=\"utf-8\" but the file is "
        "UTF-16LE (it starts with a byte order mark): correct the declaration "
        "(encoding=\"utf-16\") or re-save the file in the encoding it names [TS1003]");
}

TEST_CASE("xml: every label a Windows editor may write is decoded through iconv") {
  struct Case {
    std::string label;
    std::string bytes;     ///< the description attribute, in that encoding
    std::string expected;  ///< in UTF-8
  };
  for (const Case& c : std::vector<Case>{
           {"iso-8859-15", "\xA4\xBD", "\xE2\x82\xAC\xC5\x93"},  // euro, oe: not 8859-1's
           {"ISO-8859-1", "\xA4\xBD", "\xC2\xA4\xC2\xBD"},
           {"latin1", "caf\xE9", "caf\xC3\xA9"},
           {"windows-1252", "\x80\x93", "\xE2\x82\xAC\xE2\x80\x9C"},
           {"windows-1250", "\x8A\xB9", "\xC5\xA0\xC4\x85"},
           {"windows-1251", "\xC0\xFF", "\xD0\x90\xD1\x8F"},
           {"iso-8859-2", "\xA9", "\xC5\xA0"},
           {"shift_jis", "\x93\xFA", "\xE6\x97\xA5"},
           {"us-ascii", "plain", "plain"},
       }) {
    INFO(c.label);
    ImportResult r = ImportString("<?xml version=\"1.0\" encoding=\"" + c.label + "\"?>\n" +
                                  Step(c.bytes, "cmd"));
    CHECK(DiagnosticLines(r).empty());
    CHECK(Description(r) == c.expected);
  }
}

// --- values: as XML 1.0 decodes them and XmlDocument gives them ------------------------------

TEST_CASE("xml: attribute values are normalized, line ends are LF, references any length") {
  // 3.3.3: a tab, LF or line end (CR LF, CR) in an attribute value is a space; a reference to
  // one stays what it names.
  ImportResult r = ImportString(Step("a\tb\nc\r\nd\re&#9;f&#10;g&#x000000041;", "x"));
  CHECK(Description(r) == "a b c d e\tf\ng" "A");
  // 2.11: CR LF and a lone CR are one LF each, so LF CR is two line ends.
  CHECK(Command(ImportString(Step("", "1\r\n2\n\r3\r4&#13;5"))) == "1\n2\n\n3\n4\r5");
  // Any number of leading zeros.
  CHECK(Command(ImportString(Step("", "&#x000000000041;&#0000000066;"))) == "AB");
}

TEST_CASE("xml: white space alone is no text, as XmlDocument drops it, and CDATA is kept") {
  // An element whose content is white space only, written or referenced, has no text:
  // the property is as unset as with an empty element.
  const std::string empty = Command(ImportString(Step("", "")));
  for (const std::string blank : {"   ", "\r\n\t", "&#32;", "&#x20;&#9;&#xA;&#13;", " &#32; "}) {
    INFO(blank);
    CHECK(Command(ImportString(Step("", blank))) == empty);
  }
  // ... unless xml:space="preserve" is in scope, on the element or an ancestor.
  CHECK(Command(ImportString(Step("", " &#32;\t", " xml:space=\"preserve\""))) == "  \t");
  std::string preserved = Step("", "  ");
  preserved.replace(preserved.find("<sequence "), 10, "<sequence xml:space=\"preserve\" ");
  CHECK(Command(ImportString(preserved)) == "  ");
  // A CDATA section is text even when blank; adjacent sections and text are one value; a
  // comment or processing instruction between them adds nothing.
  CHECK(Command(ImportString(Step("", "<![CDATA[ ]]>"))) == " ");
  CHECK(Command(ImportString(Step("", "<![CDATA[a]]><![CDATA[b]]>c<!-- x -->d<?pi?>e"))) ==
        "abcde");
  CHECK(Command(ImportString(Step("", " <![CDATA[x]]> "))) == "x");
}

TEST_CASE("xml: a version is a digit, a dot and digits") {
  // ("1." is accepted, as libxml2 accepts it: the oracle of the conformance test.)
  for (const std::string version : {"1x", "11", "1.0a", ".1"}) {
    INFO(version);
    CHECK(Refusal("<?xml version=\"" + version + "\"?>\n" + kStart + kEnd) ==
          "test.xml:1:7: error: not well-formed XML: malformed XML declaration: version '" +
              version + "' is not a version number" + kDeclNote);
  }
}

TEST_CASE("xml: declarations where they may not stand are named in the message") {
  CHECK(Refusal(kStart + "<!FOO>\n" + kEnd) ==
        "test.xml:2:1: error: not well-formed XML: markup declaration '<!' outside a DOCTYPE (a "
        "comment starts with '<!--', a CDATA section with '<![CDATA[') [TS1004]");
  CHECK(Refusal(kStart + "<!DOCTYPE sequence>\n" + kEnd) ==
        "test.xml:2:1: error: not well-formed XML: a document type declaration after the root "
        "element has started (it may only stand before it) [TS1004]");
  // Before the root, a DOCTYPE is refused by policy (TS1016), saying what it would bring in.
  const std::string dtd =
      ": task sequence XML has no DTD, and ImportSequence refuses one; tsimport neither expands "
      "entities nor fetches anything (remove the declaration) [TS1016]";
  for (const std::string external :
       {"SYSTEM \"ts.dtd\"", "PUBLIC \"-//Contoso//TS//EN\" \"ts.dtd\""}) {
    INFO(external);
    CHECK(Refusal("<!DOCTYPE sequence " + external + ">\n" + kStart + kEnd) ==
          "test.xml:1:1: error: a document type declaration (<!DOCTYPE>) that names an external "
          "DTD" + dtd);
  }
  CHECK(Refusal("<!DOCTYPE sequence>\n" + kStart + kEnd) ==
        "test.xml:1:1: error: a document type declaration (<!DOCTYPE>)" + dtd);
}

TEST_CASE("xml: an attribute value without quotes is refused where the value starts") {
  CHECK(Refusal(kStart + "<group name=g></group>\n" + kEnd) ==
        "test.xml:2:13: error: not well-formed XML: attribute value of 'name' is not quoted "
        "[TS1004]");
}

TEST_CASE("xml: an end tag may have white space before its '>'") {
  ImportResult r = ImportString(kStart + "<group name=\"g\" ></group >\n</sequence >\n");
  CHECK(WellFormed(r));
  CHECK(test::DiagnosticLines(r).empty());
  // Names of the same length that differ are still told apart on that path.
  CHECK(Refusal(kStart + "<group name=\"g\"></grouq >\n" + kEnd) ==
        "test.xml:2:17: error: not well-formed XML: end tag </grouq> does not match <group> "
        "opened on line 2 [TS1004]");
  // Or that differ in their first character only.
  CHECK(Refusal(kStart + "<group name=\"g\"></troup>\n" + kEnd) ==
        "test.xml:2:17: error: not well-formed XML: end tag </troup> does not match <group> "
        "opened on line 2 [TS1004]");
}

TEST_CASE("xml: a name may start with a Latin-1 letter, not with the signs among them") {
  // Production 4's first ranges: #xC0-#xD6, #xD8-#xF6, #xF8-#x2FF; U+00D7 (x) and U+00F7 (/)
  // are left out. An element <Ö/> and <ø/> are well-formed, <×/> is not.
  CHECK(WellFormed(
      ImportString(kStart + "<group name=\"g\"><\xC3\x96/><\xC3\xB8/></group>\n" + kEnd)));
  CHECK(WellFormed(ImportString(kStart + "<group name=\"g\" \xC3\x96=\"1\"></group>\n" + kEnd)));
  CHECK(Refusal(kStart + "<group name=\"g\"><\xC3\x97/></group>\n" + kEnd) ==
        "test.xml:2:17: error: not well-formed XML: '<' does not start a tag (write a literal "
        "'<' as &lt;) [TS1004]");
}

TEST_CASE("xml: a name may start with any character up to U+1FFF, not U+2000") {
  // U+1FFF is the last of the range #x37F-#x1FFF of production 4; U+2000 starts a gap.
  CHECK(WellFormed(ImportString(kStart + "<group name=\"g\"><\xE1\xBF\xBF/></group>\n" + kEnd)));
  CHECK(Refusal(kStart + "<group name=\"g\"><\xE2\x80\x80/></group>\n" + kEnd) ==
        "test.xml:2:17: error: not well-formed XML: '<' does not start a tag (write a literal "
        "'<' as &lt;) [TS1004]");
}

TEST_CASE("xml: the node limit and the attribute limit are told apart") {
  // max_attributes 3 and a third attribute: the attribute limit is not passed, but the node
  // limit is (the root, version, the group, name, b, then c).
  ImportOptions options;
  options.limits.max_attributes = 3;
  options.limits.max_nodes = 5;
  const std::string xml = kStart + "<group name=\"g\" b=\"1\" c=\"2\"/>\n" + kEnd;
  // Rule, line:column and message of each diagnostic.
  auto lines_of = [&](const std::string& bytes) {
    const std::vector<ImportResult> results = Import(bytes, "test.xml", options);
    std::vector<std::string> lines;
    for (const auto& d : results.front().diagnostics)
      lines.push_back(d.rule + " " + std::to_string(d.loc.line) + ":" +
                      std::to_string(d.loc.column) + " " + d.message);
    return lines;
  };
  CHECK(lines_of(xml) == std::vector<std::string>{
                     "TS1018 2:23 the document has more than 5 elements and attributes, the "
                     "limit: no real task sequence has that many"});
  // One attribute more than the limit allows.
  options.limits.max_nodes = 100;
  const std::string four = kStart + "<group name=\"g\" b=\"1\" c=\"2\" d=\"3\"/>\n" + kEnd;
  CHECK(lines_of(four) == std::vector<std::string>{
                     "TS1018 2:29 <group> has more than 3 attributes, the limit: no real task "
                     "sequence element has that many"});
}
