// Hostile inputs (issue 7, PRODUCT.md section 10, docs/robustness.md): every case names the exit
// code and the rule it must give, and none may crash, hang or allocate without bound. Table cases
// run in-process (Import, then every writer on every result) and through the real binary; the
// file-system cases (FIFO, directory, symlink loops, a sparse 1 GB file...) and the outputs under
// faults (SIGKILL mid-batch, a full disk) run the binary only.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using namespace tsimport;
using tsimport::test::MakeZip;
using tsimport::test::ReadText;
using tsimport::test::TempDir;

namespace {

// --- helpers ---------------------------------------------------------------------------------

std::string Quote(const std::string& s) { return "'" + s + "'"; }

struct Proc {
  int exit_code = -1;  ///< -1: killed by a signal (a crash, or the timeout)
  std::string out;
  std::string err;
  double seconds = 0;
};

/// Runs the real binary with a time limit; stdout and stderr are kept apart.
Proc Tsimport(const std::string& args, const std::string& stdin_path = "/dev/null",
              int timeout = 60) {
  TempDir tmp;
  std::string err_path = tmp.path + "/stderr";
  std::string command = "timeout -s KILL " + std::to_string(timeout) + " " +
                        Quote(TSIMPORT_BINARY) + " " + args + " <" + Quote(stdin_path) + " 2>" +
                        Quote(err_path);
  auto started = std::chrono::steady_clock::now();
  Proc p;
  FILE* f = ::popen(command.c_str(), "r");
  REQUIRE(f != nullptr);
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) p.out.append(buf, n);
  int status = ::pclose(f);
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // timeout(1) exits 137 when it had to kill; a crash in the binary shows as 128 + signal.
  p.exit_code = WIFEXITED(status) && WEXITSTATUS(status) < 128 ? WEXITSTATUS(status) : -1;
  p.err = ReadText(err_path);
  return p;
}

void Put32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

/// Sets the uncompressed size every header of a one-member zip declares (a lie).
void DeclareSize(std::string& zip, std::uint32_t size) {
  REQUIRE(zip.compare(0, 4, "PK\x03\x04") == 0);
  Put32(zip, 22, size);  // local file header
  std::size_t cd = zip.find("PK\x01\x02");
  REQUIRE(cd != std::string::npos);
  Put32(zip, cd + 24, size);  // central directory entry
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

const std::string kValidSequence = ReadText("samples/valid/RunCommandLineAction.xml");
const std::string kShapesSequence = ReadText("samples/shapes/sequence.xml");
const std::string kObjectCdata = ReadText("samples/shapes/object-cdata.xml");
const std::string kObjectEscaped = ReadText("samples/shapes/object-escaped.xml");
const std::string kMember = "SMS_TaskSequencePackage/CM100099/object.xml";

std::string Sequence(const std::string& body) {
  return "<sequence version=\"3.10\">\n" + body + "\n</sequence>\n";
}

std::string Step(const std::string& type, const std::string& name, const std::string& vars) {
  return "<step type=\"" + type + "\" name=\"" + name +
         "\"><action>x.exe</action><defaultVarList>" + vars + "</defaultVarList></step>";
}

std::string ObjectXml(const std::string& sequence_value) {
  return "<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\">\n<PROPERTY NAME=\"PackageID\" "
         "TYPE=\"string\"><VALUE>CM100099"
         "</VALUE></PROPERTY>\n<PROPERTY NAME=\"Sequence\" TYPE=\"string\">\n<VALUE>" +
         sequence_value + "</VALUE>\n</PROPERTY>\n</INSTANCE>\n";
}

std::string Nest(const std::string& open, const std::string& close, std::size_t depth,
                 const std::string& inner) {
  std::string s;
  s.reserve((open.size() + close.size()) * depth + inner.size());
  for (std::size_t i = 0; i < depth; ++i) s += open;
  s += inner;
  for (std::size_t i = 0; i < depth; ++i) s += close;
  return s;
}

std::string Groups(std::size_t depth) {
  return Sequence(Nest("<group name=\"g\">", "</group>", depth,
                       "<step type=\"SMS_TaskSequence_RebootAction\" name=\"r\"/>"));
}

std::string Utf16Le(const std::string& ascii, bool bom) {
  std::string out = bom ? std::string("\xFF\xFE", 2) : std::string();
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

/// The exit code the CLI gives for these results (default --fail-on error).
ExitCode Overall(const std::vector<ImportResult>& results) {
  ExitCode code = ExitCode::kOk;
  for (const auto& r : results) code = MoreSerious(code, r.exit_code);
  return code;
}

bool HasRule(const std::vector<ImportResult>& results, const std::string& rule) {
  for (const auto& r : results) {
    for (const auto& d : r.diagnostics) {
      if (d.rule == rule) return true;
    }
  }
  return false;
}

/// Every writer over every result (what fuzz_import does): none may throw or crash.
std::size_t WriteEverything(std::vector<ImportResult>& results) {
  auto catalog = Catalog::Builtin();
  std::size_t n = 0;
  for (auto& r : results) {
    n += WriteJsonRecord(r, *catalog, 2).size() + WriteSummaryLine(r).size();
    n += FormatDiagnosticsHuman(r.diagnostics, r.text, HumanStyle{true}).size();  // as the CLI does
    for (const auto& d : r.diagnostics)
      n += FormatDiagnosticGcc(d).size() + FormatDiagnosticJson(d).size();
    if (r.task_sequence) {
      n += WriteXml(*r.task_sequence).size() + WriteMof(*r.task_sequence, *catalog).size() +
           WriteText(r, *catalog, true, 80).size() + WriteMarkdown(r, *catalog).size() +
           WriteHtml(r, *catalog).size();
      Redact(*r.task_sequence, *catalog);
      n += WriteXml(*r.task_sequence).size();
    }
  }
  return n;
}

/// One JSON document, or one per line (several records).
bool IsJson(const std::string& text) {
  if (nlohmann::json::accept(text)) return true;
  std::istringstream lines(text);
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    if (!nlohmann::json::accept(line)) return false;
    ++n;
  }
  return n > 0;
}

struct Case {
  std::string name;  ///< also the file name the binary reads
  std::string bytes;
  int exit_code;     ///< PRODUCT.md section 6
  std::string rule;  ///< a rule the diagnostics must hold
  /// In-process, under the sanitizers too: a guard against a hang or an explosion, not a timing
  /// test (linearity is checked by instruction counts, CheckLinear below, and bench/scale.py).
  double max_seconds = 120;
};

/// In-process: exit code, rule, time, every writer. Through the binary: exit code and rule.
void Check(const Case& c, const ImportOptions& options = ImportOptions{}, bool binary = true) {
  INFO("case: " << c.name);
  auto started = std::chrono::steady_clock::now();
  std::vector<ImportResult> results = Import(c.bytes, c.name, options);
  WriteEverything(results);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string diags;
  for (const auto& r : results) {
    for (const auto& d : r.diagnostics) diags += FormatDiagnosticGcc(d).substr(0, 300) + "\n";
  }
  INFO("diagnostics:\n" << diags);
  CHECK(static_cast<int>(Overall(results)) == c.exit_code);
  if (!c.rule.empty()) CHECK(HasRule(results, c.rule));
  CHECK(seconds < c.max_seconds);
  if (!binary) return;
  TempDir dir;
  std::string path = dir.Write(c.name, c.bytes);
  Proc p = Tsimport("--diagnostics gcc -f json " + Quote(path));
  INFO("stderr: " << p.err.substr(0, 2000));
  CHECK(p.exit_code == c.exit_code);
  if (!c.rule.empty()) CHECK(p.err.find("[" + c.rule + "]") != std::string::npos);
  // The record is JSON whatever the input was.
  CHECK(IsJson(p.out));
}

}  // namespace

