// Hot paths allocate nothing: a run ten times longer must make (almost) no more heap
// allocations than a short one, because the queue, the customer pool and the rings only grow
// to their working size and then stay.
#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>
#include <new>

#include "sim/benchmarks/phold.hpp"
#include "sim/benchmarks/queue_network.hpp"
#include "sim/core/huge_page_allocator.hpp"
#include "sim/engine/simulate.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
void count_allocation() {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

// Counting replacements of the C library's allocation functions (for this test binary only),
// each handing on to glibc's own: every operator new (over-aligned ones too) and the huge-page
// allocator's aligned_alloc end in one of them, so an allocation by any route is counted.
// Counting operator new alone missed the over-aligned event blocks and the huge-page arrays.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void* __libc_valloc(std::size_t);
void* __libc_pvalloc(std::size_t);

void* malloc(std::size_t n) noexcept {
  count_allocation();
  return __libc_malloc(n);
}
void* calloc(std::size_t count, std::size_t n) noexcept {
  count_allocation();
  return __libc_calloc(count, n);
}
void* realloc(void* p, std::size_t n) noexcept {
  count_allocation();
  return __libc_realloc(p, n);
}
void* aligned_alloc(std::size_t alignment, std::size_t n) noexcept {
  count_allocation();
  return __libc_memalign(alignment, n);
}
void* memalign(std::size_t alignment, std::size_t n) noexcept {
  count_allocation();
  return __libc_memalign(alignment, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n) noexcept {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  count_allocation();
  void* p = __libc_memalign(alignment, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
void* valloc(std::size_t n) noexcept {
  count_allocation();
  return __libc_valloc(n);
}
void* pvalloc(std::size_t n) noexcept {
  count_allocation();
  return __libc_pvalloc(n);
}
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

TEST_CASE("the allocation counter sees every route to the heap", "[allocation]") {
  struct alignas(64) Line {
    char bytes[64];
  };
  const auto counted = [](auto&& allocate) {
    const std::uint64_t before = g_allocations.load();
    allocate();
    return g_allocations.load() - before;
  };
  // Through volatile pointers, so that the compiler keeps each allocation it could elide.
  CHECK(counted([] {
          int* volatile p = new int(1);
          delete p;
        }) >= 1);
  CHECK(counted([] {
          Line* volatile p = new Line{};  // over-aligned: operator new(size_t, align_val_t)
          delete p;
        }) >= 1);
  CHECK(counted([] {
          sim::HugePageVector<Line> lines(2 * sim::kHugePage / sizeof(Line));  // aligned_alloc
        }) >= 1);
  CHECK(counted([] {
          void* volatile p = std::malloc(16);
          std::free(p);
        }) >= 1);
}
