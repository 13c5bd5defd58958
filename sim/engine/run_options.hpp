// What a caller chooses about one run (which scheduler, how many threads, which seed and
// replication, where records go) and what a run gives back. The result carries the run's
// determinism fingerprint: `checksum` folds every LP's committed event order, so two runs
// that handled the same events in the same order per LP have the same checksum, whatever
// scheduler, thread count or rank count produced them.
#pragma once

#include <cstdint>
#include <functional>

#include "sim/core/time.hpp"

namespace retzef::sim {

class Sink;

enum class Scheduler : std::uint8_t {
  sequential,   ///< one global event queue; the reference
  threads,      ///< conservative windows, LPs in parallel on TBB
  distributed,  ///< the same windows, LPs partitioned across MPI ranks (threads inside each)
};

struct RunOptions {
  Time end = kNever;  ///< events at or after `end` are not handled
  std::uint64_t seed = 1;
  std::uint32_t replication = 0;
  Scheduler scheduler = Scheduler::sequential;
  int threads = 1;       ///< worker threads per process (threads/distributed)
  Sink* sink = nullptr;  ///< where records go; nullptr drops them
  /// Called on the main thread now and then with the simulated time reached (progress bars).
  std::function<void(Time)> progress;
};

template <class Summary>
struct RunResult {
  Summary summary{};           ///< the model's per-LP summaries merged in LP order
  std::uint64_t events = 0;    ///< events handled, all LPs
  std::uint64_t checksum = 0;  ///< fingerprint of every LP's committed event order
  Time final_time = 0;         ///< end, or the time of the last event if end is kNever
  std::uint64_t windows = 0;   ///< synchronisation windows (0 for sequential)
  double wall_seconds = 0;     ///< wall time of the run itself (set-up included)
  int threads = 1;
  int ranks = 1;
  int rank = 0;
};

}  // namespace retzef::sim
