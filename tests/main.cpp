#define CATCH_CONFIG_MAIN
#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// With TSIMPORT_TEST_RUN_LOG=FILE, the name of every test case run is appended to FILE, a line
// each: tests/check_test_count.sh compares them with the test cases the binary defines, so that
// a CTest entry that runs no test case (a name catch_discover_tests split or mangled) cannot
// pass unnoticed (.ci/run).
class RunLog : public Catch::TestEventListenerBase {
 public:
  using TestEventListenerBase::TestEventListenerBase;

  void testCaseStarting(Catch::TestCaseInfo const& info) override {
    const char* path = std::getenv("TSIMPORT_TEST_RUN_LOG");
    if (path == nullptr || *path == '\0') return;
    const std::string line = info.name + "\n";
#ifdef _WIN32
    // The Windows suite runs as one process (tests/wine/run_tests.sh).
    if (std::FILE* f = std::fopen(path, "ab")) {
      std::fwrite(line.data(), 1, line.size(), f);
      std::fclose(f);
    }
#else
    // O_APPEND and one write: whole lines, even from test processes run side by side.
    int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    ssize_t written = ::write(fd, line.data(), line.size());
    (void)written;
    ::close(fd);
#endif
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(RunLog)
