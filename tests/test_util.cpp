#include "test_util.h"

#ifndef _WIN32
#include <sys/wait.h>
#include <unistd.h>
#endif
#include <zip.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tsimport/write.h"

namespace tsimport::test {

void CompareOrUpdate(const std::string& expected_path, const std::string& actual) {
  if (std::getenv("TSIMPORT_UPDATE_GOLDEN") != nullptr) {
    const std::filesystem::path parent = std::filesystem::path(expected_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  INFO("golden file " << expected_path << " (TSIMPORT_UPDATE_GOLDEN=1 regenerates it)");
  REQUIRE(std::filesystem::exists(expected_path));
  CHECK(ReadText(expected_path) == actual);
}

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream tsv(path);
  std::string line;
  std::getline(tsv, line);  // header
  while (std::getline(tsv, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    rows.push_back(std::move(cols));
  }
  return rows;
}

const Instance& FirstStep(const ImportResult& r) {
  REQUIRE(r.task_sequence);
  const auto* steps = r.task_sequence->root.Children();
  REQUIRE(steps != nullptr);
  REQUIRE_FALSE(steps->empty());
  return steps->front();
}

std::vector<std::string> DiagnosticLines(const ImportResult& r) {
  std::vector<std::string> lines;
  for (const auto& d : r.diagnostics) {
    if (d.rule >= "TS3") continue;  // lint findings: tests/lint_test.cpp checks them
    lines.push_back(FormatDiagnosticGcc(d));
  }
  return lines;
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members, bool store,
                    bool raw_names) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  REQUIRE(out != nullptr);
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  REQUIRE(za != nullptr);
  for (const auto& [name, content] : members) {  // `members` outlives zip_close
    zip_source_t* src = zip_source_buffer(za, content.data(), content.size(), 0);
    zip_int64_t index =
        zip_file_add(za, name.c_str(), src, raw_names ? ZIP_FL_ENC_RAW : ZIP_FL_ENC_UTF_8);
    INFO("member " << name << ": " << zip_strerror(za));
    REQUIRE(index >= 0);
    if (store) zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  REQUIRE(zip_close(za) == 0);
  REQUIRE(zip_source_open(out) == 0);
  zip_source_seek(out, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

TempDir::TempDir() {
#ifdef _WIN32
  // The Windows suite (under Wine): a new folder in the temporary folder.
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const auto candidate =
        base / ("tsimport-test-" + std::to_string(std::rand()) + "-" + std::to_string(++counter));
    std::error_code ec;
    if (std::filesystem::create_directory(candidate, ec)) {
      path = candidate.string();
      return;
    }
  }
  FAIL("cannot make a temporary folder in " << base.string());
#else
  char tmpl[] = "/tmp/tsimport-test-XXXXXX";
  const char* made = ::mkdtemp(tmpl);
  REQUIRE(made != nullptr);
  path = made;
#endif
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::permissions(path, std::filesystem::perms::owner_all, ec);
  std::filesystem::remove_all(path, ec);
}

std::string TempDir::Write(const std::string& name, const std::string& content) const {
  std::filesystem::path p = std::filesystem::path(path) / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

CliResult RunBinary(const std::string& args, const std::string& stdin_file) {
#ifdef _WIN32
  // cmd.exe's quoting (the Windows suite, under Wine); `args` holds no quotes there.
  std::string command = std::string("\"\"") + TSIMPORT_BINARY + "\" " + args + " 2>NUL";
  if (!stdin_file.empty()) command += " < \"" + stdin_file + "\"";
  command += "\"";
  FILE* p = ::_popen(command.c_str(), "rb");
#else
  std::string command = std::string("'") + TSIMPORT_BINARY + "' " + args + " 2>/dev/null";
  if (!stdin_file.empty()) command += " < '" + stdin_file + "'";
  FILE* p = ::popen(command.c_str(), "r");
#endif
  CliResult r;
  if (p == nullptr) {
    r.exit_code = -1;
    return r;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
#ifdef _WIN32
  r.exit_code = ::_pclose(p);
#else
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
#endif
  return r;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

bool InCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::strcmp(ci, "false") != 0 && std::strcmp(ci, "0") != 0;
}

bool SharedOrSkip(const std::string& path, const std::string& what, bool required_in_ci) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return true;
  if (required_in_ci && InCi()) {
    FAIL("no " << path << ": " << what
               << " cannot run, and CI (CI=true) must run it: make ../shared available");
  }
  WARN("no " << path << ": " << what << " skipped");
  return false;
}

std::vector<std::string> FilesIn(const std::string& dir,
                                 const std::vector<std::string>& extensions) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::string ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (e.is_regular_file() &&
        std::find(extensions.begin(), extensions.end(), ext) != extensions.end()) {
      out.push_back(e.path().generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace tsimport::test
