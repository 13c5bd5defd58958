// The care model's machinery against queueing theory. Under policy "pathway" people have no
// illness course: they arrive as Poisson streams, stay an exponential time and move on by fixed
// probabilities, so the care model is a queueing network and its waiting lists, loss, routing
// and blocking after service must reproduce the closed forms of M/M/c (Erlang C), M/M/c/c
// (Erlang B), a Jackson tandem, and the exact stationary distribution of a two-station tandem
// with blocking — each inside the 95% confidence interval of independent replications, with a
// check that the interval is narrow enough to mean something. These are the tests that tell a
// bookkeeping slip in the model (a place not freed, a blocked person counted as lost, a wait
// measured from the wrong moment) from the noise of the simulation.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "models/care_model.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"
#include "sim/stats/confidence.hpp"
#include "tests/support/queueing_theory.hpp"

using namespace retzef;
using models::RunTotals;

namespace {

constexpr std::uint32_t kReplications = 40;

struct Station {
  std::string name;
  std::string kind;  // decides the default restrictiveness, nothing else under "pathway"
  double mean_stay = 1;
  std::uint32_t capacity = 1;
  long queue_limit = -1;  // < 0: unlimited
};

struct Network {
  std::vector<Station> stations;
  double arrivals_per_day = 1;  // all to the first station
  // route from station i to station i + 1 with this probability (the rest leave)
  std::vector<double> onward;
  bool block_after_service = true;
  // The first station's length of stay as the scenario file writes it; empty: exponential with
  // its mean_stay, as every other station's.
  std::string first_stay;
  double horizon_days = 10000;
  double warmup_days = 200;
  // Each test its own seed: with one seed, every test would see the same arrival draws and
  // their errors would lean the same way.
  std::uint64_t seed = 1;
};

/// The scenario file of a pathway network, as a user would write it.
std::string pathway_toml(const Network& n) {
  std::ostringstream t;
  t.precision(17);
  t << "[scenario]\nname = \"queueing\"\nhorizon_days = " << n.horizon_days
    << "\nwarmup_days = " << n.warmup_days << "\nseed = " << n.seed << "\n";
  for (const auto& s : n.stations) {
    t << "\n[[levels]]\nname = \"" << s.name << "\"\nkind = \"" << s.kind << "\"\n"
      << "length_of_stay = ";
    if (&s == &n.stations.front() && !n.first_stay.empty()) {
      t << n.first_stay << "\n";
    } else {
      t << "{ distribution = \"exponential\", mean = " << s.mean_stay << " }\n";
    }
    if (s.queue_limit >= 0) t << "queue_limit = " << s.queue_limit << "\n";
  }
  t << "\n[[regions]]\nname = \"site\"\npopulation = 1\ncapacity = {";
  for (std::size_t i = 0; i < n.stations.size(); ++i) {
    t << (i ? ", " : " ") << n.stations[i].name << " = " << n.stations[i].capacity;
  }
  t << " }\n\n[policy]\nname = \"pathway\"\n\n[pathway]\nblock_after_service = "
    << (n.block_after_service ? "true" : "false") << "\n\n[[pathway.arrivals]]\nlevel = \""
    << n.stations[0].name << "\"\nper_day = " << n.arrivals_per_day << "\n";
  for (std::size_t i = 0; i < n.onward.size(); ++i) {
    t << "\n[[pathway.routes]]\nfrom = \"" << n.stations[i].name << "\"\nto = { "
      << n.stations[i + 1].name << " = " << n.onward[i] << " }\n";
  }
  return t.str();
}

/// Replications of the network; the totals of each.
std::vector<RunTotals> replicate(const Network& n) {
  const models::Scenario s = models::load_scenario_text(pathway_toml(n), "queueing.toml");
  const models::CareModel model(s);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  std::vector<RunTotals> out;
  for (const auto& r : sim::run_replications(model, o, 0, kReplications, 2))
    out.push_back(r.summary);
  return out;
}

sim::ConfidenceInterval interval(const std::vector<RunTotals>& runs,
                                 const std::function<double(const RunTotals&)>& f) {
  std::vector<double> values;
  for (const auto& r : runs)
    values.push_back(f(r));
  return sim::confidence_interval(values);
}

void check_covers(const char* what, const sim::ConfidenceInterval& ci, double theory) {
  INFO(what);
  testing::check_covers(ci, theory);
}

/// The stationary distribution π of a finite continuous-time Markov chain with generator q
/// (rows sum to zero): πQ = 0 with Σπ = 1, by Gaussian elimination with partial pivoting on
/// Qᵀ with its last equation replaced by the normalisation.
template <std::size_t N>
std::array<double, N> stationary(const std::array<std::array<double, N>, N>& q) {
  std::array<std::array<double, N + 1>, N> m{};
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < N; ++j)
      m[i][j] = q[j][i];
  }
  for (std::size_t j = 0; j < N; ++j)
    m[N - 1][j] = 1;
  m[N - 1][N] = 1;
  for (std::size_t col = 0; col < N; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < N; ++r) {
      if (std::abs(m[r][col]) > std::abs(m[pivot][col])) pivot = r;
    }
    std::swap(m[col], m[pivot]);
    for (std::size_t r = 0; r < N; ++r) {
      if (r == col) continue;
      const double f = m[r][col] / m[col][col];
      for (std::size_t c = col; c <= N; ++c)
        m[r][c] -= f * m[col][c];
    }
  }
  std::array<double, N> pi{};
  for (std::size_t i = 0; i < N; ++i)
    pi[i] = m[i][N] / m[i][i];
  return pi;
}

}  // namespace

