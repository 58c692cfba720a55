// ConfigureAllocator() (allocator.h) before the first allocation: compiled into the command
// line and the benchmark's programs, where mimalloc replaces malloc.
#include "allocator.h"

#if defined(TSIMPORT_MIMALLOC)
namespace {

// Priority 101, the first a program may use: before the static constructors of the program and
// of what is linked into it statically (libstdc++'s iostreams: tsimport links libstdc++ in),
// which allocate. The shared libraries' constructors run earlier: mimalloc's own maps nothing.
[[gnu::constructor(101)]] void ConfigureAllocatorFirst() { tsimport::cli::ConfigureAllocator(); }

}  // namespace
#endif
