#include "models/daily_series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/stats/mser.hpp"

namespace retzef::models {

void DailySeries::open(std::uint32_t levels, std::uint32_t groups, double horizon_days) {
  if (!(horizon_days >= 0) || horizon_days > 1e7) {
    throw std::invalid_argument("daily series: horizon of " + std::to_string(horizon_days) +
                                " days out of range");
  }
  levels_ = levels;
  groups_ = groups;
  days_ = static_cast<std::uint32_t>(std::floor(horizon_days)) + 1;
  sampled_ = 0;
  next_at_ = 0;
  values_.assign((std::size_t{2} * levels_ + 1) * days_, 0.0f);
  new_cases_.assign(std::size_t{groups_} * days_, 0);
}

void DailySeries::fill(double t, const std::array<CareLevel, kMaxLevels>& levels,
                       const CoordinatorPool& coordinators) {
  for (; sampled_ < days_ && static_cast<double>(sampled_) <= t; ++sampled_) {
    values_[std::size_t{2} * levels_ * days_ + sampled_] =
        static_cast<float>(coordinators.awaiting());
    for (std::uint32_t l = 0; l < levels_; ++l) {
      values_[std::size_t{l} * days_ + sampled_] = static_cast<float>(levels[l].occupied());
      values_[(std::size_t{levels_} + l) * days_ + sampled_] =
          static_cast<float>(levels[l].waiting());
    }
  }
  next_at_ =
      sampled_ < days_ ? static_cast<double>(sampled_) : std::numeric_limits<double>::infinity();
}

std::array<double, 2> DailySeries::truncation_days(std::uint32_t level, double warmup_days) const {
  const auto warmup = static_cast<std::size_t>(std::ceil(std::max(0.0, warmup_days)));
  std::array<double, 2> out{};
  std::vector<double> xs;  // once per level at the end of the run, not per event
  for (std::uint32_t s = 0; s < 2; ++s) {
    const auto series = row(s, level);
    xs.assign(series.begin(), series.end());
    // A truncation counts only when what it deletes beyond the warm-up is biased by a person
    // and 1% of the level or more, beyond the series' own fluctuation (docs/model.md, "Warm-up
    // check").
    out[s] = static_cast<double>(sim::material_truncation(xs, sim::mser(xs), warmup, 1.0));
  }
  return out;
}

}  // namespace retzef::models
