#include "files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iterator>

#include "platform.h"
#include "tsimport/diagnostic.h"

namespace tsimport::cli {
namespace {

namespace fs = std::filesystem;

bool HasTaskSequenceExtension(const fs::path& p) {
  std::string ext = TextOf(p.extension());
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".xml" || ext == ".zip";
}

/// The *.xml and *.zip files under `root` (any depth, by path), and the folders that could not
/// be read (with their errno). Symbolic links to folders are not followed.
std::vector<Input> Walk(const std::string& root) {
  std::vector<Input> found;
  const fs::path root_path = PathOf(root);
  std::vector<fs::path> folders = {root_path};
  while (!folders.empty()) {
    const fs::path dir = folders.back();
    folders.pop_back();
    auto unreadable = [&](const std::error_code& ec) {
      Input folder{TextOf(dir), TextOf(dir), TextOf(dir.lexically_relative(root_path)), ec.value()};
      if (folder.folder_error == 0) folder.folder_error = EIO;
      found.push_back(std::move(folder));
    };
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      unreadable(ec);
      continue;
    }
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code fec;
      const fs::file_status link = it->symlink_status(fec);
      if (fs::is_directory(link)) {
        folders.push_back(it->path());
      } else if (it->is_regular_file(fec) && HasTaskSequenceExtension(it->path())) {
        const std::string path = TextOf(it->path());
        found.push_back({path, path, TextOf(it->path().lexically_relative(root_path))});
      }
    }
    if (ec) unreadable(ec);  // the listing failed part of the way
  }
  std::sort(found.begin(), found.end(),
            [](const Input& a, const Input& b) { return PathLess(a.path, b.path); });
  return found;
}

}  // namespace

void ReadFailure(int err, std::uint32_t& hresult, std::string& reason) {
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
}

std::vector<Input> ExpandInputs(const std::vector<std::string>& args, bool recursive) {
  std::vector<Input> out;
  for (const auto& in : args) {
    std::error_code ec;
    if (in != "-" && recursive && fs::is_directory(PathOf(in), ec)) {
      std::vector<Input> found = Walk(in);
      if (found.empty()) {
        Input empty{in, in, "", 0, true};
        out.push_back(std::move(empty));
      }
      for (auto& f : found) out.push_back(std::move(f));
      continue;
    }
    if (in == "-") {
      out.push_back({"<stdin>", "-", "stdin"});
      continue;
    }
    // A file given by name: its relative path when it stays below the working directory,
    // otherwise its name.
    const fs::path p = PathOf(in);
    std::string rel = TextOf(p.lexically_normal());
    if (p.is_absolute() || rel.rfind("..", 0) == 0) rel = TextOf(p.filename());
    out.push_back({in, in, rel});
  }
  return out;
}

std::string MissingFolder(const std::string& path) {
  const fs::path dir = PathOf(path).parent_path();
  std::error_code ec;
  if (dir.empty() || fs::is_directory(dir, ec)) return {};
  if (fs::exists(dir, ec)) return TextOf(dir) + " is not a folder";
  return "the folder " + TextOf(dir) + " does not exist";
}

void RemoveStaleTemporaries(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(PathOf(dir), ec)) return;
  std::vector<fs::path> stale;
  for (fs::recursive_directory_iterator it(PathOf(dir), fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::string name = TextOf(it->path().filename());
    if (name.size() > 1 && name[0] == '.' && name.find(kTempMarker) != std::string::npos) {
      stale.push_back(it->path());
    }
  }
  for (const auto& p : stale) fs::remove(p, ec);
}

bool MakeFolders(const fs::path& dir, std::string& error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  return true;
}

bool SameFile(const std::string& a, const std::string& b) {
  FileId ia, ib;
  return IdentifyFile(a, ia) && IdentifyFile(b, ib) && ia.device == ib.device &&
         ia.inode == ib.inode;
}

}  // namespace tsimport::cli
