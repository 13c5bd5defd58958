// A thread's cache of freed huge-page regions, handed to the next array of the same size that
// thread allocates. A batch runs replication after replication on each thread, and each builds
// the same large arrays (a region's people, the event queue's pool) as the one before; freed,
// their memory went back to the kernel, and the next replication's first touch of each 2 MiB
// page had the kernel clear it again: 6% of a national batch's time (docs/kernel.md, "Memory
// handed back between replications"). Kept here instead, a region is reused as it is: every
// array built on it writes its elements before reading them, so nothing can depend on what it
// held. Bounded, so that a thread never holds more than a few arrays it no longer uses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdlib>

namespace retzef::sim {

class HugePageCache {
 public:
  /// At most this many regions, and this many bytes, are kept by a thread.
  static constexpr std::size_t kRegions = 16;
  static constexpr std::size_t kBytes = std::size_t{2} << 30;

  HugePageCache() = default;
  HugePageCache(const HugePageCache&) = delete;
  HugePageCache& operator=(const HugePageCache&) = delete;
  ~HugePageCache() { clear(); }

  /// The calling thread's cache.
  static HugePageCache& local() {
    thread_local HugePageCache cache;
    return cache;
  }

  /// A kept region of exactly `bytes`, the one freed last, or null.
  void* take(std::size_t bytes) {
    for (std::size_t i = count_; i-- > 0;) {
      if (regions_[i].bytes != bytes) continue;
      void* start = regions_[i].start;
      total_ -= bytes;
      for (std::size_t j = i + 1; j < count_; ++j)
        regions_[j - 1] = regions_[j];
      --count_;
      return start;
    }
    return nullptr;
  }

  /// Keeps a freed region for reuse; false when the cache is full (the caller frees it).
  bool keep(void* start, std::size_t bytes) {
    if (count_ == kRegions || total_ + bytes > kBytes) return false;
    regions_[count_++] = Region{start, bytes};
    total_ += bytes;
    return true;
  }

  /// Frees every kept region.
  void clear() {
    for (std::size_t i = 0; i < count_; ++i)
      std::free(regions_[i].start);
    count_ = 0;
    total_ = 0;
  }

  std::size_t regions() const { return count_; }
  std::size_t bytes() const { return total_; }

 private:
  struct Region {
    void* start = nullptr;
    std::size_t bytes = 0;
  };
  std::array<Region, kRegions> regions_{};
  std::size_t count_ = 0;
  std::size_t total_ = 0;
};

}  // namespace retzef::sim
