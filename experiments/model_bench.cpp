#include "experiments/model_bench.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/care_model.hpp"
#include "sim/benchmarks/memory_latency.hpp"
#include "sim/benchmarks/mm1.hpp"
#include "sim/engine/simulate.hpp"

namespace retzef::experiments {
namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

std::vector<ModelBenchRound> bench_model(const models::Scenario& scenario,
                                         const ModelBenchOptions& options,
                                         const std::function<void(const ModelBenchRound&)>& each) {
  if (options.rounds < 1) throw std::invalid_argument("bench model: --rounds must be at least 1");
  if (options.mm1_customers < 1) {
    throw std::invalid_argument("bench model: --customers must be at least 1");
  }
  // bench mm1's queue: its default rates (90% load), this many customers.
  benchmarks::Mm1Params queue;
  queue.customers = options.mm1_customers;
  const benchmarks::Mm1 reference(queue);
  const models::CareModel model(scenario);

  sim::RunOptions run;
  run.end = model.scenario().horizon_days;
  run.seed = model.scenario().seed;
  run.replication = options.replication;
  run.scheduler = sim::Scheduler::sequential;  // one core, every region in one queue

  std::vector<ModelBenchRound> rounds;
  for (unsigned k = 0; k < options.rounds; ++k) {
    ModelBenchRound round;
    const auto mm1 = sim::simulate(reference, sim::RunOptions{});
    round.mm1_events = mm1.events;
    round.mm1_seconds = mm1.wall_seconds;
    const auto r = sim::simulate(model, run);
    round.events = r.events;
    round.seconds = r.wall_seconds;
    round.checksum = r.checksum;
    round.memory_ns = benchmarks::measure_memory_latency(
                          options.memory_bytes, benchmarks::PageSize::huge, options.memory_reads, 1)
                          .ns_per_read();
    if (!rounds.empty() &&
        (round.checksum != rounds.front().checksum || round.events != rounds.front().events)) {
      throw std::logic_error("bench model: round " + std::to_string(k + 1) + " of " +
                             scenario.name + " handled other events than round 1");
    }
    rounds.push_back(round);
    if (each) each(round);
  }
  return rounds;
}

ModelBenchSummary summarise(const std::vector<ModelBenchRound>& rounds) {
  if (rounds.empty()) throw std::invalid_argument("bench model: no rounds to summarise");
  std::vector<double> ratios;
  std::vector<double> rates;
  std::vector<double> mm1_rates;
  std::vector<double> memory;
  // The first round pays for the process's first touch of its memory (model_bench.hpp).
  const std::size_t first_counted = rounds.size() > 1 ? 1 : 0;
  for (std::size_t k = first_counted; k < rounds.size(); ++k) {
    const ModelBenchRound& r = rounds[k];
    ratios.push_back(r.ratio());
    rates.push_back(r.rate());
    mm1_rates.push_back(r.mm1_rate());
    memory.push_back(r.memory_ns);
  }
  ModelBenchSummary s;
  s.counted = ratios.size();
  s.first_ratio = rounds.front().ratio();
  s.ratio = median(ratios);
  s.ratio_min = *std::min_element(ratios.begin(), ratios.end());
  s.ratio_max = *std::max_element(ratios.begin(), ratios.end());
  s.rate = median(rates);
  s.mm1_rate = median(mm1_rates);
  s.memory_ns = median(memory);
  return s;
}

}  // namespace retzef::experiments
