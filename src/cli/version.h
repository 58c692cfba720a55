// What `tsimport --version` prints: the version (CMake's project version) and the commit the
// binary was built from (cmake/version.cmake writes it at every build).
#pragma once

#include <string>

namespace tsimport::cli {

/// `git describe --long` of the source tree at build time ("v0.2.0-3-g0123456789ab-dirty", or a
/// bare commit before the first tag), the value of -DTSIMPORT_COMMIT, or "unknown".
const char* BuildCommit();

/// "tsimport 0.2.0 (commit v0.2.0-3-g0123456789ab)", or "... (commit unknown: not built from a
/// git checkout)".
std::string VersionLine();

}  // namespace tsimport::cli
