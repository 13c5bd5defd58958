// Draws from the distributions the models need, as free functions of a RandomStream. Each
// function takes a fixed, documented number of uniforms (or, for rejection methods, a number
// that depends only on the stream's own values), so a draw never depends on anything but the
// stream's key and position: the property that keeps runs repeatable and common random numbers
// common. Parameters are checked where the caller builds them (scenario validation), not here:
// these sit on the hot path.
#pragma once

#include <cassert>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <stdexcept>
#include <vector>

#include "sim/random/random_stream.hpp"
#include "sim/random/ziggurat.hpp"

namespace retzef::sim {

/// Uniform on (lo, hi).
inline double uniform(RandomStream& rng, double lo, double hi) {
  return lo + (hi - lo) * rng.uniform01();
}

// The 128-bit product that Lemire's method needs (a GCC/Clang extension on 64-bit targets).
__extension__ using Uint128 = unsigned __int128;

/// Uniform integer in [0, n), n ≥ 1, without modulo bias (Lemire's multiply-and-reject).
inline std::uint64_t uniform_int(RandomStream& rng, std::uint64_t n) {
  assert(n > 0);
  Uint128 m = static_cast<Uint128>(rng.next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<Uint128>(rng.next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

/// True with probability p.
inline bool bernoulli(RandomStream& rng, double p) {
  return rng.uniform01() < p;
}

/// Exponential with the given rate (events per time unit), by the ziggurat.
[[gnu::always_inline]] inline double exponential(RandomStream& rng, double rate) {
  return standard_exponential(rng) / rate;
}

/// Exponential with the given mean.
[[gnu::always_inline]] inline double exponential_mean(RandomStream& rng, double mean) {
  return standard_exponential(rng) * mean;
}

/// Standard normal by Box–Muller: two uniforms, one value (the second is not kept, so a draw
/// holds no hidden state between calls).
inline double standard_normal(RandomStream& rng) {
  const double r = std::sqrt(-2.0 * std::log(rng.uniform01()));
  return r * std::cos(2.0 * std::numbers::pi * rng.uniform01());
}

inline double normal(RandomStream& rng, double mean, double sd) {
  return mean + sd * standard_normal(rng);
}

/// Lognormal with the given parameters of the underlying normal.
inline double lognormal(RandomStream& rng, double mu, double sigma) {
  return std::exp(mu + sigma * standard_normal(rng));
}

/// Lognormal parameterised by its own mean and standard deviation (what scenario files give).
inline double lognormal_mean_sd(RandomStream& rng, double mean, double sd) {
  const double s2 = std::log1p((sd * sd) / (mean * mean));
  return lognormal(rng, std::log(mean) - 0.5 * s2, std::sqrt(s2));
}

/// Gamma(shape k > 0, scale θ > 0) by Marsaglia & Tsang (2000); shape < 1 by the boost
/// Gamma(k) = Gamma(k + 1) · U^(1/k).
inline double gamma(RandomStream& rng, double shape, double scale) {
  double boost = 1.0;
  if (shape < 1.0) {
    boost = std::pow(rng.uniform01(), 1.0 / shape);
    shape += 1.0;
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform01();
    if (u < 1.0 - 0.0331 * x * x * x * x ||
        std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) {
      return d * v * scale * boost;
    }
  }
}

/// Weibull(shape k > 0, scale λ > 0) by inversion: one uniform.
inline double weibull(RandomStream& rng, double shape, double scale) {
  return scale * std::pow(-std::log(rng.uniform01()), 1.0 / shape);
}

/// Poisson(mean ≥ 0): by counting exponential gaps for small means, by a normal approximation
/// rounded to the nearest integer above 500 (used only for sizing populations and for a
/// region's totals, such as its counted contacts, never for the course of a single person).
inline std::uint64_t poisson(RandomStream& rng, double mean) {
  if (mean <= 0) return 0;
  if (mean > 500) {
    const double x = std::round(normal(rng, mean, std::sqrt(mean)));
    return x < 0 ? 0 : static_cast<std::uint64_t>(x);
  }
  const double limit = std::exp(-mean);
  std::uint64_t k = 0;
  double product = rng.uniform01();
  while (product > limit) {
    ++k;
    product *= rng.uniform01();
  }
  return k;
}

/// A discrete distribution over 0..n-1 with given weights, sampled in O(1) with Walker's alias
/// method: one 64-bit draw per sample (its high bits pick the column, its low bits the coin).
/// Built once from the scenario, then shared read-only.
class DiscreteDistribution {
 public:
  DiscreteDistribution() = default;
  explicit DiscreteDistribution(std::span<const double> weights);

  std::size_t size() const { return probability_.size(); }
  /// The normalised probability of outcome i (for tests and reports).
  double probability(std::size_t i) const { return normalised_[i]; }

  std::uint32_t operator()(RandomStream& rng) const {
    assert(!probability_.empty());
    const std::uint64_t bits = rng.next_u64();
    // The top 32 bits choose a column, the low 32 bits flip its biased coin.
    const auto column = static_cast<std::uint32_t>(((bits >> 32) * size()) >> 32);
    const double coin = static_cast<double>(bits & 0xffffffffULL) * 0x1.0p-32;
    return coin < probability_[column] ? column : alias_[column];
  }

 private:
  std::vector<double> probability_;
  std::vector<std::uint32_t> alias_;
  std::vector<double> normalised_;
};

/// A continuous empirical distribution: the inverse of the piecewise-linear CDF through given
/// (value, cumulative probability) points, as used for length-of-stay tables.
class EmpiricalDistribution {
 public:
  EmpiricalDistribution() = default;
  /// `values` increasing, `cumulative` non-decreasing from 0 to 1, same length ≥ 2.
  EmpiricalDistribution(std::vector<double> values, std::vector<double> cumulative);

  double operator()(RandomStream& rng) const { return quantile(rng.uniform01()); }
  double quantile(double p) const;
  double mean() const;

 private:
  std::vector<double> values_;
  std::vector<double> cumulative_;
};

}  // namespace retzef::sim
