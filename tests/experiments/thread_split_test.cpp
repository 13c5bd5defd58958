// How a batch's threads are shared out between replications and their regions
// (experiments/thread_split.hpp): one thread a replication by default, and for a model of one
// region always; the threads a batch of few replications leaves idle to each replication's
// regions; what the user asks for when they ask; never more threads than there are, nor than
// the regions.
#include <catch2/catch.hpp>
#include <cstddef>

#include "experiments/thread_split.hpp"

using retzef::experiments::split_threads;

namespace {

// The national scenario's seven districts (experiments/scenarios/israel.toml).
constexpr std::size_t kDistricts = 7;

}  // namespace

TEST_CASE("thread split: a model of one region runs a replication a thread", "[experiments]") {
  constexpr std::size_t one = 1;
  for (const int threads : {1, 2, 16}) {
    const auto s = split_threads(threads, 90, one);
    CHECK(s.region_threads == 1);
    CHECK(s.replications_at_once == threads);
  }
  // However few the replications, and whatever was asked: there are no regions to share.
  CHECK(split_threads(16, 1, one).region_threads == 1);
  CHECK(split_threads(16, 1, one, 4).region_threads == 1);
  CHECK(split_threads(4, 30, 0).region_threads == 1);
}

TEST_CASE("thread split: by default a replication a thread while there are enough",
          "[experiments]") {
  for (const int threads : {1, 2, 16}) {
    const auto s = split_threads(threads, 90, kDistricts);
    CHECK(s.region_threads == 1);
    CHECK(s.replications_at_once == threads);
  }
  auto s = split_threads(16, 16, kDistricts);
  CHECK(s.region_threads == 1);
  CHECK(s.replications_at_once == 16);
}

TEST_CASE("thread split: threads the replications leave idle go to their regions",
          "[experiments]") {
  auto s = split_threads(2, 1, kDistricts);
  CHECK(s.region_threads == 2);
  CHECK(s.replications_at_once == 1);
  s = split_threads(16, 1, kDistricts);
  CHECK(s.region_threads == 7);  // no more threads than regions
  s = split_threads(16, 2, 3);
  CHECK(s.region_threads == 3);
  s = split_threads(16, 3, kDistricts);
  CHECK(s.region_threads == 5);
  CHECK(s.replications_at_once == 3);
}

TEST_CASE("thread split: the threads asked for, at most the threads and the regions there are",
          "[experiments]") {
  auto s = split_threads(2, 90, kDistricts, 2);
  CHECK(s.region_threads == 2);
  CHECK(s.replications_at_once == 1);
  s = split_threads(16, 90, kDistricts, 4);
  CHECK(s.region_threads == 4);
  CHECK(s.replications_at_once == 4);
  s = split_threads(6, 90, kDistricts, 4);
  CHECK(s.region_threads == 4);
  CHECK(s.replications_at_once == 1);
  s = split_threads(4, 90, kDistricts, 64);
  CHECK(s.region_threads == 4);
  s = split_threads(16, 90, kDistricts, 64);
  CHECK(s.region_threads == 7);
  CHECK(s.replications_at_once == 2);
  s = split_threads(0, 90, kDistricts, 2);  // no threads is one
  CHECK(s.region_threads == 1);
  CHECK(s.replications_at_once == 1);
}
