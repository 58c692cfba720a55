// File system work of the command line: reading inputs, walking directories, writing outputs
// atomically.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tsimport::cli {

struct Input {
  std::string name;      ///< as shown to the user
  std::string path;      ///< to read ("-" for stdin)
  std::string relative;  ///< path relative to the directory it was found under (for -O)
};

/// Reads a whole file (or stdin for "-"); on failure returns the HRESULT and a reason.
/// Only regular files are read: a directory, FIFO, socket or device is refused.
bool ReadInput(const std::string& path, std::string& bytes, std::uint32_t& hresult,
               std::string& reason);

/// Expands directories into their *.xml and *.zip files (any case), in a stable order, when
/// `recursive`; other arguments are kept as given. Symbolic links to directories are not
/// followed, so a link loop cannot make the walk endless.
std::vector<Input> ExpandInputs(const std::vector<std::string>& args, bool recursive);

/// Writes `content` to `path` through a temporary file in the same directory and a rename:
/// the file is either complete or untouched. Creates missing parent directories when
/// `make_dirs`. Returns false with errno's text in `error` (and `disk_full` for ENOSPC/EFBIG).
bool WriteAtomically(const std::string& path, const std::string& content, bool make_dirs,
                     std::string& error);

/// Removes temporary files that an interrupted run left under `dir` (only names that
/// WriteAtomically makes).
void RemoveStaleTemporaries(const std::string& dir);

/// Removes the temporary files this process has open (called from signal handlers).
void InstallCleanupOnSignals();

bool SameFile(const std::string& a, const std::string& b);

}  // namespace tsimport::cli
