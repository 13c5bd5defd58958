// Random streams: a key always gives the same stream, different keys give independent
// streams, and every distribution has the mean and variance it should.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "sim/random/distributions.hpp"
#include "sim/stats/welford.hpp"

using namespace retzef::sim;

namespace {

constexpr int kDraws = 200'000;

Welford moments(const std::function<double(RandomStream&)>& draw, StreamKey key = {7, 0, 16, 1}) {
  RandomStream rng(key);
  Welford w;
  for (int i = 0; i < kDraws; ++i)
    w.add(draw(rng));
  return w;
}

/// |estimate − truth| within 5 standard errors of the mean (a 1-in-3-million false alarm).
void check_mean(const Welford& w, double mean, double variance) {
  INFO("mean " << w.mean() << " expected " << mean << "; variance " << w.variance() << " expected "
               << variance);
  CHECK(std::abs(w.mean() - mean) < 5 * std::sqrt(variance / kDraws));
  CHECK(w.variance() == Approx(variance).epsilon(0.03));
}

}  // namespace

TEST_CASE("a stream is a pure function of its key", "[random]") {
  const StreamKey key{42, 3, 17, 123456789};
  RandomStream a(key);
  RandomStream b(key);
  for (int i = 0; i < 1000; ++i)
    REQUIRE(a.next_u64() == b.next_u64());
  CHECK(a.draws() == 1000);
  // Seeking reproduces any position.
  RandomStream c(key);
  c.seek(997);
  RandomStream d(key);
  for (int i = 0; i < 997; ++i)
    d.next_u64();
  CHECK(c.next_u64() == d.next_u64());
  // Golden values: the key layout is part of the file format of results. If these change,
  // every published result changes with them (see docs/random-numbers.md). Written down from
  // this release; the second key puts a different number in every field of the key.
  RandomStream golden(StreamKey{1, 0, 0, 0});
  CHECK(golden.next_u64() == 0xcb7ea744cf19bb4cULL);
  CHECK(golden.next_u64() == 0xa34eacbe1377d650ULL);
  CHECK(RandomStream(StreamKey{1, 2, 3, 4}).next_u64() == 0x53a87ae6a03ed434ULL);
}

TEST_CASE("a kept rest of a block gives the same draws however the stream is reopened",
          "[random]") {
  const StreamKey key{7, 2, 21, 123456};
  RandomStream straight(key);
  std::vector<std::uint64_t> expected;
  for (int i = 0; i < 40; ++i)
    expected.push_back(straight.next_u64());

  // None, one or two draws an event, the stream reopened for each and the rest of its last
  // block kept between events, as the care model keeps a person's course and contact streams.
  // An event that draws nothing still keeps (and must not spoil) what was kept.
  RandomStream::Rest kept{};
  std::uint64_t position = 0;
  std::size_t taken = 0;
  int served_from_kept = 0;
  int drawing_events = 0;
  for (int event = 0; taken < expected.size(); ++event) {
    RandomStream s(key);
    s.seek(position);
    s.resume_rest(kept);
    const int draws = event % 3;
    if (draws > 0) {
      ++drawing_events;
      if (s.next_in_block()) ++served_from_kept;
    }
    for (int d = 0; d < draws && taken < expected.size(); ++d)
      CHECK(s.next_u64() == expected[taken++]);
    position = s.draws();
    s.keep_rest(kept);
  }
  // 27 drawing events take the 40 draws; the 7 that start on a block's first draw (0, 4, 12,
  // 16, 24, 28, 36) encipher it, the other 20 start in the kept rest.
  CHECK(drawing_events == 27);
  CHECK(served_from_kept == 20);

  // At a block's first draw the rest is not what is needed: the stream enciphers the block.
  RandomStream at_start(key);
  at_start.seek(8);
  at_start.resume_rest(kept);
  CHECK_FALSE(at_start.next_in_block());
  CHECK(at_start.next_u64() == expected[8]);

  // One stream object kept open (the region's slot), taken back to a block it holds only the
  // rest of: going back to that block's first draw enciphers it, not a stale value.
  RandomStream slot(key);
  slot.seek(4);
  slot.next_u64();
  slot.next_u64();  // now holds block 1 whole, at draw 6
  RandomStream::Rest rest_of_block_2{};
  {
    RandomStream other(key);
    other.seek(9);
    other.next_u64();  // draw 9, block 2
    other.keep_rest(rest_of_block_2);
  }
  slot.seek(10);
  slot.resume_rest(rest_of_block_2);
  CHECK(slot.next_in_block());
  CHECK(slot.next_u64() == expected[10]);
  slot.seek(8);
  CHECK_FALSE(slot.next_in_block());
  CHECK(slot.next_u64() == expected[8]);
  CHECK(slot.next_u64() == expected[9]);
}

