// The plausibility bounds of a scenario's numbers, in one place. A value outside them is not a
// model anyone means but a unit mistake or a typo, and it would not fail where it was written:
// a stay of 1e-300 days or a rate of 1e9 a year puts events at the same instant forever (the
// run hangs), a lognormal sd of 1e308 makes event times NaN, a surge of ×1e6 exhausts memory.
// The readers refuse such values with their key path and the bound, so `validate` catches them.
#pragma once

#include "models/scenario_file/input_reader.hpp"

namespace retzef::models {

/// The longest horizon a scenario may ask for: 200 years; anything longer is a unit mistake.
inline constexpr double kMaxHorizonDays = 73'000;

/// One minute. The shortest contact the model represents (a consultation) is hours; a shorter
/// stay is days written as minutes or seconds, and one near zero never lets the clock move.
inline constexpr double kShortestStayDays = 1.0 / 1440;
/// A stay, a stay's spread, a wait or a transfer longer than the longest horizon never ends
/// within any run, and one of 1e308 days makes event times infinite.
inline constexpr double kLongestStayDays = kMaxHorizonDays;
/// A Weibull shape below 0.1 has a mean over 3.6 million scales (Γ(11)); above 100 it is a
/// fixed stay. Either is a typo for a shape near 1.
inline constexpr double kSmallestWeibullShape = 0.1;
inline constexpr double kLargestWeibullShape = 100;

/// About 27 events a day for one person: above this a yearly rate is a per-day or per-1,000
/// rate written in the wrong unit, and the run would spend itself on that one transition.
inline constexpr double kMaxRatePerYear = 1e4;
/// A level or waiting multiplier of a rate: a hundredfold change is already beyond any effect
/// size the literature reports; more is a typo that pushes rates past kMaxRatePerYear.
inline constexpr double kMaxRateFactor = 100;
/// Arrivals to one level of a pathway network: more than 10,000 a day is more than any
/// region's whole care system admits; it is a yearly count written as a daily one.
inline constexpr double kMaxArrivalsPerDay = 1e4;
/// A surge multiplies incidence; a thousandfold surge is beyond any recorded event (the
/// population guard counts the peak, so this keeps one point from hiding the guard).
inline constexpr double kMaxSurgeMultiplier = 1000;

/// A region's people (more than the world's is a typo), places at one level and coordinators:
/// a region is one logical process, and these keep one typo from asking for more memory than
/// any machine has.
inline constexpr double kMaxPopulation = 1e9;
inline constexpr double kMaxCapacity = 10'000'000;
inline constexpr double kMaxCoordinators = 10'000'000;

inline Bounds stay_bounds() {
  return Bounds::between(kShortestStayDays, kLongestStayDays);
}
inline Bounds rate_bounds() {
  return Bounds::between(0, kMaxRatePerYear);
}
inline Bounds factor_bounds() {
  return Bounds::between(0, kMaxRateFactor);
}

}  // namespace retzef::models
