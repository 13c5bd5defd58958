// The MSER-5 truncation rule on series whose transient is known: an exponential decay with
// noise is truncated near the decay's end, a stationary series near its start, a series that
// never settles at the end of the searched half.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "sim/stats/mser.hpp"

using namespace retzef::sim;

namespace {

/// level + height·exp(−t/tau) + N(0, sd) for t = 0 .. n−1, from a fixed seed.
std::vector<double> decay(std::size_t n, double level, double height, double tau, double sd,
                          std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> noise(0, sd);
  std::vector<double> xs(n);
  for (std::size_t t = 0; t < n; ++t)
    xs[t] = level + height * std::exp(-static_cast<double>(t) / tau) + noise(gen);
  return xs;
}

}  // namespace

TEST_CASE("MSER-5: batch means by hand", "[stats][mser]") {
  // Two batches of a step, then three of a constant: deleting the step leaves no variance.
  std::vector<double> xs(25, 1.0);
  for (std::size_t t = 0; t < 10; ++t)
    xs[t] = 9;
  const MserResult r = mser(xs);
  CHECK(r.batches == 5);
  CHECK(r.truncation == 10);
  CHECK(r.statistic == 0);
  CHECK(r.at_search_limit);  // d* = 2 is the last of the searched half (5 / 2)
}

TEST_CASE("MSER-5: a constant series and a short one are not truncated", "[stats][mser]") {
  const std::vector<double> constant(100, 3.0);
  CHECK(mser(constant).truncation == 0);
  CHECK_FALSE(mser(constant).at_search_limit);
  const std::vector<double> short_one{5, 4, 3, 2, 1, 0, 0};
  const MserResult r = mser(short_one);
  CHECK(r.batches == 1);
  CHECK(r.truncation == 0);
  CHECK(std::isnan(r.statistic));
  CHECK_THROWS_AS(mser(constant, 0), std::invalid_argument);
}

TEST_CASE("MSER-5: exponential decay with noise is cut near the decay's end", "[stats][mser]") {
  // tau = 100 days from 100 above the level with noise sd 5: the bias falls below the noise's
  // standard error of a batch mean (about 2.2) after about 100·ln(100/2.2) ≈ 380 days.
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto xs = decay(3650, 50, 100, 100, 5, seed);
    const MserResult r = mser(xs);
    CHECK(r.truncation >= 250);
    CHECK(r.truncation <= 700);
    CHECK_FALSE(r.at_search_limit);
    CHECK(r.truncation % 5 == 0);
  }
}

TEST_CASE("MSER-5: a stationary series is cut near its start", "[stats][mser]") {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto xs = decay(3650, 50, 0, 1, 5, seed);
    CHECK(mser(xs).truncation <= 365);
  }
}

TEST_CASE("MSER-5: a series that drifts all along is cut at the search limit", "[stats][mser]") {
  std::vector<double> xs(1000);
  for (std::size_t t = 0; t < xs.size(); ++t)
    xs[t] = static_cast<double>(t);
  const MserResult r = mser(xs);
  CHECK(r.at_search_limit);
  CHECK(r.truncation == 500);
}

TEST_CASE("MSER-5: the deleted and kept means by hand, and no bias without a deletion",
          "[stats][mser]") {
  std::vector<double> xs(25, 1.0);
  for (std::size_t t = 0; t < 10; ++t)
    xs[t] = 9;
  const MserResult step = mser(xs);
  CHECK(step.deleted_mean == 9);
  CHECK(step.kept_mean == 1);
  CHECK(std::isnan(step.bias_z));  // 15 kept observations: too few for 20 batches of two
  // Too short to judge the noise: the gap alone decides.
  CHECK(material_truncation(step, 1.0) == 10);
  CHECK(material_truncation(step, 8.5) == 0);

  // A flat kept part: any gap is beyond its (zero) fluctuation.
  std::vector<double> long_step(200, 1.0);
  for (std::size_t t = 0; t < 10; ++t)
    long_step[t] = 9;
  const MserResult flat = mser(long_step);
  REQUIRE(flat.truncation == 10);
  CHECK(flat.bias_z == INFINITY);
  CHECK(material_truncation(flat, 1.0) == 10);

  const std::vector<double> constant(100, 3.0);
  const MserResult none = mser(constant);
  CHECK(none.truncation == 0);
  CHECK(std::isnan(none.deleted_mean));
  CHECK(none.kept_mean == 3);
  CHECK(std::isnan(none.bias_z));
  CHECK(material_truncation(none, 0) == 0);

  const std::vector<double> one_batch{5, 4, 3, 2, 1};
  const MserResult short_one = mser(one_batch);
  CHECK(std::isnan(short_one.deleted_mean));
  CHECK(std::isnan(short_one.bias_z));
  CHECK(material_truncation(short_one, 0) == 0);
}

