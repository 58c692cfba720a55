// The command line as a CI gate (issue #15): one annotation a line, runs that fail closed
// (unreadable folders, nothing to check, interruptions), no secret in any diagnostics format,
// machine output that parses, and messages a user can act on.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "test_util.h"
#include "tsimport/catalog.h"
#include "tsimport/write.h"

namespace fs = std::filesystem;
using tsimport::test::ReadText;
using tsimport::test::RunCli;
using tsimport::test::TempDir;

namespace {

/// The lines of a text (without their line ends; a last line without one counts).
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// Two findings of each severity-kind in one file: an unknown class in a step whose name holds
/// every character the workflow commands escape (%, colon, comma, CR, LF), an unknown attribute
/// (a warning) and a disabled step (an info).
const char* kAnnotated = R"(<sequence version="3.10">
  <group name="G" description="">
    <step type="SMS_TaskSequence_RunComandLineAction" name="100% sure, really: yes&#13;&#10;next" description="" runIn="WinPEandFullOS"><action>x</action></step>
    <step type="SMS_TaskSequence_RunCommandLineAction" name="Odd" description="" colour="red" disable="true" runIn="WinPEandFullOS"><action>cmd</action><defaultVarList><variable name="CommandLine" property="CommandLine">cmd</variable><variable name="SuccessCodes" property="SuccessCodes">0</variable></defaultVarList></step>
  </group>
</sequence>
)";

}  // namespace

TEST_CASE(
    "github annotations: one workflow command a line, for several findings in several files") {
  TempDir dir;
  // A file name holding the characters a property escapes (comma, colon) and one without.
  std::string first = dir.Write("a,b:c.xml", kAnnotated);
  std::string second = dir.Write("second.xml", kAnnotated);
  auto r = RunCli({"--diagnostics", "github", first, second});
  CHECK(r.exit_code == 1);
  const std::string msg =
      "unknown step class 'SMS_TaskSequence_RunComandLineAction'; did you mean "
      "'SMS_TaskSequence_RunCommandLineAction'? [step 1: G/100%25 sure, really: yes%0D%0Anext]";
  std::vector<std::string> expected;
  for (const std::string& file : {dir.path + "/a%2Cb%3Ac.xml", dir.path + "/second.xml"}) {
    expected.push_back("::error file=" + file + ",line=3,col=11,title=TS2001::" + msg);
    expected.push_back("::warning file=" + file +
                       ",line=4,col=82,title=TS2003::unknown attribute 'colour' on <step> (kept, "
                       "but it sets no property) [step 2: G/Odd]");
    expected.push_back("::notice file=" + file +
                       ",line=4,col=95,title=TS7003::step 'Odd' is disabled: it never runs [step "
                       "2: G/Odd]");
  }
  // Every record ends its line; the totals line follows on stdout, not between records.
  CHECK(Lines(r.err) == expected);
  CHECK(r.err.back() == '\n');
}

TEST_CASE("azure annotations: one logging command a line, for several findings in several files") {
  TempDir dir;
  std::string first = dir.Write("a;b]c.xml", kAnnotated);
  std::string second = dir.Write("second.xml", kAnnotated);
  auto r = RunCli({"--diagnostics", "azure", first, second});
  CHECK(r.exit_code == 1);
  const std::string msg =
      "unknown step class 'SMS_TaskSequence_RunComandLineAction'; did you mean "
      "'SMS_TaskSequence_RunCommandLineAction'? [step 1: G/100%AZP25 sure, really: yes%0D%0Anext]";
  std::vector<std::string> expected;
  for (const auto& [file, shown] : std::vector<std::pair<std::string, std::string>>{
           {dir.path + "/a%3Bb%5Dc.xml", first}, {dir.path + "/second.xml", second}}) {
    expected.push_back("##vso[task.logissue type=error;sourcepath=" + file +
                       ";linenumber=3;columnnumber=11;code=TS2001]" + msg);
    expected.push_back("##vso[task.logissue type=warning;sourcepath=" + file +
                       ";linenumber=4;columnnumber=82;code=TS2003]unknown attribute 'colour' on "
                       "<step> (kept, but it sets no property) [step 2: G/Odd]");
    // Azure has no issue type for an info: a plain line, never a logging command.
    expected.push_back(shown +
                       ":4:95: info: step 'Odd' is disabled: it never runs [step 2: G/Odd] "
                       "[TS7003]");
  }
  CHECK(Lines(r.err) == expected);
  CHECK(r.err.back() == '\n');
}

