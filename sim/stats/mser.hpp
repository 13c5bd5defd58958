// The MSER-5 truncation rule for the initial transient of a simulation output series (White
// 1997; White, Cobb & Spratt 2000): the series is cut into batches of five observations, and
// the truncation point is the number of leading batches d* whose deletion minimises the
// squared standard error of the mean of the remaining batch means,
//   MSER(d) = sum_{j>d} (Z_j - mean_{j>d} Z)^2 / (b - d)^2,
// searched over the first half of the b batches. A series that settled early has d* near 0;
// one that drifts towards its steady state has d* near the end of the drift. A d* at the end
// of the searched half means the rule found no steady state in the series: the run is too
// short, or the series never settles. Generic: it knows nothing of what the series counts.
#pragma once

#include <cstddef>
#include <span>

namespace retzef::sim {

struct MserResult {
  std::size_t truncation = 0;    ///< observations to delete: batch_size × d*
  std::size_t batches = 0;       ///< whole batches in the series (a partial last one is dropped)
  std::size_t kept_n = 0;        ///< observations in the kept whole batches
  bool at_search_limit = false;  ///< d* is the last batch searched: no steady state found
  double statistic = 0;          ///< MSER(d*); NaN with fewer than two batches
  /// Means of the deleted and of the kept whole batches (deleted: NaN when d* = 0; both NaN
  /// with fewer than two batches). Their gap is the start-up bias the truncation removes, for
  /// a caller to judge whether it matters (material_truncation).
  double deleted_mean = 0;
  double kept_mean = 0;
  /// The gap in standard errors: (deleted − kept) over the standard error of that difference,
  /// from 20 batch means of the kept part (whose variance, scaled to the deleted part's length,
  /// stands for the deleted mean's too: Schmeiser's batch means, robust to autocorrelation).
  /// NaN when nothing is deleted or the kept part is too short to batch.
  double bias_z = 0;
};

/// The MSER truncation point of `series` with batches of `batch_size` (≥ 1; 5 for MSER-5).
/// With fewer than two whole batches nothing is truncated.
MserResult mser(std::span<const double> series, std::size_t batch_size = 5);

/// The share of the kept mean, and the number of standard errors, that a truncation's bias must
/// reach to count (material_truncation).
inline constexpr double kMaterialShare = 0.01;
/// Not the 2 of a single comparison: d* is the most extreme early stretch of up to half the
/// batches, so its gap must clear the largest of many comparisons. On stationary white noise
/// a z of 2 passes about one series in sixteen, 4 none in hundreds, while a real transient
/// (a ward filling from empty) has a z in the tens.
inline constexpr double kMaterialZ = 4.0;

/// r.truncation if what it deletes is materially biased, else 0. On a series that barely moves,
/// or wanders slowly about its mean, the MSER statistic is flat and its minimum falls anywhere;
/// a truncation counts only when the gap between the deleted and the kept means is at least
/// `min_gap` (in the series' unit: the smallest difference that means anything to the caller)
/// and kMaterialShare of the kept mean, and at least kMaterialZ standard errors (|bias_z|; a
/// NaN bias_z does not veto).
std::size_t material_truncation(const MserResult& r, double min_gap);

/// The same judgement for a series whose first `warmup` observations are not measured: a
/// truncation within the warm-up is judged as above (it passes either way); one beyond it
/// counts only if the stretch the warm-up leaves in, [warmup, truncation), is materially
/// biased against the kept part. A start-up transient the warm-up already deletes, however
/// large, then does not make a later point — set by noise — look like bias. `r` must be
/// mser(series).
std::size_t material_truncation(std::span<const double> series, const MserResult& r,
                                std::size_t warmup, double min_gap);

}  // namespace retzef::sim
