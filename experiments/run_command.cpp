#include "experiments/run_command.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

#include "experiments/builtin_scenarios.hpp"
#include "experiments/json_line.hpp"
#include "experiments/progress_bar.hpp"
#include "models/care_model.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"
#include "sim/stats/confidence.hpp"

namespace retzef::experiments {
namespace {

struct RunOptions {
  std::vector<std::string> scenarios;
  std::uint32_t replications = 0;  ///< 0: as the scenario says
  std::int64_t seed = -1;          ///< < 0: as the scenario says
  int threads = 0;                 ///< 0: every core
  bool json = false;
};

/// What one design gave: its name, and each indicator's value in every replication.
struct DesignResult {
  std::string name;
  std::vector<models::Indicator> layout;    ///< names, units, meanings (values of rep 0)
  std::vector<std::vector<double>> values;  ///< [indicator][replication]
  std::uint64_t events = 0;
  double seconds = 0;
};

models::Scenario load(const std::string& what) {
  if (std::filesystem::exists(what)) return models::load_scenario(what);
  for (const auto& builtin : builtin_scenarios()) {
    if (builtin.name == what)
      return models::load_scenario_text(builtin.text, builtin.name + ".toml");
  }
  std::string names;
  for (const auto& builtin : builtin_scenarios())
    names += (names.empty() ? "" : ", ") + builtin.name;
  throw std::invalid_argument(
      what + ": no such file, and no built-in scenario of that name (built-in: " + names + ")");
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
  spdlog::info("{}: {} replications of {} days ({} warm-up), policy {}, {} threads", s.name,
               s.replications, s.horizon_days, s.warmup_days, s.policy.name, threads);
  ProgressBar bar(s.name, s.replications,
                  context.progress && !context.quiet && ProgressBar::stderr_is_terminal());
  const auto started = std::chrono::steady_clock::now();
  const auto results = sim::run_replications(model, run, 0, s.replications, threads,
                                             [&bar](std::uint32_t done) { bar.update(done); });
  bar.finish();

  DesignResult out;
  out.name = s.name;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (std::size_t r = 0; r < results.size(); ++r) {
    const auto list = models::indicators(results[r].summary, s);
    if (r == 0) {
      out.layout = list;
      out.values.assign(list.size(), {});
    }
    for (std::size_t i = 0; i < list.size(); ++i)
      out.values[i].push_back(list[i].value);
    out.events += results[r].events;
  }
  spdlog::info("{}: {} events in {:.2f} s ({:.2f} M events/s)", s.name, out.events, out.seconds,
               static_cast<double>(out.events) / out.seconds / 1e6);
  return out;
}

/// The finite values only: an indicator that cannot be formed in a replication (no admissions,
/// say) is left out of its interval rather than counted as zero.
std::vector<double> finite(const std::vector<double>& v) {
  std::vector<double> out;
  for (const double x : v) {
    if (std::isfinite(x)) out.push_back(x);
  }
  return out;
}

void print_json(const std::vector<DesignResult>& designs) {
  for (const auto& d : designs) {
    for (std::size_t i = 0; i < d.layout.size(); ++i) {
      const auto ci = sim::confidence_interval(finite(d.values[i]));
      JsonLine line;
      line.add("design", d.name).add("indicator", d.layout[i].name).add("unit", d.layout[i].unit);
      line.add("mean", ci.mean).add("n", std::uint64_t{ci.n});
      if (ci.available) line.add("lower", ci.lower).add("upper", ci.upper);
      std::printf("%s\n", line.str().c_str());
    }
  }
  const DesignResult& base = designs.front();
  for (std::size_t k = 1; k < designs.size(); ++k) {
    for (std::size_t i = 0; i < designs[k].layout.size(); ++i) {
      for (std::size_t j = 0; j < base.layout.size(); ++j) {
        if (base.layout[j].name != designs[k].layout[i].name) continue;
        std::vector<double> a, b;
        for (std::size_t r = 0; r < designs[k].values[i].size(); ++r) {
          if (std::isfinite(designs[k].values[i][r]) && std::isfinite(base.values[j][r])) {
            a.push_back(designs[k].values[i][r]);
            b.push_back(base.values[j][r]);
          }
        }
        const auto d = sim::paired_difference(a, b);
        JsonLine line;
        line.add("design", designs[k].name).add("baseline", base.name);
        line.add("indicator", base.layout[j].name).add("difference", d.mean);
        line.add("n", std::uint64_t{d.n});
        if (d.available) line.add("lower", d.lower).add("upper", d.upper);
        std::printf("%s\n", line.str().c_str());
      }
    }
  }
  for (const auto& d : designs) {
    std::printf("%s\n",
                JsonLine()
                    .add("design", d.name)
                    .add("replications", std::uint64_t{d.values.empty() ? 0 : d.values[0].size()})
                    .add("events", d.events)
                    .add("seconds", d.seconds)
                    .add("events_per_second", static_cast<double>(d.events) / d.seconds)
                    .str()
                    .c_str());
  }
}

std::string cell(const sim::ConfidenceInterval& ci) {
  char buf[64];
  if (ci.n == 0 || !std::isfinite(ci.mean)) return "-";
  if (!ci.available) {
    std::snprintf(buf, sizeof buf, "%.4g", ci.mean);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g ± %.2g", ci.mean, ci.half_width);
  }
  return buf;
}

void print_table(const std::vector<DesignResult>& designs) {
  const DesignResult& base = designs.front();
  std::printf("%-36s", "indicator (mean ± 95% half-width)");
  for (const auto& d : designs)
    std::printf(" %22s", d.name.c_str());
  for (std::size_t k = 1; k < designs.size(); ++k) {
    std::printf(" %24s", (designs[k].name + " - " + base.name).c_str());
  }
  std::printf("  unit\n");
  for (std::size_t j = 0; j < base.layout.size(); ++j) {
    const std::string& name = base.layout[j].name;
    std::printf("%-36s", name.c_str());
    std::vector<const std::vector<double>*> columns;
    for (const auto& d : designs) {
      const std::vector<double>* v = nullptr;
      for (std::size_t i = 0; i < d.layout.size(); ++i) {
        if (d.layout[i].name == name) v = &d.values[i];
      }
      columns.push_back(v);
      std::printf(" %22s", v ? cell(sim::confidence_interval(finite(*v))).c_str() : "-");
    }
    for (std::size_t k = 1; k < designs.size(); ++k) {
      if (columns[k] == nullptr) {
        std::printf(" %24s", "-");
        continue;
      }
      std::vector<double> a, b;
      for (std::size_t r = 0; r < columns[k]->size(); ++r) {
        if (std::isfinite((*columns[k])[r]) && std::isfinite((*columns[0])[r])) {
          a.push_back((*columns[k])[r]);
          b.push_back((*columns[0])[r]);
        }
      }
      std::printf(" %24s", cell(sim::paired_difference(a, b)).c_str());
    }
    std::printf("  %s\n", base.layout[j].unit.c_str());
  }
  if (designs.front().values.empty() || designs.front().values[0].size() < 2) {
    std::printf("(one replication: no confidence intervals; run with --replications 2 or more)\n");
  }
}

void run(const RunOptions& o, const CliContext& context) {
  std::vector<models::Scenario> scenarios;
  for (const auto& what : o.scenarios)
    scenarios.push_back(load(what));  // all checked first
  std::vector<DesignResult> designs;
  for (auto& s : scenarios)
    designs.push_back(run_design(std::move(s), o, context));
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
      ->check(CLI::Range(1u, 100000u));
  cmd->add_option("-s,--seed", o->seed, "experiment seed (default: the scenario's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("-t,--threads", o->threads, "worker threads (default: every core)")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--json", o->json, "JSON lines instead of a table");
  cmd->callback([o, &context, &action] { action = [o, &context] { run(*o, context); }; });
}

void add_scenarios_command(CLI::App& app, std::function<void()>& action) {
  auto name = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("scenarios", "List the built-in scenarios, or print one");
  cmd->add_option("name", *name, "print this built-in scenario (a starting point for your own)");
  cmd->callback([name, &action] {
    action = [name] {
      for (const auto& s : builtin_scenarios()) {
        if (name->empty()) {
          std::printf("%s\n", s.name.c_str());
        } else if (s.name == *name) {
          std::fwrite(s.text.data(), 1, s.text.size(), stdout);
          return;
        }
      }
      if (!name->empty()) throw std::invalid_argument("no built-in scenario named '" + *name + "'");
    };
  });
}

}  // namespace retzef::experiments