TEST_CASE("the repository root holds no file that a test run wrote") {
  // CTest runs each test as `tsimport_tests "<name>"`, and Catch reads a name that starts with a
  // dash as options: "-o writes the output..." once made Catch write its report to a file named
  // "writes the output atomically and refuses to overwrite the input" at the root.
  for (const auto& test : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    INFO("test case '" << test.name << "'");
    CHECK(test.name.front() != '-');
  }
  // Test names have spaces; the project's own files at the root do not.
  for (const auto& e : fs::directory_iterator(TSIMPORT_SOURCE_DIR)) {
    if (!e.is_regular_file()) continue;
    std::string name = e.path().filename().string();
    INFO("file at the repository root: '" << name << "'");
    CHECK(name.find(' ') == std::string::npos);
  }
}

// --- fail closed ----------------------------------------------------------------------------

namespace {

struct Outcome {
  int exit_code = -1;  ///< exit status; 128 + signal when the process was killed by one
  std::string out;
  std::string err;
};

/// Runs the real binary through the shell with `args`, as a user who is not root (setpriv to
/// nobody when the tests run as root, who reads any folder whatever its permissions).
Outcome RunAsUser(const std::string& args) {
  TempDir streams;
  ::chmod(streams.path.c_str(), 0777);
  std::string command =
      std::string(::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "") +
      "'" + TSIMPORT_BINARY + "' " + args + " >'" + streams.path + "/out' 2>'" + streams.path +
      "/err'";
  Outcome o;
  int status = std::system(command.c_str());
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.out = ReadText(streams.path + "/out");
  o.err = ReadText(streams.path + "/err");
  return o;
}

/// A tree a user who is not root can read, but for one folder.
struct LockedTree {
  TempDir dir;
  std::string locked;
  LockedTree() {
    dir.Write("tree/ok/valid.xml", ReadText("samples/valid/RebootAction.xml"));
    dir.Write("tree/locked/inner.xml", ReadText("samples/invalid/misspelled-type.xml"));
    for (const char* p : {"", "/tree", "/tree/ok"}) ::chmod((dir.path + p).c_str(), 0755);
    ::chmod((dir.path + "/tree/ok/valid.xml").c_str(), 0644);
    locked = dir.path + "/tree/locked";
    ::chmod(locked.c_str(), 0);
  }
};

}  // namespace

TEST_CASE("fail closed: -r reports a folder it cannot read (TS1001, exit 5)") {
  LockedTree tree;
  auto r = RunAsUser("-r '" + tree.dir.path + "/tree'");
  CHECK(r.exit_code == 5);
  CHECK(r.err == tree.locked + ": error[TS1001]: cannot read the folder " + tree.locked +
                     ": permission denied; what it holds was not checked\n"
                     "  = ImportSequence would return 0x80070005\n");
  auto lines = Lines(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "unreadable  " + tree.locked +
                        "  1 error, 0 warnings  ReturnValue -2147024891 "
                        "(0x80070005)");
  CHECK(lines[1].rfind("ok  " + tree.dir.path + "/tree/ok/valid.xml", 0) == 0);
  CHECK(lines[2].rfind("1 task sequence: 1 imported, 0 invalid, 0 not imported; 1 input "
                       "unreadable; 1 error, 0 warnings; ",
                       0) == 0);
  // In a machine format too: the folder is a failing input.
  auto sarif = RunAsUser("-r --diagnostics gcc '" + tree.dir.path + "/tree'");
  CHECK(sarif.exit_code == 5);
  CHECK(sarif.err == tree.locked + ":0:0: error: cannot read the folder " + tree.locked +
                         ": permission denied; what it holds was not checked [TS1001]\n");
}

TEST_CASE(
    "fail closed: nothing to check is an error of its own (TS1008, exit 7), unless "
    "--allow-empty") {
  TempDir dir;
  dir.Write("tasksequences/README.txt", "exports go here\n");
  const std::string folder = dir.path + "/tasksequences";
  auto r = RunCli({"-r", folder});
  CHECK(r.exit_code == 7);
  CHECK(r.err == folder + ": error[TS1008]: nothing to check: the folder " + folder +
                     " holds no *.xml or *.zip file (pass --allow-empty if that is expected)\n");
  CHECK(Lines(r.out).at(0) == "empty  " + folder + "  1 error, 0 warnings");
  CHECK(r.out.find("0 task sequences: 0 imported, 0 invalid, 0 not imported; 0 inputs "
                   "unreadable; 1 error, 0 warnings; ") != std::string::npos);
  // A folder with no files at all, in a CI report.
  fs::create_directories(dir.path + "/none");
  auto sarif = RunCli({"-r", "--diagnostics", "sarif", dir.path + "/none"});
  CHECK(sarif.exit_code == 7);
  auto report = nlohmann::json::parse(sarif.err);
  CHECK(report["runs"][0]["results"][0]["ruleId"] == "TS1008");
  // --fail-on never does not hide it: nothing was checked.
  CHECK(RunCli({"-r", "--fail-on", "never", folder}).exit_code == 7);
  // Expected to be empty: exit 0.
  auto allowed = RunCli({"-r", "--allow-empty", folder});
  CHECK(allowed.exit_code == 0);
  CHECK(allowed.err.empty());
  CHECK(allowed.out.rfind("0 task sequences: 0 imported, 0 invalid, 0 not imported; 0 inputs "
                          "unreadable; 0 errors, 0 warnings; ",
                          0) == 0);
  // An empty folder beside one with something to check: the run checked something.
  CHECK(RunCli({"-r", folder, "samples/valid/RebootAction.xml"}).exit_code == 0);
}

