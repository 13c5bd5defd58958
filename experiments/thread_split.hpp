// How a process's threads are shared out between replications and each replication's regions.
// By default a replication runs on one thread, as many side by side as there are threads, and
// only threads that fewer replications than threads would leave idle go to each replication's
// regions (the windowed scheduler, bit-identical to one thread). Asked to (`--region-threads`),
// a replication of several regions runs them on that many threads, and that many fewer
// replications run at once: the machine then holds fewer replications' people and queues at a
// time, two fifths less memory for a national batch on two threads, at a time not told apart
// from the default's on the machines measured (docs/kernel.md, "A batch's replications one at a
// time, their regions side by side, measured again").
#pragma once

#include <cstddef>

namespace retzef::experiments {

struct ThreadSplit {
  int replications_at_once = 1;  ///< replications run side by side
  int region_threads = 1;        ///< threads each of them runs its regions on (1: one queue)
};

/// The split of `threads` for `replications` replications of a model of `regions` regions (its
/// LPs). `asked` above zero is the threads a replication's regions get (at most `threads` and
/// the regions' number); zero gives each replication one thread, or, with fewer replications
/// than threads, the threads they leave idle, as many as its regions. A model of one region
/// always gets one thread a replication.
ThreadSplit split_threads(int threads, std::size_t replications, std::size_t regions,
                          int asked = 0);

}  // namespace retzef::experiments
