// A sink that keeps one replication's daily occupancy and waiting as the run hands its rows
// over, for the warm-up check across replications of a run that writes no file (`retzef run`
// without `-o`): the rows the file's `occupancy` table would hold, into the same series
// (experiments/occupancy_series.hpp), so the check reads the same numbers as from a file. Every
// other table's rows are dropped as they come. One keeper a replication: a sink is handed rows
// from one thread at a time (sim/output/sink.hpp), and replications run side by side.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "experiments/occupancy_series.hpp"
#include "models/scenario.hpp"
#include "sim/output/sink.hpp"

namespace retzef::experiments {

class OccupancyKeeper final : public sim::Sink {
 public:
  /// `replication` names the replication in messages.
  explicit OccupancyKeeper(std::size_t replication) : replication_(replication) {}

  /// Finds the `occupancy` table and the columns the check reads; a model with no such table
  /// is kept as having none (series() stays empty).
  void begin(std::span<const sim::TableSpec> tables) override;
  void append(sim::TableId table, sim::LpId lp, std::span<const double> values) override;
  void end() override { fit_replication(series_, 0); }

  /// Whether the run had an occupancy table to keep.
  bool has_table() const { return found_; }
  /// This replication's series, as replication 0 of 1.
  OccupancySeries& series() { return series_; }

 private:
  std::size_t replication_;
  bool found_ = false;
  sim::TableId table_ = 0;
  std::size_t width_ = 0;                                  ///< the table's column count
  std::array<std::size_t, kOccupancyFields.size()> at_{};  ///< kOccupancyFields' columns
  std::size_t rows_ = 0;                                   ///< rows kept so far
  std::vector<double> picked_;                             ///< a chunk's rows, the five fields
  OccupancySeries series_;
};

/// The most a run without a file keeps of its replications' daily series: beyond it, `retzef
/// run` says to write a file (`-o`), which holds them on disk, to have the warm-up re-judged.
inline constexpr std::uint64_t kKeptOccupancyLimit = std::uint64_t{1} << 30;  // 1 GiB

/// The most memory the kept daily series of `replications` replications of `s` can take: every
/// level of every region, occupancy and waiting, a double a day from the warm-up's end on (a
/// national replication's take up to 3.7 MB).
std::uint64_t kept_occupancy_bytes(const models::Scenario& s, std::uint32_t replications);

/// The replications' series side by side, in replication order (the order of `kept`), for a
/// design with `levels` and `regions` (names): what read_occupancy_series gives for a file of
/// those replications. None (replications 0) when some replication had no table.
OccupancySeries merge_occupancy(std::vector<OccupancyKeeper>& kept, std::vector<std::string> levels,
                                std::vector<std::string> regions = {});

}  // namespace retzef::experiments
