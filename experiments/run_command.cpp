#include "experiments/run_command.hpp"

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include <toml++/toml.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "experiments/batch_command.hpp"
#include "experiments/budget_check.hpp"
#include "experiments/builtin_scenarios.hpp"
#include "experiments/indicator_table.hpp"
#include "experiments/json_line.hpp"
#include "experiments/occupancy_keeper.hpp"
#include "experiments/progress_bar.hpp"
#include "experiments/result_file.hpp"
#include "experiments/scenario_source.hpp"
#include "experiments/seed_option.hpp"
#include "experiments/thread_split.hpp"
#include "experiments/warmup_warning.hpp"
#include "models/care_model.hpp"
#include "models/demand_change.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/mpi_comm.hpp"
#include "sim/engine/rank_partition.hpp"
#include "sim/engine/replications.hpp"
#include "sim/input/closest_name.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/stats/confidence.hpp"

namespace retzef::experiments {
namespace {

struct RunOptions {
  std::vector<std::string> scenarios;
  std::uint32_t replications = 0;  ///< 0: as the scenario says
  std::int64_t seed = -1;          ///< < 0: as the scenario says
  int threads = 0;                 ///< 0: every core
  int region_threads = 0;          ///< 0: as thread_split.hpp chooses
  bool json = false;
  std::string output;  ///< non-empty: write the runs to this HDF5 file, as `retzef batch` does
  bool overwrite = false;
};

/// The designs as an experiment (one case per design, the first design's seed and replications
/// unless given), so that `run -o` writes exactly the file `batch` would.
Experiment as_experiment(std::vector<models::Scenario> scenarios, const RunOptions& o) {
  Experiment ex;
  ex.name = "run";
  ex.file = kRunExperimentFile;
  ex.seed = o.seed >= 0 ? static_cast<std::uint64_t>(o.seed) : scenarios.front().seed;
  ex.replications = o.replications > 0 ? o.replications : scenarios.front().replications;
  ex.text = "# retzef run ";
  for (const auto& what : o.scenarios)
    ex.text += what + " ";
  ex.text += "\n[experiment]\nname = \"run\"\nseed = " + std::to_string(ex.seed) +
             "\nreplications = " + std::to_string(ex.replications) + "\n";
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    Case c;
    c.name = scenarios[i].name;
    for (char& ch : c.name) {
      if (ch == '/' || ch == '@') ch = '_';
    }
    for (const auto& other : ex.cases) {
      if (other.name == c.name) c.name += "_" + std::to_string(i);
    }
    c.design = c.name;
    c.sweep = "{}";
    // Said only where the first design's values replace this one's: a value given on the
    // command line replaces every design's, as asked.
    if ((o.seed < 0 && scenarios[i].seed != ex.seed) ||
        (o.replications == 0 && scenarios[i].replications != ex.replications)) {
      spdlog::info("{}: run with seed {} and {}, as the first design", c.name, ex.seed,
                   sim::input::count_of(ex.replications, "replication"));
    }
    scenarios[i].seed = ex.seed;
    scenarios[i].replications = ex.replications;
    c.scenario = std::move(scenarios[i]);
    ex.text += "\n[designs." + c.name + "]\nscenario = \"" + o.scenarios[i] + "\"\n";
    ex.cases.push_back(std::move(c));
  }
  return ex;
}

/// Whether this run was started by mpirun on more than one rank.
bool distributed(const CliContext& context) {
  return context.mpi != nullptr && context.mpi->active() && sim::Comm::world().size() > 1;
}

/// Says which regions each rank runs, and how even the split is (rank 0 alone).
void log_partition(const models::CareModel& model, int ranks) {
  if (sim::Comm::world().rank() != 0) return;
  const auto owner = sim::model_partition(model, ranks);
  const auto weights = model.lp_weights();
  const auto links = model.lp_links();
  for (int r = 0; r < ranks; ++r) {
    std::string names;
    double people = 0;
    for (std::size_t lp = 0; lp < owner.size(); ++lp) {
      if (owner[lp] != r) continue;
      names += (names.empty() ? "" : ", ") + model.scenario().regions[lp].name;
      people += weights[lp];
    }
    spdlog::info("rank {}: {} ({:.2f} M people)", r, names.empty() ? "no region" : names,
                 people / 1e6);
  }
  spdlog::info(
      "regions across {} ranks: the busiest has {:.3f} of an equal share; {} of {} "
      "referral links cross ranks",
      ranks, sim::partition_imbalance(owner, ranks, weights), sim::partition_cut(owner, links),
      links.size());
}

DesignResult run_design(models::Scenario scenario, const RunOptions& o, const CliContext& context) {
  if (o.replications > 0) scenario.replications = o.replications;
  if (o.seed >= 0) scenario.seed = static_cast<std::uint64_t>(o.seed);
  const int threads = o.threads > 0
                          ? o.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const models::CareModel model(scenario);
  const models::Scenario& s = model.scenario();

  sim::RunOptions run;
  run.end = s.horizon_days;
  run.seed = s.seed;
  // Under mpirun the regions are partitioned across the ranks, and every rank takes part in
  // every replication, one after the other. Otherwise a scenario of several regions runs each
  // replication's regions side by side on the threads fewer replications than threads leave
  // idle, or on those `--region-threads` asks for, fewer at once (thread_split.hpp). Either way
  // every region's events are handled in the sequential scheduler's order, so the results are the
  // same (docs/kernel.md).
  int replication_threads = threads;
  if (distributed(context)) {
    run.scheduler = sim::Scheduler::distributed;
    run.threads = threads;
    replication_threads = 1;
    log_partition(model, sim::Comm::world().size());
  } else if (const ThreadSplit split =
                 split_threads(threads, s.replications, model.lp_count(), o.region_threads);
             split.region_threads > 1) {
    run.scheduler = sim::Scheduler::threads;
    run.threads = split.region_threads;
    replication_threads = split.replications_at_once;
  }
  spdlog::info("{}: {} of {} days ({} warm-up), policy {}, {}", s.name,
               sim::input::count_of(s.replications, "replication"), s.horizon_days, s.warmup_days,
               s.policy.name, sim::input::count_of(static_cast<std::size_t>(threads), "thread"));
  // The warm-up check across the replications reads their daily occupancy, which a run that
  // writes no file keeps as the replications hand it over. Under mpirun each rank is handed only
  // its own regions' rows, and thousands of replications' rows outgrow memory: there the
  // replications' own points are all it has.
  // Where demand changes after the warm-up the check is not made (demand_change_note).
  const double demand_change_day = models::demand_change_day(s);
  std::string not_kept;  // why the daily series are not kept, "" when they are
  if (distributed(context)) {
    not_kept = "under mpirun each rank keeps only its own regions' daily series";
  } else if (const std::uint64_t bytes = kept_occupancy_bytes(s, s.replications);
             bytes > kKeptOccupancyLimit) {
    not_kept = fmt::format(
        "the daily series of {} replications would take up to {:.2f} GiB, more than a run "
        "without a file keeps in memory ({:g} GiB)",
        s.replications, static_cast<double>(bytes) / (1u << 30),
        static_cast<double>(kKeptOccupancyLimit) / (1u << 30));
  }
  const bool keep_occupancy = std::isnan(demand_change_day) && not_kept.empty();
  std::vector<OccupancyKeeper> keepers;
  if (keep_occupancy) {
    keepers.reserve(s.replications);
    for (std::uint32_t r = 0; r < s.replications; ++r)
      keepers.emplace_back(r);
  }
  ProgressBar bar(s.name, s.replications,
                  context.progress && !context.quiet && ProgressBar::stderr_is_terminal());
  const auto started = std::chrono::steady_clock::now();
  const auto results = sim::run_replications(
      model, run, 0, s.replications, replication_threads,
      [&bar](std::uint32_t done) { bar.update(done); },
      [&keepers](std::uint32_t i) -> sim::Sink* {
        return keepers.empty() ? nullptr : &keepers[i];
      });
  bar.finish();

  DesignResult out;
  out.name = s.name;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.catalogue = models::indicator_catalogue(s);
  out.values.assign(out.catalogue.size(), {});
  for (const auto& result : results) {
    const auto values = models::indicators(result.summary, s, out.catalogue);
    for (std::size_t i = 0; i < values.size(); ++i)
      out.values[i].push_back(values[i]);
    out.events += result.events;
  }
  spdlog::info("{}: {} events in {:.2f} s ({:.2f} M events/s)", s.name, out.events, out.seconds,
               static_cast<double>(out.events) / out.seconds / 1e6);
  if (!std::isnan(demand_change_day)) {
    out.warmup = demand_change_verdict(s.name, s.warmup_days, demand_change_day);
  } else if (!keep_occupancy) {
    out.warmup = unjudged_warmup_verdict(out, s.warmup_days, not_kept);
  } else {
    std::vector<std::string> levels, regions;
    for (const auto& l : s.levels)
      levels.push_back(l.name);
    for (const auto& r : s.regions)
      regions.push_back(r.name);
    const OccupancySeries series = merge_occupancy(keepers, std::move(levels), std::move(regions));
    out.warmup = warmup_verdict(out, s.warmup_days, ensemble_warmup(series, out, s.warmup_days));
  }
  if (!distributed(context) || sim::Comm::world().rank() == 0) log_warmup_verdict(out.warmup);
  return out;
}

void run(const RunOptions& o, const CliContext& context) {
  std::vector<models::Scenario> scenarios;
  for (const auto& what : o.scenarios)
    scenarios.push_back(load_scenario_source(what));  // all checked first
  if (!o.output.empty()) {
    BatchSettings settings;
    settings.output = o.output;
    settings.threads = o.threads;
    settings.region_threads = o.region_threads;
    settings.json = o.json;
    settings.overwrite = o.overwrite;
    const Experiment ex = as_experiment(std::move(scenarios), o);
    run_batch(ex, settings, context);
    if (o.json) return;
    std::printf("wrote %s; `retzef inspect %s --indicators` shows the indicators\n",
                o.output.c_str(), o.output.c_str());
    return;
  }
  std::vector<DesignResult> designs;
  for (auto& s : scenarios)
    designs.push_back(run_design(std::move(s), o, context));
  // Every rank holds the same results: one prints them.
  if (distributed(context) && sim::Comm::world().rank() != 0) return;
  log_budget_checks(designs);
  if (o.json) {
    print_json(designs);
  } else {
    print_table(designs);
  }
}

}  // namespace

