// Hot paths allocate nothing: a run ten times longer must make (almost) no more heap
// allocations than a short one, because the queue, the customer pool and the rings only grow
// to their working size and then stay.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "sim/benchmarks/phold.hpp"
#include "sim/benchmarks/queue_network.hpp"
#include "sim/engine/simulate.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// Counting replacements of the global allocation functions (for this test binary only), with
// malloc/free underneath, which GCC cannot see pair up.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

using namespace retzef;

namespace {

template <class M>
std::uint64_t allocations_of(const M& model, const sim::RunOptions& options) {
  const std::uint64_t before = g_allocations.load();
  const auto r = sim::simulate(model, options);
  REQUIRE(r.events > 0);
  return g_allocations.load() - before;
}

}  // namespace

TEST_CASE("the sequential scheduler allocates nothing per event", "[allocation]") {
  benchmarks::QueueNetworkParams p;
  p.arrival_rate = 0.5;  // a short queue: its ring and pool reach full size early
  p.customers = 20'000;
  const auto short_run = allocations_of(benchmarks::QueueNetwork(p), sim::RunOptions{});
  p.customers = 200'000;
  const auto long_run = allocations_of(benchmarks::QueueNetwork(p), sim::RunOptions{});
  INFO("short run " << short_run << " allocations, long run " << long_run);
  CHECK(long_run <= short_run + 8);
}

TEST_CASE("PHOLD allocates nothing per event under the sequential scheduler", "[allocation]") {
  benchmarks::PholdParams p;
  p.lps = 16;
  p.population = 8;
  sim::RunOptions o;
  o.end = 100;
  const auto short_run = allocations_of(benchmarks::Phold(p), o);
  o.end = 1000;
  const auto long_run = allocations_of(benchmarks::Phold(p), o);
  INFO("short run " << short_run << " allocations, long run " << long_run);
  CHECK(long_run <= short_run + 8);
}