namespace {

/// The real binary, started with its standard input a pipe that this test holds open (so that
/// it waits there), its standard output and error read by the test.
struct Child {
  pid_t pid = -1;
  int in = -1, out = -1, err = -1;
  std::string out_text, err_text;

  explicit Child(const std::vector<std::string>& args) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    REQUIRE(::pipe(in_pipe) == 0);
    REQUIRE(::pipe(out_pipe) == 0);
    REQUIRE(::pipe(err_pipe) == 0);
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::dup2(in_pipe[0], 0);
      ::dup2(out_pipe[1], 1);
      ::dup2(err_pipe[1], 2);
      for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
        ::close(fd);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(TSIMPORT_BINARY));
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(TSIMPORT_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    in = in_pipe[1];
    out = out_pipe[0];
    err = err_pipe[0];
  }
  ~Child() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    for (int fd : {in, out, err})
      if (fd >= 0) ::close(fd);
  }

  /// Reads what is ready on stdout and stderr, waiting up to `ms`; a stream at its end is closed.
  void Read(int ms) {
    pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
    if (out < 0 && err < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return;
    }
    if (::poll(fds, 2, ms) <= 0) return;
    for (auto [fd, text] : {std::pair<int*, std::string*>{&out, &out_text}, {&err, &err_text}}) {
      const pollfd& ready = fd == &out ? fds[0] : fds[1];
      if (*fd < 0 || ready.revents == 0) continue;
      char buf[4096];
      ssize_t n = ::read(*fd, buf, sizeof buf);
      if (n > 0) {
        text->append(buf, static_cast<std::size_t>(n));
      } else {
        ::close(*fd);
        *fd = -1;
      }
    }
  }

  /// Waits (at most 20 s) for the process to end, reading its output; its exit status, or 256 +
  /// the signal that killed it; -1 if it did not end.
  int Wait() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      Read(50);
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        while (out >= 0 || err >= 0) Read(100);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 256 + WTERMSIG(status);
      }
    }
    return -1;
  }
};

/// With tsimport run with -v on a sample and then on its standard input, which never ends:
/// waits until the sample is done (its --verbose line is written), sends `sig`, and returns how
/// the process ended.
int Interrupt(int sig, Child& child) {
  const std::string done = "tsimport: samples/invalid/misspelled-type.xml: shape sequence";
  for (int i = 0; i < 200 && child.err_text.find(done) == std::string::npos; ++i) child.Read(50);
  REQUIRE(child.err_text.find(done) != std::string::npos);
  ::kill(child.pid, sig);
  return child.Wait();
}

const char* kVerboseLine =
    "tsimport: samples/invalid/misspelled-type.xml: shape sequence, encoding UTF-8, dialect "
    "configmgr\n";

}  // namespace

