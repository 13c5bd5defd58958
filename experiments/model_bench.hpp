// `retzef bench model`: the care model's speed as a ratio to the kernel's own M/M/1 benchmark,
// measured in one process, round after round. The machines this runs on drift by tens of per cent
// from minute to minute, so an events-per-second figure taken alone says little; the M/M/1 queue
// (one or two pending events, a few dozen instructions an event) is a reference for the machine's
// speed at that moment. Each round runs the M/M/1 queue and then one replication of the scenario
// on one core (the sequential scheduler), back to back, and the ratio of their rates is that
// round's figure; the median over rounds is the benchmark's answer. The first round of a process
// is the first to touch every page its replication uses, and the kernel clears each one as it
// is first touched: on a virtual machine that is a third of a national replication's time
// (docs/kernel.md, "Measuring it"), paid once by a process and not again by the replications
// after it, which reuse those pages (sim/core/huge_page_cache.hpp). It is the machine's cost of
// handing out memory, not the model's speed, so with two rounds or more the medians are taken
// over the rounds after the first, and the first round's ratio is given beside them. Every round
// runs the same replication, so its checksum must be the same each time: a benchmark that is not
// computing the same thing is refused, not reported. M/M/1 measures the core alone, and the care
// model also waits for memory, so each round ends by timing random reads over 64 MB
// (sim/benchmarks/memory_latency.hpp): the memory's speed at that moment, beside the ratio.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "models/scenario.hpp"

namespace retzef::experiments {

struct ModelBenchOptions {
  unsigned rounds = 5;
  std::uint64_t mm1_customers = 10'000'000;          ///< about twice as many events
  std::uint32_t replication = 0;                     ///< which replication every round runs
  std::size_t memory_bytes = std::size_t{64} << 20;  ///< the array each round reads at random
  std::uint64_t memory_reads = 1'000'000;            ///< timed reads a round
};

/// One round: the reference run, then the model's replication.
struct ModelBenchRound {
  std::uint64_t mm1_events = 0;
  double mm1_seconds = 0;
  std::uint64_t events = 0;
  double seconds = 0;
  std::uint64_t checksum = 0;  ///< the model run's event-order fingerprint
  double memory_ns = 0;        ///< a random read's time, after the model run

  double mm1_rate() const { return static_cast<double>(mm1_events) / mm1_seconds; }
  double rate() const { return static_cast<double>(events) / seconds; }
  double ratio() const { return rate() / mm1_rate(); }
};

/// Medians over the rounds after the first (over the one round when there is only one; the
/// middle two's mean for an even count), and the ratio's range over the same rounds.
struct ModelBenchSummary {
  std::size_t counted = 0;  ///< rounds the medians are taken over
  double first_ratio = 0;   ///< the first round's ratio, which includes the first touch
  double ratio = 0;
  double ratio_min = 0;
  double ratio_max = 0;
  double rate = 0;       ///< model events a second
  double mm1_rate = 0;   ///< M/M/1 events a second
  double memory_ns = 0;  ///< a random read's time
};

/// Runs the rounds, calling `each` after every one; throws std::invalid_argument for a bad
/// option and std::logic_error if two rounds of one replication differ.
std::vector<ModelBenchRound> bench_model(const models::Scenario& scenario,
                                         const ModelBenchOptions& options,
                                         const std::function<void(const ModelBenchRound&)>& each);

ModelBenchSummary summarise(const std::vector<ModelBenchRound>& rounds);

}  // namespace retzef::experiments
