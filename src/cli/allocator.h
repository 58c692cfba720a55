// The allocator's settings for a process that imports one input after another: the command line
// and the benchmark's programs (which measure the core as the command line runs it). Made before
// main by src/cli/allocator.cpp, which each of those programs compiles in.
#pragma once

#include <cstdlib>

#if defined(TSIMPORT_MIMALLOC)
#include <mimalloc.h>
#endif

namespace tsimport::cli {

/// With mimalloc:
/// - Memory an import frees is kept for the next import rather than given back to the system
///   (decommitted), only for the next import to fault it in again page by page; that cost about
///   a fifth of the import of a 1 MB sequence in a run of imports (docs/performance.md). Peak
///   memory is the same.
/// - The heap asks for transparent huge pages (large_os_pages: madvise(MADV_HUGEPAGE) on the
///   memory mimalloc maps). Every import touches fresh memory: a small one a 64 KB allocator
///   page for each size of block it allocates, a large one hundreds of megabytes; with 4 KB pages
///   each is one page fault, and in a virtual machine a fault costs tens of microseconds. Measured
///   on the 2-core CI VM (docs/performance.md, stop 27): a 2 KB input 340 page faults to 182,
///   start-up 10.6 to 8.3 ms (median of 150 paired runs); 100 MB generated sequence 2.57 to
///   1.51 s, 40,000 sibling steps 1.54 to 0.74 s. The cost: peak RSS of a small run 5 to 11 MB
///   (the first huge pages), a constant.
/// The settings apply to memory mapped after they are made: mimalloc maps its first segment
/// at the first allocation, which static constructors make, hence before main.
/// MIMALLOC_ALLOW_DECOMMIT and MIMALLOC_LARGE_OS_PAGES in the environment still decide when set.
inline void ConfigureAllocator() {
#if defined(TSIMPORT_MIMALLOC)
  if (std::getenv("MIMALLOC_ALLOW_DECOMMIT") == nullptr)
    mi_option_disable(mi_option_allow_decommit);
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr)
    mi_option_enable(mi_option_large_os_pages);
#endif
}

}  // namespace tsimport::cli