TEST_CASE("every key field changes the stream", "[random]") {
  const StreamKey base{42, 3, 17, 99};
  const auto first = [](StreamKey k) { return RandomStream(k).next_u64(); };
  const auto ref = first(base);
  CHECK(first({43, 3, 17, 99}) != ref);
  CHECK(first({42, 4, 17, 99}) != ref);
  CHECK(first({42, 3, 18, 99}) != ref);
  CHECK(first({42, 3, 17, 100}) != ref);
}

TEST_CASE("streams of neighbouring keys are uncorrelated and uniform", "[random]") {
  constexpr int kN = 100'000;
  // Pearson correlation between streams of adjacent entities, and adjacent replications.
  for (const auto& [ka, kb] : {std::pair{StreamKey{1, 0, 16, 5}, StreamKey{1, 0, 16, 6}},
                               std::pair{StreamKey{1, 0, 16, 5}, StreamKey{1, 1, 16, 5}},
                               std::pair{StreamKey{1, 0, 16, 5}, StreamKey{1, 0, 17, 5}}}) {
    RandomStream a(ka);
    RandomStream b(kb);
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (int i = 0; i < kN; ++i) {
      const double x = a.uniform01();
      const double y = b.uniform01();
      sa += x, sb += y, saa += x * x, sbb += y * y, sab += x * y;
    }
    const double cov = sab / kN - (sa / kN) * (sb / kN);
    const double r =
        cov / std::sqrt((saa / kN - sa * sa / kN / kN) * (sbb / kN - sb * sb / kN / kN));
    INFO("correlation " << r);
    CHECK(std::abs(r) < 5 / std::sqrt(double{kN}));
  }
  // Chi-square over 100 equal bins of one stream: 99 degrees of freedom; 99 + 5·sqrt(2·99)
  // is a far tail.
  RandomStream rng(StreamKey{9, 0, 16, 0});
  std::vector<int> bins(100, 0);
  for (int i = 0; i < kN; ++i)
    ++bins[static_cast<std::size_t>(rng.uniform01() * 100)];
  double chi2 = 0;
  for (const int c : bins)
    chi2 += (c - kN / 100.0) * (c - kN / 100.0) / (kN / 100.0);
  INFO("chi-square " << chi2);
  CHECK(chi2 < 99 + 5 * std::sqrt(2 * 99.0));
  CHECK(chi2 > 99 - 5 * std::sqrt(2 * 99.0));
}

TEST_CASE("uniform01 never returns 0 or 1", "[random]") {
  RandomStream rng(StreamKey{3, 0, 0, 0});
  for (int i = 0; i < 100'000; ++i) {
    const double u = rng.uniform01();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
  }
}

