// The allocator for large randomly read arrays: large storage on huge-page boundaries, small
// storage and over-aligned types as std::allocator gives them, contents kept as vectors grow.
#include <catch2/catch.hpp>
#include <cstdint>

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
  v.shrink_to_fit();  // hands the large block back (under the sanitizers, checked for leaks)
  CHECK(v.capacity() == 0);
}
