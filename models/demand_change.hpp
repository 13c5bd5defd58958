// When a scenario's demand changes after its warm-up: the first day an incidence surge
// ([[surges]]) or a pathway stream's arrival schedule starts to move away from its value at the
// end of the warm-up. From that day the run's daily series follow the changing demand and are
// not meant to settle, so the warm-up check, which looks for the day they settle, does not
// apply to them (docs/model.md, "Warm-up check").
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/piecewise_curve.hpp"
#include "models/scenario.hpp"

namespace retzef::models {

/// The first day in [warm-up, horizon) at which some surge or arrival schedule of `s` starts to
/// change, or NaN when the demand after the warm-up is constant.
inline double demand_change_day(const Scenario& s) {
  double first = std::numeric_limits<double>::quiet_NaN();
  const auto consider = [&](const CurvePoints& points) {
    const double day = curve_change_day(points, s.warmup_days, s.horizon_days);
    if (!std::isnan(day) && !(day >= first)) first = day;
  };
  for (const auto& surge : s.surges)
    consider(surge.points);
  for (const auto& arrival : s.pathway.arrivals)
    consider(arrival.schedule);
  return first;
}

}  // namespace retzef::models