void add_run_command(CLI::App& app, const CliContext& context, std::function<void()>& action) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run", "Run designs (scenario files or built-in names) and print indicators with 95% CIs");
  cmd->add_option("scenarios", o->scenarios,
                  "scenario files or built-in scenario names; the first is the baseline")
      ->required();
  cmd->add_option("-r,--replications", o->replications, "replications (default: the scenario's)")
      ->check(CLI::Range(1u, models::kMaxReplications));
  cmd->add_option("-s,--seed", o->seed, "experiment seed (default: the scenario's)")
      ->check(seed_in_range(std::numeric_limits<std::int64_t>::max()));
  cmd->add_option("-t,--threads", o->threads, "worker threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--region-threads", o->region_threads,
                  "threads for each replication's regions, fewer replications at once "
                  "(default: 1, or those fewer replications than threads leave idle)")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--json", o->json, "JSON lines instead of a table");
  cmd->add_option("-o,--output", o->output,
                  "write every replication to this HDF5 file (docs/output.md), as `batch` does");
  cmd->add_flag("--overwrite", o->overwrite,
                "with -o: replace the file even if it holds another experiment's results");
  cmd->callback([o, &context, &action] { action = [o, &context] { run(*o, context); }; });
}

namespace {

/// A built-in scenario's `scenario.description`, "" if it has none.
std::string description_of(const BuiltinScenario& s) {
  try {
    return toml::parse(s.text)["scenario"]["description"].value_or(std::string());
  } catch (const toml::parse_error&) {
    return "";  // compiled in from the tree's files, which the tests read: not reached
  }
}

}  // namespace

void add_scenarios_command(CLI::App& app, std::function<void()>& action) {
  auto name = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("scenarios",
                                 "List the built-in scenarios with what each is, or print one");
  cmd->add_option("name", *name, "print this built-in scenario (a starting point for your own)");
  cmd->callback([name, &action] {
    action = [name] {
      std::size_t width = 0;
      for (const auto& s : builtin_scenarios())
        width = std::max(width, s.name.size());
      for (const auto& s : builtin_scenarios()) {
        if (name->empty()) {
          // The name first, alone in its column: `retzef scenarios | cut -d' ' -f1` lists them.
          std::printf("%-*s  %s\n", static_cast<int>(width), s.name.c_str(),
                      description_of(s).c_str());
        } else if (s.name == *name) {
          std::fwrite(s.text.data(), 1, s.text.size(), stdout);
          return;
        }
      }
      if (name->empty()) return;
      throw std::invalid_argument(no_scenario_message(*name, /*file_allowed=*/false));
    };
  });
}

}  // namespace retzef::experiments
