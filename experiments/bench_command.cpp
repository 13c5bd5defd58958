#include "experiments/bench_command.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>

#include "experiments/json_line.hpp"
#include "experiments/model_bench.hpp"
#include "experiments/progress_bar.hpp"
#include "experiments/result_file.hpp"
#include "experiments/scenario_source.hpp"
#include "experiments/seed_option.hpp"
#include "sim/benchmarks/memory_latency.hpp"
#include "sim/benchmarks/mm1.hpp"
#include "sim/benchmarks/phold.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/output/hdf5/codec_bench.hpp"

namespace retzef::experiments {
namespace {

struct Mm1Options {
  std::uint64_t customers = 10'000'000;
  double arrival_rate = 0.9;
  double service_rate = 1.0;
  std::uint64_t seed = 1;
  std::uint32_t replication = 0;
};

struct PholdOptions {
  benchmarks::PholdParams params;
  sim::Time end = 100;
  int threads = 1;
  std::string scheduler = "auto";
  std::uint64_t seed = 1;
};

struct ModelOptions {
  std::string scenario = "medical";
  ModelBenchOptions bench;
};

struct MemoryOptions {
  // Within most machines' caches; a catchment replication's arrays (tens of megabytes); the
  // national scenario's (hundreds; README, "Speed").
  std::vector<std::uint64_t> megabytes{4, 64, 512};
  std::uint64_t reads = 10'000'000;
  std::uint64_t seed = 1;
};

struct CodecOptions {
  std::string file;
  std::vector<std::string> cases;
  std::uint32_t replication = 0;
  unsigned repeat = 5;
  std::vector<int> levels{1, 6};
};

void print_line(const JsonLine& line) {
  std::printf("%s\n", line.str().c_str());
  std::fflush(stdout);
}

void run_mm1(const Mm1Options& o, const CliContext& context) {
  if (!(o.arrival_rate < o.service_rate)) {
    throw std::invalid_argument("bench mm1: --arrival-rate must be below --service-rate");
  }
  const benchmarks::Mm1 model({o.arrival_rate, o.service_rate, o.customers});

  sim::RunOptions run;
  run.seed = o.seed;
  run.replication = o.replication;
  spdlog::info("bench mm1: {} customers, rho = {}", o.customers, o.arrival_rate / o.service_rate);
  const auto r = sim::simulate(model, run);
  (void)context;

  const double lambda = o.arrival_rate;
  const double mu = o.service_rate;
  const double theory_wait = lambda / (mu * (mu - lambda));
  const double wait = r.summary.wait.mean();
  print_line(
      JsonLine()
          .add("bench", "mm1")
          .add("scheduler", "sequential")
          .add("customers", r.summary.served)
          .add("events", r.events)
          .add("seconds", r.wall_seconds)
          .add("events_per_second", static_cast<double>(r.events) / r.wall_seconds)
          .add("customers_per_second", static_cast<double>(r.summary.served) / r.wall_seconds)
          .add("threads", 1)
          .add("ranks", 1)
          .add("rho", lambda / mu)
          .add("mean_wait", wait)
          .add("theory_mean_wait", theory_wait)
          .add("relative_error", (wait - theory_wait) / theory_wait)
          .add("mean_in_queue", r.summary.mean_in_queue)
          .add_hex("checksum", r.checksum));
}

sim::Scheduler pick_scheduler(const std::string& name, const CliContext& context) {
  if (name == "sequential") return sim::Scheduler::sequential;
  if (name == "threads") return sim::Scheduler::threads;
  if (name == "distributed") {
    if (context.mpi == nullptr || !context.mpi->active()) {
      throw std::invalid_argument("--scheduler distributed needs the run to be started by mpirun");
    }
    return sim::Scheduler::distributed;
  }
  // auto
  return context.mpi != nullptr && context.mpi->active() ? sim::Scheduler::distributed
                                                         : sim::Scheduler::threads;
}

const char* scheduler_name(sim::Scheduler s) {
  switch (s) {
    case sim::Scheduler::sequential:
      return "sequential";
    case sim::Scheduler::threads:
      return "threads";
    case sim::Scheduler::distributed:
      return "distributed";
  }
  return "?";
}

void run_phold(const PholdOptions& o, const CliContext& context) {
  if (!(o.end > 0)) throw std::invalid_argument("bench phold: --end must be > 0");
  if (o.threads < 1) throw std::invalid_argument("bench phold: --threads must be ≥ 1");
  const benchmarks::Phold model(o.params);
  sim::RunOptions run;
  run.end = o.end;
  run.seed = o.seed;
  run.threads = o.threads;
  run.scheduler = pick_scheduler(o.scheduler, context);
  ProgressBar bar("phold", o.end,
                  context.progress && !context.quiet && ProgressBar::stderr_is_terminal());
  run.progress = [&bar](sim::Time t) { bar.update(t); };
  spdlog::info("bench phold: {} LPs x {} events, remote {}, lookahead {}, end {}, {} scheduler",
               o.params.lps, o.params.population, o.params.remote, o.params.lookahead, o.end,
               scheduler_name(run.scheduler));
  const auto r = sim::simulate(model, run);
  bar.finish();
  if (r.rank != 0) return;
  print_line(JsonLine()
                 .add("bench", "phold")
                 .add("scheduler", scheduler_name(run.scheduler))
                 .add("lps", std::uint64_t{o.params.lps})
                 .add("population", std::uint64_t{o.params.population})
                 .add("remote", o.params.remote)
                 .add("lookahead", o.params.lookahead)
                 .add("end", o.end)
                 .add("events", r.events)
                 .add("seconds", r.wall_seconds)
                 .add("events_per_second", static_cast<double>(r.events) / r.wall_seconds)
                 .add("threads", r.threads)
                 .add("ranks", r.ranks)
                 .add("windows", r.windows)
                 .add("remote_sent", r.summary.remote_sent)
                 .add_hex("checksum", r.checksum));
}

void run_model(const ModelOptions& o) {
  const models::Scenario scenario = load_scenario_source(o.scenario);
  spdlog::info("bench model: {} rounds of M/M/1 ({} customers) and {} replication {} on one core",
               o.bench.rounds, o.bench.mm1_customers, scenario.name, o.bench.replication);
  unsigned k = 0;
  const auto rounds = bench_model(scenario, o.bench, [&](const ModelBenchRound& r) {
    print_line(JsonLine()
                   .add("bench", "model")
                   .add("scenario", scenario.name)
                   .add("round", static_cast<std::uint64_t>(++k))
                   .add("events", r.events)
                   .add("seconds", r.seconds)
                   .add("events_per_second", r.rate())
                   .add("mm1_events", r.mm1_events)
                   .add("mm1_seconds", r.mm1_seconds)
                   .add("mm1_events_per_second", r.mm1_rate())
                   .add("ratio", r.ratio())
                   .add("memory_ns", r.memory_ns));
  });
  const ModelBenchSummary s = summarise(rounds);
  print_line(JsonLine()
                 .add("bench", "model")
                 .add("scenario", scenario.name)
                 .add("rounds", static_cast<std::uint64_t>(rounds.size()))
                 .add("rounds_in_medians", static_cast<std::uint64_t>(s.counted))
                 .add("replication", static_cast<std::uint64_t>(o.bench.replication))
                 .add("events", rounds.front().events)
                 .add("events_per_second", s.rate)
                 .add("mm1_events_per_second", s.mm1_rate)
                 .add("ratio", s.ratio)
                 .add("ratio_min", s.ratio_min)
                 .add("ratio_max", s.ratio_max)
                 .add("first_round_ratio", s.first_ratio)
                 .add("memory_megabytes", static_cast<std::uint64_t>(o.bench.memory_bytes >> 20))
                 .add("memory_ns", s.memory_ns)
                 .add_hex("checksum", rounds.front().checksum));
}

void run_codec(const CodecOptions& o) {
  if (o.repeat < 1) throw std::invalid_argument("bench codec: --repeat must be at least 1");
  const auto chunks =
      sim::h5::load_shuffled_chunks(o.file, replication_groups(o.file, o.cases, o.replication));
  spdlog::info("bench codec: {} tables, {} rows, {} chunks, {:.1f} MB shuffled", chunks.tables,
               chunks.rows, chunks.planes.size(), static_cast<double>(chunks.bytes()) / 1e6);
  const auto figures = sim::h5::measure_codecs(chunks, o.levels, o.repeat);
  const double plane_seconds = figures.front().seconds;
  for (const auto& f : figures) {
    const double mb = static_cast<double>(f.bytes_in) * o.repeat / 1e6;
    print_line(JsonLine()
                   .add("bench", "codec")
                   .add("file", o.file)
                   .add("encoder", f.encoder)
                   .add("level", f.level)
                   .add("chunks", static_cast<std::uint64_t>(chunks.planes.size()))
                   .add("bytes_in", f.bytes_in)
                   .add("bytes_out", f.bytes_out)
                   .add("ratio", static_cast<double>(f.bytes_in) / static_cast<double>(f.bytes_out))
                   .add("repeat", static_cast<std::uint64_t>(o.repeat))
                   .add("seconds", f.seconds)
                   .add("mb_per_second", mb / f.seconds)
                   .add("time_vs_plane", f.seconds / plane_seconds));
  }
}

void run_memory(const MemoryOptions& o) {
  for (const std::uint64_t mb : o.megabytes) {
    for (const auto pages : {benchmarks::PageSize::huge, benchmarks::PageSize::normal}) {
      const char* name = pages == benchmarks::PageSize::huge ? "2MiB" : "4KiB";
      spdlog::info("bench memory: {} MB on {} pages, {} dependent reads", mb, name, o.reads);
      const auto m = benchmarks::measure_memory_latency(mb << 20, pages, o.reads, o.seed);
      print_line(JsonLine()
                     .add("bench", "memory")
                     .add("megabytes", mb)
                     .add("pages", name)
                     .add("huge_page_share",
                          static_cast<double>(m.huge_bytes) / static_cast<double>(m.mapped_bytes))
                     .add("reads", m.reads)
                     .add("seconds", m.seconds)
                     .add("ns_per_read", m.ns_per_read())
                     .add("end", static_cast<std::uint64_t>(m.end)));
    }
  }
}

}  // namespace

void add_bench_command(CLI::App& app, const CliContext& context, std::function<void()>& action) {
  auto* bench = app.add_subcommand("bench", "Kernel and output benchmarks; each prints JSON lines");
  bench->require_subcommand(1);

  auto mm1 = std::make_shared<Mm1Options>();
  auto* m = bench->add_subcommand("mm1", "M/M/1 queue on one LP (sequential scheduler)");
  m->add_option("--customers", mm1->customers, "customers to serve")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4'000'000'000}));
  m->add_option("--arrival-rate", mm1->arrival_rate, "arrivals per time unit")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  m->add_option("--service-rate", mm1->service_rate, "services per time unit")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  m->add_option("--seed", mm1->seed, "experiment seed")
      ->capture_default_str()
      ->check(seed_in_range(std::numeric_limits<std::uint64_t>::max()));
  m->add_option("--replication", mm1->replication, "replication index")->capture_default_str();
  m->callback([mm1, &context, &action] { action = [mm1, &context] { run_mm1(*mm1, context); }; });

  auto ph = std::make_shared<PholdOptions>();
  auto* p = bench->add_subcommand("phold", "PHOLD on N LPs; under mpirun it runs distributed");
  p->add_option("--lps", ph->params.lps, "logical processes")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1u << 24));
  p->add_option("--population", ph->params.population, "initial events per LP")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1u << 16));
  p->add_option("--remote", ph->params.remote, "probability an event goes to another LP")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  p->add_option("--lookahead", ph->params.lookahead, "minimum delay of a message between LPs")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  p->add_option("--mean", ph->params.mean, "mean of the exponential part of each delay")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  p->add_option("--work", ph->params.work, "extra arithmetic per event")->capture_default_str();
  p->add_option("--end", ph->end, "simulated end time")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  p->add_option("--threads", ph->threads, "worker threads (per rank)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  p->add_option("--scheduler", ph->scheduler, "sequential, threads, distributed or auto")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "sequential", "threads", "distributed"}));
  p->add_option("--seed", ph->seed, "experiment seed")
      ->capture_default_str()
      ->check(seed_in_range(std::numeric_limits<std::uint64_t>::max()));
  p->callback([ph, &context, &action] { action = [ph, &context] { run_phold(*ph, context); }; });

  auto mo = std::make_shared<ModelOptions>();
  auto* md = bench->add_subcommand(
      "model",
      "The care model's events a second as a ratio to M/M/1's, round after round on one core");
  md->add_option("scenario", mo->scenario, "a scenario file or built-in scenario name")
      ->capture_default_str();
  md->add_option("--rounds", mo->bench.rounds,
                 "rounds of M/M/1 then the scenario; with two or more, the medians are over those "
                 "after the first")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1000u));
  md->add_option("--customers", mo->bench.mm1_customers, "M/M/1 customers a round")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4'000'000'000}));
  md->add_option("--replication", mo->bench.replication, "the replication every round runs")
      ->capture_default_str();
  md->callback([mo, &action] { action = [mo] { run_model(*mo); }; });

  auto me = std::make_shared<MemoryOptions>();
  auto* mem = bench->add_subcommand(
      "memory",
      "Nanoseconds a read from a random place in memory, each read waiting for the one before, "
      "on 2 MiB and 4 KiB pages: the memory beside bench mm1's core");
  mem->add_option("--megabytes", me->megabytes, "sizes of the array read (comma-separated)")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{16384}));
  mem->add_option("--reads", me->reads, "dependent reads timed for each size and page size")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000'000}));
  mem->add_option("--seed", me->seed, "seed of the order the places are read in")
      ->capture_default_str()
      ->check(seed_in_range(std::numeric_limits<std::uint64_t>::max()));
  mem->callback([me, &action] { action = [me] { run_memory(*me); }; });

  auto co = std::make_shared<CodecOptions>();
  auto* c = bench->add_subcommand(
      "codec", "The chunk encoders on the tables of a file retzef wrote (one replication a case)");
  c->add_option("file", co->file, "an output file of retzef batch or run -o")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--case", co->cases, "a case to read (repeatable; default: every case)");
  c->add_option("--replication", co->replication, "which replication of each case")
      ->capture_default_str();
  c->add_option("--repeat", co->repeat, "timed passes over the chunks")->capture_default_str();
  c->add_option("--levels", co->levels, "libdeflate levels to compare (1-12)")
      ->capture_default_str()
      ->check(CLI::Range(1, 12));
  c->callback([co, &action] { action = [co] { run_codec(*co); }; });
}

}  // namespace retzef::experiments
