#include "sim/random/distributions.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace retzef::sim {

DiscreteDistribution::DiscreteDistribution(std::span<const double> weights) {
  const std::size_t n = weights.size();
  if (n == 0) throw std::invalid_argument("a discrete distribution needs at least one weight");
  if (n > 0xffffffffULL)
    throw std::invalid_argument("a discrete distribution has too many weights");
  double total = 0;
  for (const double w : weights) {
    if (!(w >= 0) || !std::isfinite(w)) {
      throw std::invalid_argument("discrete distribution weights must be finite and ≥ 0");
    }
    total += w;
  }
  if (!(total > 0)) throw std::invalid_argument("discrete distribution weights sum to 0");

  normalised_.resize(n);
  probability_.assign(n, 1.0);
  alias_.resize(n);
  std::iota(alias_.begin(), alias_.end(), std::uint32_t{0});
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small;
  std::vector<std::uint32_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    normalised_[i] = weights[i] / total;
    scaled[i] = normalised_[i] * static_cast<double>(n);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  // Vose's stable variant: pair each short column with a tall one.
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    probability_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is 1 up to rounding.
  for (const auto i : small)
    probability_[i] = 1.0;
  for (const auto i : large)
    probability_[i] = 1.0;
}

EmpiricalDistribution::EmpiricalDistribution(std::vector<double> values,
                                             std::vector<double> cumulative)
    : values_(std::move(values)), cumulative_(std::move(cumulative)) {
  if (values_.size() < 2 || values_.size() != cumulative_.size()) {
    throw std::invalid_argument(
        "an empirical distribution needs at least two (value, cumulative probability) points");
  }
  for (std::size_t i = 1; i < values_.size(); ++i) {
    if (!(values_[i] > values_[i - 1])) {
      throw std::invalid_argument("empirical distribution values must increase");
    }
    if (!(cumulative_[i] >= cumulative_[i - 1])) {
      throw std::invalid_argument("empirical cumulative probabilities must not decrease");
    }
  }
  if (cumulative_.front() != 0.0 || cumulative_.back() != 1.0) {
    throw std::invalid_argument("empirical cumulative probabilities must run from 0 to 1");
  }
}

double EmpiricalDistribution::quantile(double p) const {
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), p);
  if (it == cumulative_.begin()) return values_.front();
  if (it == cumulative_.end()) return values_.back();
  const auto hi = static_cast<std::size_t>(it - cumulative_.begin());
  const std::size_t lo = hi - 1;
  const double span = cumulative_[hi] - cumulative_[lo];
  const double f = span > 0 ? (p - cumulative_[lo]) / span : 0.0;
  return values_[lo] + f * (values_[hi] - values_[lo]);
}

double EmpiricalDistribution::mean() const {
  double m = 0;
  for (std::size_t i = 1; i < values_.size(); ++i) {
    m += (cumulative_[i] - cumulative_[i - 1]) * 0.5 * (values_[i] + values_[i - 1]);
  }
  return m;
}

}  // namespace retzef::sim
