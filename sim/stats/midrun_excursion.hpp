// Whether a replication's opening stretch is matched by a stretch of the same length later in
// the measured days of some replication of the same design. replication_bias.hpp weighs a
// replication's early gap against the gaps of the others at the same cut; a level that now
// and then empties or floods for a few weeks (a cascade of discharges, a cluster of crises)
// gives one replication a gap many spreads wide wherever that happens to fall, and when it
// falls on the first measured days the gap looks like a start-up transient. At the steady
// state the opening stretch is one stretch among all those of its length in the run, so it
// is no transient when some later stretch, in any replication, lies as far from the rest of
// its run the same way: an excursion the design makes by itself, that a longer warm-up would
// only move. Conversely an opening more extreme than every later stretch of every replication
// is what a transient looks like. Generic: it knows nothing of what the series count.
#pragma once

#include <cstddef>
#include <span>

namespace retzef::sim {

struct MidRunMatch {
  /// Stretches compared: every start s with len ≤ s ≤ n − len (so none overlaps the opening)
  /// in every replication.
  std::size_t stretches = 0;
  /// Of them, those whose gap has the opening gap's sign and at least its size.
  std::size_t as_far = 0;
  /// The stretch farthest from the rest of its run the opening's way (meaningful when
  /// stretches > 0): its replication, first observation and gap.
  std::size_t replication = 0;
  std::size_t start = 0;
  double gap = 0;
  bool matched() const { return as_far > 0; }
};

/// The gap of stretch [s, s + len) of a series is its mean minus the mean of the rest of that
/// series, as replication_bias's gap at cut len is for s = 0. Compares `opening_gap` (a
/// replication's gap at cut `len`) with the gap of every later stretch of `len` observations
/// of every series in `series` (one per replication, all of one length). Throws
/// std::invalid_argument when the series differ in length or len is 0.
MidRunMatch midrun_match(std::span<const std::span<const double>> series, double opening_gap,
                         std::size_t len);

}  // namespace retzef::sim