// --- bytes and encodings ---------------------------------------------------------------------

TEST_CASE("hostile: empty, BOM only, white space, NUL bytes, bytes that do not decode") {
  for (const Case& c : std::vector<Case>{
           {"empty.xml", "", 3, "TS1002"},
           {"utf8-bom-only.xml", "\xEF\xBB\xBF", 3, "TS1002"},
           {"utf16le-bom-only.xml", "\xFF\xFE", 3, "TS1002"},
           {"utf16be-bom-only.xml", "\xFE\xFF", 3, "TS1002"},
           {"white-space-only.xml", " \r\n\t\n", 3, "TS1002"},
           {"nul-bytes.xml", std::string("<sequence version=\"3.10\">\0\0\0</sequence>", 32), 3,
            "TS1003"},
           {"all-nul.xml", std::string(4096, '\0'), 3, "TS1003"},
           {"utf8-overlong.xml", Sequence("<group name=\"\xC0\xAF\"/>"), 3, "TS1003"},
           {"utf8-overlong-3-bytes.xml", Sequence("<group name=\"\xE0\x80\xAF\"/>"), 3, "TS1003"},
           {"utf8-overlong-3-bytes-top.xml", Sequence("<group name=\"\xE0\x9F\xBF\"/>"), 3,
            "TS1003"},
           {"utf8-overlong-4-bytes.xml", Sequence("<group name=\"\xF0\x8F\xBF\xBF\"/>"), 3,
            "TS1003"},
           {"utf8-lone-continuation.xml", Sequence("<group name=\"\x80\"/>"), 3, "TS1003"},
           {"utf8-encoded-surrogate.xml", Sequence("<group name=\"\xED\xA0\x80\"/>"), 3, "TS1003"},
           {"utf8-beyond-unicode.xml", Sequence("<group name=\"\xF4\x90\x80\x80\"/>"), 3, "TS1003"},
           {"utf8-truncated-character.xml", Sequence("<group name=\"x\"/>") + "\xE2\x82", 3,
            "TS1003"},
           {"utf16-odd-length.xml", Utf16Le(kValidSequence, true) + "x", 3, "TS1003"},
           {"utf16-lone-high-surrogate.xml",
            Utf16Le("<sequence version=\"3.10\"><group name=\"", true) +
                std::string("\x00\xD8", 2) + Utf16Le("\"/></sequence>", false),
            3, "TS1003"},
           {"utf16-lone-low-surrogate-be.xml", std::string("\xFE\xFF\x00<\x00s\xDC\x00\x00>", 10),
            3, "TS1003"},
           {"utf16-no-bom-odd.xml", std::string("<\0s\0e\0q", 7), 3, "TS1003"},
           {"declared-windows-1252-undefined-byte.xml",
            "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n" +
                Sequence("<group name=\"\x81\"/>"),
            3, "TS1003"},
           {"binary-garbage.xml",
            std::string("\x7F"
                        "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                        16),
            3, "TS1003"},
       }) {
    Check(c);
  }
}

// --- well-formedness -------------------------------------------------------------------------

TEST_CASE("hostile: malformed XML is TS1004, never a crash") {
  for (const Case& c : std::vector<Case>{
           {"mismatched-tags.xml", Sequence("<group name=\"a\"></step>"), 3, "TS1004"},
           {"second-root.xml", kValidSequence + "<sequence version=\"3.10\"/>", 3, "TS1004"},
           {"text-after-root.xml", kValidSequence + "trailing text", 3, "TS1004"},
           {"unterminated-comment.xml", Sequence("<!-- no end"), 3, "TS1004"},
           {"unterminated-cdata.xml", Sequence("<group name=\"a\"><![CDATA[ no end"), 3, "TS1004"},
           {"unterminated-start-tag.xml", "<sequence version=\"3.10\"", 3, "TS1004"},
           {"unterminated-attribute.xml", "<sequence version=\"3.10>\n</sequence>", 3, "TS1004"},
           {"undefined-entity.xml", Sequence("<group name=\"&foo;\"/>"), 3, "TS1004"},
           {"bare-ampersand.xml", Sequence("<group name=\"a & b\"/>"), 3, "TS1004"},
           {"nul-character-reference.xml", Sequence("<group name=\"&#0;\"/>"), 3, "TS1004"},
           {"surrogate-character-reference.xml", Sequence("<group name=\"&#xD800;\"/>"), 3,
            "TS1004"},
           {"huge-character-reference.xml",
            Sequence("<group name=\"&#99999999999999999999999999;\"/>"), 3, "TS1004"},
           {"control-character-reference.xml", Sequence("<group name=\"&#x1B;[2J\"/>"), 3,
            "TS1004"},
           {"duplicate-attribute.xml", Sequence("<group name=\"a\" name=\"b\"/>"), 3, "TS1004"},
           {"lt-in-attribute.xml", Sequence("<group name=\"a<b\"/>"), 3, "TS1004"},
           {"markup-declaration-outside-doctype.xml", Sequence("<!ELEMENT group ANY>"), 3,
            "TS1004"},
           {"only-a-declaration.xml", "<?xml version=\"1.0\"?>", 3, "TS1004"},
           {"only-a-comment.xml", "<!-- nothing -->", 3, "TS1004"},
           {"end-tag-only.xml", "</sequence>", 3, "TS1004"},
           {"lone-lt.xml", "<", 3, "TS1004"},
           {"html.xml", "<!-- x --><html><body><p>hello</body></html>", 3, "TS1004"},
           {"not-a-task-sequence.xml", "<root><child/></root>", 3, "TS1005"},
       }) {
    Check(c);
  }
}

TEST_CASE("hostile: a sample truncated at every byte offset exits 3 or imports, never crashes") {
  // Every structural point of a sequence, an object.xml (escaped) and an export zip.
  struct Source {
    const char* name;
    std::string bytes;
  };
  const std::string zip = MakeZip({{"_rels/.rels", "<Relationships/>"}, {kMember, kObjectEscaped}});
  for (const Source& s : std::vector<Source>{{"sequence.xml", kShapesSequence},
                                             {"object-escaped.xml", kObjectEscaped},
                                             {"export.zip", zip}}) {
    INFO(s.name);
    for (std::size_t cut = 0; cut < s.bytes.size(); ++cut) {
      std::vector<ImportResult> results =
          Import(std::string_view(s.bytes).substr(0, cut), s.name, ImportOptions{});
      ExitCode code = Overall(results);
      if (code != ExitCode::kNotTaskSequence && code != ExitCode::kOk &&
          code != ExitCode::kFindings) {
        FAIL_CHECK("cut at " << cut << ": exit " << static_cast<int>(code));
      }
      // A truncated document never imports as if it were whole.
      if (code == ExitCode::kOk) CHECK(cut + 64 > s.bytes.size());
      for (auto& r : results) {
        WriteJsonRecord(r, *Catalog::Builtin(), -1);
        FormatDiagnosticsHuman(r.diagnostics, r.text, HumanStyle{});
      }
    }
  }
}

// --- DTDs and entities -----------------------------------------------------------------------

TEST_CASE("hostile: DTDs are refused at the declaration (TS1016): no expansion, no fetch") {
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE sequence [\n <!ENTITY lol \"lol\">\n";
  laughs += " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    std::string prev = "&lol" + std::to_string(i - 1) + ";";
    std::string v;
    for (int k = 0; k < 10; ++k) v += prev;
    laughs += " <!ENTITY lol" + std::to_string(i) + " \"" + v + "\">\n";
  }
  laughs += "]>\n<sequence version=\"3.10\"><group name=\"&lol9;\"/></sequence>\n";
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE sequence [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<sequence version=\"3.10\"><group name=\"x\"><step type=\"SMS_TaskSequence_RebootAction\" "
      "name=\"&xxe;\"/></group></sequence>\n";
  for (const Case& c : std::vector<Case>{
           {"billion-laughs.xml", laughs, 3, "TS1016", 2},
           {"external-entity.xml", xxe, 3, "TS1016", 2},
           {"external-dtd.xml",
            "<!DOCTYPE sequence SYSTEM \"http://198.51.100.7/ts.dtd\">\n" + kValidSequence, 3,
            "TS1016", 2},
           {"parameter-entity.xml",
            "<!DOCTYPE sequence [<!ENTITY % p SYSTEM \"http://198.51.100.7/p.dtd\"> %p;]>\n" +
                kValidSequence,
            3, "TS1016", 2},
           {"plain-doctype.xml", "<!DOCTYPE sequence>\n" + kValidSequence, 3, "TS1016", 2},
           {"unterminated-doctype.xml", "<!DOCTYPE sequence [ <!ENTITY a \"", 3, "TS1016", 2},
           {"doctype-in-object-sequence.xml",
            ObjectXml(Escape("<!DOCTYPE sequence [<!ENTITY a \"b\">]>" + kValidSequence)), 3,
            "TS1016", 2},
           {"doctype-in-dynamic-variable-rules.xml",
            Sequence(Step("SMS_TaskSequence_SetDynamicVariablesAction", "s",
                          "<variable name=\"OSDSetDynamicVariablesRules\" property=\"Rules\">" +
                              Escape("<!DOCTYPE Rules [<!ENTITY a \"b\">]><Rules/>") +
                              "</variable>")),
            3, "TS1016", 2},
       }) {
    Check(c);
  }
  // Nothing of /etc/passwd reaches any output.
  TempDir dir;
  Proc p = Tsimport("-f json " + Quote(dir.Write("xxe.xml", xxe)));
  CHECK(p.out.find("root:") == std::string::npos);
  CHECK(p.err.find("root:") == std::string::npos);
}

// --- limits ----------------------------------------------------------------------------------

TEST_CASE(
    "hostile: nesting depth (TS1015): a 100,000-deep nest is a clean error, not a stack overflow") {
  const std::string condition_nest =
      Sequence("<group name=\"g\"><condition>" +
               Nest("<operator type=\"not\">", "</operator>", 100000, "") + "</condition></group>");
  std::string rules = "<Rules><Rule><condition>" +
                      Nest("<operator type=\"and\">", "</operator>", 200, "") +
                      "</condition><Variables/></Rule></Rules>";
  for (const Case& c : std::vector<Case>{
           {"groups-100000-deep.xml", Groups(100000), 4, "TS1015", 5},
           {"operators-100000-deep.xml", condition_nest, 4, "TS1015", 5},
           {"elements-1000000-deep.xml", Nest("<a>", "</a>", 1000000, ""), 4, "TS1015", 5},
           {"unclosed-1000000-deep.xml", Nest("<a>", "", 1000000, ""), 4, "TS1015", 5},
           {"groups-64-deep-at-the-limit.xml", Groups(62), 0, "", 5},
           {"groups-65-deep.xml", Groups(63), 4, "TS1015", 5},
           {"deep-in-object-sequence.xml", ObjectXml(Escape(Groups(5000))), 4, "TS1015", 5},
           {"deep-in-dynamic-variable-rules.xml",
            Sequence(Step("SMS_TaskSequence_SetDynamicVariablesAction", "s",
                          "<variable name=\"OSDSetDynamicVariablesRules\" property=\"Rules\">" +
                              Escape(rules) + "</variable>")),
            4, "TS1015", 5},
       }) {
    if (c.rule.empty()) {
      // At the limit (62 groups and a step in <sequence>: 64 deep): imported and validated.
      std::vector<ImportResult> results = Import(c.bytes, c.name, ImportOptions{});
      WriteEverything(results);
      REQUIRE(results.front().task_sequence);
      CHECK(results.front().task_sequence->groups == 62);
      CHECK_FALSE(HasRule(results, "TS1015"));
      CHECK(static_cast<int>(Overall(results)) <= 1);
      continue;
    }
    Check(c);
  }
  // A library caller may ask for a deeper limit: 98 deep still holds (the builder and the
  // writers recurse along the tree), with the same rule. (The nest's Restart Computer step
  // has no Target: TS2006 and exit 1 at 98 deep, the import otherwise done.)
  ImportOptions deeper;
  deeper.limits.max_depth = 1000;
  Check({"groups-98-deep-under-a-larger-limit.xml", Groups(96), 1, "TS2006", 5}, deeper, false);
  Check({"groups-99-deep-under-a-larger-limit.xml", Groups(97), 4, "TS1015", 5}, deeper, false);
}

TEST_CASE("hostile: input size (TS1014), value sizes (TS1017), node counts (TS1018)") {
  const std::string attr17m = Sequence("<group name=\"" + std::string(17u << 20, 'a') + "\"/>");
  for (const Case& c : std::vector<Case>{
           {"attribute-17-MiB.xml", attr17m, 4, "TS1017", 20},
           {"attributes-300-on-one-element.xml", Sequence([] {
              std::string s = "<group name=\"g\"";
              for (int i = 0; i < 300; ++i) s += " a" + std::to_string(i) + "=\"x\"";
              return s + "/>";
            }()),
            4, "TS1018", 5},
       }) {
    Check(c);
  }
  // The other limits with small values, so that the inputs stay small.
  ImportOptions small;
  small.limits.max_input_bytes = 2048;
  small.limits.max_text_bytes = 1000;
  small.limits.max_attribute_bytes = 100;
  small.limits.max_nodes = 1000;
  Check({"input-over-the-limit.xml", kShapesSequence, 4, "TS1014"}, small, false);
  Check({"text-over-the-limit.xml",
         Sequence("<group name=\"g\">" + std::string(1001, 't') + "</group>"), 4, "TS1017"},
        small, false);
  Check({"cdata-over-the-limit.xml",
         Sequence("<group name=\"g\"><![CDATA[" + std::string(1001, 't') + "]]></group>"), 4,
         "TS1017"},
        small, false);
  Check({"attribute-over-the-limit.xml",
         Sequence("<group name=\"" + std::string(101, 'n') + "\"/>"), 4, "TS1017"},
        small, false);
  std::string many;
  for (int i = 0; i < 600; ++i) many += "<group name=\"g\"/>";
  ImportOptions few_nodes;
  few_nodes.limits.max_nodes = 1000;
  Check({"nodes-over-the-limit.xml", Sequence(many), 4, "TS1018"}, few_nodes, false);
  // The object.xml sequence is one text: the text limit holds for it too.
  Check({"object-sequence-over-the-text-limit.xml", ObjectXml(Escape(kValidSequence)), 4, "TS1017"},
        small, false);
  // And a zip member is an input: the input size limit holds for it.
  ImportOptions member_limit;
  member_limit.limits.max_input_bytes = 8192;
  Check({"zip-member-over-the-input-limit.zip",
         MakeZip({{kMember, kObjectCdata + std::string(9000, ' ')}}), 3, "TS1013"},
        member_limit, false);
  // At the limit, exactly: read (the archive declares the member's size, and that size is
  // checked before reading).
  member_limit.limits.max_input_bytes = kObjectCdata.size();
  Check({"zip-member-at-the-input-limit.zip", MakeZip({{kMember, kObjectCdata}}), 0, ""},
        member_limit, false);
  member_limit.limits.max_input_bytes = kObjectCdata.size() - 1;
  Check({"zip-member-a-byte-over-the-input-limit.zip", MakeZip({{kMember, kObjectCdata}}), 3,
         "TS1013"},
        member_limit, false);
  // A limit of whole mebibytes is told in MiB (the default 256 MiB is).
  member_limit.limits.max_input_bytes = 1u << 20;
  // (A member that deflates well, but not a thousand times: the ratio limit is not the one
  // met; the archive stays under the limit itself.)
  std::string varied;
  for (unsigned x = 1; varied.size() < 1000; x = x * 1103515245u + 12345u)
    varied += static_cast<char>('a' + (x >> 16) % 26);
  std::string padding;
  while (padding.size() < (1u << 20)) padding += varied;
  std::vector<ImportResult> mib =
      Import(MakeZip({{kMember, kObjectCdata + padding}}), "mib.zip", member_limit);
  REQUIRE(mib.size() == 1);
  REQUIRE_FALSE(mib[0].diagnostics.empty());
  CHECK(FormatDiagnosticGcc(mib[0].diagnostics[0]) ==
        "mib.zip!SMS_TaskSequencePackage/CM100099/object.xml:0:0: error: "
        "SMS_TaskSequencePackage/CM100099/object.xml would expand to " +
            std::to_string(kObjectCdata.size() + padding.size()) + " bytes (limit 1 MiB) [TS1013]");
  // A caller that could not learn the size (a pipe that went on past the limit) does not
  // say "0 bytes".
  Limits eight_k;
  eight_k.max_input_bytes = 8192;
  CHECK(FormatDiagnosticGcc(InputTooLarge("-", 0, eight_k).diagnostics.at(0)) ==
        "-:0:0: error: the input goes on past the limit of 8192 bytes (--max-input-size); real "
        "task sequences are a few MB at most [TS1014]");
  CHECK(FormatDiagnosticGcc(InputTooLarge("big.xml", 9000, eight_k).diagnostics.at(0)) ==
        "big.xml:0:0: error: the input is 9000 bytes, more than the limit of 8192 bytes "
        "(--max-input-size); real task sequences are a few MB at most [TS1014]");
}

TEST_CASE("hostile: huge names cost nothing in did-you-mean, sparse arrays stay small") {
  const std::string long_type(1u << 20, 'X');
  const std::string long_property(1u << 20, 'P');
  for (const Case& c : std::vector<Case>{
           {"class-name-1-MiB.xml",
            Sequence("<group name=\"g\"><step type=\"" + long_type + "\" name=\"s\"/></group>"), 1,
            "TS2001", 5},
           {"expression-class-name-1-MiB.xml",
            Sequence("<group name=\"g\"><condition><expression type=\"" + long_type +
                     "\"/></condition></group>"),
            1, "TS2001", 5},
           {"property-name-1-MiB.xml",
            Sequence(Step("SMS_TaskSequence_RebootAction", "s",
                          "<variable name=\"v\" property=\"" + long_property + "\">1</variable>")),
            1, "TS2004", 5},
       }) {
    Check(c);
  }
  // One variable with index 4000: not 4,000 objects and 4,000 diagnostics.
  std::string sparse =
      Sequence(Step("SMS_TaskSequence_PartitionDiskAction", "p",
                    "<variable name=\"OSDPartitions4000Type\" property=\"Partitions4000Type\">"
                    "Primary</variable>"));
  Check({"sparse-array-index.xml", sparse, 1, "TS2015", 5});
  std::vector<ImportResult> results = Import(sparse, "sparse.xml", ImportOptions{});
  std::size_t n = 0;
  for (const auto& d : results.front().diagnostics) n += d.rule == "TS2015";
  CHECK(n <= 3);
}

TEST_CASE("hostile: many variables, siblings and long names stay linear in time and memory") {
  // One element a line, as exports are written, for every writer in-process; the same on one
  // line through the binary (below).
  std::string unknown;
  std::string duplicate;
  for (int i = 0; i < 100000; ++i) {
    unknown += "<variable name=\"V" + std::to_string(i) + "\" property=\"P" + std::to_string(i) +
               "\">x</variable>\n";
    duplicate += "<variable name=\"V\" property=\"CommandLine\">x</variable>\n";
  }
  std::string siblings;
  for (int i = 0; i < 100000; ++i) siblings += "<group name=\"g\"/>\n";
  std::string under_long_name;
  for (int i = 0; i < 2000; ++i)
    under_long_name += "<step type=\"SMS_TaskSequence_RebootAction\" name=\"s\"/>";
  const std::string long_name(1u << 20, 'N');
  for (const Case& c : std::vector<Case>{
           {"100000-unknown-properties.xml",
            Sequence(Step("SMS_TaskSequence_RunCommandLineAction", "s", unknown)), 1, "TS2004"},
           {"100000-duplicate-properties.xml",
            Sequence(Step("SMS_TaskSequence_RunCommandLineAction", "s", duplicate)), 1, "TS2014"},
           {"100000-sibling-groups.xml", Sequence(siblings), 1, "TS7001"},
           {"2000-steps-under-a-1-MiB-name.xml",
            Sequence("<group name=\"" + long_name + "\">" + under_long_name + "</group>"), 1,
            "TS2008"},
       }) {
    Check(c);
  }
  // All on one line, through the binary (the core, the JSON record, gcc diagnostics).
  auto one_line = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '\n'), s.end());
    return s;
  };
  TempDir dir;
  for (const auto& [name, xml] : std::vector<std::pair<std::string, std::string>>{
           {"unknown.xml",
            Sequence(Step("SMS_TaskSequence_RunCommandLineAction", "s", one_line(unknown)))},
           {"duplicate.xml",
            Sequence(Step("SMS_TaskSequence_RunCommandLineAction", "s", one_line(duplicate)))},
           {"siblings.xml", one_line(Sequence(siblings))}}) {
    INFO(name);
    Proc p = Tsimport("--diagnostics gcc -f json " + Quote(dir.Write(name, xml)), "/dev/null", 120);
    CHECK(p.exit_code == 1);  // a run past the 120 s guard is killed and fails here
  }
  // A step's path keeps at most 1024 bytes, whatever its groups' names.
  std::vector<ImportResult> results =
      Import(Sequence("<group name=\"" + long_name + "\">" + under_long_name + "</group>"), "p.xml",
             ImportOptions{});
  for (const auto& d : results.front().diagnostics) CHECK(d.step_path.size() <= 1024);
}

