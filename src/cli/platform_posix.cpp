// The POSIX side of src/cli/platform.h and of files.h's file functions (Linux, macOS).
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <mutex>

#include "files.h"
#include "platform.h"
#include "tsimport/diagnostic.h"

namespace tsimport::cli {

std::vector<std::string> Arguments(int argc, char** argv) { return {argv, argv + argc}; }

Console SetUpConsole() { return {isatty(STDOUT_FILENO) != 0, isatty(STDERR_FILENO) != 0}; }

bool PathLess(const std::string& a, const std::string& b) { return a < b; }

std::filesystem::path ExecutablePath() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe;
}

namespace {

namespace fs = std::filesystem;

// Temporary files in flight, for the signal handler: fixed slots of fixed size, so that the
// handler only reads memory and calls unlink (async-signal-safe).
constexpr int kSlots = 256;
constexpr int kPathMax = 4096;
char g_temp_paths[kSlots][kPathMax];
std::atomic<bool> g_temp_used[kSlots];
std::mutex g_slot_mutex;

int Claim(const char* path) {
  std::lock_guard<std::mutex> lock(g_slot_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (!g_temp_used[i].load()) {
      std::strncpy(g_temp_paths[i], path, kPathMax - 1);
      g_temp_paths[i][kPathMax - 1] = '\0';
      g_temp_used[i].store(true);
      return i;
    }
  }
  return -1;  // more in flight than slots: the next run removes a leftover
}

void Release(int slot) {
  if (slot >= 0) g_temp_used[slot].store(false);
}

// The first SIGINT or SIGTERM of a run (0: none). A lock-free atomic: safe in a handler.
std::atomic<int> g_interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free);

constexpr int kHandled[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
struct sigaction g_previous[std::size(kHandled)];

extern "C" void OnSignal(int sig) {
  // The first SIGINT or SIGTERM asks the run to wind down: it stops taking inputs, writes what
  // it has (marked incomplete) and exits 128 + the signal. A second one, SIGHUP or SIGPIPE end
  // the process at once, with no temporary file left behind.
  int none = 0;
  if ((sig == SIGINT || sig == SIGTERM) && g_interrupted.compare_exchange_strong(none, sig)) return;
  for (int i = 0; i < kSlots; ++i) {
    if (g_temp_used[i].load()) ::unlink(g_temp_paths[i]);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

bool ReadInput(const std::string& path, std::string& bytes, std::uint32_t& hresult,
               std::string& reason) {
  if (path == "-") {
    // Read with a look at Interrupted() at least every 100 ms, so that an interruption is not
    // held up by a terminal or a pipe that sends nothing (a signal may go to another thread).
    bytes.clear();
    char buf[1 << 16];
    for (;;) {
      if (Interrupted() != 0) {
        hresult = hr::kReadFault;
        reason = "interrupted while reading standard input";
        return false;
      }
      pollfd ready{STDIN_FILENO, POLLIN, 0};
      const int n = ::poll(&ready, 1, 100);
      if (n < 0 && errno != EINTR) {
        ReadFailure(errno, hresult, reason);
        return false;
      }
      if (n <= 0) continue;
      const ssize_t got = ::read(STDIN_FILENO, buf, sizeof buf);
      if (got == 0) break;
      if (got < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        ReadFailure(errno, hresult, reason);
        return false;
      }
      bytes.append(buf, static_cast<std::size_t>(got));
    }
    return true;
  }
  auto fail = [&](int err) {
    ReadFailure(err, hresult, reason);
    return false;
  };
  // Look before opening: opening a FIFO without a writer would block.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail(errno);
  if (S_ISDIR(st.st_mode)) return fail(EISDIR);
  if (!S_ISREG(st.st_mode)) {
    hresult = hr::kReadFault;
    reason =
        "is not a regular file (a FIFO, socket or device); pass a file, or - for standard input";
    return false;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return fail(errno);
  bytes.clear();
  if (st.st_size > 0) bytes.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return fail(err);
    }
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

namespace {

/// Writes `content` into `fd` whole (retrying after signals); false with errno set.
bool WriteAll(int fd, const std::string& content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

/// Writes into an output that exists and is neither a regular file nor a directory (a FIFO,
/// /dev/null, /dev/stdout, a process substitution): a file renamed over it would replace the node
/// itself (as root, `-o /dev/null` replaced the device), and there is nothing to keep whole.
bool WriteIntoNode(const std::string& path, const std::string& content, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  if (!WriteAll(fd, content)) {
    error = std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (::close(fd) != 0) {
    error = std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace

bool WriteAtomically(const std::string& path, const std::string& content, bool make_dirs,
                     std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
    return WriteIntoNode(path, content, error);
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (make_dirs && !MakeFolders(dir, error)) return false;
  std::string tmpl = (dir / ("." + target.filename().string() + kTempMarker + "XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    error = MissingFolder(path);
    if (error.empty()) error = std::strerror(err);
    return false;
  }
  int slot = Claim(name.data());
  auto fail = [&](int err) {
    error = std::strerror(err);
    ::close(fd);
    ::unlink(name.data());
    Release(slot);
    return false;
  };
  if (!WriteAll(fd, content)) return fail(errno);
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(name.data());
    Release(slot);
    error = std::strerror(err);
    return false;
  }
  if (::rename(name.data(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(name.data());
    Release(slot);
    error = std::strerror(err);
    return false;
  }
  Release(slot);
  return true;
}

SignalHandling::SignalHandling() {
  g_interrupted.store(0);
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (std::size_t i = 0; i < std::size(kHandled); ++i)
    ::sigaction(kHandled[i], &action, &g_previous[i]);
}

SignalHandling::~SignalHandling() {
  for (std::size_t i = 0; i < std::size(kHandled); ++i)
    ::sigaction(kHandled[i], &g_previous[i], nullptr);
}

int Interrupted() { return g_interrupted.load(); }

bool IdentifyFile(const std::string& path, FileId& id) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  id.device = static_cast<std::uint64_t>(st.st_dev);
  id.inode = static_cast<std::uint64_t>(st.st_ino);
  id.size = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
  return true;
}

}  // namespace tsimport::cli
