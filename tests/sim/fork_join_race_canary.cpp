// Proof that ThreadSanitizer still sees a race between two tasks of a loop whose body goes
// through sim::ForkJoinOrder (the tsan preset's tests, docs/testing.md). The annotations state
// the orders TBB gives but ThreadSanitizer cannot see (the fork, the join, the hand-over of a
// split-off body); if they ever ordered the tasks with each other, every race in a loop body
// would go unreported and the tsan preset would pass vacuously. `race`: two tasks write one
// int while both are in the body, which must be reported. `apart`: each writes its own, the
// caller having written both before the loop and reading them after it, which must not be.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/partitioner.h>
#include <oneapi/tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string_view>
#include <thread>

#include "sim/engine/fork_join_order.hpp"

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  if (mode != "race" && mode != "apart") {
    std::fprintf(stderr, "usage: fork_join_race_canary race|apart\n");
    return 2;
  }
  const bool race = mode == "race";
  int shared = -1;
  int own[2] = {-1, -1};
  // Relaxed, so that meeting here orders nothing for ThreadSanitizer: it only makes sure the two
  // tasks are in the body at once, on two threads.
  std::atomic<int> arrived{0};
  tbb::task_arena arena(2);
  {
    retzef::sim::ForkJoinOrder order;
    arena.execute([&] {
      tbb::parallel_for(
          tbb::blocked_range<int>(0, 2, 1), order.body([&](const tbb::blocked_range<int>& r) {
            for (int i = r.begin(); i != r.end(); ++i) {
              if (race) {
                shared = i;
              } else {
                own[i] = i;
              }
              arrived.fetch_add(1, std::memory_order_relaxed);
              const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
              while (arrived.load(std::memory_order_relaxed) < 2 &&
                     std::chrono::steady_clock::now() < until)
                std::this_thread::yield();
            }
          }),
          tbb::simple_partitioner{});
    });
  }
  if (arrived.load(std::memory_order_relaxed) < 2) return 3;
  if (!race && (own[0] != 0 || own[1] != 1)) return 4;
  std::printf("%s: shared %d, own %d %d\n", race ? "race" : "apart", shared, own[0], own[1]);
  return 0;
}
