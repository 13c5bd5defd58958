// The warm-up check of a design as one line. When the scenario's warm-up is shorter than the
// MSER-5 truncation point of the daily occupancy and waiting series (models/daily_series.hpp) in
// some replication, the statistics may include part of the start-up transient, or the level may
// only swing slowly. `retzef inspect --indicators` (and `batch`, and `run` with or without a
// file) re-judge those points against the spread of the replications and check their mean
// (experiments/ensemble_warmup.hpp), and give one verdict: a warning only when a transient
// remains (docs/model.md, "Warm-up check"). `retzef run` under mpirun, where no rank has every
// region's daily series, or with too many replications to keep theirs in memory, says so from
// the replications' own points, naming the level and the point against the warm-up, and how to
// have them re-judged.
#pragma once

#include <string>
#include <string_view>

#include "experiments/ensemble_warmup.hpp"
#include "experiments/indicator_table.hpp"
#include "experiments/warmup_check.hpp"

namespace retzef::experiments {

/// What the warm-up check says of a design whose demand changes after its warm-up (from
/// `demand_change_day`, models/demand_change.hpp): that it is not made, since the daily series
/// follow the change and are not meant to settle; "" when the day is NaN (constant demand),
/// when the check is made.
std::string demand_change_note(const std::string& design, double demand_change_day);

/// The warning for `design`, run with `warmup_days` of warm-up, from its replications' own
/// points, or "" when every replication's warm-up is long enough or the design has no warm-up
/// check (a file written before it). It says what those points may mean, not why they were not
/// re-judged: the callers add that.
std::string warmup_warning(const DesignResult& design, double warmup_days);

/// The same for a run that does not keep its daily series (`retzef run` without `-o`, under
/// mpirun or with more replications than it keeps in memory), with `why` ("under mpirun ...")
/// and how to have the points re-judged.
std::string unjudged_warmup_warning(const DesignResult& design, double warmup_days,
                                    std::string_view why);

/// The verdict of a design whose demand changes after its warm-up: not made, with
/// demand_change_note's line.
WarmupVerdict demand_change_verdict(const std::string& design, double warmup_days,
                                    double demand_change_day);

/// The verdict of a run that does not keep its daily series: passed when every replication's
/// warm-up is long enough, else unjudged, with unjudged_warmup_warning's line.
WarmupVerdict unjudged_warmup_verdict(const DesignResult& design, double warmup_days,
                                      std::string_view why);

/// Logs the verdict's line: as a warning when it is one, else as information; nothing when it
/// is empty.
void log_warmup_verdict(const WarmupVerdict& verdict);

/// The one verdict for `design` from its replications' own points and the checks across them
/// (`ensemble`, from ensemble_warmup): a warning when some replication still carries a
/// transient against the spread of the replications, or their mean does; else an info line.
/// Without a daily table, or with too few replications to re-judge, the per-replication warning
/// stands.
WarmupVerdict warmup_verdict(const DesignResult& design, double warmup_days,
                             const EnsembleWarmup& ensemble);

}  // namespace retzef::experiments
