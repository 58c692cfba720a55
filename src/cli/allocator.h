// The allocator's settings for a process that imports one input after another: the command line
// and the in-process benchmark (which measures the core as the command line runs it).
#pragma once

#include <cstdlib>

#if defined(TSIMPORT_MIMALLOC)
#include <mimalloc.h>
#endif

namespace tsimport::cli {

/// With mimalloc: memory an import frees is kept for the next import rather than given back to
/// the system (decommitted), only for the next import to fault it in again page by page; that
/// cost about a fifth of the import of a 1 MB sequence in a run of imports (docs/performance.md).
/// Peak memory is the same. MIMALLOC_ALLOW_DECOMMIT in the environment still decides when set.
inline void ConfigureAllocator() {
#if defined(TSIMPORT_MIMALLOC)
  if (std::getenv("MIMALLOC_ALLOW_DECOMMIT") == nullptr)
    mi_option_disable(mi_option_allow_decommit);
#endif
}

}  // namespace tsimport::cli
