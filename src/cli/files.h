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
  /// A folder the walk (-r) could not read: errno of the failure (0 for a file to read). It is
  /// reported as an input that cannot be read, so that a tree is never checked in part silently.
  int folder_error = 0;
  /// A folder given to walk that holds no *.xml or *.zip: nothing to check (TS1008).
  bool empty_folder = false;
};

/// Reads a whole file (or stdin for "-"); on failure returns the HRESULT and a reason.
/// Only regular files are read: a directory, FIFO, socket or device is refused. Standard
/// input stops being read when the run is interrupted (Interrupted()).
bool ReadInput(const std::string& path, std::string& bytes, std::uint32_t& hresult,
               std::string& reason);

/// The HRESULT and the words for an errno value of reading (ENOENT: 0x80070002, "no such
/// file"...).
void ReadFailure(int err, std::uint32_t& hresult, std::string& reason);

/// Expands directories into their *.xml and *.zip files (any case), in a stable order, when
/// `recursive`; other arguments are kept as given. Symbolic links to directories are not
/// followed, so a link loop cannot make the walk endless. A folder that cannot be read is kept
/// as an input with its `folder_error`; a directory argument that holds no file to check is
/// kept as an input with `empty_folder`.
std::vector<Input> ExpandInputs(const std::vector<std::string>& args, bool recursive);

/// Writes `content` to `path` through a temporary file in the same directory and a rename:
/// the file is either complete or untouched. An existing path that is neither a regular file
/// nor a directory (a FIFO, a device such as /dev/null) is written into instead. Creates missing parent directories when
/// `make_dirs`. Returns false with errno's text in `error` (and `disk_full` for ENOSPC/EFBIG).
bool WriteAtomically(const std::string& path, const std::string& content, bool make_dirs,
                     std::string& error);

/// Why a file cannot be made at `path` because of its folder: "the folder X does not exist" or
/// "X is not a folder"; empty when the folder is there (or the path has none).
std::string MissingFolder(const std::string& path);

/// Removes temporary files that an interrupted run left under `dir` (only names that
/// WriteAtomically makes).
void RemoveStaleTemporaries(const std::string& dir);

/// While it lives: the first SIGINT or SIGTERM is noted (Interrupted() returns it) and the run
/// winds down, writing what it has; a second one, SIGHUP or SIGPIPE remove the temporary files
/// in flight and end the process. The handlers found before are put back at its end.
class SignalHandling {
 public:
  SignalHandling();
  ~SignalHandling();
  SignalHandling(const SignalHandling&) = delete;
  SignalHandling& operator=(const SignalHandling&) = delete;
};

/// The signal (SIGINT, SIGTERM) that interrupted the run; 0 when none did.
int Interrupted();

bool SameFile(const std::string& a, const std::string& b);

/// What identifies a file (symbolic links followed), and its size when it is a regular file.
struct FileId {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;  ///< 0 unless a regular file
};

/// One stat of `path`; false when it cannot be looked at (it does not exist...).
bool IdentifyFile(const std::string& path, FileId& id);

}  // namespace tsimport::cli
