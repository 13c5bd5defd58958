// An experiment: which designs to run (scenario files, or a base scenario with some keys
// overridden), which parameters to sweep, how many replications and from which seed. Loading
// one expands it into its cases — every design at every sweep point — each a validated
// scenario, so a batch can check everything before it runs anything. The file format is in
// docs/experiments.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "experiments/scenario_source.hpp"
#include "models/scenario.hpp"

namespace retzef::experiments {

/// One design at one sweep point: what a batch runs `replications` times.
struct Case {
  std::string name;    ///< `design`, or `design@key=value,...` at a sweep point
  std::string design;  ///< the design's name in the experiment file
  std::string sweep;   ///< the sweep point as a JSON object of key path to value; "{}" if none
  models::Scenario scenario;  ///< validated; source_text is the full TOML it ran
};

struct Experiment {
  std::string name;
  std::string file;  ///< as given
  std::string text;  ///< the file's text, verbatim
  std::uint64_t seed = 0;
  std::uint32_t replications = 0;
  std::vector<Case> cases;  ///< designs in file order, each followed by its sweep points
  /// The report's minimum meaningful differences ([report.minimum_difference], as JSON); empty
  /// when the file sets none. Copied into /meta for the report (docs/output.md).
  std::string minimum_difference_json;
};

/// Reads, expands and validates an experiment file. Throws models::ScenarioError listing every
/// problem (`FILE:LINE:COL: key.path: what was expected`), including those of the scenarios
/// the experiment builds.
/// The most cases one experiment may expand to; more is a sweep written wrong.
inline constexpr std::size_t kMaxCases = 10'000;
/// The most keys an experiment's sweeps may set: a case's name holds one label for each.
inline constexpr std::size_t kMaxSweptKeys = 64;

/// What the command line may decide over the file, as if written in its [experiment] table.
struct ExperimentOverrides {
  std::string trace;               ///< one of models::kTraceLevelNames; empty: the file's
  std::uint32_t replications = 0;  ///< 0: the file's
  /// The most cases the experiment may expand to. Only the fuzz harness sets fewer: every case
  /// runs the same validation, so thousands of them would spend an input on repeating it.
  std::size_t max_cases = kMaxCases;
};

Experiment load_experiment(const std::filesystem::path& file,
                           const ExperimentOverrides& overrides = {});

/// load_experiment on text already read: `file` names it in messages, and relative scenario
/// names are found from its folder by `find`.
Experiment load_experiment_text(std::string text, const std::filesystem::path& file,
                                const ExperimentOverrides& overrides = {},
                                const ScenarioFinder& find = find_scenario);

/// True when TOML text is an experiment (it has an [experiment] table) rather than a scenario.
bool is_experiment_text(std::string_view text);

}  // namespace retzef::experiments
