// The kernel against queueing theory: the queue-network benchmark model must reproduce the
// closed-form results of M/M/1, M/M/c (Erlang C), M/M/c/c (Erlang B) and a Jackson tandem,
// each inside the 95% confidence interval of independent replications, and Little's law on
// a single run.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "sim/benchmarks/mm1.hpp"
#include "sim/benchmarks/queue_network.hpp"
#include "sim/engine/replications.hpp"
#include "sim/stats/confidence.hpp"
#include "tests/support/queueing_theory.hpp"

using namespace retzef;
using benchmarks::QueueNetwork;
using benchmarks::QueueNetworkParams;
using benchmarks::StationSpec;
using testing::check_covers;
using testing::erlang_b;
using testing::erlang_c;

namespace {

constexpr std::uint32_t kReplications = 30;

/// The per-replication values of one statistic, and their 95% interval.
sim::ConfidenceInterval interval(const QueueNetwork& model,
                                 const std::function<double(const QueueNetwork::Summary&)>& f) {
  const auto results = sim::run_replications(model, sim::RunOptions{}, 0, kReplications, 2);
  std::vector<double> values;
  for (const auto& r : results)
    values.push_back(f(r.summary));
  return sim::confidence_interval(values);
}

}  // namespace

TEST_CASE("M/M/1: mean wait and time-average queue length match theory", "[queueing]") {
  QueueNetworkParams p;
  p.arrival_rate = 0.8;
  p.stations = {StationSpec{1.0, 1, 0}};
  p.customers = 60'000;
  p.warmup = 2'000;
  const QueueNetwork model(p);
  const double rho = 0.8;
  check_covers(interval(model, [](const auto& s) { return s.stations[0].wait.mean(); }),
               rho / (1.0 - rho));  // Wq = rho / (mu - lambda) = 4
  check_covers(interval(model, [](const auto& s) { return s.stations[0].mean_in_queue; }),
               rho * rho / (1 - rho));  // Lq = 3.2
}

TEST_CASE("M/M/c: mean wait matches Erlang C", "[queueing]") {
  const unsigned c = 3;
  const double lambda = 2.4, mu = 1.0;
  QueueNetworkParams p;
  p.arrival_rate = lambda;
  p.stations = {StationSpec{mu, c, 0}};
  p.customers = 120'000;
  p.warmup = 1'000;
  const QueueNetwork model(p);
  const double wq = erlang_c(c, lambda / mu) / (c * mu - lambda);
  check_covers(interval(model, [](const auto& s) { return s.stations[0].wait.mean(); }), wq);
}

TEST_CASE("M/M/c/c: loss probability matches Erlang B", "[queueing]") {
  const unsigned c = 5;
  const double lambda = 3.0, mu = 1.0;
  QueueNetworkParams p;
  p.arrival_rate = lambda;
  p.stations = {StationSpec{mu, c, c}};
  p.customers = 100'000;
  p.warmup = 100;
  const QueueNetwork model(p);
  check_covers(interval(model,
                        [](const auto& s) {
                          return static_cast<double>(s.stations[0].lost) /
                                 static_cast<double>(s.stations[0].arrivals);
                        }),
               erlang_b(c, lambda / mu));
  // Nobody waits in a loss system.
  const auto r = sim::simulate(model, sim::RunOptions{});
  CHECK(r.summary.stations[0].wait.max() == 0.0);
}

TEST_CASE("Jackson tandem: mean sojourn is the sum of two M/M/1 sojourns", "[queueing]") {
  const double lambda = 0.5, mu1 = 1.0, mu2 = 0.8;
  QueueNetworkParams p;
  p.arrival_rate = lambda;
  p.stations = {StationSpec{mu1, 1, 0}, StationSpec{mu2, 1, 0}};
  p.customers = 50'000;
  p.warmup = 1'000;
  const QueueNetwork model(p);
  check_covers(interval(model, [](const auto& s) { return s.sojourn.mean(); }),
               1 / (mu1 - lambda) + 1 / (mu2 - lambda));
  check_covers(interval(model, [](const auto& s) { return s.stations[1].sojourn.mean(); }),
               1 / (mu2 - lambda));
}

TEST_CASE("Little's law holds on a run that starts and ends empty", "[queueing]") {
  QueueNetworkParams p;
  p.arrival_rate = 0.7;
  p.stations = {StationSpec{0.5, 2, 0}, StationSpec{1.0, 1, 0}};
  p.customers = 20'000;
  const QueueNetwork model(p);
  const auto r = sim::simulate(model, sim::RunOptions{});
  const auto& s = r.summary;
  REQUIRE(s.departures == p.customers);
  // With no warm-up and a run that drains, L = lambda * W is an identity of the sample path:
  // the area under the number-in-system curve is the sum of the sojourn times.
  const double lambda_hat = static_cast<double>(s.departures) / s.observed_time;
  CHECK(s.mean_in_network == Approx(lambda_hat * s.sojourn.mean()).epsilon(1e-9));
  // And per station.
  for (int i = 0; i < 2; ++i) {
    CHECK(s.stations[i].mean_in_system ==
          Approx(lambda_hat * s.stations[i].sojourn.mean()).epsilon(1e-9));
  }
}

TEST_CASE("the lean M/M/1 bench model matches theory and the general network event for event",
          "[queueing]") {
  const double lambda = 0.9;
  const benchmarks::Mm1 lean({lambda, 1.0, 200'000});
  QueueNetworkParams p;
  p.arrival_rate = lambda;
  p.stations = {StationSpec{1.0, 1, 0}};
  p.customers = 200'000;
  const QueueNetwork general(p);
  const auto a = sim::simulate(lean, sim::RunOptions{});
  const auto b = sim::simulate(general, sim::RunOptions{});
  // Same random draws in the same order: the same events, and the same waits.
  CHECK(a.checksum == b.checksum);
  CHECK(a.events == b.events);
  CHECK(a.summary.served == b.summary.departures);
  CHECK(a.summary.wait.mean() == Approx(b.summary.stations[0].wait.mean()).epsilon(1e-12));
  CHECK(a.summary.mean_in_queue == Approx(b.summary.stations[0].mean_in_queue).epsilon(1e-12));
  // And theory, over replications: Wq = rho / (mu - lambda) = 9.
  const auto results = sim::run_replications(lean, sim::RunOptions{}, 0, kReplications, 2);
  std::vector<double> waits;
  for (const auto& r : results)
    waits.push_back(r.summary.wait.mean());
  const auto ci = sim::confidence_interval(waits);
  INFO("estimate " << ci.mean << " ± " << ci.half_width);
  CHECK(ci.lower <= 9.0);
  CHECK(9.0 <= ci.upper);
}
