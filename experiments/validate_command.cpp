#include "experiments/validate_command.hpp"

#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/experiment.hpp"
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

void print_text(const FileReport& r) {
  if (r.experiment) {
    std::printf("%s: ok (%s)\n", r.file.c_str(), summary(*r.experiment).c_str());
    for (const auto& c : r.experiment->cases)
      std::printf("  %s (%s)\n", c.name.c_str(), summary(c.scenario).c_str());
    std::fflush(stdout);
    return;
  }
  if (r.scenario) {
    std::printf("%s: ok (%s)\n", r.file.c_str(), summary(*r.scenario).c_str());
    std::fflush(stdout);
    return;
  }
  for (const auto& p : sim::input::shown_problems(r.problems, every_problem_hint))
    std::fprintf(stderr, "%s\n", p.c_str());
}

void print_json(const FileReport& r) {
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
      print_json(report);
    } else {
      print_text(report);
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
  cmd->callback([o, &context, &action] { action = [o, &context] { run_validate(*o, context); }; });
}

}  // namespace retzef::experiments
