// The Windows side of src/cli/platform.h and of files.h's file functions (docs/design.md,
// "Windows"). Text is UTF-8 everywhere else in tsimport; it becomes UTF-16 here, at the calls
// to Windows (the wide "W" functions), so that any file name works whatever the code page.
#include <windows.h>
// windows.h first
#include <fcntl.h>
#include <io.h>
#include <shellapi.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "files.h"
#include "platform.h"
#include "tsimport/diagnostic.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

std::wstring Wide(const std::string& utf8) {
  if (utf8.empty()) return {};
  const int n =
      MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

std::string Narrow(const wchar_t* wide, std::size_t size) {
  if (size == 0) return {};
  const int n =
      WideCharToMultiByte(CP_UTF8, 0, wide, static_cast<int>(size), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide, static_cast<int>(size), out.data(), n, nullptr, nullptr);
  return out;
}

/// The path for a wide Windows call: a long one (near MAX_PATH or beyond) made absolute and
/// given the \\?\ (or \\?\UNC\) prefix, which lifts the 260-character limit.
std::wstring NativePath(const std::string& utf8) {
  std::wstring w = Wide(utf8);
  if (w.size() < 240 || w.rfind(L"\\\\?\\", 0) == 0) return w;
  DWORD n = GetFullPathNameW(w.c_str(), 0, nullptr, nullptr);
  if (n == 0) return w;
  std::wstring full(n, L'\0');
  n = GetFullPathNameW(w.c_str(), n, full.data(), nullptr);
  full.resize(n);
  if (full.rfind(L"\\\\", 0) == 0) return L"\\\\?\\UNC\\" + full.substr(2);
  return L"\\\\?\\" + full;
}

/// Windows' words for an error code, in UTF-8, without the trailing full stop and line end.
std::string SystemMessage(DWORD code) {
  wchar_t* text = nullptr;
  const DWORD n = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), reinterpret_cast<LPWSTR>(&text),
      0, nullptr);
  std::string out = n != 0 ? Narrow(text, n) : std::string();
  if (text != nullptr) LocalFree(text);
  while (!out.empty() &&
         (out.back() == '\n' || out.back() == '\r' || out.back() == ' ' || out.back() == '.'))
    out.pop_back();
  if (out.empty()) out = "Windows error " + std::to_string(code);
  return out;
}

/// The errno value ReadFailure words the same way, for the errors a user causes; 0 otherwise.
int ErrnoOf(DWORD code) {
  switch (code) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
    case ERROR_BAD_PATHNAME:
      return ENOENT;
    case ERROR_ACCESS_DENIED:
      return EACCES;
    case ERROR_DIRECTORY:
      return ENOTDIR;
    default:
      return 0;
  }
}

void ReadFailureOf(DWORD code, std::uint32_t& hresult, std::string& reason) {
  const int err = ErrnoOf(code);
  if (err != 0) {
    ReadFailure(err, hresult, reason);
    return;
  }
  hresult = hr::kReadFault;
  reason = SystemMessage(code);
}

// Temporary files in flight, for the console handler (which runs on a thread of its own):
// fixed slots, so that it only reads memory and calls DeleteFileW. A path longer than a slot is
// not tracked (the next run removes a leftover).
constexpr int kSlots = 256;
constexpr std::size_t kPathMax = 1024;
wchar_t g_temp_paths[kSlots][kPathMax];
std::atomic<bool> g_temp_used[kSlots];
std::mutex g_slot_mutex;

int Claim(const std::wstring& path) {
  if (path.size() >= kPathMax) return -1;
  std::lock_guard<std::mutex> lock(g_slot_mutex);
  for (int i = 0; i < kSlots; ++i) {
    if (!g_temp_used[i].load()) {
      std::wmemcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
      g_temp_used[i].store(true);
      return i;
    }
  }
  return -1;
}

void Release(int slot) {
  if (slot >= 0) g_temp_used[slot].store(false);
}

// The first Ctrl-C (or Ctrl-Break) of a run, as SIGINT on POSIX (0: none).
std::atomic<int> g_interrupted{0};

BOOL WINAPI OnConsoleEvent(DWORD type) {
  // The first Ctrl-C asks the run to wind down (it stops taking inputs, writes what it has,
  // marked incomplete, and exits 130, as after SIGINT). A second one, or the console closing,
  // removes the temporary files in flight and lets Windows end the process.
  int none = 0;
  if ((type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT) &&
      g_interrupted.compare_exchange_strong(none, SIGINT))
    return TRUE;
  for (int i = 0; i < kSlots; ++i) {
    if (g_temp_used[i].load()) DeleteFileW(g_temp_paths[i]);
  }
  return FALSE;
}