TEST_CASE("distributions have their theoretical mean and variance", "[random]") {
  SECTION("uniform") {
    check_mean(moments([](auto& r) { return uniform(r, 2, 5); }), 3.5, 0.75);
  }
  SECTION("uniform_int") {
    check_mean(moments([](auto& r) { return static_cast<double>(uniform_int(r, 10)); }), 4.5,
               (100 - 1) / 12.0);
  }
  SECTION("bernoulli") {
    check_mean(moments([](auto& r) { return bernoulli(r, 0.3) ? 1.0 : 0.0; }), 0.3, 0.21);
  }
  SECTION("exponential") {
    check_mean(moments([](auto& r) { return exponential(r, 0.5); }), 2.0, 4.0);
    check_mean(moments([](auto& r) { return exponential_mean(r, 3.0); }), 3.0, 9.0);
  }
  SECTION("normal") {
    check_mean(moments([](auto& r) { return normal(r, 1, 2); }), 1.0, 4.0);
  }
  SECTION("lognormal") {
    const double mu = 0.5, s = 0.4;
    check_mean(moments([&](auto& r) { return lognormal(r, mu, s); }), std::exp(mu + s * s / 2),
               (std::exp(s * s) - 1) * std::exp(2 * mu + s * s));
    check_mean(moments([](auto& r) { return lognormal_mean_sd(r, 37.0, 30.0); }), 37.0, 900.0);
  }
  SECTION("gamma") {
    check_mean(moments([](auto& r) { return gamma(r, 2.5, 3.0); }), 7.5, 22.5);
    check_mean(moments([](auto& r) { return gamma(r, 0.4, 2.0); }), 0.8, 1.6);
  }
  SECTION("weibull") {
    const double k = 1.5, lambda = 10;
    const double m = lambda * std::tgamma(1 + 1 / k);
    const double v = lambda * lambda * std::tgamma(1 + 2 / k) - m * m;
    check_mean(moments([&](auto& r) { return weibull(r, k, lambda); }), m, v);
  }
  SECTION("poisson") {
    check_mean(moments([](auto& r) { return static_cast<double>(poisson(r, 4.2)); }), 4.2, 4.2);
    check_mean(moments([](auto& r) { return static_cast<double>(poisson(r, 900)); }), 900, 900);
  }
  SECTION("discrete (alias table)") {
    const std::vector<double> w{1, 0, 3, 6};
    const DiscreteDistribution d(w);
    CHECK(d.probability(3) == Approx(0.6));
    std::vector<int> counts(4, 0);
    RandomStream rng(StreamKey{5, 0, 16, 0});
    for (int i = 0; i < kDraws; ++i)
      ++counts[d(rng)];
    CHECK(counts[1] == 0);
    for (std::size_t i = 0; i < 4; ++i) {
      const double p = d.probability(i);
      CHECK(std::abs(counts[i] - p * kDraws) <= 5 * std::sqrt(kDraws * p * (1 - p)) + 1e-9);
    }
  }
  SECTION("empirical") {
    const EmpiricalDistribution e({0, 10, 40}, {0, 0.5, 1.0});
    CHECK(e.quantile(0.25) == Approx(5));
    CHECK(e.quantile(0.75) == Approx(25));
    CHECK(e.mean() == Approx(15));
    // Variance of the mixture of U(0,10) and U(10,40), each with weight 1/2.
    const double v = 0.5 * (100 / 3.0) + 0.5 * (2100 / 3.0) - 225;
    check_mean(moments([&](auto& r) { return e(r); }), 15, v);
  }
}

TEST_CASE("bad distribution tables are rejected", "[random]") {
  CHECK_THROWS(DiscreteDistribution(std::vector<double>{}));
  CHECK_THROWS(DiscreteDistribution(std::vector<double>{0, 0}));
  CHECK_THROWS(DiscreteDistribution(std::vector<double>{1, -1}));
  CHECK_THROWS(EmpiricalDistribution({1}, {1}));
  CHECK_THROWS(EmpiricalDistribution({1, 1}, {0, 1}));
  CHECK_THROWS(EmpiricalDistribution({1, 2}, {0, 0.9}));
}

TEST_CASE("the ziggurat exponential has the exponential CDF, tail included", "[random]") {
  // Kolmogorov–Smirnov distance of 10^6 draws from 1 - exp(-x). The 99.9% critical value is
  // 1.95 / sqrt(n); a wrong layer table or a missing tail shows as far more.
  constexpr int kN = 1'000'000;
  RandomStream rng(StreamKey{11, 0, 16, 0});
  std::vector<double> xs(kN);
  for (auto& x : xs)
    x = standard_exponential(rng);
  std::sort(xs.begin(), xs.end());
  double d = 0;
  for (int i = 0; i < kN; ++i) {
    const double cdf = 1 - std::exp(-xs[static_cast<std::size_t>(i)]);
    d = std::max({d, std::abs(cdf - static_cast<double>(i) / kN),
                  std::abs(cdf - static_cast<double>(i + 1) / kN)});
  }
  INFO("KS distance " << d);
  CHECK(d < 1.95 / std::sqrt(double{kN}));
  // The tail beyond r = 7.697 (probability e^-7.697 ≈ 4.5e-4) is reached and is exponential.
  const auto beyond = std::count_if(xs.begin(), xs.end(), [](double x) { return x > 7.69711747; });
  CHECK(std::abs(static_cast<double>(beyond) - kN * std::exp(-7.69711747)) <
        5 * std::sqrt(kN * std::exp(-7.69711747)));
  CHECK(xs.back() > 10);
}
