// tsimport_peak_rss COMMAND [ARG...]: runs the command (its standard streams on /dev/null) and
// prints its peak resident set size in KiB (ru_maxrss of the child it waited for), then exits
// with the command's status. For the scale checks of hostile_test.cpp: a process started
// directly from a large one (the test suite) has that one's peak in its ru_maxrss (Linux keeps
// the larger across exec); started from this small one, the number is the command's own.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tsimport_peak_rss COMMAND [ARG...]\n");
    return 2;
  }
  const pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd) dup2(null, fd);
    execvp(argv[1], argv + 1);
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) != pid) return 2;
  std::printf("%ld\n", usage.ru_maxrss);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