bool WriteAll(HANDLE h, const std::string& content, DWORD& code) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(left, 1u << 30));
    DWORD written = 0;
    if (!WriteFile(h, p, chunk, &written, nullptr)) {
      code = GetLastError();
      return false;
    }
    p += written;
    left -= written;
  }
  return true;
}

/// Writes into an output that is not a file on a disk (NUL, CON, a named pipe): there is
/// nothing to replace. `device` says whether it was one; false when writing into it failed.
bool WriteIntoDevice(const std::wstring& path, const std::string& content, bool& device,
                     std::string& error) {
  device = false;
  HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) return true;
  if (GetFileType(h) == FILE_TYPE_DISK) {
    CloseHandle(h);
    return true;
  }
  device = true;
  DWORD code = 0;
  const bool ok = WriteAll(h, content, code);
  CloseHandle(h);
  if (!ok) error = SystemMessage(code);
  return ok;
}

bool EnableVirtualTerminal(DWORD which) {
  HANDLE h = GetStdHandle(which);
  DWORD mode = 0;
  if (h == nullptr || h == INVALID_HANDLE_VALUE || !GetConsoleMode(h, &mode)) return false;
  if ((mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0) return true;
  return SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

UINT g_previous_output_cp = 0;

void RestoreConsoleCodePage() {
  if (g_previous_output_cp != 0) SetConsoleOutputCP(g_previous_output_cp);
}

}  // namespace

std::vector<std::string> Arguments(int argc, char** argv) {
  int n = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &n);
  if (wide == nullptr) return {argv, argv + argc};
  std::vector<std::string> args;
  args.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) args.push_back(Narrow(wide[i], std::wcslen(wide[i])));
  LocalFree(wide);
  return args;
}

Console SetUpConsole() {
  // Bytes as they are: no "\n" to "\r\n" on output, no "\r\n" to "\n" on standard input.
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  Console console;
  console.out_is_terminal = EnableVirtualTerminal(STD_OUTPUT_HANDLE);
  console.err_is_terminal = EnableVirtualTerminal(STD_ERROR_HANDLE);
  if (console.out_is_terminal || console.err_is_terminal) {
    const UINT cp = GetConsoleOutputCP();
    if (cp != CP_UTF8 && SetConsoleOutputCP(CP_UTF8)) {
      g_previous_output_cp = cp;
      std::atexit(RestoreConsoleCodePage);
    }
  }
  return console;
}

