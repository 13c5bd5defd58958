// The one entry point: run a model under the scheduler the options name. Every scheduler
// gives the same result for the same model, seed and replication; only speed differs.
#pragma once

#include <chrono>

#include "sim/engine/sequential_scheduler.hpp"
#include "sim/engine/window_scheduler.hpp"

namespace retzef::sim {

template <Model M>
RunResult<typename M::Summary> simulate(const M& model, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  RunResult<typename M::Summary> result;
  switch (options.scheduler) {
    case Scheduler::sequential:
      result = run_sequential(model, options);
      break;
    case Scheduler::threads:
      result = run_windowed(model, options, Comm::solo());
      break;
    case Scheduler::distributed:
      result = run_windowed(model, options, Comm::world());
      break;
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace retzef::sim