TEST_CASE(
    "fail closed: an interrupted run says so, writes what it has marked incomplete, exits "
    "130 or 143, and leaves no partial file") {
  TempDir dir;
  const std::string report = dir.path + "/report.sarif";
  {
    // -j 1: the sample is emitted first; then the run waits on standard input.
    Child child({"-j", "1", "-v", "--diagnostics", "sarif", "--diagnostics-output", report,
                 "samples/invalid/misspelled-type.xml", "-"});
    CHECK(Interrupt(SIGINT, child) == 130);
    CHECK(child.err_text ==
          std::string(kVerboseLine) +
              "tsimport: interrupted by SIGINT after 1 of 2 inputs: the results are incomplete\n");
    auto sarif = nlohmann::json::parse(ReadText(report));
    const auto& run = sarif["runs"][0];
    CHECK(run["invocations"][0]["executionSuccessful"] == false);
    CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"] ==
          "interrupted by SIGINT after 1 of 2 inputs: the results are incomplete");
    CHECK(run["results"].size() == 1);
    CHECK(run["results"][0]["ruleId"] == "TS2001");
    // Valid SARIF 2.1.0 (tests/validate_sarif.sh: 0 valid, 77 no validator installed).
    int valid = std::system(("sh tests/validate_sarif.sh '" + report + "' >/dev/null").c_str());
    if (WEXITSTATUS(valid) == 77) {
      // .ci/run installs the validator: under CI its absence is a failure, not a skip.
      if (tsimport::test::InCi()) FAIL("the SARIF validator is not installed, and CI must have it");
      WARN("SARIF not validated (no validator installed): skipped");
    } else {
      CHECK(WEXITSTATUS(valid) == 0);
    }
  }
  {
    // SIGTERM, with -O: the outputs written are whole, and no temporary file stays.
    const std::string json = dir.path + "/report.json";
    const std::string out_dir = dir.path + "/out";
    Child child({"-j", "1", "-v", "--diagnostics", "json", "--diagnostics-output", json, "-f",
                 "json", "-O", out_dir, "samples/invalid/misspelled-type.xml", "-"});
    CHECK(Interrupt(SIGTERM, child) == 143);
    CHECK(child.err_text ==
          std::string(kVerboseLine) +
              "tsimport: interrupted by SIGTERM after 1 of 2 inputs: the results are incomplete\n");
    auto report_json = nlohmann::json::parse(ReadText(json));
    CHECK(report_json["Complete"] == false);
    CHECK(report_json["Inputs"].size() == 1);
    auto record =
        nlohmann::json::parse(ReadText(out_dir + "/samples/invalid/misspelled-type.json"));
    CHECK(record["HResult"] == "0x80041010");
    for (const auto& e : fs::recursive_directory_iterator(dir.path)) {
      INFO(e.path());
      CHECK(e.path().filename().string().find(".tsimport-tmp.") == std::string::npos);
    }
  }
  {
    // With -o, the output of an interrupted run is not written at all (it would be partial).
    const std::string out = dir.path + "/records.json";
    Child child({"-f", "json", "-o", out, "-"});
    child.Read(1000);  // it waits on standard input
    ::kill(child.pid, SIGTERM);
    CHECK(child.Wait() == 143);
    // (-f json: the totals line goes to stderr, after the note.)
    CHECK(child.err_text.rfind("tsimport: interrupted by SIGTERM after 0 of 1 input: the results "
                               "are incomplete; " +
                                   out + " was not written\n0 task sequences: ",
                               0) == 0);
    CHECK_FALSE(fs::exists(out));
  }
  {
    // A line format into a file ends with the note, as an annotation.
    const std::string lines = dir.path + "/annotations.txt";
    Child child({"-j", "1", "-v", "--diagnostics", "github", "--diagnostics-output", lines,
                 "samples/invalid/misspelled-type.xml", "-"});
    CHECK(Interrupt(SIGINT, child) == 130);
    INFO(child.err_text);
    auto text = Lines(ReadText(lines));
    REQUIRE(text.size() == 2);
    CHECK(text[0].rfind("::error file=samples/invalid/misspelled-type.xml,line=3,col=11,", 0) == 0);
    CHECK(text[1] ==
          "::error title=tsimport::interrupted by SIGINT after 1 of 2 inputs: the "
          "results are incomplete");
  }
}

// --- no secret in any diagnostics format --------------------------------------------------------

namespace {

/// A sequence on one line (as tools write them), so that every finding quotes the line that
/// holds the passwords: a domain join password with an escaped '&', a masked Set Task Sequence
/// Variable whose value the <action> repeats, and findings around them.
const char* kOneLine =
    R"(<sequence version="3.10"><group name="G" description=""><step type="SMS_TaskSequence_JoinDomainWorkgroupAction" name="Join" description="" runIn="FullOS"><action>osdjoin.exe join</action><defaultVarList><variable name="OSDJoinType" property="Type">0</variable><variable name="OSDDomainName" property="DomainName">contoso.com</variable><variable name="OSDJoinAccount" property="DomainUsername">CONTOSO\join</variable><variable name="OSDJoinPassword" property="DomainPassword">Tr1cky-P@ss&amp;word</variable></defaultVarList></step><step type="SMS_TaskSequence_Bogus" name="x" description=""/><step type="SMS_TaskSequence_SetVariableAction" name="Key" description="" bogus="1"><action>tsenv.exe "LicenseKey=Tr1cky-Key-9" /hiddenflag:True</action><defaultVarList><variable name="VariableName" property="VariableName">LicenseKey</variable><variable name="VariableValue" property="VariableValue">Tr1cky-Key-9</variable><variable name="DoNotShowVariableValue" property="DoNotShowVariableValue">true</variable></defaultVarList></step></group></sequence>
)";

std::string XmlEscaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  }
  return out;
}

