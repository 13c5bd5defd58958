// The warm-up check on the mean of a case's replications. The per-replication check
// (models/daily_series.hpp) cannot tell a start-up transient from the slow swings of a level
// whose people stay for years: one replication is too short to estimate that noise, so it
// flags some replications whichever way the swing goes. A transient is what every replication
// shares, so the mean over replications shows it and averages the swings away — the form
// Hoad, Robinson & Davies (2010, "Automating warm-up length estimation", JORS 61:1389–1403)
// recommend. `retzef inspect --indicators` computes it from the result file's daily occupancy
// table (written from the warm-up on): MSER-5 on the mean occupancy and waiting of each region
// and level, with the same materiality rule (docs/model.md, "Warm-up check").
#pragma once

#include <string>
#include <vector>

#include <hdf5.h>

namespace retzef::experiments {

struct EnsembleWarmup {
  std::size_t replications = 0;  ///< replications averaged (0: the case has no daily table)
  std::size_t series = 0;        ///< series checked (region × level × occupancy/waiting)
  /// The series with the largest material truncation point after the warm-up, "" if none.
  std::string worst;
  double worst_days = 0;  ///< its point, in days after the warm-up
};

/// The check for case `case_name` of an open result file. Throws sim::h5::Error on a table
/// it cannot read.
EnsembleWarmup ensemble_warmup(hid_t file, const std::string& case_name);

/// The line `inspect` prints for it, "" when there is nothing to say (no daily table).
std::string ensemble_warmup_line(const std::string& case_name, const EnsembleWarmup& e);

}  // namespace retzef::experiments
