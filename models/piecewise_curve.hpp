// A multiplier over simulated time given as points of a piecewise-linear curve, constant before
// the first point and after the last: the shape of an incidence surge ([[surges]]) and of a
// pathway stream's arrival schedule ([[pathway.arrivals]] `schedule`, as PathSimR's arrival
// calendars). Time-varying Poisson arrivals follow it by thinning (Lewis & Shedler 1979):
// candidates at the curve's peak rate, each kept with probability value(t) / peak.
#pragma once

#include <algorithm>
#include <array>
#include <limits>
#include <vector>

namespace retzef::models {

using CurvePoints = std::vector<std::array<double, 2>>;  ///< (day, multiplier ≥ 0), days rising

/// The curve's value at day t (1 for a curve with no points).
inline double curve_value(const CurvePoints& pts, double t) {
  if (pts.empty()) return 1;
  if (t <= pts.front()[0]) return pts.front()[1];
  if (t >= pts.back()[0]) return pts.back()[1];
  const auto hi =
      std::upper_bound(pts.begin(), pts.end(), t, [](double x, const auto& p) { return x < p[0]; });
  const auto lo = hi - 1;
  const double f = (t - (*lo)[0]) / ((*hi)[0] - (*lo)[0]);
  return (*lo)[1] + f * ((*hi)[1] - (*lo)[1]);
}

/// The largest value the curve takes (1 for a curve with no points): the thinning's peak.
inline double curve_peak(const CurvePoints& pts) {
  if (pts.empty()) return 1;
  double peak = 0;
  for (const auto& p : pts)
    peak = std::max(peak, p[1]);
  return peak;
}

/// The first day in [from, to) at which the curve starts to move away from its value at `from`
/// (the start of its first sloping segment there), or NaN when it keeps that value throughout.
/// The curve is continuous, so flat segments before that one are all at the value at `from`.
inline double curve_change_day(const CurvePoints& pts, double from, double to) {
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    const double a = pts[i][0], b = pts[i + 1][0];
    if (b <= from || a >= to) continue;
    if (pts[i][1] != pts[i + 1][1]) return std::max(a, from);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace retzef::models
