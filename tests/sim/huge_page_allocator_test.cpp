// The allocator for large randomly read arrays: large storage on huge-page boundaries, small
// storage and over-aligned types as std::allocator gives them, contents kept as vectors grow,
// and a freed large array kept by the process for the next of its size, up to a bound.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "sim/core/huge_page_allocator.hpp"

using namespace retzef::sim;

namespace {
struct alignas(64) Record {
  std::uint64_t values[5] = {};
};
std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}
}  // namespace

TEST_CASE("large arrays start on a huge page, and small ones keep their type's alignment",
          "[huge_pages]") {
  HugePageVector<std::uint32_t> small(1000);
  CHECK(address(small.data()) % alignof(std::uint32_t) == 0);
  HugePageVector<Record> records(10);
  CHECK(address(records.data()) % 64 == 0);
  HugePageVector<Record> many(kHugePage / sizeof(Record) + 1);
  CHECK(address(many.data()) % kHugePage == 0);
  CHECK(address(&many[1]) - address(&many[0]) == 64);
}

TEST_CASE("a vector growing past a huge page keeps what it held", "[huge_pages]") {
  HugePageVector<std::uint64_t> v;
  for (std::uint64_t i = 0; i < 3 * kHugePage / sizeof(std::uint64_t); ++i)
    v.push_back(i * 7);
  CHECK(address(v.data()) % kHugePage == 0);
  bool kept = true;
  for (std::uint64_t i = 0; i < v.size(); ++i)
    kept = kept && v[i] == i * 7;
  CHECK(kept);
  v.clear();
  v.shrink_to_fit();  // hands the large block back to the process's cache (under the sanitizers,
                      // checked for leaks when the cache frees it at the process's end)
  CHECK(v.capacity() == 0);
}

TEST_CASE("a freed large array is reused by the process's next array of its size", "[huge_pages]") {
  HugePageCache::process().clear();  // whatever earlier tests left
  const std::size_t n = 3 * kHugePage / sizeof(std::uint64_t);
  std::uintptr_t first = 0;
  {
    HugePageVector<std::uint64_t> v(n, 1);
    first = address(v.data());
  }
  const std::size_t kept = HugePageCache::process().regions();
  CHECK(kept >= 1);
  HugePageVector<std::uint64_t> again(n, 2);  // the same size: the same region, written afresh
  CHECK(address(again.data()) == first);
  CHECK(HugePageCache::process().regions() == kept - 1);
  bool written = true;
  for (const std::uint64_t x : again)
    written = written && x == 2;
  CHECK(written);
  HugePageVector<std::uint64_t> other(n + kHugePage / sizeof(std::uint64_t));  // another size
  CHECK(address(other.data()) != first);
  CHECK(address(other.data()) % kHugePage == 0);
  HugePageCache::process().clear();
  CHECK(HugePageCache::process().bytes() == 0);
}

TEST_CASE("the cache of freed regions is bounded", "[huge_pages]") {
  HugePageCache cache;
  std::vector<void*> regions;
  for (std::size_t i = 0; i <= HugePageCache::kRegions; ++i)
    regions.push_back(std::aligned_alloc(kHugePage, kHugePage));
  std::size_t kept = 0;
  for (void* r : regions) {
    if (cache.keep(r, kHugePage)) {
      ++kept;
    } else {
      std::free(r);
    }
  }
  CHECK(kept == HugePageCache::kRegions);
  CHECK(cache.bytes() == HugePageCache::kRegions * kHugePage);
  CHECK(cache.take(2 * kHugePage) == nullptr);
  void* back = cache.take(kHugePage);  // the one kept last
  CHECK(back == regions[HugePageCache::kRegions - 1]);
  std::free(back);
  CHECK(!cache.keep(nullptr, HugePageCache::kBytes));  // more bytes than it may hold
}
