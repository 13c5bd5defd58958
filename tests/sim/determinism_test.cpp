// Determinism is a feature: the same inputs give bit-identical results for every scheduler
// and thread count, and changing the seed or replication changes them.
#include <catch2/catch.hpp>
#include <cstring>

#include "sim/benchmarks/phold.hpp"
#include "sim/benchmarks/queue_network.hpp"
#include "sim/engine/replications.hpp"

using namespace retzef;

namespace {

sim::RunResult<benchmarks::Phold::Summary> phold(sim::Scheduler scheduler, int threads,
                                                 std::uint64_t seed = 1,
                                                 std::uint32_t replication = 0) {
  benchmarks::PholdParams p;
  p.lps = 97;  // not a multiple of the thread count
  p.population = 4;
  p.remote = 0.25;
  p.lookahead = 0.5;
  sim::RunOptions o;
  o.end = 100;
  o.scheduler = scheduler;
  o.threads = threads;
  o.seed = seed;
  o.replication = replication;
  return sim::simulate(benchmarks::Phold(p), o);
}

template <class T>
bool same_bytes(const T& a, const T& b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

}  // namespace

TEST_CASE("PHOLD: identical checksum for the sequential scheduler and 1, 2, 4 threads",
          "[determinism][threads]") {
  const auto ref = phold(sim::Scheduler::sequential, 1);
  REQUIRE(ref.events > 20'000);  // 97 LPs × 4 events × 100 / 1.5 mean delay ≈ 26,000
  REQUIRE(ref.summary.remote_sent > 5'000);
  for (int threads : {1, 2, 4}) {
    const auto r = phold(sim::Scheduler::threads, threads);
    INFO("threads " << threads);
    CHECK(r.checksum == ref.checksum);
    CHECK(r.events == ref.events);
    CHECK(r.summary.remote_sent == ref.summary.remote_sent);
    CHECK(r.windows > 100);
  }
}

TEST_CASE("PHOLD: another seed or replication gives another run", "[determinism]") {
  const auto ref = phold(sim::Scheduler::sequential, 1);
  CHECK(phold(sim::Scheduler::sequential, 1, 2).checksum != ref.checksum);
  CHECK(phold(sim::Scheduler::sequential, 1, 1, 1).checksum != ref.checksum);
  CHECK(phold(sim::Scheduler::sequential, 1).checksum == ref.checksum);
}

TEST_CASE("M/M/1 replications: identical results for 1, 2 and 4 threads",
          "[determinism][threads]") {
  benchmarks::QueueNetworkParams p;
  p.arrival_rate = 0.9;
  p.customers = 20'000;
  const benchmarks::QueueNetwork model(p);
  const auto ref = sim::run_replications(model, sim::RunOptions{}, 0, 8, 1);
  for (std::size_t i = 1; i < ref.size(); ++i)
    CHECK(ref[i].checksum != ref[0].checksum);
  for (int threads : {2, 4}) {
    const auto r = sim::run_replications(model, sim::RunOptions{}, 0, 8, threads);
    REQUIRE(r.size() == ref.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
      INFO("threads " << threads << " replication " << i);
      CHECK(r[i].checksum == ref[i].checksum);
      CHECK(r[i].events == ref[i].events);
      CHECK(same_bytes(r[i].summary, ref[i].summary));
    }
  }
}
