// -f html and -f markdown as documentation (docs/formats.md): the HTML page is self-contained
// and escapes every value (hostile names, descriptions, scripts and rules); the HTML of the
// samples matches its goldens; the documentation names references from the export zip's
// ReferencesInfo.xml, decodes values and uses the console's labels; -O writes an index.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sys/wait.h>

#include "input/zip.h"
#include "test_util.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using tsimport::ImportResult;
using tsimport::test::CompareOrUpdate;
using tsimport::test::ImportString;
using tsimport::test::ReadText;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

const tsimport::Catalog& Builtin() {
  static auto catalog = tsimport::Catalog::Builtin();
  return *catalog;
}

/// Every tag of an HTML text: its name (lower case, '/' first for an end tag) and its attribute
/// names. A '<' that opens no tag is reported as the tag "<".
struct Tag {
  std::string name;
  std::vector<std::string> attributes;
  std::vector<std::string> values;
};
std::vector<Tag> Tags(const std::string& html) {
  std::vector<Tag> out;
  static const std::regex attr(R"re(([a-zA-Z-]+)(?:="([^"]*)")?)re");
  for (std::size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    std::size_t end = html.find('>', i);
    REQUIRE(end != std::string::npos);
    std::string inside = html.substr(i + 1, end - i - 1);
    Tag t;
    std::size_t name_end = inside.find_first_of(" \n>");
    t.name = inside.substr(0, name_end);
    for (char& c : t.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name_end != std::string::npos) {
      std::string rest = inside.substr(name_end);
      for (std::sregex_iterator it(rest.begin(), rest.end(), attr), e; it != e; ++it) {
        t.attributes.push_back((*it)[1]);
        t.values.push_back((*it)[2]);
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

/// The page uses only the writer's own elements and attributes, links only to anchors of the
/// page, and every element it opens is closed in order (void elements aside).
void CheckPage(const std::string& html) {
  static const std::set<std::string> kElements = {
      "!doctype", "html", "head", "meta", "title", "style", "body", "main", "h1",   "h2",
      "h3",       "p",    "ul",   "li",   "table", "thead", "tbody", "tr",  "th",   "td",
      "code",     "pre",  "a",    "em",   "strong", "details", "summary", "section", "span", "br"};
  static const std::set<std::string> kAttributes = {"lang", "charset", "http-equiv", "content",
                                                    "name", "class", "id", "href", "open", "html"};
  static const std::set<std::string> kVoid = {"!doctype", "meta", "br"};
  std::vector<std::string> open;
  std::set<std::string> ids;
  std::vector<std::string> hrefs;
  // The style sheet is the writer's: its text is not markup.
  const std::size_t style = html.find("<style>");
  const std::size_t style_end = html.find("</style>");
  REQUIRE(style != std::string::npos);
  REQUIRE(style_end != std::string::npos);
  const std::string page = html.substr(0, style + 7) + html.substr(style_end);
  for (const Tag& t : Tags(page)) {
    INFO("<" << t.name << ">");
    const bool end = !t.name.empty() && t.name[0] == '/';
    const std::string name = end ? t.name.substr(1) : t.name;
    CHECK(kElements.count(name) == 1);
    for (std::size_t k = 0; k < t.attributes.size(); ++k) {
      CHECK(kAttributes.count(t.attributes[k]) == 1);
      if (t.attributes[k] == "id") CHECK(ids.insert(t.values[k]).second);
      if (t.attributes[k] == "href") hrefs.push_back(t.values[k]);
    }
    if (kVoid.count(name)) continue;
    if (end) {
      REQUIRE(!open.empty());
      CHECK(open.back() == name);
      open.pop_back();
    } else {
      open.push_back(name);
    }
  }
  CHECK(open.empty());
  for (const auto& h : hrefs) {
    INFO("href=" << h);
    REQUIRE(!h.empty());
    CHECK(h[0] == '#');
    if (h.size() > 1) CHECK(ids.count(h.substr(1)) == 1);
  }
  // Nothing is fetched and nothing runs.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("default-src 'none'; style-src 'unsafe-inline'") != std::string::npos);
}

const std::string kHostile =
    "<sequence version=\"3.10\">\n"
    "  <group name=\"&lt;script&gt;alert(1)&lt;/script&gt;\" description=\"&quot;&gt;&lt;img "
    "src=x onerror=alert(2)&gt; ' &amp;amp;\">\n"
    "    <step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"&quot; onmouseover=&quot;"
    "alert(3)\" description=\"&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;x&lt;/script&gt;\" "
    "runIn=\"WinPEandFullOS\" successCodeList=\"0 3010\">\n"
    "      <action>smsswd.exe /run: cmd /c echo \"&lt;/pre&gt;&lt;script&gt;\"</action>\n"
    "      <defaultVarList>\n"
    "        <variable name=\"CommandLine\" property=\"CommandLine\">cmd /c echo "
    "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt; '&quot;</variable>\n"
    "        <variable name=\"SMSTSDisableWow64Redirection\" property=\"DisableWow64Redirection\">"
    "false</variable>\n"
    "        <variable name=\"X&lt;y&gt;\" property=\"NotAProperty&quot;\">&lt;b&gt;</variable>\n"
    "      </defaultVarList>\n"
    "    </step>\n"
    "    <step type=\"SMS_TaskSequence_RunPowerShellScriptAction\" name=\"Script &lt;b&gt;\" "
    "runIn=\"FullOS\" successCodeList=\"0\">\n"
    "      <action>smsswd.exe /run: %SYSTEMROOT%\\system32\\WindowsPowerShell\\v1.0\\powershell.exe"
    "</action>\n"
    "      <defaultVarList>\n"
    "        <variable name=\"OSDRunPowerShellScriptSourceScript\" property=\"SourceScript\">"
    // UTF-8 with a BOM, base64: "Write-Host '</code></pre><script>alert(5)</script>' \"q\""
    "77u/V3JpdGUtSG9zdCAnPC9jb2RlPjwvcHJlPjxzY3JpcHQ+YWxlcnQoNSk8L3NjcmlwdD4nICJxIg==</variable>\n"
    "        <variable name=\"OSDRunPowerShellScriptExecutionPolicy\" property=\"ExecutionPolicy\">"
    "Bypass</variable>\n"
    "      </defaultVarList>\n"
    "    </step>\n"
    "    <step type=\"SMS_TaskSequence_SetVariableAction\" name=\"V\" runIn=\"WinPEandFullOS\" "
    "successCodeList=\"0\">\n"
    "      <condition><expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
    "<variable name=\"Operator\">equals</variable><variable name=\"Value\">&lt;script&gt;"
    "</variable><variable name=\"Variable\">A&quot;B</variable></expression></condition>\n"
    "      <action>tsenv.exe</action>\n"
    "      <defaultVarList>\n"
    "        <variable name=\"VariableName\" property=\"VariableName\">N</variable>\n"
    "        <variable name=\"VariableValue\" property=\"VariableValue\">&lt;/script&gt;"
    "</variable>\n"
    "      </defaultVarList>\n"
    "    </step>\n"
    "  </group>\n"
    "</sequence>\n";

}  // namespace

TEST_CASE("html: hostile names, descriptions, scripts, values and conditions are escaped") {
  ImportResult r = ImportString(kHostile);
  REQUIRE(r.task_sequence);
  const std::string html = tsimport::WriteHtml(r, Builtin());
  CheckPage(html);
  // The hostile text is there, as text.
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &#39; &amp;amp;") !=
        std::string::npos);
  CHECK(html.find("&quot; onmouseover=&quot;alert(3)") != std::string::npos);
  CHECK(html.find("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt; &#39;&quot;") !=
        std::string::npos);
  CHECK(html.find("Write-Host &#39;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;"
                  "&#39; &quot;q&quot;") != std::string::npos);
  CHECK(html.find("A&quot;B equals &quot;&lt;script&gt;&quot;") != std::string::npos);
  // The title too.
  CHECK(html.find("<title>test.xml</title>") != std::string::npos);
  // Markdown: no raw HTML from the input either: outside code, every '<' is escaped or opens
  // one of the writer's tags (anchors, the collapsed appendix).
  const std::string md = tsimport::WriteMarkdown(r, Builtin());
  std::string prose;
  bool fenced = false;
  for (const auto& line : tsimport::test::SplitLines(md)) {
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    // Code spans: from a run of backticks to the next run of the same length.
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        prose += line.substr(i, 2);
        i += 2;
        continue;
      }
      if (line[i] != '`') {
        prose += line[i++];
        continue;
      }
      std::size_t n = line.find_first_not_of('`', i) - i;
      const std::string fence(n, '`');
      std::size_t close = line.find(fence, i + n);
      while (close != std::string::npos && close + n < line.size() && line[close + n] == '`')
        close = line.find(fence, close + n + 1);
      REQUIRE(close != std::string::npos);
      i = close + n;
    }
    prose += '\n';
  }
  for (std::size_t at = prose.find('<'); at != std::string::npos; at = prose.find('<', at + 1)) {
    INFO(prose.substr(at, 40));
    const bool escaped = at > 0 && prose[at - 1] == '\\';
    const bool writers = prose.compare(at, 7, "<a id=\"") == 0 || prose.compare(at, 4, "</a>") == 0 ||
                         prose.compare(at, 9, "<details>") == 0 ||
                         prose.compare(at, 10, "</details>") == 0 ||
                         prose.compare(at, 9, "<summary>") == 0 ||
                         prose.compare(at, 10, "</summary>") == 0;
    CHECK((escaped || writers));
  }
  CHECK(prose.find("\\<script\\>alert(1)") != std::string::npos);
}

TEST_CASE("html: a title with markup") {
  ImportResult r = ImportString(
      "<sequence version=\"3.10\" name=\"a&lt;/title&gt;&lt;script&gt;b\">"
      "<step type=\"SMS_TaskSequence_RebootAction\" name=\"R\"><action>smsboot.exe</action>"
      "</step></sequence>",
      tsimport::Target::kAuto);
  REQUIRE(r.task_sequence);
  const std::string html = tsimport::WriteHtml(r, Builtin());
  CheckPage(html);
  CHECK(html.find("<title>a&lt;/title&gt;&lt;script&gt;b</title>") != std::string::npos);
  CHECK(html.find("<h1>a&lt;/title&gt;&lt;script&gt;b</h1>") != std::string::npos);
}

TEST_CASE("html golden: samples as the CLI writes them, a well-formed page for every sample") {
  for (const char* sample : {"samples/win11-deploy.xml", "samples/export/win11-deploy.zip",
                             "samples/valid/mdt-client.xml", "samples/invalid/misspelled-type.xml",
                             "samples/secrets.xml"}) {
    INFO(sample);
    auto r = RunCli({"-f", "html", "--fail-on", "never", sample});
    CHECK(r.exit_code == 0);
    std::string path = sample;
    path = path.substr(0, path.rfind('.')) + ".html";
    CompareOrUpdate(path, r.out);
    CheckPage(r.out);
  }
  for (const auto& entry : fs::recursive_directory_iterator("samples")) {
    if (entry.path().extension() != ".xml" || entry.path().parent_path().filename() == "out")
      continue;
    INFO(entry.path().string());
    auto r = RunCli({"-f", "html", "--fail-on", "never", entry.path().string()});
    if (r.out.empty()) continue;  // not a task sequence: no page
    CheckPage(r.out);
  }
}

TEST_CASE("html: several task sequences on one stream are refused, as for xml and mof") {
  auto r = RunCli({"-f", "html", "samples/win11-deploy.xml", "samples/secrets.xml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tsimport: -f html writes one document, and 2 inputs were given: use -O DIR to write one "
        "file per task sequence\n");
}

TEST_CASE("documentation: references by name from the export's ReferencesInfo.xml") {
  auto r = RunCli({"-f", "markdown", "--fail-on", "never", "samples/export/win11-deploy.zip"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("| Windows 11 Enterprise 23H2 x64 | OS image | `CM100010` |  | [13](#step-13) |") !=
        std::string::npos);
  CHECK(r.out.find("| Contoso Line-of-Business Suite | Application | "
                   "`ScopeId_49C675E5-1CDF-56B9-9DC3-22B8358A855A/"
                   "Application_a793c21c-791e-5309-8361-254f8c237a95` |  | [31](#step-31) |") !=
        std::string::npos);
  // A step's package shown by name, its ID beside it.
  CHECK(r.out.find("| Driver package | Drivers - Dell Latitude 7440 `CM100051` |") !=
        std::string::npos);
  // The same sequence bare: no names but the ones the sequence carries (AppInfo DisplayName).
  auto bare = RunCli({"-f", "markdown", "--fail-on", "never", "samples/win11-deploy.xml"});
  CHECK(bare.out.find("| Driver package | `CM100051` |") != std::string::npos);
  CHECK(bare.out.find("| Company Portal | Application |") != std::string::npos);
}

TEST_CASE("catalog: the console's label of a property, with its source, in --list-classes -f json") {
  auto r = RunCli({"--list-classes", "-f", "json"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"label\": \"Disable 64-bit file system redirection\",\n          "
                   "\"label_source\": \"ConfigMgr console (task sequence editor), as memdocs "
                   "configmgr/osd/understand/task-sequence-steps.md names the setting\"") !=
        std::string::npos);
  const tsimport::ClassDef* cls = Builtin().Find("SMS_TaskSequence_RunCommandLineAction");
  REQUIRE(cls != nullptr);
  REQUIRE(cls->Find("WorkingDirectory") != nullptr);
  CHECK(cls->Find("WorkingDirectory")->label == "Start in");
}

TEST_CASE("documentation: the console's labels, decoded values, the execution-number rule once") {
  auto r = RunCli({"-f", "markdown", "--fail-on", "never", "samples/export/win11-deploy.zip"});
  const std::string& md = r.out;
  CHECK(md.find("| Disable 64-bit file system redirection | no |") != std::string::npos);
  CHECK(md.find("| Install only the best matched compatible drivers | yes |") != std::string::npos);
  CHECK(md.find("| Minimum memory (MB) | 4096 |") != std::string::npos);
  CHECK(md.find("- **Last changed:** 2026-11-20 09:30:00 UTC\n") != std::string::npos);
  CHECK(md.find("| Program flags | DEFAULT\\_PROGRAM, UNATTENDED, ADMINRIGHTS, USEUNCPATH, "
                "HIDEWINDOW, ANY\\_PLATFORM 152084496 |") == std::string::npos);
  CHECK(md.find("| Program flags | DEFAULT\\_PROGRAM, UNATTENDED, ADMINRIGHTS, USEUNCPATH, "
                "HIDEWINDOW, ANY\\_PLATFORM `152084496` |") != std::string::npos);
  CHECK(md.find("```powershell\n") != std::string::npos);
  CHECK(md.find("**Runs only if** \\_SMSTSInWinPE equals \"false\".") != std::string::npos);
  // The package internals are in the collapsed appendix, after the steps.
  CHECK(md.find("<details>\n<summary>Package properties (SMS_TaskSequencePackage)</summary>") >
        md.find("## Steps"));
  // The rule of the numbers is stated once.
  std::size_t n = 0;
  for (std::size_t at = md.find("one more where it ends"); at != std::string::npos;
       at = md.find("one more where it ends", at + 1))
    ++n;
  CHECK(n == 1);
  // An import error and lint errors are told apart.
  auto bad = RunCli({"-f", "markdown", "--fail-on", "never", "samples/invalid/misspelled-type.xml"});
  CHECK(bad.out.find("- **Import:** would not import: ImportSequence would return -2147217392 "
                     "(0x80041010), because of TS2001 at line 3: unknown step class "
                     "'SMS\\_TaskSequence\\_RunComandLineAction'; did you mean "
                     "'SMS\\_TaskSequence\\_RunCommandLineAction'?\n") != std::string::npos);
}

TEST_CASE("out-dir -O with markdown or html writes an index linking every page") {
  TempDir dir;
  for (const char* format : {"markdown", "html"}) {
    INFO(format);
    const std::string out = dir.path + "/" + format;
    auto r = RunCli({"-f", format, "-O", out, "--fail-on", "never", "samples/win11-deploy.xml",
                     "samples/export/win11-deploy.zip", "samples/invalid/misspelled-type.xml"});
    CHECK(r.exit_code == 0);
    const std::string ext = std::string(format) == "html" ? ".html" : ".md";
    const std::string index = ReadText(out + "/index" + ext);
    for (const char* page : {"samples/win11-deploy", "samples/export/win11-deploy",
                             "samples/invalid/misspelled-type"}) {
      INFO(page);
      CHECK(fs::exists(out + "/" + page + ext));
      CHECK(index.find("(" + std::string(page) + ext + ")") + index.find("href=\"" + std::string(page) + ext + "\"") !=
            2 * std::string::npos);
    }
    if (ext == ".md") {
      CHECK(index.find("3 task sequences: 2 would import, 1 would not.") != std::string::npos);
      CHECK(index.find("| [Deploy Windows 11 Enterprise 23H2](samples/export/win11-deploy.md) | "
                       "`CM100120` | 8 | 26 (1 disabled) | yes | 0 errors, 2 warnings |") !=
            std::string::npos);
      CHECK(index.find("| no: 0x80041010 TS2001: unknown step class") != std::string::npos);
    }
  }
  CompareOrUpdate("samples/export/index.md",
                  ReadText(dir.path + "/markdown/index.md"));
  // An input whose page would be the index is refused before anything is written.
  TempDir other;
  const std::string input = other.Write("index.xml", ReadText("samples/secrets.xml"));
  auto r = RunCli({"-f", "markdown", "-O", other.path + "/out", input});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("over the index of the run") != std::string::npos);
}

// --- in a real browser ---------------------------------------------------------------------

namespace {

/// Loads `file` in headless Chromium; its serialized DOM once loaded, and the console messages
/// Chromium logged (":CONSOLE" lines of --enable-logging=stderr: script errors, blocked fetches).
struct Loaded {
  int status = -1;
  std::string dom;
  std::vector<std::string> console;
};
Loaded LoadInChromium(const std::string& file, const TempDir& dir) {
  Loaded out;
  const std::string dom = dir.path + "/dom.html";
  const std::string log = dir.path + "/chromium.log";
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  const std::string command =
      "chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir='" +
      dir.path + "/profile' --enable-logging=stderr --v=0 --dump-dom 'file://" +
      fs::absolute(file).string() + "' > '" + dom + "' 2> '" + log + "'";
  const int status = std::system(command.c_str());
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.dom = ReadText(dom);
  for (const auto& line : tsimport::test::SplitLines(ReadText(log))) {
    if (line.find(":CONSOLE") != std::string::npos) out.console.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("browser: the HTML of samples loads in headless Chromium with no console message, "
          "with its overview table and every step's anchor") {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0) {
    if (tsimport::test::InCi()) FAIL("chromium is not installed, and CI must have it");
    WARN("skipped: chromium is not installed (Debian: apt-get install chromium)");
    return;
  }
  TempDir dir;
  // The check sees what it looks for: a page whose script fails and whose image is blocked
  // logs console messages, and its DOM is dumped.
  const std::string control = dir.Write(
      "control.html",
      "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
      "content=\"default-src 'none'\"></head><body><p id=\"here\">x</p>"
      "<script>console.error('boom')</script><img src=\"http://example.invalid/a.png\"></body>"
      "</html>");
  const Loaded c = LoadInChromium(control, dir);
  REQUIRE(c.status == 0);
  CHECK(c.dom.find("id=\"here\"") != std::string::npos);
  CHECK(c.console.size() >= 2);

  for (const char* sample : {"samples/win11-deploy.xml", "samples/export/win11-deploy.zip",
                             "samples/valid/mdt-client.xml", "samples/secrets.xml"}) {
    INFO(sample);
    auto imported = tsimport::Import(ReadText(sample), sample, tsimport::ImportOptions());
    REQUIRE(imported.size() == 1);
    const ImportResult& r = imported.front();
    REQUIRE(r.task_sequence);
    const std::string page = dir.Write("page.html", tsimport::WriteHtml(r, Builtin()));
    const Loaded l = LoadInChromium(page, dir);
    CHECK(l.status == 0);
    for (const auto& line : l.console) FAIL_CHECK("console: " << line);
    CHECK(l.dom.find("<table id=\"overview-table\">") != std::string::npos);
    std::size_t anchors = 0;
    std::vector<const tsimport::Instance*> stack;
    for (const auto& s : r.task_sequence->root.Find("Steps")->value.objects) stack.push_back(&s);
    while (!stack.empty()) {
      const tsimport::Instance* s = stack.back();
      stack.pop_back();
      const std::string id = "id=\"step-" + std::to_string(s->step_number) + "\"";
      INFO(id);
      CHECK(l.dom.find(id) != std::string::npos);
      // The overview links to it.
      CHECK(l.dom.find("href=\"#step-" + std::to_string(s->step_number) + "\"") !=
            std::string::npos);
      ++anchors;
      if (const tsimport::Property* c = s->Find("Steps"); c && s->role == tsimport::InstanceRole::kGroup)
        for (const auto& x : c->value.objects) stack.push_back(&x);
    }
    CHECK(anchors == r.task_sequence->groups + r.task_sequence->steps);
  }
}

TEST_CASE("zip: the metadata read for the documentation is bounded (4 MiB a member, 32 MiB in all)") {
  // Text that deflate cannot shrink much (a pseudo-random 64 KiB period, past its window).
  std::string chunk;
  std::uint32_t x = 12345;
  for (int i = 0; i < (64 << 10); ++i) {
    x = x * 1103515245u + 12345u;
    chunk += static_cast<char>('a' + (x >> 16) % 26);
  }
  std::string big;
  while (big.size() < (4u << 20) - (64u << 10)) big += chunk;
  std::vector<std::pair<std::string, std::string>> members = {
      {"SMS_TaskSequencePackage/CM100001/object.xml",
       ReadText("samples/shapes/object-escaped.xml")},
      {"SMS_TaskSequencePackage/CM100001/ReferencesInfo.xml", big + "x"}};
  for (int i = 0; i < 9; ++i)
    members.push_back({"SMS_Application/App" + std::to_string(i) + "/object.xml", big});
  members.push_back({"SMS_Application/Huge/object.xml", big + big});  // over 4 MiB: left out
  const std::string zip = tsimport::test::MakeZip(members);
  std::vector<tsimport::Diagnostic> diagnostics;
  const auto contents = tsimport::detail::ReadExportZip(zip, "t.zip", {}, diagnostics);
  REQUIRE(contents.ok);
  CHECK(diagnostics.empty());
  std::uint64_t total = 0;
  for (const auto& m : contents.metadata) {
    CHECK(m.name != "SMS_Application/Huge/object.xml");
    total += m.bytes.size();
  }
  CHECK(total == contents.metadata_bytes);
  CHECK(total <= (32u << 20));
  CHECK(contents.metadata.size() == 8);  // 8 of the 10 members under 4 MiB fit in 32 MiB
  // The import is the same as without the metadata: it reads no name from this garbage.
  auto results = tsimport::Import(zip, "t.zip", tsimport::ImportOptions());
  REQUIRE(results.size() == 1);
  CHECK(results.front().task_sequence);
  CHECK(results.front().reference_names.empty());
}
