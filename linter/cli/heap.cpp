// Why: a check run touches every page of its heap once, and where stacklint runs (CI runners and
// developer machines are often virtual machines) the first touch of each 4 KiB page is a page fault
// of about 10 us. Over the bench corpus's 1,210 rule files that was 4,136 faults and a tenth of the
// run's cpu (bench/compare_promtool.sh); with the main heap on 2 MiB pages, 2,221 (perf stat).
// glibc does this itself with the tunable glibc.malloc.hugetlb=1, read only from GLIBC_TUNABLES.
//
// How: the heap's first growth reserves 256 MiB of address space (M_TOP_PAD for one allocation:
// no memory until touched) and MADV_HUGEPAGE marks that range, so the kernel backs each aligned
// 2 MiB of it with one page on first touch (THP `madvise` mode, the default). Later growths (8 MiB
// at a time) are new mappings on 4 KiB pages. Blocks up to 8 MiB come from the heap
// (M_MMAP_THRESHOLD), not from their own mapping, and the heap keeps its free memory
// (M_TRIM_THRESHOLD) instead of giving the reservation back. Peak RSS on the bench corpus: 21.7 ->
// 22.7 MiB (the last huge page is touched whole).
#include "linter/cli/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define STACKLINT_OWN_MALLOC 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define STACKLINT_OWN_MALLOC 1
#endif

namespace stacklint {

#ifdef STACKLINT_OWN_MALLOC

void prefer_huge_pages() {}  // the sanitizer's allocator is not glibc's heap

#else

namespace {

constexpr int kReserve = 256 << 20;   // the heap's first growth (address space only)
constexpr int kHeapStep = 8 << 20;    // M_TOP_PAD after it: later growths add this much
constexpr int kLargeBlock = 8 << 20;  // M_MMAP_THRESHOLD: larger blocks get their own mapping
constexpr int kKeepFree = 512 << 20;  // M_TRIM_THRESHOLD: free memory the heap keeps at its top
constexpr size_t kGrowNow = 1 << 20;  // above the initial heap's free top: makes it grow now

}  // namespace

void prefer_huge_pages() {
  if (mallopt(M_TOP_PAD, kReserve) == 0 || mallopt(M_MMAP_THRESHOLD, kLargeBlock) == 0 ||
      mallopt(M_TRIM_THRESHOLD, kKeepFree) == 0) {
    return;
  }
  // volatile: the compiler may not drop an allocation whose pointer is only freed.
  void* volatile grow = std::malloc(kGrowNow);
  const auto first = reinterpret_cast<uintptr_t>(grow);
  const auto end = reinterpret_cast<uintptr_t>(sbrk(0));
  std::free(grow);
  mallopt(M_TOP_PAD, kHeapStep);
  // Only the brk heap, whose block was just taken from its end: another allocator's block is not.
  if (first == 0 || first >= end || end - first > kGrowNow + 2 * static_cast<uintptr_t>(kReserve)) return;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t from = first & ~(page - 1);
  madvise(reinterpret_cast<void*>(from), end - from, MADV_HUGEPAGE);  // refused: 4 KiB pages, as before
}

#endif

}  // namespace stacklint