/// Inputs that hold secrets, and the secrets (a part of each value that nothing else holds).
struct SecretInputs {
  TempDir dir;
  std::vector<std::string> files;
  const std::vector<std::string> secrets = {
      // samples/secrets.xml
      "Adm1n", "NPPR9-FWDCX", "J0in-Secret", "RunAs-Secret", "Share-Secret", "Bios-Secret",
      // samples/lint
      "Not-A-Real-Secret", "NOTAR-EALKE",
      // below
      "Tr1cky"};
  SecretInputs() {
    files.push_back("samples/secrets.xml");
    for (const char* lint :
         {"cleartext-password", "run-as-password", "product-key", "secret-variable-value",
          "password-on-command-line", "mdt-cleartext-password"}) {
      files.push_back(std::string("samples/lint/") + lint + ".xml");
    }
    files.push_back(dir.Write("one-line.xml", kOneLine));
    // The same inside object.xml, where the sequence is escaped once more.
    files.push_back(dir.Write(
        "object.xml",
        R"(<INSTANCE CLASSNAME="SMS_TaskSequencePackage"><PROPERTY NAME="Sequence" TYPE="string"><VALUE>)" +
            XmlEscaped(kOneLine) + "</VALUE></PROPERTY></INSTANCE>\n"));
    // Not well-formed: no model, and the error is on the password's line.
    files.push_back(dir.Write(
        "broken.xml",
        "<sequence version=\"3.10\">\n  <group name=\"G\" description=\"\">\n    <step "
        "type=\"SMS_TaskSequence_JoinDomainWorkgroupAction\" name=\"Join\" description=\"\" "
        "runIn=\"FullOS\"><action>osdjoin.exe</action><defaultVarList>\n      <variable "
        "name=\"OSDJoinPassword\" property=\"DomainPassword\">Tr1cky&Pass</variable>\n    "
        "</defaultVarList></step>\n  </group>\n</sequence>\n"));
  }
};

}  // namespace

TEST_CASE("no secret in any diagnostics format, with or without --redact") {
  SecretInputs inputs;
  TempDir out;
  for (const char* format :
       {"human", "gcc", "json", "sarif", "github", "azure", "junit", "checkstyle"}) {
    for (bool redact : {false, true}) {
      std::vector<std::string> args = {"--diagnostics", format, "-f", "none"};
      if (redact) args.push_back("--redact");
      for (const auto& f : inputs.files) args.push_back(f);
      auto r = RunCli(args);
      CHECK(r.exit_code == 3);  // broken.xml
      // And into a file.
      const std::string file = out.path + "/diagnostics." + format;
      args.insert(args.begin(), {"--diagnostics-output", file});
      auto to_file = RunCli(args);
      const std::string written = ReadText(file);
      for (const auto& secret : inputs.secrets) {
        INFO("--diagnostics " << format << (redact ? " --redact" : "") << ": " << secret);
        CHECK(r.err.find(secret) == std::string::npos);
        CHECK(written.find(secret) == std::string::npos);
        CHECK(to_file.err.find(secret) == std::string::npos);
      }
    }
  }
}

TEST_CASE("no secret in a quoted source line: masked where it stood, the caret kept in place") {
  SecretInputs inputs;
  auto r = RunCli({"--diagnostics", "human", inputs.files[inputs.files.size() - 1]});
  CHECK(r.err ==
        inputs.files.back() +
            ":4:72: error[TS1004]: not well-formed XML: '&' does not start a reference (write a "
            "literal '&' as &amp;)\n"
            " 4 |       <variable name=\"OSDJoinPassword\" property=\"DomainPassword\">********"
            "</variable>\n"
            "   |                                                                  ^\n"
            "  = ImportSequence would return 0x80041008\n");
  // Values the model knows to be secret are masked wherever the line repeats them.
  auto one = RunCli({"--diagnostics", "human", inputs.files[inputs.files.size() - 3]});
  CHECK(one.err.find("tsenv.exe \"LicenseKey=********\" /hiddenfla") != std::string::npos);
  CHECK(one.err.find("property=\"VariableValue\">****") != std::string::npos);
}

