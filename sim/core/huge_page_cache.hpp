// The process's cache of freed huge-page regions, handed to the next array of the same size
// allocated. A batch runs replication after replication, and each builds the same large arrays
// (a region's people, the event queue's pool) as the one before; freed, their memory went back
// to the kernel, and the next replication's first touch of each 2 MiB page had the kernel clear
// it again: 6% of a national batch's time (docs/kernel.md, "Memory handed back between
// replications"). Kept here instead, a region is reused as it is: every array built on it
// writes its elements before reading them, so nothing can depend on what it held. One cache
// for the process, not one a thread: a replication whose regions run side by side has its
// regions' arrays built and freed on whichever threads take them, and caches of their own left
// the national batch's resident peak at 1.17 GB where one gives 0.57 GB. Bounded, so that the
// process never holds more than a few arrays it no longer uses; a lock, as arrays are made and
// freed a few times a replication, not per event.
#pragma once

#include <array>
#include <cstddef>
#include <cstdlib>
#include <mutex>

namespace retzef::sim {

class HugePageCache {
 public:
  /// At most this many regions, and this many bytes, are kept.
  static constexpr std::size_t kRegions = 32;
  static constexpr std::size_t kBytes = std::size_t{4} << 30;

  HugePageCache() = default;
  HugePageCache(const HugePageCache&) = delete;
  HugePageCache& operator=(const HugePageCache&) = delete;
  ~HugePageCache() { clear(); }

  /// The process's cache.
  static HugePageCache& process() {
    static HugePageCache cache;
    return cache;
  }

  /// A kept region of exactly `bytes`, the one freed last, or null.
  void* take(std::size_t bytes) {
    const std::lock_guard<std::mutex> lock(mutex_);
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
    const std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == kRegions || total_ + bytes > kBytes) return false;
    regions_[count_++] = Region{start, bytes};
    total_ += bytes;
    return true;
  }

  /// Frees every kept region.
  void clear() {
    const std::lock_guard<std::mutex> lock(mutex_);
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
  std::mutex mutex_;
};

}  // namespace retzef::sim