// --- zips ------------------------------------------------------------------------------------

TEST_CASE(
    "hostile: zips with ../ and absolute names, control characters, bombs, lies, corruption") {
  const std::string rels = "<Relationships/>";
  std::string bomb_member(20u << 20, '\0');  // 20 MiB of zeros: deflates over 1000 times
  std::string bomb = MakeZip({{kMember, bomb_member}});
  std::string lying = MakeZip({{kMember, std::string(8u << 20, ' ')}});
  DeclareSize(lying, 1000);
  std::string corrupt_cd = MakeZip({{kMember, kObjectCdata}});
  corrupt_cd.replace(corrupt_cd.find("PK\x01\x02"), 4, "XX\x01\x02");
  std::string corrupt_eocd = MakeZip({{kMember, kObjectCdata}});
  corrupt_eocd.replace(corrupt_eocd.find("PK\x05\x06") + 10, 2, "\xFF\xFF");  // entry count
  std::string damaged = MakeZip({{kMember, kObjectCdata}});
  for (std::size_t i = 200; i < 260; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
  std::vector<std::pair<std::string, std::string>> many;
  for (int i = 0; i < 10001; ++i) many.emplace_back("f" + std::to_string(i), "");
  for (const Case& c : std::vector<Case>{
           {"dot-dot-names.zip",
            MakeZip({{"../../etc/object.xml", kObjectCdata},
                     {"SMS_TaskSequencePackage/../object.xml", kObjectCdata},
                     {"SMS_TaskSequencePackage/..\\..\\x/object.xml", kObjectCdata}}),
            3, "TS1011"},
           {"absolute-names.zip",
            MakeZip({{"/SMS_TaskSequencePackage/CM100099/object.xml", kObjectCdata},
                     {"/etc/passwd", "x"}}),
            3, "TS1011"},
           // libzip itself refuses C0 controls in UTF-8 names and shows them as CP437 symbols
           // otherwise; C1 controls (CSI, U+009B) and DEL pass it.
           {"control-characters-in-names.zip",
            MakeZip({{"\xC2\x9B"
                      "2J\x7F\xC3\xA9/x/object.xml",
                      "x"}}),
            3, "TS1011"},
           // A name that is not UTF-8 (and not flagged so) is CP437 to libzip: it imports.
           {"cp437-names.zip",
            MakeZip({{"SMS_TaskSequencePackage/\xFF\xFE/object.xml", kObjectCdata}}, false, true),
            0, ""},
           {"zip-bomb.zip", bomb, 3, "TS1013"},
           {"declared-size-lies.zip", lying, 3, "TS1013"},
           {"too-many-members.zip", MakeZip(many), 3, "TS1013"},
           {"corrupt-central-directory.zip", corrupt_cd, 3, "TS1012"},
           {"corrupt-end-of-central-directory.zip", corrupt_eocd, 3, "TS1012"},
           {"damaged-member.zip", damaged, 3, "TS1012"},
           {"only-a-signature.zip", "PK\x03\x04", 3, "TS1012"},
           // No local header: an empty archive, which holds no task sequence (the content
           // alone is no zip to read; the name says what the user took it for).
           {"empty-zip.zip", std::string("PK\x05\x06", 4) + std::string(18, '\0'), 3, "TS1011"},
           {"zip-in-a-zip.zip", MakeZip({{kMember, MakeZip({{kMember, kObjectCdata}})}}), 3,
            "TS1003"},
           {"empty-member.zip", MakeZip({{kMember, ""}}), 3, "TS1002"},
           {"malformed-object-sequence.zip",
            MakeZip({{kMember, ObjectXml("&lt;sequence version=\"3.10\"&gt;&lt;group "
                                         "name=\"a\"&gt;&lt;/sequence&gt;")}}),
            3, "TS1004"},
       }) {
    Check(c);
  }
  // Names are escaped where they are shown: no escape sequence reaches a terminal.
  std::vector<ImportResult> results = Import(MakeZip({{"\xC2\x9B"
                                                       "2J\x7F\xC3\xA9/x/object.xml",
                                                       "x"}}),
                                             "e.zip", ImportOptions{});
  REQUIRE(results.front().diagnostics.size() == 1);
  const std::string& message = results.front().diagnostics.front().message;
  CHECK(message.find("\xC2\x9B") == std::string::npos);
  CHECK(message.find('\x7F') == std::string::npos);
  CHECK(message.find("\\xC2\\x9B2J\\x7F\xC3\xA9/x/object.xml") != std::string::npos);
  // Bytes that only look like UTF-8 (an overlong form of DEL, a surrogate) are escaped too.
  results = Import(MakeZip({{"readme-\xC1\xBF-\xED\xA0\x80.txt", "x"}}), "o.zip", ImportOptions{});
  REQUIRE(results.front().diagnostics.size() == 1);
  CHECK(results.front().diagnostics.front().message ==
        "the zip holds no SMS_TaskSequencePackage/<PackageID>/object.xml, so no task sequence (it "
        "holds 1 member(s): readme-\\xC1\\xBF-\\xED\\xA0\\x80.txt)");
  // Real characters are kept, a name's last one too.
  results = Import(MakeZip({{"notes-caf\xC3\xA9", "x"}}), "c.zip", ImportOptions{});
  REQUIRE(results.front().diagnostics.size() == 1);
  CHECK(results.front().diagnostics.front().message ==
        "the zip holds no SMS_TaskSequencePackage/<PackageID>/object.xml, so no task sequence (it "
        "holds 1 member(s): notes-caf\xC3\xA9)");
  // A bomb with the ratio limit lowered: refused by ratio, as declared and as really read.
  ImportOptions ratio;
  ratio.limits.max_zip_ratio = 10;
  Check({"ratio-over-the-limit.zip", MakeZip({{kMember, std::string(100000, ' ')}}), 3, "TS1013"},
        ratio, false);
  std::string lying_small = MakeZip({{kMember, std::string(200000, ' ')}});
  DeclareSize(lying_small, 100);
  Check({"declared-size-lies-ratio.zip", lying_small, 3, "TS1013"}, ratio, false);
  // The total of the task sequences of a zip.
  ImportOptions total;
  total.limits.max_zip_total_bytes = 3 * kObjectCdata.size() / 2;
  Check({"total-over-the-limit.zip",
         MakeZip({{kMember, kObjectCdata},
                  {"SMS_TaskSequencePackage/CM100100/object.xml", kObjectCdata}}),
         3, "TS1013"},
        total, false);
}

TEST_CASE("hostile: object.xml whose Sequence is itself malformed, empty or not a sequence") {
  for (const Case& c : std::vector<Case>{
           {"object-sequence-truncated.xml", ObjectXml(Escape(kValidSequence.substr(0, 200))), 3,
            "TS1004"},
           {"object-sequence-mismatched.xml", ObjectXml(Escape("<sequence><group></sequence>")), 3,
            "TS1004"},
           {"object-sequence-two-roots.xml", ObjectXml(Escape(kValidSequence + kValidSequence)), 3,
            "TS1004"},
           {"object-sequence-undefined-entity.xml", ObjectXml(Escape("<sequence>&bad;</sequence>")),
            3, "TS1004"},
           {"object-sequence-not-a-sequence.xml", ObjectXml(Escape("<html/>")), 3, "TS1005"},
           {"object-sequence-empty.xml", ObjectXml(""), 3, "TS1010"},
           {"object-sequence-nul-reference.xml", ObjectXml("&amp;#0;"), 3, "TS1004"},
           {"object-sequence-unterminated-cdata.xml", ObjectXml("<![CDATA[<sequence>"), 3,
            "TS1004"},
           {"object-sequence-cdata-in-cdata.xml",
            ObjectXml("<![CDATA[<sequence version=\"3.10\"><![CDATA[x]]></sequence>]]>"), 3,
            "TS1004"},
       }) {
    Check(c);
  }
}

// --- the file system -------------------------------------------------------------------------

TEST_CASE("hostile: a 1 GB sparse file is refused by size (TS1014), quickly") {
  TempDir dir;
  std::string path = dir.path + "/sparse.xml";
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, 1LL << 30) == 0);
  ::close(fd);
  Proc p = Tsimport("--diagnostics gcc " + Quote(path));
  INFO(p.err.substr(0, 2000));
  CHECK(p.exit_code == 4);
  CHECK(p.err.find("[TS1014]") != std::string::npos);
  CHECK(p.seconds < 30);
}

