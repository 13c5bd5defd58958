// The time average of a piecewise-constant quantity — beds occupied, people waiting — kept as
// a running integral: each change adds value × (time since the last change). Plain data and
// O(1) per change, so occupancy statistics cost nothing on the hot path.
#pragma once

#include <algorithm>
#include <limits>

namespace retzef::sim {

struct TimeWeighted {
  double value = 0;   ///< the current level
  double since = 0;   ///< when the current level began
  double origin = 0;  ///< start of the observation period
  double area = 0;    ///< integral of the level from origin to since
  double peak = 0;    ///< highest level seen in the observation period

  /// Begins observing at time t with the given level.
  void start(double t, double level) {
    value = level;
    since = origin = t;
    area = 0;
    peak = level;
  }

  /// Sets the level to `level` from time t on (t ≥ the last change).
  void set(double t, double level) {
    area += value * (t - since);
    since = t;
    value = level;
    peak = std::max(peak, level);
  }

  /// Changes the level by `delta` at time t.
  void add(double t, double delta) { set(t, value + delta); }

  /// Forgets the past (end of a warm-up): observation restarts at t with the current level.
  void reset(double t) { start(t, value); }

  /// Integral of the level from the origin to t.
  double integral(double t) const { return area + value * (t - since); }

  /// Time average from the origin to t, or the current level if no time has passed.
  double mean(double t) const { return t > origin ? integral(t) / (t - origin) : value; }
};

}  // namespace retzef::sim
