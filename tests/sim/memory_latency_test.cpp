// The memory benchmark's chase: one cycle through every slot, so that a timed read cannot hit
// a short loop that stays in cache, and the reads it reports are the reads it made.
#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/benchmarks/memory_latency.hpp"

using namespace retzef::benchmarks;

namespace {

/// The slot reached after `steps` reads from slot 0.
std::uint32_t walk(const std::vector<std::uint32_t>& next, std::uint64_t steps) {
  std::uint32_t at = 0;
  for (std::uint64_t s = 0; s < steps; ++s)
    at = next[at];
  return at;
}

}  // namespace

TEST_CASE("memory latency: the chase is one cycle through every slot", "[bench]") {
  for (const std::uint32_t n : {2u, 3u, 17u, 1000u, 65536u}) {
    const auto next = chase_cycle(n, 7);
    REQUIRE(next.size() == n);
    std::vector<bool> seen(n, false);
    std::uint32_t at = 0;
    for (std::uint32_t step = 0; step < n; ++step) {
      REQUIRE_FALSE(seen[at]);  // a slot met twice before all were met: a shorter cycle
      seen[at] = true;
      at = next[at];
    }
    CHECK(at == 0);
  }
  // The order is the seed's: another seed, another order; the same seed, the same.
  CHECK(chase_cycle(1000, 7) == chase_cycle(1000, 7));
  CHECK(chase_cycle(1000, 7) != chase_cycle(1000, 8));
}

TEST_CASE("memory latency: the reads timed follow the cycle laid in memory", "[bench]") {
  const std::size_t bytes = std::size_t{1} << 20;
  const auto slots = static_cast<std::uint32_t>(bytes / 64);
  const auto next = chase_cycle(slots, 3);
  for (const auto pages : {PageSize::huge, PageSize::normal}) {
    for (const std::uint64_t reads :
         {std::uint64_t{1}, std::uint64_t{12345}, std::uint64_t{slots}, std::uint64_t{slots} + 5}) {
      const MemoryLatency m = measure_memory_latency(bytes, pages, reads, 3);
      CHECK(m.bytes == bytes);
      CHECK(m.reads == reads);
      CHECK(m.end == walk(next, reads));
      CHECK(m.seconds >= 0);
      CHECK(m.mapped_bytes == std::size_t{2} << 20);  // one huge page
      CHECK(m.huge_bytes <= m.mapped_bytes);
    }
  }
  CHECK(measure_memory_latency(bytes, PageSize::huge, slots, 3).end == 0);
}

TEST_CASE("memory latency: an array too small or too large for the machine is refused", "[bench]") {
  CHECK_THROWS_AS(measure_memory_latency(64, PageSize::huge, 10, 1), std::invalid_argument);
  CHECK_THROWS_AS(measure_memory_latency(0, PageSize::normal, 10, 1), std::invalid_argument);
  // Refused before any memory is asked for: half the machine and one slot more.
  CHECK_THROWS_AS(measure_memory_latency(memory_latency_limit() + 64, PageSize::huge, 10, 1),
                  std::invalid_argument);
}
