// The fixed-size log-spaced histogram: quantiles of known distributions within one bin's width,
// zeros counted exactly, the edges, and merging that gives the same bytes in any order.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "sim/stats/log_histogram.hpp"

using retzef::sim::LogHistogram;
using Hist = LogHistogram<32, -3, 5>;

namespace {

// One bin's relative width: the promised bound on a quantile's relative error.
const double kBinWidth = std::pow(10.0, 1.0 / 32) - 1;

}  // namespace

TEST_CASE("log histogram: quantiles of an exponential within one bin", "[stats]") {
  Hist h;
  std::mt19937_64 rng(5);
  std::exponential_distribution<double> exp(1.0 / 3.0);  // mean 3
  std::vector<double> xs;
  for (int i = 0; i < 200000; ++i) {
    xs.push_back(exp(rng));
    h.add(xs.back());
  }
  std::sort(xs.begin(), xs.end());
  for (const double p : {0.1, 0.5, 0.9, 0.95, 0.99}) {
    INFO("p = " << p);
    const double exact = xs[static_cast<std::size_t>(p * double(xs.size())) - 1];
    CHECK(std::abs(h.quantile(p) - exact) <= kBinWidth * exact);
    // and against the distribution's own quantile, −3 ln(1 − p), within sampling noise
    CHECK(h.quantile(p) == Approx(-3 * std::log(1 - p)).epsilon(0.02));
  }
  CHECK(h.count() == xs.size());
}

TEST_CASE("log histogram: zeros are exact, the edges hold what lies beyond", "[stats]") {
  Hist h;
  CHECK(std::isnan(h.quantile(0.5)));
  for (int i = 0; i < 60; ++i)
    h.add(0.0);
  for (int i = 0; i < 40; ++i)
    h.add(2.0);
  CHECK(h.zeros() == 60);
  CHECK(h.quantile(0.5) == 0.0);
  CHECK(h.quantile(0.6) == 0.0);
  CHECK(h.quantile(0.61) >= 2.0 / (1 + kBinWidth));
  CHECK(h.quantile(0.61) <= 2.0 * (1 + kBinWidth));
  h.add(1e-7);  // below the first bin
  h.add(1e9);   // above the last
  CHECK(h.underflow() == 1);
  CHECK(h.overflow() == 1);
  CHECK(h.quantile(1.0) == Hist::highest());
  CHECK(h.bin_lower(0) == Approx(1e-3));
  CHECK(h.bin_lower(Hist::kBins) == Approx(1e5));
}

TEST_CASE("log histogram: merging in any order gives the same bytes", "[stats]") {
  std::array<Hist, 3> parts;
  Hist all;
  std::mt19937_64 rng(9);
  std::lognormal_distribution<double> draw(0.0, 2.0);
  for (int i = 0; i < 30000; ++i) {
    const double x = i % 7 == 0 ? 0.0 : draw(rng);
    parts[i % 3].add(x);
    all.add(x);
  }
  std::array<int, 3> order{0, 1, 2};
  do {
    Hist merged;
    for (const int k : order)
      merged.merge(parts[k]);
    CHECK(std::memcmp(&merged, &all, sizeof(Hist)) == 0);
  } while (std::next_permutation(order.begin(), order.end()));
}
