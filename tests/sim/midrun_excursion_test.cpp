// The mid-run match of a replication's opening stretch: by hand on a few days, and on series
// whose truth is known, where an opening dip that a later dip of some replication matches is
// an excursion and the same dip alone, or a start-up transient, is not.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

#include "sim/stats/midrun_excursion.hpp"
#include "sim/stats/replication_bias.hpp"

using namespace retzef::sim;

namespace {

/// 46 + a stationary AR(1) (phi 0.95, innovations sd 0.6) over ten years, from a fixed seed.
std::vector<double> around_46(std::mt19937_64& gen) {
  std::normal_distribution<double> noise(0, 0.6);
  std::vector<double> xs(3650);
  double x = noise(gen) / std::sqrt(1 - 0.95 * 0.95);
  for (double& v : xs) {
    x = 0.95 * x + noise(gen);
    v = 46 + x;
  }
  return xs;
}

MidRunMatch opening_of_first(const std::vector<std::vector<double>>& reps, std::size_t len) {
  const std::vector<std::span<const double>> spans(reps.begin(), reps.end());
  return midrun_match(spans, replication_bias(spans, 0, len, 1.0).gap, len);
}

}  // namespace

TEST_CASE("Mid-run match: later stretches by hand", "[stats][mser]") {
  // Replication 0 opens two days 10 above its rest; replication 1 has such a stretch later,
  // replication 2 one as far the other way.
  const std::vector<std::vector<double>> reps{
      {10, 10, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 10, 10, 0, 0}, {0, 0, 0, 0, -10, -10, 0, 0}};
  const std::vector<std::span<const double>> spans(reps.begin(), reps.end());
  const MidRunMatch m = midrun_match(spans, 10, 2);
  CHECK(m.stretches == 3 * 5);  // starts 2 .. 6 of each replication
  CHECK(m.as_far == 1);
  CHECK(m.matched());
  CHECK(m.replication == 1);
  CHECK(m.start == 4);
  CHECK(m.gap == Approx(10));
  // A flood does not match a dip, nor a dip a flood.
  const MidRunMatch dip = midrun_match(spans, -10, 2);
  CHECK(dip.as_far == 1);
  CHECK(dip.replication == 2);
  CHECK_FALSE(midrun_match(spans, 10.5, 2).matched());
  // No room for a stretch after the opening: nothing compared, nothing matched.
  CHECK(midrun_match(spans, 10, 5).stretches == 0);
  CHECK_FALSE(midrun_match(spans, 10, 5).matched());
  CHECK_THROWS_AS(midrun_match(spans, 1, 0), std::invalid_argument);
  std::vector<std::vector<double>> ragged = reps;
  ragged[2].push_back(0);
  const std::vector<std::span<const double>> ragged_spans(ragged.begin(), ragged.end());
  CHECK_THROWS_AS(midrun_match(ragged_spans, 1, 2), std::invalid_argument);
}

TEST_CASE("Mid-run match: an opening dip is an excursion when a later one is as deep",
          "[stats][mser]") {
  // Thirty balancing houses of 48 places around 46; replication 0 opens 13 below for 35 days,
  // many spreads wide against the other openings.
  std::mt19937_64 gen(21);
  std::vector<std::vector<double>> reps;
  for (int k = 0; k < 30; ++k)
    reps.push_back(around_46(gen));
  for (std::size_t d = 0; d < 35; ++d)
    reps[0][d] -= 13;
  const std::vector<std::span<const double>> spans(reps.begin(), reps.end());
  const ReplicationBias b = replication_bias(spans, 0, 35, 1.0);
  REQUIRE(b.material);
  // Alone, it is deeper than any later stretch of any replication.
  CHECK_FALSE(opening_of_first(reps, 35).matched());
  // Replication 11 dips four places deeper half-way through its run: the design does this by
  // itself, so the opening is one of its excursions.
  for (std::size_t d = 2000; d < 2035; ++d)
    reps[11][d] -= 17;
  const MidRunMatch m = opening_of_first(reps, 35);
  CHECK(m.matched());
  CHECK(m.replication == 11);
  CHECK(m.start == 2000);
}

TEST_CASE("Mid-run match: a start-up transient is not matched later", "[stats][mser]") {
  // A ward 150 above its level at the start, decaying over 150 days, in one replication.
  std::mt19937_64 gen(13);
  std::vector<std::vector<double>> reps;
  for (int k = 0; k < 30; ++k) {
    std::vector<double> xs = around_46(gen);
    if (k == 0) {
      for (std::size_t t = 0; t < xs.size(); ++t)
        xs[t] += 150 * std::exp(-static_cast<double>(t) / 150);
    }
    reps.push_back(std::move(xs));
  }
  CHECK_FALSE(opening_of_first(reps, 300).matched());
  CHECK(opening_of_first(reps, 300).stretches == 30 * (3650 - 600 + 1));
}
