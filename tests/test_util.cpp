#include "test_util.h"

#include <sys/wait.h>
#include <zip.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "tsimport/write.h"

namespace tsimport::test {

std::vector<std::string> DiagnosticLines(const ImportResult& r) {
  std::vector<std::string> lines;
  for (const auto& d : r.diagnostics) {
    if (d.rule >= "TS3") continue;  // lint findings: tests/lint_test.cpp checks them
    lines.push_back(FormatDiagnosticGcc(d));
  }
  return lines;
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  REQUIRE(za != nullptr);
  std::vector<std::string> keep;  // the buffers must outlive zip_close
  keep.reserve(members.size());
  for (const auto& [name, content] : members) {
    keep.push_back(content);
    zip_source_t* src = zip_source_buffer(za, keep.back().data(), keep.back().size(), 0);
    REQUIRE(zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8) >= 0);
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

CliResult RunBinary(const std::string& args, const std::string& stdin_file) {
  std::string command = std::string("'") + TSIMPORT_BINARY + "' " + args + " 2>/dev/null";
  if (!stdin_file.empty()) command += " < '" + stdin_file + "'";
  CliResult r;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    r.exit_code = -1;
    return r;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace tsimport::test