bool PathLess(const std::string& a, const std::string& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = a[i] == '\\' ? '/' : static_cast<unsigned char>(a[i]);
    const unsigned char y = b[i] == '\\' ? '/' : static_cast<unsigned char>(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

fs::path ExecutablePath() {
  std::wstring buffer(MAX_PATH, L'\0');
  for (;;) {
    const DWORD n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0) return {};
    if (n < buffer.size()) {
      buffer.resize(n);
      return fs::path(buffer);
    }
    if (buffer.size() >= 32768) return {};
    buffer.resize(buffer.size() * 2);
  }
}

bool ReadInput(const std::string& path, std::string& bytes, std::uint32_t& hresult,
               std::string& reason) {
  bytes.clear();
  char buf[1 << 16];
  if (path == "-") {
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    for (;;) {
      if (Interrupted() != 0) {
        hresult = hr::kReadFault;
        reason = "interrupted while reading standard input";
        return false;
      }
      DWORD got = 0;
      if (!ReadFile(in, buf, sizeof buf, &got, nullptr)) {
        const DWORD code = GetLastError();
        if (code == ERROR_BROKEN_PIPE || code == ERROR_HANDLE_EOF) break;  // the writer is done
        if (code == ERROR_OPERATION_ABORTED && Interrupted() != 0) continue;
        ReadFailureOf(code, hresult, reason);
        return false;
      }
      if (got == 0) break;
      bytes.append(buf, got);
    }
    return true;
  }
  const std::wstring native = NativePath(path);
  WIN32_FILE_ATTRIBUTE_DATA attributes{};
  if (!GetFileAttributesExW(native.c_str(), GetFileExInfoStandard, &attributes)) {
    ReadFailureOf(GetLastError(), hresult, reason);
    return false;
  }
  if ((attributes.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    ReadFailure(EISDIR, hresult, reason);
    return false;
  }
  HANDLE h = CreateFileW(native.c_str(), GENERIC_READ,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    ReadFailureOf(GetLastError(), hresult, reason);
    return false;
  }
  if (GetFileType(h) != FILE_TYPE_DISK) {
    CloseHandle(h);
    hresult = hr::kReadFault;
    reason = "is not a regular file (a device or a pipe); pass a file, or - for standard input";
    return false;
  }
  LARGE_INTEGER size{};
  if (GetFileSizeEx(h, &size) && size.QuadPart > 0)
    bytes.reserve(static_cast<std::size_t>(size.QuadPart));
  for (;;) {
    DWORD got = 0;
    if (!ReadFile(h, buf, sizeof buf, &got, nullptr)) {
      const DWORD code = GetLastError();
      CloseHandle(h);
      ReadFailureOf(code, hresult, reason);
      return false;
    }
    if (got == 0) break;
    bytes.append(buf, got);
  }
  CloseHandle(h);
  return true;
}

bool WriteAtomically(const std::string& path, const std::string& content, bool make_dirs,
                     std::string& error) {
  const std::wstring native = NativePath(path);
  bool device = false;
  const bool written = WriteIntoDevice(native, content, device, error);
  if (device) return written;
  const fs::path target = PathOf(path);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (make_dirs && !MakeFolders(dir, error)) return false;
  // ".NAME.tsimport-tmp.XXXXXX" beside the target, made with CREATE_NEW (never an existing file).
  const std::string prefix = TextOf(dir / PathOf("." + TextOf(target.filename()) + kTempMarker));
  static std::atomic<unsigned> counter{0};
  std::wstring temp;
  HANDLE h = INVALID_HANDLE_VALUE;
  DWORD code = 0;
  for (int attempt = 0; attempt < 100 && h == INVALID_HANDLE_VALUE; ++attempt) {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned long long seed = GetTickCount64() ^
                              (static_cast<unsigned long long>(GetCurrentProcessId()) << 20) ^
                              (static_cast<unsigned long long>(counter.fetch_add(1)) * 2654435761u);
    std::string suffix;
    for (int i = 0; i < 6; ++i, seed /= 36) suffix += kChars[seed % 36];
    temp = NativePath(prefix + suffix);
    h = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
                    nullptr);
    if (h == INVALID_HANDLE_VALUE) {
      code = GetLastError();
      if (code != ERROR_FILE_EXISTS && code != ERROR_ALREADY_EXISTS) break;
    }
  }
  if (h == INVALID_HANDLE_VALUE) {
    error = MissingFolder(path);
    if (error.empty()) error = SystemMessage(code);
    return false;
  }
  const int slot = Claim(temp);
  if (!WriteAll(h, content, code)) {
    CloseHandle(h);
    DeleteFileW(temp.c_str());
    Release(slot);
    error = SystemMessage(code);
    return false;
  }
  CloseHandle(h);
  if (!MoveFileExW(temp.c_str(), native.c_str(), MOVEFILE_REPLACE_EXISTING)) {
    code = GetLastError();
    DeleteFileW(temp.c_str());
    Release(slot);
    error = SystemMessage(code);
    return false;
  }
  Release(slot);
  return true;
}

SignalHandling::SignalHandling() {
  g_interrupted.store(0);
  SetConsoleCtrlHandler(OnConsoleEvent, TRUE);
}

SignalHandling::~SignalHandling() { SetConsoleCtrlHandler(OnConsoleEvent, FALSE); }

int Interrupted() { return g_interrupted.load(); }

bool IdentifyFile(const std::string& path, FileId& id) {
  HANDLE h = CreateFileW(NativePath(path).c_str(), 0,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return false;
  BY_HANDLE_FILE_INFORMATION info{};
  const bool ok = GetFileInformationByHandle(h, &info) != 0;
  const bool disk_file =
      GetFileType(h) == FILE_TYPE_DISK && (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
  CloseHandle(h);
  if (!ok) return false;
  id.device = info.dwVolumeSerialNumber;
  id.inode = (static_cast<std::uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
  id.size =
      disk_file ? (static_cast<std::uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow : 0;
  return true;
}

}  // namespace tsimport::cli
