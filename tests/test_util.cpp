#include "test_util.h"

#include <sys/wait.h>

#include <cstdio>

#include "tsimport/write.h"

namespace tsimport::test {

std::vector<std::string> DiagnosticLines(const ImportResult& r) {
  std::vector<std::string> lines;
  for (const auto& d : r.diagnostics) lines.push_back(FormatDiagnosticGcc(d));
  return lines;
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
