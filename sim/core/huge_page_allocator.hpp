// An allocator for the large arrays a run reads at random: a model's records (the care model's
// people) and the event queue's pool of blocks. A random access into tens or hundreds of
// megabytes misses the translation cache as well as the data caches, and each miss costs a
// page-table walk; backed by 2 MiB pages (Linux's transparent huge pages, asked for with
// madvise), the same arrays need a few hundred translations instead of tens of thousands. On
// the national scenario this took a replication from 21-22 s to 18-18.5 s on one thread (two
// runs side by side, docs/kernel.md). Small arrays, and kernels without huge pages, get plain
// memory; nothing else changes, so results cannot depend on it. Allocation happens only as an
// array grows, never per event; a large array freed is kept by the process for the next of the
// same size (huge_page_cache.hpp).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "sim/core/huge_page_cache.hpp"

namespace retzef::sim {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) {  // as std::allocator would
      if constexpr (kOverAligned) {
        return static_cast<T*>(::operator new (bytes, std::align_val_t{alignof(T)}));
      } else {
        return static_cast<T*>(::operator new(bytes));
      }
    }
    // A whole number of huge pages on a huge-page boundary, or the kernel cannot use them.
    if (void* kept = HugePageCache::process().take(rounded(bytes))) return static_cast<T*>(kept);
    void* p = std::aligned_alloc(kHugePage, rounded(bytes));
    if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    ::madvise(p, rounded(bytes), MADV_HUGEPAGE);  // a hint: failure leaves plain pages
#endif
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePage) {
      if constexpr (kOverAligned) {
        ::operator delete (p, std::align_val_t{alignof(T)});
      } else {
        ::operator delete(p);
      }
    } else if (!HugePageCache::process().keep(p, rounded(n * sizeof(T)))) {
      std::free(p);
    }
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }

 private:
  static constexpr bool kOverAligned = alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__;
  static std::size_t rounded(std::size_t bytes) {
    return (bytes + kHugePage - 1) / kHugePage * kHugePage;
  }
};

/// A vector whose storage, once large, lies on huge pages.
template <class T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace retzef::sim
