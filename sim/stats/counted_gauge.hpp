// A count of things present — places taken, people waiting — fused with its time-weighted
// average, so that the count cannot change without its average following. Resources keep their
// counts in these instead of a counter and a TimeWeighted paired by hand at every change.
// Plain data, O(1) per change; the arithmetic is exactly TimeWeighted's.
#pragma once

#include <cassert>
#include <cstdint>

#include "sim/stats/time_weighted.hpp"

namespace retzef::sim {

class CountedGauge {
 public:
  /// Begins observing at time t with `count` present.
  void start(double t, std::uint32_t count = 0) {
    count_ = count;
    average_.start(t, count);
  }
  /// One more from time t on.
  void add(double t) { average_.set(t, ++count_); }
  /// One fewer from time t on.
  void remove(double t) {
    assert(count_ > 0);
    average_.set(t, --count_);
  }
  /// Forgets the past (end of a warm-up): observation restarts at t with the present count.
  void restart(double t) { average_.reset(t); }

  std::uint32_t count() const { return count_; }
  /// Integral of the count from the start of observation to t (count × days).
  double integral(double t) const { return average_.integral(t); }
  /// Time average from the start of observation to t.
  double mean(double t) const { return average_.mean(t); }
  /// Highest count seen since observation started.
  double peak() const { return average_.peak; }

 private:
  std::uint32_t count_ = 0;
  TimeWeighted average_;
};

}  // namespace retzef::sim
