#include "experiments/thread_split.hpp"

#include <algorithm>

namespace retzef::experiments {

ThreadSplit split_threads(int threads, std::size_t replications, std::size_t regions, int asked) {
  threads = std::max(1, threads);
  ThreadSplit split;
  if (regions <= 1) {
    split.replications_at_once = threads;
    return split;
  }
  int per = asked;
  if (per <= 0) {
    // Threads the replications cannot use one each go to their regions.
    per = static_cast<int>(static_cast<std::size_t>(threads) /
                           std::max<std::size_t>(1, replications));
  }
  const int most =
      static_cast<int>(std::min<std::size_t>(regions, static_cast<std::size_t>(threads)));
  split.region_threads = std::clamp(per, 1, most);
  split.replications_at_once = std::max(1, threads / split.region_threads);
  return split;
}

}  // namespace retzef::experiments
