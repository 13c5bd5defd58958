// Streaming statistics against values computed by hand, and the confidence-interval formulas
// against tabulated Student t quantiles.
#include <catch2/catch.hpp>
#include <cmath>
#include <type_traits>
#include <vector>

#include "sim/stats/confidence.hpp"
#include "sim/stats/counted_gauge.hpp"
#include "sim/stats/histogram.hpp"
#include "sim/stats/time_weighted.hpp"
#include "sim/stats/welford.hpp"

using namespace retzef::sim;

TEST_CASE("Welford: mean, sample variance, extremes, and merging equals one pass", "[stats]") {
  static_assert(std::is_trivially_copyable_v<Welford>);
  const std::vector<double> xs{2, 4, 4, 4, 5, 5, 7, 9};
  Welford all;
  Welford left;
  Welford right;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    all.add(xs[i]);
    (i < 3 ? left : right).add(xs[i]);
  }
  CHECK(all.count() == 8);
  CHECK(all.mean() == Approx(5.0));
  CHECK(all.variance() == Approx(32.0 / 7.0));
  CHECK(all.min() == 2);
  CHECK(all.max() == 9);
  CHECK(all.sum() == Approx(40));
  left.merge(right);
  CHECK(left.count() == all.count());
  CHECK(left.mean() == Approx(all.mean()));
  CHECK(left.variance() == Approx(all.variance()));
  CHECK(left.min() == all.min());
  CHECK(left.max() == all.max());
  Welford empty;
  CHECK(std::isnan(empty.mean()));
  empty.merge(all);
  CHECK(empty.mean() == Approx(5.0));
}

TEST_CASE("Welford stays accurate with a large offset", "[stats]") {
  Welford w;
  for (int i = 0; i < 1000; ++i)
    w.add(1e9 + (i % 2));
  CHECK(w.variance() == Approx(0.25 * 1000 / 999).epsilon(1e-6));
}

TEST_CASE("time-weighted average of a step function", "[stats]") {
  TimeWeighted occ;
  occ.start(0, 2);  // 2 from 0 to 3
  occ.add(3, 1);    // 3 from 3 to 4
  occ.set(4, 0);    // 0 from 4 to 10
  CHECK(occ.integral(10) == Approx(2 * 3 + 3 * 1));
  CHECK(occ.mean(10) == Approx(0.9));
  CHECK(occ.peak == 3);
  occ.reset(10);
  occ.set(12, 5);
  CHECK(occ.mean(14) == Approx(2.5));
}

TEST_CASE("a counted gauge's average follows every change of its count", "[stats]") {
  retzef::sim::CountedGauge g;
  g.start(0);
  g.add(1);     // 1 from 1 to 2
  g.add(2);     // 2 from 2 to 4
  g.remove(4);  // 1 from 4 to 6
  CHECK(g.count() == 1);
  CHECK(g.integral(6) == Approx(1 + 2 * 2 + 1 * 2));
  CHECK(g.peak() == 2);
  g.restart(6);  // the warm-up ends: the past is forgotten, the count stays
  CHECK(g.count() == 1);
  CHECK(g.integral(8) == Approx(2));
  CHECK(g.mean(8) == Approx(1));
}

TEST_CASE("histogram quantiles interpolate inside bins, and merge adds", "[stats]") {
  Histogram h(0, 100, 100);
  for (int i = 0; i < 1000; ++i)
    h.add(i * 0.1);  // uniform on [0, 100)
  CHECK(h.quantile(0.5) == Approx(50).margin(1));
  CHECK(h.quantile(0.9) == Approx(90).margin(1));
  h.add(-5);
  h.add(500);
  CHECK(h.underflow() == 1);
  CHECK(h.overflow() == 1);
  CHECK(h.quantile(1.0) == 100);
  Histogram other(0, 100, 100);
  other.add(10);
  h.merge(other);
  CHECK(h.count() == 1003);
  CHECK_THROWS(h.merge(Histogram(0, 50, 100)));
  CHECK(std::isnan(Histogram(0, 1, 4).quantile(0.5)));
}

TEST_CASE("Student t quantiles match the tables", "[stats]") {
  CHECK(student_t_quantile(0.95, 1) == Approx(12.706).epsilon(1e-4));
  CHECK(student_t_quantile(0.95, 9) == Approx(2.262).epsilon(1e-3));
  CHECK(student_t_quantile(0.95, 29) == Approx(2.045).epsilon(1e-3));
  CHECK(student_t_quantile(0.99, 10) == Approx(3.169).epsilon(1e-3));
  CHECK(student_t_quantile(0.95, 100000) == Approx(1.960).epsilon(1e-3));
}

TEST_CASE("confidence interval of a mean, by hand", "[stats]") {
  const std::vector<double> v{10, 12, 14, 16, 18};  // mean 14, sd sqrt(10)
  const auto ci = confidence_interval(v);
  REQUIRE(ci.available);
  CHECK(ci.mean == Approx(14));
  CHECK(ci.sd == Approx(std::sqrt(10.0)));
  CHECK(ci.half_width == Approx(2.776445 * std::sqrt(10.0) / std::sqrt(5.0)).epsilon(1e-5));
  CHECK(ci.lower == Approx(ci.mean - ci.half_width));
  CHECK(ci.upper == Approx(ci.mean + ci.half_width));
}

TEST_CASE("a single replication has no interval, and says so", "[stats]") {
  const std::vector<double> one{3.5};
  const auto ci = confidence_interval(one);
  CHECK_FALSE(ci.available);
  CHECK(ci.mean == 3.5);
  CHECK_FALSE(confidence_interval(std::vector<double>{}).available);
}

TEST_CASE("paired differences use the per-replication differences", "[stats]") {
  const std::vector<double> a{10, 11, 12, 13};
  const std::vector<double> b{9, 10.5, 11, 12.5};  // differences 1, .5, 1, .5
  const auto d = paired_difference(a, b);
  CHECK(d.mean == Approx(0.75));
  CHECK(d.sd == Approx(std::sqrt(1.0 / 12)));
  CHECK(d.half_width == Approx(3.182446 * std::sqrt(1.0 / 12) / 2).epsilon(1e-5));
  CHECK_THROWS(paired_difference(a, std::vector<double>{1, 2}));
}
