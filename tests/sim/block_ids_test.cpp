// The event queue's list of block ids keeps its ids in order through growth, copies and moves,
// and a moved-from list is empty and usable: the queue's buckets live in a vector that may move
// them.
#include "sim/core/block_ids.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <utility>
#include <vector>

using retzef::sim::BlockIds;

namespace {

std::vector<std::uint32_t> contents(const BlockIds& ids) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < ids.size(); ++i)
    out.push_back(ids[i]);
  return out;
}

}  // namespace

TEST_CASE("block ids keep their order through growth, and pop last first", "[queue]") {
  BlockIds ids;
  CHECK(ids.empty());
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 1000; ++i) {  // past several doublings from 8
    ids.push_back(i * 7 + 3);
    expected.push_back(i * 7 + 3);
  }
  CHECK(contents(ids) == expected);
  CHECK(ids.back() == expected.back());
  for (int k = 0; k < 10; ++k) {
    CHECK(ids.pop_back() == expected.back());
    expected.pop_back();
  }
  CHECK(contents(ids) == expected);
  ids.clear();
  CHECK(ids.empty());
  ids.push_back(42);  // storage kept: no growth needed, same behaviour
  CHECK(contents(ids) == std::vector<std::uint32_t>{42});
}

TEST_CASE("block ids copy deeply and leave a moved-from list empty and usable", "[queue]") {
  BlockIds a;
  for (std::uint32_t i = 0; i < 20; ++i)
    a.push_back(i);
  BlockIds b = a;
  b.push_back(99);
  CHECK(a.size() == 20);
  CHECK(b.size() == 21);
  CHECK(a[19] == 19);
  CHECK(b[20] == 99);

  BlockIds small;
  small.push_back(5);
  small = b;  // a copy into a list with too little storage grows it
  CHECK(contents(small) == contents(b));

  BlockIds c = std::move(a);
  CHECK(c.size() == 20);
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  a.push_back(7);    // and it grows from nothing
  CHECK(contents(a) == std::vector<std::uint32_t>{7});

  BlockIds d;
  d = std::move(c);
  CHECK(d.size() == 20);
  CHECK(c.empty());  // NOLINT(bugprone-use-after-move)
}
