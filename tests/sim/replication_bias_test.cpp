// The re-judgement of a replication's MSER-5 cut against the spread of the replications, on
// series whose truth is known: slow stationary swings that the per-replication rule mistakes
// for bias are cleared, a transient the replications share or one replication's own transient
// is kept, and too few replications leave the per-replication verdict as it was.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

#include "sim/stats/mser.hpp"
#include "sim/stats/replication_bias.hpp"

using namespace retzef::sim;

namespace {

constexpr std::size_t kDays = 3650;

/// level + a stationary AR(1) (x_t = phi·x_{t−1} + N(0, sd), started from its stationary
/// distribution) + height·exp(−t/tau), for t = 0 .. kDays − 1, from a fixed seed.
std::vector<double> ar1(double phi, double sd, double level, double height, double tau,
                        std::mt19937_64& gen) {
  std::normal_distribution<double> noise(0, sd);
  std::vector<double> xs(kDays);
  double x = noise(gen) / std::sqrt(1 - phi * phi);
  for (std::size_t t = 0; t < kDays; ++t) {
    if (t > 0) x = phi * x + noise(gen);
    xs[t] = level + x + height * std::exp(-static_cast<double>(t) / tau);
  }
  return xs;
}

struct Verdicts {
  std::size_t own = 0;            ///< replications the per-replication rule flags
  std::vector<std::size_t> kept;  ///< of them, those the spread of the replications keeps
};

/// Every replication's own material MSER-5 point (no warm-up: the whole series is measured),
/// each re-judged at that point against the others.
Verdicts judge(const std::vector<std::vector<double>>& reps) {
  const std::vector<std::span<const double>> spans(reps.begin(), reps.end());
  Verdicts out;
  for (std::size_t r = 0; r < reps.size(); ++r) {
    const std::size_t point = material_truncation(reps[r], mser(reps[r]), 0, 1.0);
    if (point == 0) continue;
    ++out.own;
    if (replication_bias(spans, r, point, 1.0).material) out.kept.push_back(r);
  }
  return out;
}

}  // namespace

TEST_CASE("Replication bias: the gap and the leave-one-out spread by hand", "[stats][mser]") {
  // Replication k is a_k for two days, then 0: its gap at day 2 is a_k.
  const std::vector<double> a{10, 1, 2, 3, 4};
  std::vector<std::vector<double>> reps;
  for (double x : a)
    reps.push_back({x, x, 0, 0});
  const std::vector<std::span<const double>> spans(reps.begin(), reps.end());
  const ReplicationBias b = replication_bias(spans, 0, 2, 1.0);
  CHECK(b.judged);
  CHECK(b.gap == 10);
  CHECK(b.kept_mean == 0);
  CHECK(b.spread == Approx(std::sqrt(5.0 / 3.0)));  // sd of 1, 2, 3, 4 with n − 1
  CHECK(b.z == Approx(10 / std::sqrt(5.0 / 3.0)));
  CHECK(b.material);
  CHECK(b.large);
  // The same shape a hundred times smaller: as many spreads wide, but a gap of a tenth of a
  // person is not large enough to matter, so not material either.
  std::vector<std::vector<double>> tiny;
  for (double x : a)
    tiny.push_back({x / 100, x / 100, 0, 0});
  const std::vector<std::span<const double>> tiny_spans(tiny.begin(), tiny.end());
  const ReplicationBias t = replication_bias(tiny_spans, 0, 2, 1.0);
  CHECK(t.z == Approx(b.z));
  CHECK_FALSE(t.large);
  CHECK_FALSE(t.material);
  // Replication 1's gap of 1 is within the others' spread (10, 2, 3, 4).
  CHECK_FALSE(replication_bias(spans, 1, 2, 1.0).material);
  // A cut that leaves nothing on one side cannot be judged: the flag stands.
  CHECK_FALSE(replication_bias(spans, 0, 0, 1.0).judged);
  CHECK(replication_bias(spans, 0, 4, 1.0).material);
  // Replications of different lengths are not the same days.
  reps[3].push_back(0);
  const std::vector<std::span<const double>> ragged(reps.begin(), reps.end());
  CHECK_THROWS_AS(replication_bias(ragged, 0, 2, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(replication_bias(spans, 5, 2, 1.0), std::invalid_argument);
}

TEST_CASE("Replication bias: slow stationary swings are within the replications' spread",
          "[stats][mser]") {
  // Yearly-renewed stays: an AR(1) with phi 0.999 (memory of about three years) around 200.
  // Twenty batch means of one run understate its noise, so the per-replication rule flags
  // several of 30 replications; measured against the other replications, none stands out.
  std::mt19937_64 gen(11);
  std::vector<std::vector<double>> reps;
  for (int k = 0; k < 30; ++k)
    reps.push_back(ar1(0.999, 1.0, 200, 0, 1, gen));
  const Verdicts v = judge(reps);
  CHECK(v.own > 0);
  CHECK(v.kept.size() <= 1);
}

TEST_CASE("Replication bias: a transient the replications share is kept", "[stats][mser]") {
  // Every replication still falls by 50 over its first months: every gap is large together.
  std::mt19937_64 gen(12);
  std::vector<std::vector<double>> reps;
  for (int k = 0; k < 30; ++k)
    reps.push_back(ar1(0.9, 2.0, 200, 50, 150, gen));
  const Verdicts v = judge(reps);
  CHECK(v.own == 30);
  CHECK(v.kept.size() == 30);
}

TEST_CASE("Replication bias: one replication's own transient is kept, no other", "[stats][mser]") {
  std::mt19937_64 gen(13);
  std::vector<std::vector<double>> reps;
  for (int k = 0; k < 30; ++k)
    reps.push_back(ar1(0.99, 1.0, 200, k == 0 ? 150 : 0, 150, gen));
  const Verdicts v = judge(reps);
  CHECK(v.own >= 1);
  CHECK(v.kept == std::vector<std::size_t>{0});
}

TEST_CASE("Replication bias: with fewer than five replications the own verdict stands",
          "[stats][mser]") {
  std::mt19937_64 gen(11);
  std::vector<std::vector<double>> reps;
  for (int k = 0; k < 4; ++k)
    reps.push_back(ar1(0.999, 1.0, 200, 0, 1, gen));
  const std::vector<std::span<const double>> spans(reps.begin(), reps.end());
  for (std::size_t r = 0; r < reps.size(); ++r) {
    const ReplicationBias b = replication_bias(spans, r, 500, 1.0);
    CHECK_FALSE(b.judged);
    CHECK(b.material);
  }
}
