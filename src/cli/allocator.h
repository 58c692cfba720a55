// The allocator's settings for a process that imports one input after another: the command line
// and the in-process benchmark (which measures the core as the command line runs it).
#pragma once

#include <cstdint>
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

/// Inputs from this size on (the largest of a run) make the heap ask for transparent huge pages
/// (mimalloc's large_os_pages: madvise(MADV_HUGEPAGE) on the memory it maps). A large import
/// touches hundreds of megabytes once: with 4 KB pages, one page fault and, in a virtual machine,
/// a two-level page walk for each TLB miss. Measured on the 2-core CI VM: 100 MB generated
/// sequence 2.99 s to 1.58 s, 40,000 sibling steps (22 MB) 1.72 s to 0.47 s, page faults 93,800
/// and 66,000 to about 400 (docs/performance.md). Not below it, though a small run starts faster
/// with them (a 2 KB input 10.6 to 8.3 ms there, 340 to 180 page faults): tried at stop 27 from
/// the first allocation, they made 200,000 sibling elements 3x faster but not 2,000,000 (that
/// time is the kernel clearing fresh memory), breaking the scaling row's 12x, and a 2 KB run's
/// peak RSS went from 5 to 11 MB (docs/performance.md, "Stop 27"). MIMALLOC_LARGE_OS_PAGES in
/// the environment still decides when set.
constexpr std::uint64_t kLargePagesFrom = std::uint64_t{4} << 20;

inline void PrepareForLargestInput([[maybe_unused]] std::uint64_t bytes) {
#if defined(TSIMPORT_MIMALLOC)
  if (bytes >= kLargePagesFrom && std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr)
    mi_option_enable(mi_option_large_os_pages);
#endif
}

}  // namespace tsimport::cli
