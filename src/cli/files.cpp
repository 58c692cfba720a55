#include "files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <mutex>

#include "tsimport/diagnostic.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTempMarker = ".tsimport-tmp.";

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

extern "C" void OnSignal(int sig) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_temp_used[i].load()) ::unlink(g_temp_paths[i]);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

bool HasTaskSequenceExtension(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".xml" || ext == ".zip";
}

}  // namespace

bool ReadInput(const std::string& path, std::string& bytes, std::uint32_t& hresult,
               std::string& reason) {
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  auto fail = [&](int err) {
    switch (err) {
      case ENOENT:
        hresult = hr::kFileNotFound;
        reason = "no such file";
        break;
      case EACCES:
      case EPERM:
        hresult = hr::kAccessDenied;
        reason = "permission denied";
        break;
      case ENOTDIR:
        hresult = hr::kPathNotFound;
        reason = "a part of the path is not a directory";
        break;
      case EISDIR:
        hresult = hr::kPathNotFound;
        reason = "is a directory (use -r to import the task sequences in it)";
        break;
      case ELOOP:
        hresult = hr::kPathNotFound;
        reason = "too many levels of symbolic links";
        break;
      default:
        hresult = hr::kReadFault;
        reason = std::strerror(err);
    }
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

std::vector<Input> ExpandInputs(const std::vector<std::string>& args, bool recursive) {
  std::vector<Input> out;
  for (const auto& in : args) {
    std::error_code ec;
    if (in != "-" && recursive && fs::is_directory(in, ec)) {
      std::vector<std::pair<std::string, std::string>> found;
      fs::recursive_directory_iterator it(in, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code fec;
        if (it->is_regular_file(fec) && HasTaskSequenceExtension(it->path())) {
          found.emplace_back(it->path().string(), it->path().lexically_relative(in).string());
        }
      }
      std::sort(found.begin(), found.end());
      for (auto& [path, rel] : found) out.push_back({path, path, rel});
      continue;
    }
    if (in == "-") {
      out.push_back({"<stdin>", "-", "stdin"});
      continue;
    }
    // A file given by name: its relative path when it stays below the working directory,
    // otherwise its name.
    fs::path p(in);
    std::string rel = p.lexically_normal().string();
    if (p.is_absolute() || rel.rfind("..", 0) == 0) rel = p.filename().string();
    out.push_back({in, in, rel});
  }
  return out;
}

bool WriteAtomically(const std::string& path, const std::string& content, bool make_dirs,
                     std::string& error) {
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (make_dirs) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      error = ec.message();
      return false;
    }
  }
  std::string tmpl = (dir / ("." + target.filename().string() + kTempMarker + "XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
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
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
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

void RemoveStaleTemporaries(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  std::vector<fs::path> stale;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(kTempMarker) != std::string::npos) {
      stale.push_back(it->path());
    }
  }
  for (const auto& p : stale) fs::remove(p, ec);
}

void InstallCleanupOnSignals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(sig, OnSignal);
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace tsimport::cli
