// A histogram of fixed size for quantiles of positive quantities spread over several orders of
// magnitude (waits from minutes to years), where sim::Histogram's vector cannot be used: plain
// data in a std::array, so it can sit in a model's trivially-copyable Summary, travel between
// threads and MPI ranks as bytes, and merge by adding counts, which gives the same bytes in any
// order. Bins are log-spaced, `PerDecade` to a decade over [10^LowExp, 10^HighExp); zeros
// (and anything not above 0) are counted apart and exactly, values below the first bin count
// as its lower edge and values at or above the top as the top edge. A quantile interpolates
// linearly inside its bin, so its relative error is at most one bin's width, 10^(1/PerDecade)
// − 1 (7.5% at 32 bins a decade), and usually much less.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace retzef::sim {

template <std::size_t PerDecade, int LowExp, int HighExp>
class LogHistogram {
  static_assert(PerDecade > 0 && LowExp < HighExp);

 public:
  static constexpr std::size_t kBins = PerDecade * static_cast<std::size_t>(HighExp - LowExp);

  void add(double x) {
    ++total_;
    if (!(x > 0)) {
      ++zeros_;
    } else if (x < lowest()) {
      ++under_;
    } else if (x >= highest()) {
      ++over_;
    } else {
      auto i = static_cast<std::size_t>((std::log10(x) - LowExp) * double(PerDecade));
      if (i >= kBins) i = kBins - 1;  // rounding at the top edge
      ++counts_[i];
    }
  }

  void merge(const LogHistogram& o) {
    total_ += o.total_;
    zeros_ += o.zeros_;
    under_ += o.under_;
    over_ += o.over_;
    for (std::size_t i = 0; i < kBins; ++i)
      counts_[i] += o.counts_[i];
  }

  std::uint64_t count() const { return total_; }
  std::uint64_t zeros() const { return zeros_; }
  std::uint64_t underflow() const { return under_; }
  std::uint64_t overflow() const { return over_; }
  std::uint64_t bin_count(std::size_t i) const { return counts_[i]; }
  static double lowest() { return std::pow(10.0, LowExp); }
  static double highest() { return std::pow(10.0, HighExp); }
  static double bin_lower(std::size_t i) {
    return std::pow(10.0, LowExp + double(i) / double(PerDecade));
  }

  /// The p-quantile (0 ≤ p ≤ 1): the smallest value with at least a share p of the values at or
  /// below it, interpolated inside its bin; NaN with no values.
  double quantile(double p) const {
    if (total_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const double rank = p * double(total_);
    double below = double(zeros_);
    if (rank <= below) return 0;
    below += double(under_);
    if (rank <= below) return lowest();
    for (std::size_t i = 0; i < kBins; ++i) {
      const double n = double(counts_[i]);
      if (n > 0 && rank <= below + n) {
        const double lo = bin_lower(i), hi = bin_lower(i + 1);
        return lo + (rank - below) / n * (hi - lo);
      }
      below += n;
    }
    return highest();
  }

 private:
  std::uint64_t total_ = 0;
  std::uint64_t zeros_ = 0;
  std::uint64_t under_ = 0;
  std::uint64_t over_ = 0;
  std::array<std::uint64_t, kBins> counts_{};
};

}  // namespace retzef::sim
