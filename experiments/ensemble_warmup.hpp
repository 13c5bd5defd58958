// The warm-up check across a case's replications. The per-replication check
// (models/daily_series.hpp) cannot tell a start-up transient from the slow swings of a level
// whose people stay for years: one replication is too short to estimate that noise, so it
// flags some replications whichever way the swing goes. The replications of a case are
// independent runs of the same design, so they give that noise directly. `retzef inspect
// --indicators` (and `batch`) read each replication's daily occupancy table (written from the
// warm-up on), and `retzef run` without a file keeps the same series as they are handed over
// (experiments/occupancy_series.hpp); either makes two checks. Each replication whose own MSER-5
// point for a level lies past the warm-up is re-judged at that point against the spread of the
// other replications' gaps at the same point (sim/stats/replication_bias.hpp), in every region and
// for both occupancy and waiting: it keeps its transient if any of them is material, unless a later
// stretch of the same length, in some replication, lies as far from the rest of its run the same
// way (sim/stats/midrun_excursion.hpp): then it is an excursion the design makes at its steady
// state, not a transient. And MSER-5 with the same
// materiality rule runs on the mean over replications of each region's occupancy and waiting,
// where a transient they all share shows and the swings average away — the form Hoad, Robinson
// & Davies (2010, "Automating warm-up length estimation", JORS 61:1389–1403) recommend
// (docs/model.md, "Warm-up check").
#pragma once

#include <string>
#include <vector>

#include <hdf5.h>

#include "experiments/indicator_table.hpp"
#include "experiments/occupancy_series.hpp"

namespace retzef::experiments {

/// A replication's MSER-5 point re-judged on one series against the spread of the others.
struct RejudgedCut {
  std::string series;  ///< "<level> occupancy|waiting (region <r>)"
  std::size_t replication = 0;
  double point_days = 0;  ///< the replication's point, in days from the start of the run
  double z = 0;           ///< its gap in standard deviations of the other replications' gaps
};

/// A material cut cleared because a later stretch of some replication lies as far from the rest.
struct MatchedExcursion {
  RejudgedCut cut;              ///< the opening, empty when none was matched
  std::size_t replication = 0;  ///< the replication of the farthest later stretch
  double day = 0;               ///< its first day, from the start of the run
  double gap = 0;               ///< its gap against the rest of its run
};

struct EnsembleWarmup {
  std::size_t replications = 0;  ///< replications read (0: the case has no daily table)
  std::size_t series = 0;        ///< series checked (region × level × occupancy/waiting)
  /// The series of the mean over replications with the largest material truncation point
  /// after the warm-up, "" if none.
  std::string worst;
  double worst_days = 0;  ///< its point, in days after the warm-up
  /// The mean series' average over those days and over the days after them: what a reader
  /// needs to judge the transient's size (a drift of 1% in a slow level, or a list half full).
  double worst_before = 0;
  double worst_after = 0;
  /// The days the mean series holds after the warm-up: the stretch still settling, as a share
  /// of them, is how much it moves the series' average over the run, which is what the
  /// indicators that count the level's days carry.
  double measured_days = 0;
  /// Replications whose own series put some level's MSER-5 point past the warm-up.
  std::size_t flagged = 0;
  /// Whether those were re-judged against the spread of the replications: false without a
  /// daily table or with fewer than sim::kMinReplicationsForSpread replications, when their
  /// own verdict stands.
  bool rejudged = false;
  std::size_t transient = 0;    ///< of the flagged, those still carrying a transient after it
  RejudgedCut worst_transient;  ///< the material cut with the largest |z| (transient > 0)
  /// Of the flagged, those whose material gaps were all matched by a later stretch (none of
  /// them in `transient`), and the matched cut with the largest |z|.
  std::size_t excursions = 0;
  MatchedExcursion matched;
  /// The re-judged cut with the largest |z| among those the spread of the replications clears
  /// whose gap is large enough to matter (a person and 1% of the level); empty if none is.
  RejudgedCut largest;
};

/// Both checks for `design` (the case's per-replication summaries, in the order of the
/// series' replications) on its daily series, run with `warmup_days`. Throws sim::h5::Error on a
/// series the checks cannot take (a replication's table of another length, say).
EnsembleWarmup ensemble_warmup(const OccupancySeries& series, const DesignResult& design,
                               double warmup_days);

/// The same on the series of an open result file (runs/<case>, in the file's order). Throws
/// sim::h5::Error on a table it cannot read.
EnsembleWarmup ensemble_warmup(hid_t file, const DesignResult& design, double warmup_days);

/// The check on the mean of the replications in one clause ("warm-up check on the mean of ..."),
/// "" when there is nothing to say (no daily table). A mean still settling is said to be the
/// start-up transient only with sim::kMinReplicationsForSpread replications or more: fewer
/// average a slow level's swings away no better than one tells them apart.
std::string ensemble_mean_text(const EnsembleWarmup& e);

}  // namespace retzef::experiments
