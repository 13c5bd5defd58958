// Independent replications of one model, run side by side as TBB tasks. Replication k uses
// the random keys of replication k whatever thread runs it, and results come back indexed by
// replication, so the set of results is the same for any thread count.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "sim/engine/fork_join_order.hpp"
#include "sim/engine/simulate.hpp"

namespace retzef::sim {

/// Runs replications first .. first+count-1 of `model`, each under `base` (its scheduler and
/// end time), `threads` at a time. `base.sink` must be null: records go nowhere unless
/// `sink_for` is given, which is asked, on the worker about to run it, for replication i's own
/// sink (i from 0 to count-1; null drops its records). Each must be a different sink, or none:
/// replications run side by side.
/// `done`, if given, is called with the number of replications finished so far, one call at a
/// time (from whichever worker finished), so a progress bar needs no lock of its own.
template <Model M>
std::vector<RunResult<typename M::Summary>> run_replications(
    const M& model, RunOptions base, std::uint32_t first, std::uint32_t count, int threads,
    const std::function<void(std::uint32_t)>& done = nullptr,
    const std::function<Sink*(std::uint32_t)>& sink_for = nullptr) {
  if (base.sink != nullptr) {
    throw std::invalid_argument("run_replications: one sink cannot take replications side by side");
  }
  base.progress = nullptr;
  std::vector<RunResult<typename M::Summary>> results(count);
  std::mutex done_mutex;
  std::uint32_t finished = 0;
  tbb::task_arena arena(std::max(1, threads));
  {
    ForkJoinOrder order;
    // The range form, not the index form: TBB copies this body into its tasks, where the
    // index form would keep a reference to it on this thread's stack, built after the fork.
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, count),
                        order.body([&](const tbb::blocked_range<std::uint32_t>& range) {
                          for (std::uint32_t i = range.begin(); i != range.end(); ++i) {
                            RunOptions options = base;
                            options.replication = first + i;
                            if (sink_for) options.sink = sink_for(i);
                            results[i] = simulate(model, options);
                            if (done) {
                              const std::lock_guard<std::mutex> lock(done_mutex);
                              done(++finished);
                            }
                          }
                        }));
    });
  }  // the join: results are the tasks' writes
  return results;
}

}  // namespace retzef::sim