TEST_CASE("pathway M/M/c: mean wait and mean number waiting match Erlang C", "[pathway]") {
  const unsigned c = 3;
  const double lambda = 2.4, mean_stay = 1.0;  // ρ = 0.8
  Network n;
  n.stations = {{"clinic", "clinic", mean_stay, c, -1}};
  n.arrivals_per_day = lambda;
  n.horizon_days = 40000;
  n.warmup_days = 200;
  n.seed = 11;
  const auto runs = replicate(n);
  const double wq = testing::erlang_c(c, lambda * mean_stay) / (c / mean_stay - lambda);
  check_covers("mean wait (days, zero waits included)",
               interval(runs, [](const RunTotals& t) { return t.wait[0].mean(); }), wq);
  check_covers(
      "mean number waiting",
      interval(runs, [](const RunTotals& t) { return t.queued_days[0] / t.observed_days; }),
      lambda * wq);  // Little: Lq = λ Wq
  // Nobody is turned away from an unlimited waiting list.
  for (const auto& t : runs)
    CHECK(t.lost[0] == 0);
}

TEST_CASE("pathway M/G/c: every service-time family of the scenario file gives its mean",
          "[pathway]") {
  // Sixty servers for an offered load of 15: nobody waits, so the sojourn is the stay itself
  // and the mean number present is λ·E[S] (Little), whatever the distribution's shape. Each
  // family as a user writes it, all with mean 3 days.
  const std::vector<std::pair<const char*, const char*>> families{
      {"fixed", R"({ distribution = "fixed", mean = 3 })"},
      {"exponential", R"({ distribution = "exponential", mean = 3 })"},
      {"lognormal", R"({ distribution = "lognormal", mean = 3, sd = 2 })"},
      {"gamma", R"({ distribution = "gamma", mean = 3, sd = 1.5 })"},
      // Weibull: scale·Γ(1 + 1/shape) = 3 for shape 2 (Γ(1.5) = √π/2).
      {"weibull", R"({ distribution = "weibull", shape = 2, scale = 3.385137501286538 })"},
      {"uniform", R"({ distribution = "uniform", min = 1, max = 5 })"},
      // The piecewise-linear CDF through (1, 0), (3, 0.5), (5, 1): uniform on [1, 5].
      {"empirical",
       R"({ distribution = "empirical", values = [1, 3, 5], cumulative = [0, 0.5, 1] })"},
  };
  const double lambda = 5, mean = 3;
  std::uint64_t seed = 31;
  for (const auto& [family, stay] : families) {
    INFO(family);
    Network n;
    n.stations = {{"clinic", "clinic", mean, 60, -1}};
    n.first_stay = stay;
    n.arrivals_per_day = lambda;
    n.horizon_days = 4000;
    n.warmup_days = 100;
    n.seed = seed++;
    const auto runs = replicate(n);
    // Seven families, two figures each: within four standard errors, not the 95% interval
    // (one of fourteen 95% intervals would miss by chance as often as not).
    const auto near = [](const sim::ConfidenceInterval& ci, double theory) {
      INFO("estimate " << ci.mean << " ± " << ci.half_width << ", theory " << theory);
      REQUIRE(ci.available);
      CHECK(std::abs(ci.mean - theory) <= 4 * ci.half_width / 1.96 + 1e-9);
      CHECK(ci.half_width < 0.02 * theory);
    };
    near(interval(runs, [](const RunTotals& t) { return t.queueing[0].sojourn.mean(); }), mean);
    near(interval(runs, [](const RunTotals& t) { return t.level_days[0] / t.observed_days; }),
         lambda * mean);
    for (const auto& t : runs)
      CHECK(t.queueing[0].waited == 0);
  }
}