TEST_CASE("no secret in quoted lines when many findings are formatted as they are written") {
  // Past 1,000 findings an input's human diagnostics are formatted when emitted (issue 17), after
  // the model is freed: the secrets are taken before, and the text is the same as formatting
  // them all at once.
  std::string many = kOneLine;
  std::string unknown;
  for (int i = 0; i < 1500; ++i) unknown += "<x/>";
  many.insert(many.find("</sequence>"), unknown);
  TempDir dir;
  const std::string path = dir.Write("many.xml", many);
  for (bool redact : {false, true}) {
    INFO((redact ? "--redact" : "no --redact"));
    std::vector<std::string> args = {"-f", "none", "--diagnostics", "human", path};
    if (redact) args.push_back("--redact");
    auto r = RunCli(args);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Tr1cky") == std::string::npos);
    CHECK(r.err.find("tsenv.exe \"LicenseKey=********\" /hiddenfla") != std::string::npos);
    // As the library formats them at once, the model's secret values masked.
    auto results = tsimport::Import(many, path, tsimport::ImportOptions{});
    REQUIRE(results.size() == 1);
    const auto& result = results.front();
    REQUIRE(result.diagnostics.size() > 1500);
    const std::string expected = tsimport::FormatDiagnosticsHuman(
        result.diagnostics, result.text.view(), tsimport::HumanStyle{},
        tsimport::SecretValues(*result.task_sequence, *tsimport::Catalog::Builtin()));
    CHECK(r.err.substr(0, expected.size()) == expected);
  }
}

TEST_CASE("MaskSecrets moves a column past each mask, or to the first byte of the one it is in") {
  // "x S1 y S22 z": S1 at bytes 3-4, S22 at 8-10 (1-based), each replaced by 8 asterisks.
  const std::string line = "x S1 y S22 z";
  const std::vector<std::string> secrets = {"S1", "S22"};
  auto column = [&](std::uint32_t c) {
    tsimport::MaskSecrets(line, secrets, &c);
    return c;
  };
  CHECK(tsimport::MaskSecrets(line, secrets) == "x ******** y ******** z");
  CHECK(column(0) == 0);   // no column
  CHECK(column(1) == 1);   // 'x', before any mask
  CHECK(column(4) == 3);   // '1' of S1: its mask's first byte
  CHECK(column(6) == 12);  // 'y': past one mask (2 bytes became 8)
  CHECK(column(9) == 14);  // '2' of S22: its mask's first byte
  CHECK(column(12) == 23);  // 'z': past both
  CHECK(column(40) == 51);  // past the end of the line, moved alike
}

// --- machine output is always parseable ---------------------------------------------------------

namespace {

/// An export zip holding two task sequences.
std::string TwoSequenceZip(const TempDir& dir) {
  const std::string object = ReadText("samples/shapes/object-cdata.xml");
  return dir.Write("two.zip", tsimport::test::MakeZip(
                                  {{"SMS_TaskSequencePackage/PS100001/object.xml", object},
                                   {"SMS_TaskSequencePackage/PS100002/object.xml", object}}));
}

/// Each line of `text` is one JSON document.
void CheckJsonLines(const std::string& text, std::size_t lines) {
  auto all = Lines(text);
  CHECK(all.size() == lines);
  for (const auto& line : all) {
    INFO(line.substr(0, 80));
    CHECK_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded());
  }
}

}  // namespace

TEST_CASE(
    "json output (-f json): one indented document for one record, JSON Lines for more, "
    "--json-lines "
    "always") {
  TempDir dir;
  const std::string zip = TwoSequenceZip(dir);
  // One zip holding two task sequences: two records, one a line.
  auto two = RunCli({"-f", "json", zip});
  CHECK(two.exit_code == 0);
  CheckJsonLines(two.out, 2);
  // Several inputs, or a walk: one record a line.
  CheckJsonLines(RunCli({"-f", "json", "samples/valid/RebootAction.xml", zip}).out, 3);
  CheckJsonLines(
      RunCli({"-f", "json", "-r", "samples/valid"}).out,
      static_cast<std::size_t>(std::count_if(
          fs::recursive_directory_iterator("samples/valid"), fs::recursive_directory_iterator(),
          [](const fs::directory_entry& e) { return e.path().extension() == ".xml"; })));
  // One input, one record: one indented document.
  auto one = RunCli({"-f", "json", "samples/valid/RebootAction.xml"});
  CHECK(one.out.rfind("{\n  \"Input\": \"samples/valid/RebootAction.xml\",\n", 0) == 0);
  CHECK_FALSE(nlohmann::json::parse(one.out, nullptr, false).is_discarded());
  // --json-lines: one line even then.
  CheckJsonLines(RunCli({"-f", "json", "--json-lines", "samples/valid/RebootAction.xml"}).out, 1);
}

