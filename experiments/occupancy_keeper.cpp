#include "experiments/occupancy_keeper.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>

namespace retzef::experiments {

void OccupancyKeeper::begin(std::span<const sim::TableSpec> tables) {
  for (std::size_t t = 0; t < tables.size(); ++t) {
    if (tables[t].name != "occupancy") continue;
    const auto& columns = tables[t].columns;
    for (std::size_t f = 0; f < kOccupancyFields.size(); ++f) {
      std::size_t c = 0;
      while (c < columns.size() && columns[c].name != kOccupancyFields[f])
        ++c;
      if (c == columns.size()) {
        throw std::logic_error("occupancy table: no column " + kOccupancyFields[f]);
      }
      at_[f] = c;
    }
    found_ = true;
    table_ = static_cast<sim::TableId>(t);
    width_ = columns.size();
  }
}

void OccupancyKeeper::append(sim::TableId table, sim::LpId, std::span<const double> values) {
  if (!found_ || table != table_) return;
  const std::size_t n = values.size() / width_;
  picked_.resize(n * at_.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t f = 0; f < at_.size(); ++f)
      picked_[i * at_.size() + f] = values[i * width_ + at_[f]];
  }
  add_occupancy_rows(picked_, "replication " + std::to_string(replication_) + ", occupancy", rows_,
                     0, 1, series_);
  rows_ += n;
}

std::uint64_t kept_occupancy_bytes(const models::Scenario& s, std::uint32_t replications) {
  const double days = std::max(0.0, std::floor(s.horizon_days) - std::ceil(s.warmup_days) + 1);
  const double bytes = days * 2.0 * static_cast<double>(s.levels.size()) *
                       static_cast<double>(s.regions.size()) * sizeof(double) * replications;
  return bytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(bytes);
}

OccupancySeries merge_occupancy(std::vector<OccupancyKeeper>& kept, std::vector<std::string> levels,
                                std::vector<std::string> regions) {
  OccupancySeries out;
  out.levels = std::move(levels);
  out.regions = std::move(regions);
  for (std::size_t r = 0; r < kept.size(); ++r) {
    if (!kept[r].has_table()) return OccupancySeries{};
    OccupancySeries& one = kept[r].series();
    if (one.by_key.empty()) continue;  // no rows: a run that ended before its warm-up did
    if (std::isnan(out.first_day)) out.first_day = one.first_day;
    // Days count from the first replication's first day, as in a file: every table starts at
    // the end of the warm-up.
    if (one.first_day != out.first_day) {
      throw std::logic_error("replication " + std::to_string(r) +
                             "'s occupancy starts on another day than the first's");
    }
    for (auto& [key, per_rep] : one.by_key) {
      auto& all = out.by_key[key];
      all.resize(kept.size());
      all[r] = std::move(per_rep.front());
    }
  }
  out.replications = kept.size();
  return out;
}

}  // namespace retzef::experiments
