// Whether one replication's early stretch is biased, judged against the other replications of
// the same design rather than against that replication alone. MSER (mser.hpp) picks a cut
// point in each replication's own series, and material_truncation weighs the gap before and
// after the cut against 20 batch means of the kept part of that one series. For a series whose
// memory spans years (people who stay for years, renewed yearly), one run holds too few
// independent stretches: the batch means are correlated, their spread understates the noise,
// and a slow swing looks like bias. Here the same cut is applied to every replication, and the
// gap D_k = mean_k[0, cut) − mean_k[cut, end) of the others gives the noise directly: the
// replications are independent, so the spread of their D_k holds all the autocorrelation of the
// stretch means, however long it lasts. A start-up transient, shared by the replications, moves
// every D_k together and is judged on its own size by the rule; a swing of one replication is
// measured against the swings of the others. Generic: it knows nothing of what the series count.
#pragma once

#include <cstddef>
#include <span>

namespace retzef::sim {

/// Fewer replications than this give a leave-one-out standard deviation from three or fewer
/// values, too rough to overrule a verdict: the per-replication one then stands.
inline constexpr std::size_t kMinReplicationsForSpread = 5;

struct ReplicationBias {
  double gap = 0;        ///< D_r: mean of [0, cut) minus mean of [cut, end) of replication r
  double kept_mean = 0;  ///< mean of [cut, end) of replication r
  /// Standard deviation (n − 1 divisor) of D_k over every other replication k, at the same cut.
  double spread = 0;
  double z = 0;  ///< gap / spread (±inf for a gap over a zero spread; 0 for no gap)
  /// Whether the spread of the others judged the cut: at least kMinReplicationsForSpread
  /// replications and a cut that leaves days on both sides. When not judged, `material` is
  /// true: the caller's own verdict, which flagged the cut, stands.
  bool judged = false;
  /// Whether the gap is large enough to matter at all: |gap| ≥ max(min_gap, kMaterialShare·|kept
  /// mean|), whatever z says (a gap of a tenth of a person can be many spreads wide).
  bool large = false;
  /// The rule of material_truncation (mser.hpp): |gap| ≥ max(min_gap, kMaterialShare·|kept
  /// mean|) and |z| ≥ kMaterialZ, with z from the spread of the replications.
  bool material = true;
};

/// Judges replication r's cut at `cut` observations of `series`: one series per replication,
/// the same days in each (the measured part only: observation 0 is the first measured day), all
/// of one length. `min_gap` as for material_truncation. Meant only to clear a cut the
/// per-replication rule found material, never to add one (docs/model.md, "Warm-up check").
/// Throws std::invalid_argument when r is not a replication or the series differ in length.
ReplicationBias replication_bias(std::span<const std::span<const double>> series, std::size_t r,
                                 std::size_t cut, double min_gap);

}  // namespace retzef::sim