TEST_CASE(
    "xml and mof output (-f xml, -f mof) are one document: several task sequences to one stream "
    "are "
    "refused, pointing to -O") {
  TempDir dir;
  const std::string zip = TwoSequenceZip(dir);
  for (const char* format : {"xml", "mof"}) {
    INFO(format);
    auto inputs = RunCli(
        {"-f", format, "samples/valid/RebootAction.xml", "samples/valid/RunCommandLineAction.xml"});
    CHECK(inputs.exit_code == 2);
    CHECK(inputs.out.empty());
    CHECK(inputs.err == std::string("tsimport: -f ") + format +
                            " writes one document, and 2 inputs were given: use -O DIR to write "
                            "one file per task sequence\n");
    auto in_zip = RunCli({"-f", format, zip});
    CHECK(in_zip.exit_code == 6);
    CHECK(in_zip.out.empty());
    CHECK(in_zip.err.find("\ntsimport: " + zip + " holds 2 task sequences, and -f " + format +
                          " writes one document to standard output: use -O DIR to write one "
                          "file for each\n") != std::string::npos);
    // -O writes one file each.
    auto o = RunCli({"-f", format, "-O", dir.path + "/out", zip});
    CHECK(o.exit_code == 0);
    CHECK(fs::exists(dir.path + "/out/two.PS100001." + format));
    CHECK(fs::exists(dir.path + "/out/two.PS100002." + format));
  }
}