TEST_CASE("hostile: directories, FIFOs, devices, unopenable paths and symlink loops") {
  TempDir dir;
  std::string valid = dir.Write("in/valid.xml", kValidSequence);
  std::string fifo = dir.path + "/pipe.xml";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  std::string self_loop = dir.path + "/self.xml";
  REQUIRE(::symlink(self_loop.c_str(), self_loop.c_str()) == 0);
  std::string dangling = dir.path + "/dangling.xml";
  REQUIRE(::symlink((dir.path + "/nowhere.xml").c_str(), dangling.c_str()) == 0);
  REQUIRE(::symlink((dir.path + "/in").c_str(), (dir.path + "/in/loop").c_str()) == 0);
  REQUIRE(::symlink(".", (dir.path + "/in/dot").c_str()) == 0);
  struct FsCase {
    std::string name;
    std::string args;
    int exit_code;
    std::string rule;
  };
  for (const FsCase& c : std::vector<FsCase>{
           {"a directory without -r", Quote(dir.path + "/in"), 5, "TS1001"},
           {"a FIFO with no writer (must not hang)", Quote(fifo), 5, "TS1001"},
           // -r reads regular *.xml and *.zip files only: the FIFO and the broken links are passed
           // by.
           {"a FIFO and broken links under -r", "-r " + Quote(dir.path), 0, ""},
           {"/dev/zero (endless)", "/dev/zero", 5, "TS1001"},
           {"/dev/null", "/dev/null", 5, "TS1001"},
           {"a symlink to itself", Quote(self_loop), 5, "TS1001"},
           {"a dangling symlink", Quote(dangling), 5, "TS1001"},
           {"a path through a file", Quote(valid + "/x.xml"), 5, "TS1001"},
           {"a missing file", Quote(dir.path + "/missing.xml"), 5, "TS1001"},
           {"symlink loops under -r end", "-r " + Quote(dir.path + "/in"), 0, ""},
       }) {
    INFO(c.name);
    Proc p = Tsimport("--diagnostics gcc " + c.args, "/dev/null", 30);
    INFO(p.err.substr(0, 2000));
    CHECK(p.exit_code == c.exit_code);
    if (!c.rule.empty()) CHECK(p.err.find("[" + c.rule + "]") != std::string::npos);
    CHECK(p.seconds < 20);
  }
  // Standard input: empty, endless (stops at the input limit), not a pipe.
  Proc empty = Tsimport("--diagnostics gcc -", "/dev/null");
  CHECK(empty.exit_code == 3);
  CHECK(empty.err.find("[TS1002]") != std::string::npos);
  Proc piped = Tsimport("--diagnostics gcc -", valid);
  CHECK(piped.exit_code == 0);
}

