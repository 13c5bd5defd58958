// The warm-up check of a design as one warning line: when the scenario's warm-up is shorter
// than the MSER-5 truncation point of the daily occupancy and waiting series
// (models/daily_series.hpp) in any replication, the statistics include part of the start-up
// transient, and `retzef run` and `retzef inspect --indicators` say so, naming the level and
// the truncation point against the warm-up (docs/model.md, "Warm-up check").
#pragma once

#include <string>

#include "experiments/indicator_table.hpp"

namespace retzef::experiments {

/// The warning for `design`, run with `warmup_days` of warm-up, or "" when every
/// replication's warm-up is long enough or the design has no warm-up check (a file written
/// before it).
std::string warmup_warning(const DesignResult& design, double warmup_days);

}  // namespace retzef::experiments
