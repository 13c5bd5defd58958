// A fixed-bin histogram for distributions of waits and lengths of stay, where a mean is not
// enough (medians, 90th percentiles). Bins are equal-width over [lo, hi) with underflow and
// overflow counts; quantiles interpolate linearly inside a bin, so their error is at most one
// bin width. Mergeable (same bins), so per-LP histograms combine in LP order.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace retzef::sim {

class Histogram {
 public:
  Histogram() = default;
  Histogram(double lo, double hi, std::size_t bins);

  void add(double x) {
    ++total_;
    if (x < lo_) {
      ++under_;
    } else if (x >= hi_) {
      ++over_;
    } else {
      auto i = static_cast<std::size_t>((x - lo_) * scale_);
      if (i >= counts_.size()) i = counts_.size() - 1;  // rounding at the top edge
      ++counts_[i];
    }
  }

  void merge(const Histogram& other);

  std::uint64_t count() const { return total_; }
  std::uint64_t underflow() const { return under_; }
  std::uint64_t overflow() const { return over_; }
  std::size_t bins() const { return counts_.size(); }
  std::uint64_t bin_count(std::size_t i) const { return counts_[i]; }
  double bin_lower(std::size_t i) const { return lo_ + static_cast<double>(i) / scale_; }

  /// The p-quantile (0 ≤ p ≤ 1) estimated from the bins. Mass below lo is reported as lo and
  /// above hi as hi; NaN with no values.
  double quantile(double p) const;

 private:
  double lo_ = 0;
  double hi_ = 1;
  double scale_ = 1;  ///< bins per unit
  std::vector<std::uint64_t> counts_;
  std::uint64_t under_ = 0;
  std::uint64_t over_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace retzef::sim
