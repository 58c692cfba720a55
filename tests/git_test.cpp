// docs/git.md and examples/github-pr-diff.yml, run for real: the textconv driver and the
// difftool in a scratch git repository (every example of the page, and the .gitconfig form),
// the workflow's "Compare" script on a pull request's two commits, and its comment script with
// GitHub's API stubbed (under node, when node is there).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "diff_examples.h"
#include "test_util.h"

namespace fs = std::filesystem;
using tsimport::test::CliResult;
using tsimport::test::ReadText;
using tsimport::test::RunExample;
using tsimport::test::TempDir;

namespace {

const std::string kSource = TSIMPORT_SOURCE_DIR;

bool Have(const char* tool) {
  return RunExample(std::string("command -v ") + tool + " >/dev/null", ".").exit_code == 0;
}

/// Git with a home of its own: nothing of the user's configuration, nothing written to it.
std::string GitEnv(const TempDir& home) {
  return "HOME='" + home.path +
         "'\nexport HOME\nunset GIT_DIR GIT_WORK_TREE\n"
         "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
         "GIT_COMMITTER_EMAIL=t@example.com\nexport GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL "
         "GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE\n"
         "GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE='2024-01-01T00:00:00Z'\n";
}

CliResult Sh(const std::string& command, const std::string& dir, const std::string& env) {
  return RunExample(command, dir, env);
}

/// The repository of docs/git.md: deploy-v1 committed as tasksequences/deploy.xml, deploy-v2 in
/// the working tree, and old.xml (the base version) beside it.
void MakeRepository(const std::string& dir, const std::string& env) {
  fs::create_directories(dir + "/tasksequences");
  fs::copy_file(kSource + "/samples/diff/deploy-v1.xml", dir + "/tasksequences/deploy.xml");
  REQUIRE(Sh("git init -q . && git add . && git commit -qm v1", dir, env).exit_code == 0);
  fs::copy_file(kSource + "/samples/diff/deploy-v2.xml", dir + "/tasksequences/deploy.xml",
                fs::copy_options::overwrite_existing);
  fs::copy_file(kSource + "/samples/diff/deploy-v1.xml", dir + "/old.xml");
}

/// The lines of a YAML block scalar (`key: |`) after the first line matching `after`, with the
/// block's indentation removed.
std::string YamlBlock(const std::string& path, const std::string& after, const std::string& key) {
  std::ifstream in(path);
  std::string line, out;
  bool seen = false, inside = false;
  std::size_t indent = 0;
  while (std::getline(in, line)) {
    if (!seen) {
      seen = line.find(after) != std::string::npos;
      continue;
    }
    if (!inside) {
      const std::size_t k = line.find(key + ": |");
      if (k != std::string::npos && line.find_first_not_of(' ') == k) {
        inside = true;
        indent = k + 2;
      }
      continue;
    }
    if (!line.empty() && line.find_first_not_of(' ') < indent) break;
    out += (line.size() >= indent ? line.substr(indent) : std::string()) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("git: every example of docs/git.md, in a scratch repository") {
  if (!Have("git")) {
    WARN("git is not installed: docs/git.md is not checked (scripts/install-deps.sh installs it)");
    return;
  }
  TempDir home, repo;
  const std::string env = GitEnv(home);
  MakeRepository(repo.path, env);
  auto examples = tsimport::test::DocExamples(kSource + "/docs/git.md", "");
  REQUIRE(examples.size() >= 8);
  std::size_t git_diffs = 0;
  for (const auto& ex : examples) {
    INFO("$ " << ex.command);
    CliResult r = Sh(ex.command, repo.path, env);
    CHECK(r.out == ex.output);
    git_diffs += ex.command.rfind("git diff", 0) == 0 || ex.command.rfind("git difftool", 0) == 0;
  }
  CHECK(git_diffs == 2);
  // git log -p and git show use the driver too, once the change is committed.
  REQUIRE(Sh("git commit -qam v2", repo.path, env).exit_code == 0);
  CliResult log = Sh("git log -p -1 --format=%s -- tasksequences/deploy.xml", repo.path, env);
  CHECK(log.out.find("+    VariableValue: 3600\n") != std::string::npos);
  CHECK(log.out.find("-  Step: Show IP Configuration  [Run Command Line]\n") != std::string::npos);
  // The hunk header names the step or group a change is in (xfuncname).
  CliResult words =
      Sh("git log -p -1 -U0 --format=%s -- tasksequences/deploy.xml | grep '^@@'", repo.path, env);
  CHECK(words.out ==
        "@@ -5 +5 @@ Group: Prepare\n"
        "@@ -10 +10 @@ Step: Set Error Dialog Timeout  [Set Task Sequence Variable]\n"
        "@@ -17 +17 @@ Step: Apply Operating System  [Apply Operating System Image]\n"
        "@@ -18,0 +19 @@ Step: Apply Operating System  [Apply Operating System Image]\n"
        "@@ -19,0 +21 @@ Step: Copy Logs  [Run Command Line]\n");
}

TEST_CASE("git: the .gitconfig form of docs/git.md does the same, and other XML still diffs") {
  if (!Have("git")) {
    WARN("git is not installed: docs/git.md is not checked");
    return;
  }
  TempDir home, repo;
  const std::string env = GitEnv(home);
  MakeRepository(repo.path, env);
  // The [diff] and [difftool] sections of the page, appended to the repository's config.
  std::ifstream doc(kSource + "/docs/git.md");
  std::string line, ini;
  bool inside = false;
  while (std::getline(doc, line)) {
    if (line == "```ini") {
      inside = true;
    } else if (inside && line == "```") {
      break;
    } else if (inside) {
      ini += line + "\n";
    }
  }
  REQUIRE(ini.find("[diff \"tasksequence\"]") != std::string::npos);
  {
    std::ofstream config(repo.path + "/.git/config", std::ios::app);
    config << ini;
  }
  std::ofstream(repo.path + "/.gitattributes") << "*.xml diff=tasksequence\n";
  std::string git_diff, difftool;
  for (const auto& ex : tsimport::test::DocExamples(kSource + "/docs/git.md", "")) {
    if (ex.command == "git diff tasksequences/deploy.xml") git_diff = ex.output;
    if (ex.command.rfind("git difftool -y", 0) == 0) difftool = ex.output;
  }
  REQUIRE(!git_diff.empty());
  REQUIRE(!difftool.empty());
  CHECK(Sh("git diff tasksequences/deploy.xml", repo.path, env).out == git_diff);
  CHECK(Sh("git difftool -y -t tasksequence tasksequences/deploy.xml", repo.path, env).out ==
        difftool);
  // An XML file that is not a task sequence: its text, as without the driver.
  std::ofstream(repo.path + "/build.xml") << "<project>\n  <target name=\"a\"/>\n</project>\n";
  REQUIRE(Sh("git add build.xml && git commit -qm build", repo.path, env).exit_code == 0);
  std::ofstream(repo.path + "/build.xml") << "<project>\n  <target name=\"b\"/>\n</project>\n";
  CliResult r = Sh("git diff build.xml", repo.path, env);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("-  <target name=\"a\"/>\n+  <target name=\"b\"/>\n") != std::string::npos);
}

TEST_CASE("git: the pull-request workflow's Compare script, on a pull request's two commits") {
  if (!Have("git") || !Have("bash")) {
    WARN("git or bash is not installed: examples/github-pr-diff.yml is not checked");
    return;
  }
  const std::string workflow = kSource + "/examples/github-pr-diff.yml";
  const std::string script = YamlBlock(workflow, "id: diff", "run");
  REQUIRE(script.find("tsimport diff --format markdown") != std::string::npos);
  TempDir home, repo;
  const std::string env = GitEnv(home);
  const std::string ts = repo.path + "/tasksequences";
  fs::create_directories(ts);
  // Base: the sample, one to be removed, one only saved again, one that is not a task sequence.
  fs::copy_file(kSource + "/samples/diff/deploy-v1.xml", ts + "/deploy.xml");
  fs::copy_file(kSource + "/samples/shapes/sequence.xml", ts + "/removed.xml");
  fs::copy_file(kSource + "/samples/shapes/sequence.xml", ts + "/resaved.xml");
  std::ofstream(repo.path + "/notes.xml") << "<notes>1</notes>\n";
  REQUIRE(Sh("git init -q . && git add . && git commit -qm base", repo.path, env).exit_code == 0);
  // Head: the sample's new version, one removed, one added, one in UTF-16, the notes changed.
  fs::copy_file(kSource + "/samples/diff/deploy-v2.xml", ts + "/deploy.xml",
                fs::copy_options::overwrite_existing);
  fs::remove(ts + "/removed.xml");
  fs::copy_file(kSource + "/samples/valid/RebootAction.xml", ts + "/added.xml");
  fs::copy_file(kSource + "/samples/shapes/sequence-utf16le-bom.xml", ts + "/resaved.xml",
                fs::copy_options::overwrite_existing);
  std::ofstream(repo.path + "/notes.xml") << "<notes>2</notes>\n";
  REQUIRE(Sh("git add -A && git commit -qm head", repo.path, env).exit_code == 0);
  const std::string base = Sh("git rev-parse HEAD~1", repo.path, env).out.substr(0, 40);
  const std::string head = Sh("git rev-parse HEAD", repo.path, env).out.substr(0, 40);
  std::ofstream(repo.path + "/run.sh") << script;
  const std::string run_env = env + "BASE_SHA=" + base + " HEAD_SHA=" + head + " GITHUB_OUTPUT='" +
                              repo.path +
                              "/output'\nexport BASE_SHA "
                              "HEAD_SHA GITHUB_OUTPUT\n";
  CliResult r = Sh("bash run.sh", repo.path, run_env);
  REQUIRE(r.exit_code == 0);
  CHECK(ReadText(repo.path + "/output") == "changed=true\n");
  // What it wrote: the marker, the added file, the sample's diff, the removed file; nothing for
  // the file saved again in another encoding, nor for the notes.
  fs::copy_file(kSource + "/samples/diff/deploy-v1.xml", home.path + "/old.xml");
  CliResult diff =
      Sh("tsimport diff --format markdown --label 'tasksequences/deploy.xml@" + base.substr(0, 7) +
             "' --label 'tasksequences/deploy.xml@" + head.substr(0, 7) + "' '" + home.path +
             "/old.xml' tasksequences/deploy.xml",
         repo.path, env);
  REQUIRE(diff.exit_code == 1);
  const std::string expected =
      "<!-- tsimport-diff -->\n\n**Added:** `tasksequences/added.xml`\n\n" + diff.out +
      "\n**Removed:** `tasksequences/removed.xml`\n";
  CHECK(ReadText(repo.path + "/tsimport-diff.md") == expected);
  CHECK(r.out == expected);
}

TEST_CASE("git: the pull-request workflow's comment script creates its comment, then updates it") {
  if (!Have("node")) {
    WARN("node is not installed: the comment script of examples/github-pr-diff.yml is not run");
    return;
  }
  const std::string script =
      YamlBlock(kSource + "/examples/github-pr-diff.yml", "uses: actions/github-script", "script");
  REQUIRE(script.find("createComment") != std::string::npos);
  TempDir dir;
  // GitHub's client and context, stubbed: the calls are printed as JSON.
  auto run = [&](const std::string& existing, const std::string& body) {
    std::ofstream(dir.path + "/tsimport-diff.md") << body;
    std::ofstream(dir.path + "/run.js")
        << "const calls = [];\n"
           "const github = {\n"
           "  paginate: async (fn, args) => { calls.push(['list', args]); return "
        << existing
        << "; },\n"
           "  rest: { issues: {\n"
           "    listComments: () => {},\n"
           "    updateComment: async (a) => { calls.push(['update', a]); },\n"
           "    createComment: async (a) => { calls.push(['create', a]); } } } };\n"
           "const context = { repo: { owner: 'contoso', repo: 'osd' }, issue: { number: 7 } };\n"
           "(async () => {\n"
        << script
        << "})().then(() => console.log(JSON.stringify(calls)), (e) => { console.error(e); "
           "process.exit(1); });\n";
    return Sh("node run.js", dir.path, "");
  };
  const std::string body = "<!-- tsimport-diff -->\n## Task sequence changes\n";
  CliResult first = run("[]", body);
  CHECK(first.exit_code == 0);
  CHECK(first.out ==
        "[[\"list\",{\"owner\":\"contoso\",\"repo\":\"osd\",\"issue_number\":7}],[\"create\","
        "{\"owner\":\"contoso\",\"repo\":\"osd\",\"issue_number\":7,\"body\":\"<!-- "
        "tsimport-diff -->\\n## Task sequence changes\\n\"}]]\n");
  CliResult again =
      run("[{id: 4, body: 'LGTM'}, {id: 5, body: '<!-- tsimport-diff -->\\nolder'}]", body);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("[\"update\",{\"owner\":\"contoso\",\"repo\":\"osd\",\"comment_id\":5,"
                       "\"body\":\"<!-- tsimport-diff -->\\n## Task sequence changes\\n\"}]") !=
        std::string::npos);
  // A diff longer than a comment holds is cut, and says so.
  CliResult longer = run("[]", "<!-- tsimport-diff -->\n" + std::string(70000, 'x'));
  CHECK(longer.exit_code == 0);
  CHECK(longer.out.find("(cut: the whole diff is in the log of this job)") != std::string::npos);
  CHECK(longer.out.find(std::string(65001, 'x')) == std::string::npos);
}