TEST_CASE("MSER-5: a tiny shift at the start of a noisy series is not a material truncation",
          "[stats][mser]") {
  // Ten years of a level of 50 with noise sd 5 (20 seeds), the first 30 days 0.5 (1%) higher:
  // MSER's minimum often falls on a few noisy early batches, but the gap they leave is within what
  // the most extreme of many early stretches of noise shows.
  std::size_t raw_truncations = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    auto xs = decay(3650, 50, 0, 1, 5, seed);
    for (std::size_t t = 0; t < 30; ++t)
      xs[t] += 0.5;
    const MserResult r = mser(xs);
    if (r.truncation > 0) ++raw_truncations;
    if (r.truncation > 0) CHECK(std::abs(r.bias_z) < kMaterialZ);
    CHECK(material_truncation(r, 1.0) == 0);
  }
  CHECK(raw_truncations > 0);  // the rule had something to overrule
}

TEST_CASE("MSER-5: a real transient keeps its truncation", "[stats][mser]") {
  // An exponential decay from ten times the level (tau 100 days, noise sd 5).
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    INFO("seed " << seed);
    const auto xs = decay(3650, 50, 450, 100, 5, seed);
    const MserResult r = mser(xs);
    CHECK(r.truncation >= 250);
    CHECK(r.deleted_mean > r.kept_mean + 1);
    CHECK(r.bias_z >= kMaterialZ);  // far beyond: tens of standard errors
    CHECK(material_truncation(r, 1.0) == r.truncation);
  }
}

TEST_CASE(
    "MSER-5 after a warm-up: a transient the warm-up deletes does not make a later point "
    "count, but a drift past it does",
    "[stats][mser]") {
  // A large start-up transient (days 0-49 at 100), then a level of 10 that wobbles by 0.04
  // (alternate batches of five) until day 339 and is flat after: the rule's point falls at the
  // end of the wobble, past a warm-up of 200, though nothing after the warm-up is biased.
  std::vector<double> xs(2000, 10.0);
  for (std::size_t t = 0; t < 50; ++t)
    xs[t] = 100;
  for (std::size_t t = 50; t < 340; ++t)
    xs[t] += (t / 5) % 2 == 0 ? 0.04 : -0.04;
  MserResult r = mser(xs);
  REQUIRE(r.truncation > 200);
  // Judged from day 0 the deleted part holds the transient: material.
  CHECK(material_truncation(r, 1.0) == r.truncation);
  // Judged from the warm-up on, the gap is under 0.04: not a person, not 1%.
  CHECK(material_truncation(xs, r, 200, 1.0) == 0);

  // A drift that the warm-up leaves in: from 20 down to 10 over days 0-799.
  std::vector<double> drift(4000, 10.0);
  for (std::size_t t = 0; t < 800; ++t)
    drift[t] = 20 - 10.0 * static_cast<double>(t) / 800;
  r = mser(drift);
  REQUIRE(r.truncation > 200);
  CHECK(material_truncation(drift, r, 200, 1.0) == r.truncation);
  // A point within the warm-up is judged on the whole deleted part, as before.
  CHECK(material_truncation(drift, r, r.truncation + 5, 1.0) == material_truncation(r, 1.0));
  // The series must be the one MSER read.
  CHECK_THROWS(material_truncation(std::span<const double>(drift).first(100), r, 50, 1.0));
}
