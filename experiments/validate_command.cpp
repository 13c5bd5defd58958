#include "experiments/validate_command.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/experiment.hpp"
#include "experiments/indicator_table.hpp"
#include "experiments/json_line.hpp"
#include "experiments/scenario_base.hpp"
#include "experiments/scenario_source.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/mpi_comm.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/problem_log.hpp"

namespace retzef::experiments {
namespace {

struct ValidateOptions {
  std::vector<std::string> files;
  bool json = false;
  bool regions = false;  ///< also each region's people, coordinators and places
};

struct FileReport {
  std::string file;
  std::optional<models::Scenario> scenario;  ///< set when the file is a valid scenario
  std::vector<std::string> problems;
  std::optional<Experiment> experiment;  ///< set when the file is a valid experiment
  bool ok() const { return scenario.has_value() || experiment.has_value(); }
};

bool is_experiment_file(const std::string& file) {
  try {
    return is_experiment_text(read_text_file(file));
  } catch (const std::exception&) {
    return false;  // the scenario loader reports an unreadable file
  }
}

/// The file's text; an unreadable file is a problem of that file, as the scenario reader says.
std::string read_scenario_file(const std::string& file) {
  try {
    return read_text_file(file);
  } catch (const sim::input::UnreadableFile& e) {
    throw models::ScenarioError({e.what()});
  }
}

FileReport check_file(const std::string& file) {
  try {
    if (is_experiment_file(file)) return {file, std::nullopt, {}, load_experiment(file)};
    return {file,
            load_scenario_with_base({read_scenario_file(file), file, false}, find_scenario),
            {},
            std::nullopt};
  } catch (const models::ScenarioError& e) {
    return {file, std::nullopt, e.problems(), std::nullopt};
  } catch (const std::exception& e) {
    // Anything else (out of memory, say) is still this file's problem, not a crash.
    return {file, std::nullopt, {file + ": " + e.what()}, std::nullopt};
  }
}

std::string summary(const models::Scenario& s) {
  return "scenario " + s.name + ": " + std::to_string(s.regions.size()) + " regions, " +
         std::to_string(s.levels.size()) + " levels, " + std::to_string(s.groups.size()) +
         " groups, policy " + s.policy.name;
}

std::string summary(const Experiment& e) {
  return "experiment " + e.name + ": " + std::to_string(e.cases.size()) + " cases x " +
         std::to_string(e.replications) + " replications, seed " + std::to_string(e.seed);
}

/// The levels with places that some region has places at: the columns of the region table.
std::vector<std::size_t> placed_levels(const models::Scenario& s) {
  std::vector<std::size_t> out;
  for (std::size_t l = 0; l < s.levels.size() && l < models::kMaxLevels; ++l) {
    if (s.levels[l].capacity_unit == models::CapacityUnit::unlimited) continue;
    for (const auto& r : s.regions) {
      if (r.capacity[l] > 0) {
        out.push_back(l);
        break;
      }
    }
  }
  return out;
}

/// Each region's people, coordinators and places per level, as the scenario gives them after
/// its base and its [provision] are applied: what a run will have, before it runs.
void print_region_table(const models::Scenario& s) {
  const auto levels = placed_levels(s);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head{"region", "population", "coordinators"};
  for (const auto l : levels)
    head.push_back(s.levels[l].name);
  rows.push_back(head);
  bool starts = false;
  for (const auto& r : s.regions) {
    std::vector<std::string> row{r.name, grouped(r.population), grouped(r.coordinators)};
    for (const auto l : levels) {
      std::string cell = grouped(r.capacity[l]);
      if (r.initial_occupancy[l] > 0) {
        cell += " (" + grouped(r.initial_occupancy[l]) + ")";
        starts = true;
      }
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  if (s.regions.size() > 1) {
    std::uint64_t people = 0, coordinators = 0;
    for (const auto& r : s.regions) {
      people += r.population;
      coordinators += r.coordinators;
    }
    std::vector<std::string> all{"all", grouped(people), grouped(coordinators)};
    for (const auto l : levels) {
      std::uint64_t places = 0, at_start = 0;
      for (const auto& r : s.regions) {
        places += r.capacity[l];
        at_start += r.initial_occupancy[l];
      }
      all.push_back(grouped(places) + (at_start > 0 ? " (" + grouped(at_start) + ")" : ""));
    }
    rows.push_back(all);
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += c == 0 ? row[c] + pad : "  " + pad + row[c];
    }
    std::printf("%s\n", line.c_str());
  }
  if (starts) std::printf("  (n): people placed there at the start\n");
}

void print_text(const FileReport& r, bool regions) {
  if (r.experiment) {
    std::printf("%s: ok (%s)\n", r.file.c_str(), summary(*r.experiment).c_str());
    for (const auto& c : r.experiment->cases) {
      std::printf("  %s (%s)\n", c.name.c_str(), summary(c.scenario).c_str());
      if (regions) print_region_table(c.scenario);
    }
    std::fflush(stdout);
    return;
  }
  if (r.scenario) {
    std::printf("%s: ok (%s)\n", r.file.c_str(), summary(*r.scenario).c_str());
    if (regions) print_region_table(*r.scenario);
    std::fflush(stdout);
    return;
  }
  for (const auto& p : sim::input::shown_problems(r.problems, every_problem_hint))
    std::fprintf(stderr, "%s\n", p.c_str());
}

/// One JSON line per region of `s`: its people, coordinators, and places and people at the
/// start per level with places (`capacity_<level>`, `initial_occupancy_<level>`).
void print_region_lines(const std::string& file, const std::string& scenario_case,
                        const models::Scenario& s) {
  const auto levels = placed_levels(s);
  for (const auto& r : s.regions) {
    JsonLine line;
    line.add("file", file);
    if (!scenario_case.empty()) line.add("case", scenario_case);
    line.add("region", r.name)
        .add("population", std::uint64_t{r.population})
        .add("coordinators", std::uint64_t{r.coordinators});
    for (const auto l : levels) {
      line.add("capacity_" + s.levels[l].name, std::uint64_t{r.capacity[l]});
      line.add("initial_occupancy_" + s.levels[l].name, std::uint64_t{r.initial_occupancy[l]});
    }
    std::printf("%s\n", line.str().c_str());
  }
}

void print_json(const FileReport& r, bool regions) {
  JsonLine line;
  line.add("file", r.file).add("ok", r.ok()).add("problems", r.problems);
  if (r.experiment) {
    std::vector<std::string> cases;
    for (const auto& c : r.experiment->cases)
      cases.push_back(c.name);
    line.add("experiment", r.experiment->name)
        .add("cases", cases)
        .add("replications", std::uint64_t{r.experiment->replications});
  }
  if (r.scenario) {
    const models::Scenario& s = *r.scenario;
    line.add("scenario", s.name)
        .add("regions", std::uint64_t{s.regions.size()})
        .add("levels", std::uint64_t{s.levels.size()})
        .add("groups", std::uint64_t{s.groups.size()})
        .add("policy", s.policy.name);
  }
  std::printf("%s\n", line.str().c_str());
  if (regions && r.scenario) print_region_lines(r.file, "", *r.scenario);
  if (regions && r.experiment) {
    for (const auto& c : r.experiment->cases)
      print_region_lines(r.file, c.name, c.scenario);
  }
  std::fflush(stdout);
}

void run_validate(const ValidateOptions& o, const CliContext& context) {
  // Under mpirun every rank checks (so all agree on the exit status); one prints.
  const bool prints =
      context.mpi == nullptr || !context.mpi->active() || sim::Comm::world().rank() == 0;
  std::size_t bad = 0;
  for (const auto& file : o.files) {
    const FileReport report = check_file(file);
    if (!report.ok()) ++bad;
    if (!prints) continue;
    if (o.json) {
      print_json(report, o.regions);
    } else {
      print_text(report, o.regions);
    }
  }
  if (bad > 0) {
    throw std::runtime_error("validate: " + std::to_string(bad) + " of " +
                             std::to_string(o.files.size()) + " files have problems");
  }
}

}  // namespace

void add_validate_command(CLI::App& app, const CliContext& context, std::function<void()>& action) {
  auto o = std::make_shared<ValidateOptions>();
  auto* cmd = app.add_subcommand(
      "validate",
      "Check scenario or experiment files and report every problem with its line and key");
  cmd->add_option("files", o->files, "scenario or experiment files (TOML)")->required();
  cmd->add_flag("--json", o->json, "one JSON line per file: file, ok, problems");
  cmd->add_flag("--regions", o->regions,
                "also each region's population, coordinators and places per level, its base "
                "and [provision] applied (with --json: a line per region)");
  cmd->callback([o, &context, &action] { action = [o, &context] { run_validate(*o, context); }; });
}

}  // namespace retzef::experiments