TEST_CASE("a machine-readable report on stderr is the only thing there") {
  TempDir dir;
  const std::string zip = TwoSequenceZip(dir);
  for (const char* output : {"json", "none", "summary", "text"}) {
    for (const char* format : {"json", "sarif", "junit", "checkstyle"}) {
      INFO("-f " << output << " --diagnostics " << format);
      // -v and --progress always would write on stderr too: not over a report.
      auto r =
          RunCli({"-f", output, "--diagnostics", format, "-v", "--progress", "always",
                  "samples/invalid/misspelled-type.xml", "samples/valid/RebootAction.xml", zip});
      CHECK(r.exit_code == 1);
      if (std::string(format) == "json" || std::string(format) == "sarif") {
        CHECK_FALSE(nlohmann::json::parse(r.err, nullptr, false).is_discarded());
      } else {
        const std::string end =
            std::string(format) == "junit" ? "</testsuites>\n" : "</checkstyle>\n";
        CHECK(r.err.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
        CHECK(r.err.size() >= end.size());
        CHECK(r.err.compare(r.err.size() - end.size(), end.size(), end) == 0);
      }
      // The totals line: on stdout after the summary lines or alone, never after records.
      const bool totals = r.out.find("4 task sequences: ") != std::string::npos;
      CHECK(totals == (std::string(output) == "summary" || std::string(output) == "none"));
      if (std::string(output) == "json") CheckJsonLines(r.out, 4);
    }
  }
}

// --- messages a user can act on -----------------------------------------------------------------

TEST_CASE("messages: a misspelt option suggests the option, and -f sarif points to --diagnostics") {
  auto r = RunCli({"--fromat", "json", "samples/valid/RebootAction.xml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tsimport: unknown option --fromat; did you mean --format?\n"
        "Run 'tsimport --help' for the options.\n");
  r = RunCli({"-f", "sarif", "samples/valid/RebootAction.xml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "tsimport: --format: sarif is not one of summary, json, xml, mof, text, markdown, html or none; "
        "for sarif, use --diagnostics sarif\n"
        "Run 'tsimport --help' for the options.\n");
  r = RunCli({"--diagnostics", "xml", "samples/valid/RebootAction.xml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("tsimport: --diagnostics: xml is not one of human, gcc, json, sarif, github, "
                    "azure, junit or checkstyle; for xml, use -f xml\n",
                    0) == 0);
}

TEST_CASE("messages: --explain, --ignore and --severity take the rule names --list-rules prints") {
  auto list = RunCli({"--list-rules"});
  CHECK(list.out.find("TS7003  info     disabled ") != std::string::npos);
  auto by_name = RunCli({"--explain", "disabled"});
  CHECK(by_name.exit_code == 0);
  CHECK(by_name.out == RunCli({"--explain", "TS7003"}).out);
  CHECK(by_name.out.rfind("TS7003 disabled (info)\n", 0) == 0);
  auto typo = RunCli({"--explain", "disabld"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err ==
        "tsimport: no rule disabld; did you mean disabled (TS7003)? 'tsimport --list-rules' lists "
        "them\n");
  // samples/lint/disabled.xml: one disabled step (TS7003, an info).
  auto shown = RunCli({"--fail-on", "info", "samples/lint/disabled.xml"});
  CHECK(shown.exit_code == 1);
  CHECK(shown.err.find("[TS7003]") != std::string::npos);
  auto ignored = RunCli({"--fail-on", "info", "--ignore", "disabled", "samples/lint/disabled.xml"});
  CHECK(ignored.exit_code == 0);
  CHECK(ignored.err.find("[TS7003]") == std::string::npos);
  auto raised = RunCli({"--severity", "Disabled=error", "samples/lint/disabled.xml"});
  CHECK(raised.exit_code == 1);
  CHECK(raised.err.find("error[TS7003]") != std::string::npos);
  // And in .tsimport.toml.
  TempDir dir;
  std::string config =
      dir.Write("t.toml", "ignore = [\"disabled\"]\n[severity]\nempty-group = \"off\"\n");
  auto from_file = RunCli({"--config", config, "--fail-on", "info", "samples/lint/disabled.xml"});
  CHECK(from_file.exit_code == 0);
}

TEST_CASE("messages: an output into a missing folder names the folder, before the run") {
  TempDir dir;
  const std::string missing = dir.path + "/missing";
  for (const char* option : {"-o", "--diagnostics-output", "--write-baseline"}) {
    auto r = RunCli({option, missing + "/out.txt", "samples/valid/RebootAction.xml"});
    CHECK(r.exit_code == 6);
    CHECK(r.out.empty());
    CHECK(r.err == std::string("tsimport: cannot write ") + option + " " + missing +
                       "/out.txt: the folder " + missing + " does not exist\n");
  }
  CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("messages: requests that import nothing take no input (--list-classes X)") {
  auto r = RunCli({"--list-classes", "SMS_TaskSequence_RebootAction"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "tsimport: --list-classes imports nothing, so 'SMS_TaskSequence_RebootAction' is "
        "not expected (it prints the whole catalog: tsimport --list-classes | grep "
        "SMS_TaskSequence_RebootAction)\n");
  CHECK(RunCli({"--list-rules", "x.xml"}).exit_code == 2);
  CHECK(RunCli({"--explain", "TS2001", "x.xml"}).exit_code == 2);
}

TEST_CASE("messages: --explain points to the installed rule page, or the online one") {
  // From the build tree nothing is installed: the online page.
  auto online = tsimport::test::RunBinary("--explain TS2001");
  CHECK(online.exit_code == 0);
  CHECK(Lines(online.out).back() ==
        "Documentation: https://github.com/tsimport/tsimport/blob/main/docs/rules/TS2001.md");
  // Installed as `cmake --install` lays it out: PREFIX/bin, PREFIX/share/doc/tsimport/rules.
  TempDir prefix;
  fs::create_directories(prefix.path + "/bin");
  fs::copy_file(TSIMPORT_BINARY, prefix.path + "/bin/tsimport");
  prefix.Write("share/doc/tsimport/rules/TS2001.md", ReadText("docs/rules/TS2001.md"));
  std::string command = "'" + prefix.path + "/bin/tsimport' --explain TS2001";
  FILE* p = ::popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  CHECK(::pclose(p) == 0);
  CHECK(Lines(out).back() ==
        "Documentation: " + prefix.path + "/share/doc/tsimport/rules/TS2001.md");
}

TEST_CASE("messages: a missing file is an unreadable input, not a task sequence") {
  auto r = RunCli({"does-not-exist.xml", "samples/valid/RebootAction.xml"});
  CHECK(r.exit_code == 5);
  CHECK(Lines(r.out).back().rfind("1 task sequence: 1 imported, 0 invalid, 0 not imported; 1 "
                                  "input unreadable; 1 error, 0 warnings; ",
                                  0) == 0);
}

TEST_CASE("messages: a fake or truncated .zip is not a zip archive") {
  TempDir dir;
  const std::string zip = dir.Write(
      "real.zip", tsimport::test::MakeZip({{"SMS_TaskSequencePackage/PS100001/object.xml",
                                            ReadText("samples/shapes/object-cdata.xml")}}));
  const std::string bytes = ReadText(zip);
  const std::string page = dir.Write("page.zip", "<html><body>404 Not Found</body></html>\n");
  const std::string text = dir.Write("text.zip", "hello\n");
  const std::string cut = dir.Write("cut.zip", bytes.substr(0, bytes.size() / 2));
  const std::string stub = dir.Write("stub.zip", bytes.substr(0, 3));
  const std::string header =
      "not a zip archive: the file is named .zip, but it does not start "
      "with a zip header (PK); copy or download the export again";
  const std::vector<std::pair<std::string, std::string>> expected = {
      {page, header},
      {text, header},
      {cut,
       "not a zip archive: it starts like one, but its end (the central directory) is "
       "missing, so it was cut short or damaged; copy or download the export again"},
      {stub,
       "not a zip archive: the file is named .zip, but it is cut short (shorter than a zip "
       "header); copy or download the export again"}};
  for (const auto& [file, message] : expected) {
    auto r = RunCli({"--diagnostics", "gcc", file});
    CHECK(r.exit_code == 3);
    CHECK(r.err == file + ":0:0: error: " + message + " [TS1012]\n");
  }
  // A task sequence named .zip is still imported: the content decides.
  const std::string named = dir.Write("named.zip", ReadText("samples/valid/RebootAction.xml"));
  CHECK(RunCli({named}).exit_code == 0);
}
