// The examples of a Markdown page, and running them: a fenced block whose first line starts
// with "$ " holds commands ("$ " lines), each followed by the output it prints.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace tsimport::test {

struct DocExample {
  std::string command;
  std::string output;  ///< its lines, each ending in a newline
};

/// The examples of `path`, in order, from the blocks whose first command contains `filter`.
inline std::vector<DocExample> DocExamples(const std::string& path, const std::string& filter) {
  std::vector<DocExample> out;
  std::ifstream in(path);
  std::string line;
  std::string fence;  // the open fence, empty outside a block
  std::vector<std::string> block;
  auto flush = [&]() {
    if (block.empty() || block.front().rfind("$ ", 0) != 0 ||
        block.front().find(filter) == std::string::npos) {
      return;
    }
    for (const auto& l : block) {
      if (l.rfind("$ ", 0) == 0) {
        out.push_back({l.substr(2), ""});
      } else {
        out.back().output += l + "\n";
      }
    }
  };
  while (std::getline(in, line)) {
    if (fence.empty()) {
      if (line.rfind("```", 0) == 0) {
        fence = line.substr(0, line.find_first_not_of('`'));
        block.clear();
      }
      continue;
    }
    if (line.rfind(fence, 0) == 0 && line.find_first_not_of('`') == std::string::npos) {
      flush();
      fence.clear();
      continue;
    }
    block.push_back(line);
  }
  return out;
}

/// Runs `command` with sh in `dir`, the build's tsimport first on PATH, after `setup` (shell
/// lines: variables to export...). Standard output and the exit status; stderr is dropped.
inline CliResult RunExample(const std::string& command, const std::string& dir,
                            const std::string& setup = "") {
  std::string bindir = TSIMPORT_BINARY;
  bindir = bindir.substr(0, bindir.rfind('/'));
  char tmpl[] = "/tmp/tsimport-example-XXXXXX";
  const int fd = ::mkstemp(tmpl);
  CliResult r;
  if (fd < 0) {
    r.exit_code = -1;
    return r;
  }
  {
    std::ofstream script(tmpl);
    script << "cd '" << dir << "' || exit 99\nPATH='" << bindir << "':\"$PATH\"\nexport PATH\n"
           << setup << "\n"
           << command << "\n";
  }
  ::close(fd);
  FILE* p = ::popen(("sh '" + std::string(tmpl) + "' 2>/dev/null").c_str(), "r");
  if (p != nullptr) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  } else {
    r.exit_code = -1;
  }
  ::unlink(tmpl);
  return r;
}

}  // namespace tsimport::test
