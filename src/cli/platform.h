// What differs between POSIX systems and Windows, for the command line: the arguments and the
// console (main), paths in UTF-8, reading and writing files, interruptions. The rest of src/cli
// is the same on both. platform_posix.cpp and platform_windows.cpp implement it (one is built);
// files.h declares the file functions they share with the rest (ReadInput, WriteAtomically,
// SignalHandling, Interrupted, IdentifyFile). docs/design.md, "Windows".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tsimport::cli {

/// The command line as UTF-8 strings. On Windows, from the wide command line (GetCommandLineW),
/// so that a file name outside the ANSI code page arrives whole; elsewhere argv as it is.
std::vector<std::string> Arguments(int argc, char** argv);

/// Whether standard output and standard error are terminals that show colours. On Windows it
/// also sets up the console: UTF-8 output (SetConsoleOutputCP), virtual-terminal sequences
/// (SetConsoleMode; a console that refuses them counts as no terminal: plain output), and
/// binary standard streams (no "\n" to "\r\n": outputs are byte for byte those of Linux).
struct Console {
  bool out_is_terminal = false;
  bool err_is_terminal = false;
};
Console SetUpConsole();

/// A path from UTF-8 text (on Windows std::filesystem would read narrow text in the ANSI code
/// page) and back.
inline std::filesystem::path PathOf(const std::string& utf8) {
#ifdef _WIN32
  return std::filesystem::u8path(utf8);
#else
  return std::filesystem::path(utf8);
#endif
}
inline std::string TextOf(const std::filesystem::path& path) {
#ifdef _WIN32
  return path.u8string();
#else
  return path.string();
#endif
}

/// The order `-r` takes the files it finds in: by the bytes of the path on POSIX; on Windows
/// the same with '\' read as '/', so that a tree is taken in the same order as on Linux.
bool PathLess(const std::string& a, const std::string& b);

/// Creates `dir` and the folders above it that are missing (WriteAtomically's make_dirs);
/// false with the reason in `error`.
bool MakeFolders(const std::filesystem::path& dir, std::string& error);

/// What names WriteAtomically's temporary files (".NAME.tsimport-tmp.XXXXXX").
inline constexpr const char* kTempMarker = ".tsimport-tmp.";

/// The running program's file (for the rule pages installed beside it); empty when unknown.
std::filesystem::path ExecutablePath();

}  // namespace tsimport::cli
