// The process heap on transparent huge pages, for a run that allocates densely and briefly.
#pragma once

namespace stacklint {

// Asks glibc to grow the main heap 8 MiB at a time and the kernel to back it with 2 MiB pages
// (MADV_HUGEPAGE), as glibc's own glibc.malloc.hugetlb tunable would, which only the environment can
// set. Call once, first thing in main. Does nothing where the heap is not glibc's brk heap
// (sanitizers, valgrind) or the kernel refuses.
void prefer_huge_pages();

}  // namespace stacklint