TEST_CASE("pathway M/M/c/c: the share turned away matches Erlang B", "[pathway]") {
  const unsigned c = 5;
  const double lambda = 3.0, mean_stay = 1.0;
  Network n;
  n.stations = {{"beds", "inpatient", mean_stay, c, 0}};
  n.arrivals_per_day = lambda;
  n.horizon_days = 30000;
  n.warmup_days = 50;
  n.seed = 12;
  const auto runs = replicate(n);
  check_covers("loss probability",
               interval(runs,
                        [](const RunTotals& t) {
                          return double(t.lost[0]) / double(t.entries[0] + t.lost[0]);
                        }),
               testing::erlang_b(c, lambda * mean_stay));
  // Nobody waits in a loss system.
  for (const auto& t : runs) {
    CHECK(t.wait[0].max() == 0.0);
    CHECK(t.queued_days[0] == 0.0);
  }
}

TEST_CASE("pathway Jackson tandem: mean number at each station is ρ/(1−ρ)", "[pathway]") {
  const double lambda = 0.5, stay_a = 1.0, stay_b = 1.25;  // ρ = 0.5 and 0.625
  Network n;
  n.stations = {{"a", "clinic", stay_a, 1, -1}, {"b", "day_care", stay_b, 1, -1}};
  n.arrivals_per_day = lambda;
  n.onward = {1.0};
  n.horizon_days = 60000;
  n.warmup_days = 300;
  n.seed = 13;
  const auto runs = replicate(n);
  for (std::size_t i = 0; i < 2; ++i) {
    const double rho = lambda * (i == 0 ? stay_a : stay_b);
    INFO("station " << i);
    check_covers("mean number at the station",
                 interval(runs,
                          [i](const RunTotals& t) {
                            return (t.level_days[i] + t.queued_days[i]) / t.observed_days;
                          }),
                 rho / (1 - rho));
  }
  // Everyone who leaves a goes on to b: entries to b trail entries to a only by those in a
  // at the ends of the observation.
  for (const auto& t : runs) {
    CHECK(t.lost[1] == 0);
    CHECK(std::abs(double(t.entries[0]) - double(t.entries[1])) < 30);
  }
}

namespace {

/// The exact stationary distribution of the two-station tandem with blocking after service
/// (one place at each, no waiting lists): states (a, b) with a idle, serving or blocked and b
/// idle or serving; blocked needs b busy.
struct BlockingTandem {
  enum { k00, k10, k01, k11, k21, kStates };
  double lambda = 1.0, mu_a = 2.0, mu_b = 1.0;
  std::array<double, kStates> pi{};

