// A streaming mean and variance (Welford 1962), with count, minimum and maximum: one pass,
// numerically stable, O(1) memory, and mergeable (Chan et al. 1979) so that per-LP or
// per-thread accumulators combine into the same figures a single one would give. Plain data,
// so it can sit in a model's trivially-copyable Summary and travel between MPI ranks.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace retzef::sim {

class Welford {
 public:
  void add(double x) {
    ++n;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n);
    m2 += delta * (x - mean_);
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }

  /// Folds another accumulator in; the result is as if every value had been added here.
  void merge(const Welford& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    const double total = static_cast<double>(n + o.n);
    const double delta = o.mean_ - mean_;
    mean_ += delta * static_cast<double>(o.n) / total;
    m2 += o.m2 + delta * delta * static_cast<double>(n) * static_cast<double>(o.n) / total;
    n += o.n;
    min_ = std::min(min_, o.min_);
    max_ = std::max(max_, o.max_);
  }

  std::uint64_t count() const { return n; }
  /// The mean, or NaN with no values.
  double mean() const { return n > 0 ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  /// The sample variance (n − 1 in the denominator), or NaN with fewer than two values.
  double variance() const {
    return n > 1 ? m2 / static_cast<double>(n - 1) : std::numeric_limits<double>::quiet_NaN();
  }
  double sd() const { return std::sqrt(variance()); }
  double min() const { return min_; }
  double max() const { return max_; }
  double sum() const { return mean_ * static_cast<double>(n); }

 private:
  std::uint64_t n = 0;
  double mean_ = 0;
  double m2 = 0;  // sum of squared deviations from the mean
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace retzef::sim