TEST_CASE("hostile: file names that are not text stay valid in every output") {
  TempDir dir;
  std::string name = dir.Write("bad\xFF\x1B[2Jname.xml", kValidSequence);
  Proc p = Tsimport("-f json " + Quote(name));
  CHECK(p.exit_code == 0);
  CHECK_NOTHROW(nlohmann::json::parse(p.out));
}

// --- outputs under faults --------------------------------------------------------------------

namespace {

bool IsTemporary(const fs::path& p) {
  return p.filename().string().find(".tsimport-tmp.") != std::string::npos;
}

std::vector<fs::path> Files(const std::string& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

}  // namespace

TEST_CASE(
    "hostile: a batch run killed with SIGKILL leaves only complete outputs, the next run cleans "
    "up") {
  TempDir dir;
  const int inputs = 400;
  for (int i = 0; i < inputs; ++i)
    dir.Write("in/ts" + std::to_string(1000 + i) + ".xml", ReadText("samples/win11-deploy.xml"));
  const std::string out = dir.path + "/out";
  const std::string args =
      "-r -f json -j 2 --progress never -O " + Quote(out) + " " + Quote(dir.path + "/in");
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::string command = "exec " + Quote(TSIMPORT_BINARY) + " " + args + " >/dev/null 2>&1";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it once some outputs are there, but not all.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::size_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    seen = Files(out).size();
    if (seen >= 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(seen >= 20);
  std::size_t complete = 0;
  for (const auto& f : Files(out)) {
    if (IsTemporary(f)) continue;  // a temporary may stay behind a SIGKILL
    INFO(f.string());
    CHECK_NOTHROW(nlohmann::json::parse(ReadText(f.string())));
    ++complete;
  }
  CHECK(complete < static_cast<std::size_t>(inputs));  // it was stopped mid-way
  // The next run finishes, and leaves no temporary file behind.
  Proc again = Tsimport(args, "/dev/null", 600);
  CHECK(again.exit_code == 0);
  std::size_t outputs = 0;
  for (const auto& f : Files(out)) {
    INFO(f.string());
    CHECK_FALSE(IsTemporary(f));
    CHECK_NOTHROW(nlohmann::json::parse(ReadText(f.string())));
    ++outputs;
  }
  CHECK(outputs == static_cast<std::size_t>(inputs));
}

TEST_CASE("hostile: a full disk (RLIMIT_FSIZE) gives exit 6 and no partial file") {
  TempDir dir;
  std::string input = dir.Write("in/big.xml", ReadText("samples/win11-deploy.xml"));
  // SIGXFSZ ignored (the disposition survives exec), so write() fails with EFBIG instead of
  // killing the process; ulimit -f counts 512-byte blocks: 16 KiB, less than the JSON record.
  auto limited = [&](const std::string& args) {
    TempDir tmp;
    std::string err = tmp.path + "/err";
    std::string command = "trap '' XFSZ; ulimit -f 32; exec " + Quote(TSIMPORT_BINARY) + " " +
                          args + " >/dev/null 2>" + Quote(err);
    int status = std::system(command.c_str());
    INFO(ReadText(err));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  std::string output = dir.path + "/out.json";
  CHECK(limited("-f json -o " + Quote(output) + " " + Quote(input)) == 6);
  CHECK_FALSE(fs::exists(output));
  std::string out_dir = dir.path + "/out";
  CHECK(limited("-f json -O " + Quote(out_dir) + " " + Quote(input)) == 6);
  for (const auto& f : Files(out_dir)) FAIL_CHECK("left behind: " << f.string());
  // An output that fits is written whole.
  CHECK(limited("-f summary -o " + Quote(output) + " " + Quote(input)) == 0);
  CHECK(ReadText(output).rfind("ok  ", 0) == 0);
}

TEST_CASE("hostile: a full disk (a 64 KiB tmpfs, ENOSPC) gives exit 6 and no partial file") {
  // A private mount namespace (unshare -m), so that nothing stays mounted; skipped where the
  // machine allows no mount.
  if (std::system("unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs /mnt' >/dev/null 2>&1") !=
      0) {
    WARN("no tmpfs here (unshare -m and mount need privileges): skipped");
    return;
  }
  TempDir dir;
  std::string input = dir.Write("in/big.xml", ReadText("samples/win11-deploy.xml"));
  std::string full = dir.path + "/full";
  fs::create_directories(full);
  // Fill the disk to a few KiB, then write an output bigger than what is left.
  std::string script = "mount -t tmpfs -o size=64k tmpfs " + Quote(full) +
                       " && head -c 57344 /dev/zero > " + Quote(full + "/filler") + "; " +
                       Quote(TSIMPORT_BINARY) + " -f json -O " + Quote(full + "/out") + " " +
                       Quote(input) + " >/dev/null 2>&1; echo $?; ls -A " + Quote(full) + " " +
                       Quote(full + "/out") + " 2>/dev/null";
  std::string command = "unshare -m sh -c " + Quote(script);
  std::string output;
  FILE* f = ::popen(command.c_str(), "r");
  REQUIRE(f != nullptr);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) output.append(buf, n);
  ::pclose(f);
  INFO(output);
  CHECK(output.rfind("6\n", 0) == 0);
  CHECK(output.find("big.json") == std::string::npos);
  CHECK(output.find("tsimport-tmp") == std::string::npos);
}

TEST_CASE("hostile: RLIMIT_FSIZE with SIGXFSZ at its default still gives exit 6", "[!mayfail]") {
  // A size limit's default signal kills the writer mid-file, leaving the temporary behind:
  // tsimport should ignore SIGXFSZ so that write() fails with EFBIG (reported to the lead).
  TempDir dir;
  std::string input = dir.Write("in/big.xml", ReadText("samples/win11-deploy.xml"));
  std::string out_dir = dir.path + "/out";
  std::string command = "ulimit -f 32; exec " + Quote(TSIMPORT_BINARY) + " -f json -O " +
                        Quote(out_dir) + " " + Quote(input) + " >/dev/null 2>&1";
  int status = std::system(command.c_str());
  CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 6);
  for (const auto& f : Files(out_dir)) FAIL_CHECK("left behind: " << f.string());
}

TEST_CASE("hostile: -o pointing at the input is refused, and the input is untouched") {
  TempDir dir;
  std::string input = dir.Write("in.xml", kValidSequence);
  Proc p = Tsimport("-f json -o " + Quote(input) + " " + Quote(input));
  CHECK(p.exit_code == 2);
  CHECK(ReadText(input) == kValidSequence);
  // Through another name of the same file too.
  std::string link = dir.path + "/link.xml";
  REQUIRE(::symlink(input.c_str(), link.c_str()) == 0);
  p = Tsimport("-f json -o " + Quote(link) + " " + Quote(input));
  CHECK(p.exit_code == 2);
  CHECK(ReadText(input) == kValidSequence);
}

TEST_CASE("hostile: -o to a FIFO or a device writes into it and leaves it in place") {
  // An output that exists and is not a regular file (a FIFO, /dev/null, /dev/stdout, a
  // process substitution) is written into: a temporary file renamed over it would replace the
  // node (as root, `-o /dev/null` replaced the device with a regular file).
  TempDir dir;
  std::string input = dir.Write("in.xml", kValidSequence);
  std::string fifo = dir.path + "/out.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  // Opened for reading first (without blocking), so that the writer's open does not wait.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  Proc p = Tsimport("-f json -o " + Quote(fifo) + " " + Quote(input), "/dev/null", 30);
  CHECK(p.exit_code == 0);
  struct stat st {};
  REQUIRE(::lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::read(reader, buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  ::close(reader);
  CHECK(got.find("\"__CLASS\": \"SMS_TaskSequence\"") != std::string::npos);
  // No temporary file is left beside it.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++entries;
  CHECK(entries == 2);
}

TEST_CASE("hostile: -O never writes outside the output directory, whatever the zip's names") {
  TempDir dir;
  std::string zip = MakeZip({{kMember, kObjectCdata},
                             {"SMS_TaskSequencePackage/CM100100/object.xml", kObjectCdata},
                             {"SMS_TaskSequencePackage/../object.xml", kObjectCdata},
                             {"SMS_TaskSequencePackage/..\\..\\evil/object.xml", kObjectCdata}});
  std::string input = dir.Write("in/export.zip", zip);
  std::string out = dir.path + "/sub/out";
  Proc p = Tsimport("-f json -O " + Quote(out) + " " + Quote(input));
  CHECK(p.exit_code == 0);
  for (const auto& f : Files(dir.path)) {
    std::string s = f.string();
    bool inside = s.rfind(out + "/", 0) == 0 || s.rfind(dir.path + "/in/", 0) == 0;
    CHECK(inside);
  }
  CHECK(Files(out).size() == 2);
}

// --- scale (issue 17): counts, not times -------------------------------------------------------
//
// Cost that grows faster than the work shows in what does not vary from run to run: the
// instructions the binary runs (valgrind's cachegrind, without cache simulation), the system
// calls it makes (strace) and its peak RSS. Each case runs a smaller and an 8x or 10x larger
// input and bounds the ratio a little above linear (a quadratic cost gives several times
// more). The sanitizers change what the process allocates and cannot run under valgrind or
// strace: these checks run in the normal build, and say so when they skip.

namespace {

// GCC defines __SANITIZE_ADDRESS__; clang 14 does not, and says so through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

bool HaveTool(const std::string& probe) {
  return std::system((probe + " >/dev/null 2>&1 </dev/null").c_str()) == 0;
}

/// Why these checks cannot run here, or empty.
std::string CountsUnavailable(const std::string& tool, const std::string& probe) {
  if (kSanitized) return "the sanitizers' build";
  if (!HaveTool(probe)) return tool + " is not installed or cannot run (scripts/install-deps.sh)";
  return {};
}

/// Instructions the binary runs for `args`, under cachegrind without cache simulation: the same
/// for the same binary and input whatever else the machine does.
std::uint64_t Instructions(const std::string& args) {
  TempDir tmp;
  const std::string err = tmp.path + "/err";
  const std::string command =
      "valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null " +
      Quote(TSIMPORT_BINARY) + " " + args + " >/dev/null 2>" + Quote(err) + " </dev/null";
  (void)std::system(command.c_str());
  const std::string text = ReadText(err);
  const std::size_t at = text.find("I   refs:");
  REQUIRE(at != std::string::npos);
  std::uint64_t n = 0;
  for (std::size_t i = at + 9; i < text.size() && text[i] != '\n'; ++i) {
    if (text[i] >= '0' && text[i] <= '9') n = n * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  REQUIRE(n > 0);
  return n;
}

/// Instructions for `small` and `large` (written to files), less those of a run on a tiny
/// sequence (start-up: the catalog), and their ratio.
double InstructionRatio(const std::string& args, const std::string& small,
                        const std::string& large) {
  TempDir dir;
  const std::uint64_t base =
      Instructions(args + " " + Quote(dir.Write("base.xml", kValidSequence)));
  const std::uint64_t s = Instructions(args + " " + Quote(dir.Write("small.xml", small)));
  const std::uint64_t l = Instructions(args + " " + Quote(dir.Write("large.xml", large)));
  INFO("instructions: start-up " << base << ", smaller " << s << ", larger " << l);
  REQUIRE(s > base);
  REQUIRE(l > s);
  const double ratio = static_cast<double>(l - base) / static_cast<double>(s - base);
  UNSCOPED_INFO("instruction ratio " << ratio);
  return ratio;
}

/// `tsimport -f none` on `large` (8x `small`) runs under 10x the instructions of `small`, less
/// start-up: linear, with room for what a run does once.
void CheckLinear(const std::string& small, const std::string& large) {
  const std::string why = CountsUnavailable("valgrind", "valgrind --version");
  if (!why.empty()) {
    WARN("instruction counts skipped: " << why);
    return;
  }
  CHECK(InstructionRatio("-f none", small, large) < 10);
}

/// Runs the binary with `args` (its streams on /dev/null) and returns its peak RSS in KiB,
/// through tests/peak_rss.cpp (see there why not directly).
long PeakRssKb(const std::string& args) {
  const std::string command =
      Quote(TSIMPORT_PEAK_RSS) + " " + Quote(TSIMPORT_BINARY) + " " + args + " </dev/null";
  FILE* f = ::popen(command.c_str(), "r");
  REQUIRE(f != nullptr);
  long kb = 0;
  const int got = std::fscanf(f, "%ld", &kb);
  ::pclose(f);
  REQUIRE(got == 1);
  REQUIRE(kb > 0);
  return kb;
}

std::string PackageId(std::size_t i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "CM1%05zX", i);
  return buf;
}

/// `n` Install Package steps, each naming a package of its own (every other one listed in
/// <referenceList>), and a Download Package Content step naming all of them; every step is
/// called "Install".
std::string ManyReferences(std::size_t n) {
  std::string refs;
  std::string steps;
  std::string list;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string id = PackageId(i);
    if (i % 2 == 0) refs += "<reference package=\"" + id + "\"/>\n";
    steps += "<step type=\"SMS_TaskSequence_InstallSoftwareAction\" name=\"Install\"><action>"
             "smsswd.exe /pkg:" + id + " /install</action><defaultVarList><variable "
             "name=\"PackageID\" property=\"PackageID\" hidden=\"true\">" + id +
             "</variable><variable name=\"_SMSSWDProgramName\" property=\"ProgramName\">Install"
             "</variable></defaultVarList></step>\n";
    list += (i > 0 ? "," : "") + id;
  }
  steps += "<step type=\"SMS_TaskSequence_DownloadPackageContentAction\" name=\"Install\">"
           "<action>OsdDownloadContent.exe</action><defaultVarList><variable "
           "name=\"OSDDownloadDownloadPackages\" property=\"DownloadPackages\">" + list +
           "</variable></defaultVarList></step>\n";
  return Sequence("<referenceList>\n" + refs + "</referenceList>\n<group name=\"Packages\">\n" +
                  steps + "</group>");
}

/// `n` empty unknown elements inside <sequence>, on one line.
std::string WideUnknownElements(std::size_t n) {
  std::string s = "<sequence version=\"3.10\">";
  for (std::size_t i = 0; i < n; ++i) s += "<x/>";
  return s + "</sequence>\n";
}

std::size_t CountRule(const ImportResult& r, const std::string& rule) {
  std::size_t n = 0;
  for (const auto& d : r.diagnostics) n += d.rule == rule;
  return n;
}

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("hostile: many references and same-named siblings: every finding, linear lint") {
  // Every use checked against <referenceList> once per step, every duplicate name reported.
  const ImportResult r = tsimport::test::ImportString(ManyReferences(2000));
  CHECK(CountRule(r, "TS7002") == 2000);  // 2,001 steps called "Install"
  CHECK(CountRule(r, "TS4001") == 2000);  // 1,000 unlisted packages, by their step and the list
  CHECK(CountRule(r, "TS4002") == 0);
  REQUIRE(r.external_dependencies.size() == 2000);
  CHECK(r.external_dependencies.front().uses.size() == 2);  // its Install step and the list
  // Each use was compared with every use before it: 8x the references cost 35x.
  CheckLinear(ManyReferences(500), ManyReferences(4000));
}

TEST_CASE("hostile: wide siblings on one line: each reported once, linear in time") {
  // 20,000 unknown elements: 20,000 warnings (kept, not part of the object), each with its place
  // in the one line.
  TempDir dir;
  const std::string path = dir.Write("wide.xml", WideUnknownElements(20000));
  Proc p = Tsimport("-f none " + Quote(path), "/dev/null", 120);
  CHECK(p.exit_code == 0);
  CHECK(Occurrences(p.err, ": warning[TS2002]: element <x> is not allowed inside <sequence> (kept, "
                           "but it is not part of the object)\n") == 20000);
  CHECK(p.err.find(path + ":1:79998: warning[TS2002]: element <x> is not allowed inside "
                          "<sequence> (kept, but it is not part of the object)\n") !=
        std::string::npos);  // the last one
  // Each diagnostic copied and searched the whole line for its source: 8x the elements cost
  // 37x (and every diagnostic's text was held at once).
  CheckLinear(WideUnknownElements(4000), WideUnknownElements(32000));
}

TEST_CASE("hostile: 2,000,000 sibling elements on one line: every one reported, in one run") {
  // The case: an 8 MB <sequence> of 2,000,000 empty unknown elements ran for more than
  // ten minutes and took 2.7 GB. Each is a warning at its column of the one line, and the
  // sequence is over ConfigMgr's size limit (TS3007, the one error). Standard error (about
  // 580 MB of human diagnostics) is counted through a pipe, not held; the time limit only
  // stops a hang, it does not judge the speed. The sanitizers' build, there to catch memory
  // errors rather than cost, runs a tenth of it (2,000,000 took 53 s under ASan on a loaded
  // 2-core machine).
  const std::size_t n = kSanitized ? 200000 : 2000000;
  TempDir dir;
  const std::string path = dir.Write("wide.xml", WideUnknownElements(n));
  const std::string code = dir.path + "/code";
  const std::string counted = dir.path + "/counted";
  const std::string command =
      "{ timeout -s KILL 600 " + Quote(TSIMPORT_BINARY) + " -f none " + Quote(path) +
      " 2>&1 >/dev/null </dev/null; echo $? >" + Quote(code) +
      "; } | awk 'index($0, \": warning[TS2002]: \") { n++; last = $0 } "
      "index($0, \": error[\") { errors = errors $0 \"\\n\" } "
      "index($0, \"1 task sequence: \") == 1 { totals = $0 } "
      "END { print n; print last; printf \"%s\", errors; print totals }' >" +
      Quote(counted);
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(ReadText(code) == "1\n");
  const std::string text = ReadText(counted);
  const std::string kWarning =
      ": warning[TS2002]: element <x> is not allowed inside <sequence> (kept, but it is not "
      "part of the object)";
  // The last one: after <sequence version="3.10"> (25 bytes), 4 bytes each.
  const std::string last_column = std::to_string(26 + 4 * (n - 1));
  CHECK(text.rfind(std::to_string(n) + "\n" + path + ":1:" + last_column + kWarning + "\n" +
                       path + ":1:1: error[TS3007]: ",
                   0) == 0);
  CHECK(text.find("\n1 task sequence: 1 imported, 0 invalid, 0 not imported; 0 inputs "
                  "unreadable; 1 error, " +
                  std::to_string(n) + " warnings; ") != std::string::npos);
}

TEST_CASE("hostile: many inputs: peak memory flat in their number, -O looks at each once") {
  // Copies of one sample, 200 and then 2,000 of them.
  TempDir dir;
  const std::string sample = ReadText("samples/win11-deploy.xml");
  for (int i = 0; i < 2000; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%s/ts-%04d.xml", i < 200 ? "few" : "more", i);
    dir.Write(name, sample);
  }
  // The many: the few and 1,800 more (directories given one after the other).
  const std::string few = dir.path + "/few";
  const std::string more = dir.path + "/more";
  if (kSanitized) {
    WARN("peak RSS and system call counts skipped: the sanitizers' build");
    return;
  }
  // Each input's output stayed allocated until the end (an emptied string keeps its buffer).
  const long rss_few = PeakRssKb("-r -j 2 -f json " + Quote(few));
  const long rss_many = PeakRssKb("-r -j 2 -f json " + Quote(few) + " " + Quote(more));
  INFO("peak RSS: 200 inputs " << rss_few << " KiB, 2,000 inputs " << rss_many << " KiB");
  CHECK(static_cast<double>(rss_many) <= 1.5 * static_cast<double>(rss_few));
  // -O: every output was compared with every input by stat: 2,000 inputs, 8 million calls.
  const std::string why = CountsUnavailable("strace", "strace -f -o /dev/null true");
  if (!why.empty()) {
    WARN("system call counts skipped: " << why);
    return;
  }
  auto stats = [&](const std::string& inputs) {
    const std::string log = dir.path + "/strace.log";
    const std::string out = dir.path + "/out";
    std::filesystem::remove_all(out);
    const std::string command = "strace -f -qq -e trace=%stat,%lstat,%fstat -o " + Quote(log) + " " +
                                Quote(TSIMPORT_BINARY) + " -r -f json -O " + Quote(out) + " " +
                                inputs + " >/dev/null 2>&1 </dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    // One line a call (a call interrupted by another thread's goes on a "resumed" line).
    const std::string text = ReadText(log);
    const std::size_t n = Occurrences(text, "\n") - Occurrences(text, "resumed>");
    std::filesystem::remove(log);
    return n;
  };
  const std::size_t stats_few = stats(Quote(few));
  const std::size_t stats_many = stats(Quote(few) + " " + Quote(more));
  INFO("stat calls: 200 inputs " << stats_few << ", 2,000 inputs " << stats_many);
  CHECK(stats_many <= 12 * 2000);
  CHECK(static_cast<double>(stats_many) <= 12.0 * static_cast<double>(stats_few));
}
