// The daily occupancy and waiting of every level of every region, replication by replication,
// from the end of the warm-up on: what the warm-up check across replications reads
// (experiments/ensemble_warmup.hpp). A result file holds them as each replication's
// `occupancy` table; a run that writes no file keeps them as the replications hand their rows
// over (experiments/occupancy_keeper.hpp). Both fill the same series through one function, so
// the check gives the same verdict on either.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include <hdf5.h>

namespace retzef::experiments {

struct OccupancySeries {
  /// (region, level, 0 occupancy | 1 waiting)
  using Key = std::tuple<long, long, int>;
  std::vector<std::string> levels;  ///< the design's level names, by level index
  /// The design's region names, by region index, to name a series as the report does; empty
  /// (numbers, "region 5") where not known.
  std::vector<std::string> regions;
  /// Each series' days per replication, counted from `first_day`.
  std::map<Key, std::vector<std::vector<double>>> by_key;  ///< [replication][day]
  double first_day = NAN;  ///< the first day of the first replication's table (the warm-up's end)
  std::size_t replications = 0;
};

/// The occupancy table's fields the check reads, in this order: the rest are not converted.
inline const std::array<std::string, 5> kOccupancyFields{"t", "region", "level", "occupied",
                                                         "waiting"};

/// Adds rows of kOccupancyFields (row-major, five values a row) of replication `rep` of `reps`
/// to `out`. Rows must be days from `out.first_day` on (the first row sets it if unset); a row
/// that is not is a std::runtime_error naming `where` and the row (`first_row` + its index).
/// Rows go day by day through the same regions and levels in the same order, so the next row's
/// series is guessed as the one after the last row's, and looked up only when the guess is
/// wrong: 300,000 rows a national replication, where a map lookup per row and series was most
/// of the check's own time.
void add_occupancy_rows(std::span<const double> rows, const std::string& where,
                        std::size_t first_row, std::size_t rep, std::size_t reps,
                        OccupancySeries& out);

/// Gives back what replication `rep`'s series grew beyond their days: they grow a day at a time,
/// so up to half of what they hold is room, and a run keeps a hundred replications' or more.
void fit_replication(OccupancySeries& series, std::size_t rep);

/// Every replication's series of `runs/<case_name>` in an open result file, or none
/// (replications 0) when some replication has no occupancy table. Throws sim::h5::Error on a
/// table it cannot read.
OccupancySeries read_occupancy_series(hid_t file, const std::string& case_name);

}  // namespace retzef::experiments
