#include "sim/stats/histogram.hpp"

#include <cmath>
#include <limits>

namespace retzef::sim {

Histogram::Histogram(double lo, double hi, std::size_t bins) : lo_(lo), hi_(hi), counts_(bins, 0) {
  if (bins == 0) throw std::invalid_argument("a histogram needs at least one bin");
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
    throw std::invalid_argument("a histogram needs finite bounds with lo < hi");
  }
  scale_ = static_cast<double>(bins) / (hi - lo);
}

void Histogram::merge(const Histogram& other) {
  if (other.counts_.size() != counts_.size() || other.lo_ != lo_ || other.hi_ != hi_) {
    throw std::invalid_argument("only histograms with the same bins can be merged");
  }
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  under_ += other.under_;
  over_ += other.over_;
  total_ += other.total_;
}

double Histogram::quantile(double p) const {
  if (total_ == 0) return std::numeric_limits<double>::quiet_NaN();
  if (p < 0) p = 0;
  if (p > 1) p = 1;
  const double target = p * static_cast<double>(total_);
  double seen = static_cast<double>(under_);
  if (target <= seen && under_ > 0) return lo_;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    const auto c = static_cast<double>(counts_[i]);
    if (c > 0 && seen + c >= target) return bin_lower(i) + (target - seen) / c / scale_;
    seen += c;
  }
  return hi_;
}

}  // namespace retzef::sim