  BlockingTandem(double l, double a, double b) : lambda(l), mu_a(a), mu_b(b) {
    std::array<std::array<double, kStates>, kStates> q{};
    const auto rate = [&](int from, int to, double r) {
      q[from][to] += r;
      q[from][from] -= r;
    };
    rate(k00, k10, lambda);
    rate(k01, k11, lambda);
    rate(k10, k01, mu_a);  // done at a, b free: on to b
    rate(k11, k21, mu_a);  // done at a, b busy: blocked in a
    rate(k01, k00, mu_b);
    rate(k11, k10, mu_b);
    rate(k21, k01, mu_b);  // b frees: the blocked move on, a empties
    pi = stationary(q);
  }
  double loss_a() const { return pi[k10] + pi[k11] + pi[k21]; }  // PASTA
  double in_a() const { return pi[k10] + pi[k11] + pi[k21]; }
  double blocked_a() const { return pi[k21]; }
  double entering_a() const { return lambda * (1 - loss_a()); }  // per day
  double in_b() const { return pi[k01] + pi[k11] + pi[k21]; }
};

}  // namespace

TEST_CASE("pathway tandem with blocking after service matches its Markov chain", "[pathway]") {
  // a: one place, nobody waits for it (arrivals lost when it is busy or blocked); b: one
  // place, no waiting list. Someone done at a while b is busy stays in a, blocked, until b
  // frees. a is a ward and b a less restrictive level, so the blocked are stepping down.
  const double lambda = 1.0, mu_a = 2.0, mu_b = 1.0;
  Network n;
  n.stations = {{"ward", "inpatient", 1 / mu_a, 1, 0},
                {"hostel", "balancing_house", 1 / mu_b, 1, 0}};
  n.arrivals_per_day = lambda;
  n.onward = {1.0};
  n.block_after_service = true;
  n.horizon_days = 40000;
  n.warmup_days = 100;
  n.seed = 14;

  const BlockingTandem chain(lambda, mu_a, mu_b);
  const auto& pi = chain.pi;
  const double loss_a = chain.loss_a();  // arrivals see time averages (PASTA)
  const double blocked_a = chain.blocked_a();
  double total = 0;
  for (const double p : pi) {
    REQUIRE(p > 0);
    total += p;
  }
  REQUIRE(total == Approx(1.0).epsilon(1e-12));

  const auto runs = replicate(n);
  check_covers("loss probability at a",
               interval(runs,
                        [](const RunTotals& t) {
                          return double(t.lost[0]) / double(t.entries[0] + t.lost[0]);
                        }),
               loss_a);
  check_covers(
      "mean number blocked in a",
      interval(runs, [](const RunTotals& t) { return t.blocked_days[0] / t.observed_days; }),
      blocked_a);
  check_covers(
      "mean number waiting in place for b",
      interval(runs, [](const RunTotals& t) { return t.in_place_days[1] / t.observed_days; }),
      blocked_a);
  check_covers("mean number at b",
               interval(runs, [](const RunTotals& t) { return t.level_days[1] / t.observed_days; }),
               chain.in_b());
  // The blocked wait in a; nobody done at a is ever turned away from b.
  for (const auto& t : runs)
    CHECK(t.lost[1] == 0);
}

namespace {

Network blocking_tandem(const BlockingTandem& chain, const char* kind_a, const char* kind_b,
                        std::uint64_t seed) {
  Network n;
  n.stations = {{"a", kind_a, 1 / chain.mu_a, 1, 0}, {"b", kind_b, 1 / chain.mu_b, 1, 0}};
  n.arrivals_per_day = chain.lambda;
  n.onward = {1.0};
  n.block_after_service = true;
  n.horizon_days = 40000;
  n.warmup_days = 100;
  n.seed = seed;
  return n;
}

/// The value of the named indicator of a run of `s`.
double indicator(const models::Scenario& s, const RunTotals& t, const std::string& name) {
  const auto catalogue = models::indicator_catalogue(s);
  const auto values = models::indicators(t, s, catalogue);
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    if (catalogue[i].name == name) return values[i];
  }
  FAIL("no indicator " << name);
  return 0;
}

sim::ConfidenceInterval indicator_interval(const Network& n, const std::vector<RunTotals>& runs,
                                           const std::string& name) {
  const models::Scenario s = models::load_scenario_text(pathway_toml(n), "queueing.toml");
  return interval(runs, [&](const RunTotals& t) { return indicator(s, t, name); });
}

