#include "version.h"

#include <string_view>

namespace tsimport::cli {

std::string VersionLine() {
  const std::string_view commit = BuildCommit();
  return std::string("tsimport ") + TSIMPORT_VERSION + " (commit " + std::string(commit) +
         (commit == "unknown" ? ": not built from a git checkout" : "") + ")";
}

}  // namespace tsimport::cli