/// P(W > x) for an accepted arrival to M/M/c/K (c places, room for K in all, service rate mu
/// at each place). An arrival that finds n < c present enters at once; one that finds
/// c ≤ n < K waits for n − c + 1 departures, each at rate cμ while all places are busy, so
/// its wait is Erlang(n − c + 1, cμ): the wait is a mixture of Erlangs weighted by what
/// accepted arrivals see, p_n / (1 − p_K) (PASTA).
struct MMcK {
  unsigned c = 1, k = 1;
  double lambda = 1, mu = 1;
  std::vector<double> p;  // stationary number present, 0..K

  MMcK(unsigned c_, unsigned k_, double lambda_, double mu_)
      : c(c_), k(k_), lambda(lambda_), mu(mu_) {
    p.assign(k + 1, 0);
    p[0] = 1;
    for (unsigned n = 1; n <= k; ++n)
      p[n] = p[n - 1] * lambda / (mu * std::min(n, c));
    double total = 0;
    for (const double x : p)
      total += x;
    for (double& x : p)
      x /= total;
  }
  double loss() const { return p[k]; }
  double waits() const {  // the probability that an accepted arrival waits
    double w = 0;
    for (unsigned n = c; n < k; ++n)
      w += p[n];
    return w / (1 - p[k]);
  }
  double survival(double x) const {
    const double r = c * mu * x;
    double s = 0;
    for (unsigned n = c; n < k; ++n) {
      double term = std::exp(-r), tail = 0;  // Σ_{j=0}^{n-c} e^{-r} r^j / j!
      for (unsigned j = 0; j <= n - c; ++j) {
        tail += term;
        term *= r / (j + 1);
      }
      s += p[n] / (1 - p[k]) * tail;
    }
    return s;
  }
  /// The q-quantile of the wait (q above the share that does not wait), by bisection.
  double quantile(double q) const {
    double lo = 0, hi = 1;
    while (survival(hi) > 1 - q)
      hi *= 2;
    for (int i = 0; i < 200; ++i) {
      const double mid = (lo + hi) / 2;
      (survival(mid) > 1 - q ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
  }
};

}  // namespace

TEST_CASE("pathway figures: tandem with blocking after service, per level, match the chain",
          "[pathway]") {
  const BlockingTandem chain(1.0, 2.0, 1.0);
  const Network n = blocking_tandem(chain, "inpatient", "balancing_house", 15);
  const auto runs = replicate(n);
  check_covers("loss probability at a", indicator_interval(n, runs, "loss_probability_a"),
               chain.loss_a());
  check_covers("mean number blocked in a", indicator_interval(n, runs, "blocked_a"),
               chain.blocked_a());
  // Little's law on the blocked and on everyone in a: per entry, the time-average over the
  // rate of entering.
  check_covers("days blocked per entry to a", indicator_interval(n, runs, "blocked_per_entry_a"),
               chain.blocked_a() / chain.entering_a());
  check_covers("mean sojourn at a, blocked time included", indicator_interval(n, runs, "sojourn_a"),
               chain.in_a() / chain.entering_a());
  // Blocked at a means b busy: b's remaining stay is exponential, so a blocked stay is blocked
  // 1/μ_b on average.
  check_covers("days blocked per blocked stay at a",
               indicator_interval(n, runs, "blocked_per_blocked_a"), 1 / chain.mu_b);
  check_covers("sojourn at b", indicator_interval(n, runs, "sojourn_b"), 1 / chain.mu_b);
  // Arrivals per year: plain counts, no population (the scenario's is 1).
  check_covers("arrivals to a per year", indicator_interval(n, runs, "arrivals_a_per_year"),
               365 * chain.lambda);
  check_covers("completed stays at b per year", indicator_interval(n, runs, "completed_b_per_year"),
               365 * chain.entering_a());
  for (const auto& t : runs) {
    // The blocked wait for b: nobody is lost there, and every request enters but those still
    // blocked at either end of the observation.
    CHECK(t.lost[1] == 0);
    CHECK(std::abs(double(t.queueing[1].arrivals) - double(t.entries[1])) <= 2);
    CHECK(t.queueing[0].arrivals == t.entries[0] + t.lost[0]);
  }
}

TEST_CASE("pathway figures: M/M/c/K loss and wait quantiles match the exact formulas",
          "[pathway]") {
  const unsigned c = 2, k = 6;
  const double lambda = 1.9, mean_stay = 1.0;
  Network n;
  n.stations = {{"clinic", "clinic", mean_stay, c, long(k - c)}};
  n.arrivals_per_day = lambda;
  n.horizon_days = 40000;
  n.warmup_days = 100;
  n.seed = 16;
  const MMcK theory(c, k, lambda, 1 / mean_stay);
  REQUIRE(theory.waits() > 0.6);  // so that the median wait is not 0
  const auto runs = replicate(n);
  check_covers("loss probability", indicator_interval(n, runs, "loss_probability_clinic"),
               theory.loss());
  check_covers("probability of waiting", indicator_interval(n, runs, "waited_share_clinic"),
               theory.waits());
  // A quantile from the histogram is off by at most one bin (7.5%), more than the replications'
  // noise: the interval is widened by that much on each side.
  for (const auto& [name, q] :
       {std::pair{"wait_p50_clinic", 0.5}, std::pair{"wait_p90_clinic", 0.9},
        std::pair{"wait_p95_clinic", 0.95}}) {
    INFO(name);
    const auto ci = indicator_interval(n, runs, name);
    const double exact = theory.quantile(q);
    const double bin = std::pow(10.0, 1.0 / 32) - 1;
    INFO("estimate " << ci.mean << " ± " << ci.half_width << ", exact " << exact);
    CHECK(ci.lower / (1 + bin) <= exact);
    CHECK(exact <= ci.upper * (1 + bin));
    CHECK(ci.half_width < 0.05 * exact);
  }
}

TEST_CASE("pathway figures: blocking is reported in a network of rising restrictiveness",
          "[pathway]") {
  // The tandem above with a a clinic and b a ward: the blocked wait to step up, which the
  // step-down blocking (blocked_days_*) does not count, and the blocking of any kind does.
  const BlockingTandem chain(1.0, 2.0, 1.0);
  const Network n = blocking_tandem(chain, "clinic", "inpatient", 17);
  const auto runs = replicate(n);
  for (const auto& t : runs)
    CHECK(t.blocked_days[0] == 0.0);
  check_covers("mean number blocked in a", indicator_interval(n, runs, "blocked_a"),
               chain.blocked_a());
  check_covers("days blocked per entry to a", indicator_interval(n, runs, "blocked_per_entry_a"),
               chain.blocked_a() / chain.entering_a());
}

TEST_CASE("pathway figures: merging totals in any order gives the same counts", "[pathway]") {
  const BlockingTandem chain(1.0, 2.0, 1.0);
  Network n = blocking_tandem(chain, "clinic", "inpatient", 18);
  n.horizon_days = 2000;
  const auto runs = replicate(n);
  REQUIRE(runs.size() >= 4);
  std::array<std::size_t, 4> order{0, 1, 2, 3};
  std::vector<models::LevelQueueing> first;
  do {
    models::LevelQueueing merged;
    for (const std::size_t r : order)
      merged.merge(runs[r].queueing[0]);
    // The counts and the histogram are integers: the same bytes whatever the order.
    if (first.empty()) {
      first.push_back(merged);
      continue;
    }
    const models::LevelQueueing& f = first.front();
    CHECK(merged.arrivals == f.arrivals);
    CHECK(merged.completed == f.completed);
    CHECK(merged.waited == f.waited);
    CHECK(merged.blocked_stays == f.blocked_stays);
    CHECK(std::memcmp(&merged.wait, &f.wait, sizeof merged.wait) == 0);
    CHECK(merged.sojourn.count() == f.sojourn.count());
    // Sums of days agree to rounding; the model merges them in one fixed order (regions in
    // order), which is what makes a run's bytes the same for any thread count.
    CHECK(merged.blocked_days == Approx(f.blocked_days).epsilon(1e-12));
    CHECK(merged.sojourn.mean() == Approx(f.sojourn.mean()).epsilon(1e-12));
  } while (std::next_permutation(order.begin(), order.end()));
  CHECK(first.front().arrivals > 0);
  CHECK(first.front().blocked_stays > 0);
}
