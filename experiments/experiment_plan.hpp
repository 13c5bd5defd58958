// An experiment file's own structure, read and checked before any case is built: the
// [experiment] settings, the designs with the scenario each starts from, the override tables and
// the sweeps, each with the place it was written so that later problems (a scenario that cannot
// be found, a key path the scenario lacks) are reported there. Read with the input library's
// TableReader, so every problem of the file is recorded at once in the scenario files' form.
#pragma once

#include <toml++/toml.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario.hpp"
#include "sim/input/problem_log.hpp"

namespace retzef::experiments {

struct Design {
  std::string name;
  sim::input::FilePosition at;  ///< where its [designs.<name>] key is
  std::string scenario;         ///< file or built-in name: its own, or the experiment's base
  std::string scenario_key;     ///< `designs.<name>.scenario` or `experiment.base`
  sim::input::FilePosition scenario_at;
};

/// One swept dimension: the key paths it sets and how many points it has. The values stay in
/// the document: each case borrows its own from it (Loans), so that they keep their place.
struct Sweep {
  std::size_t index = 0;             ///< position in [[sweeps]]
  std::vector<std::string> designs;  ///< empty: every design
  std::vector<std::string> keys;
  std::vector<toml::source_region> key_sources;  ///< where each key path is written
  std::size_t points = 0;
  std::optional<std::array<double, 3>> range;  ///< from, to, step (values generated)
  bool integer_range = false;
  toml::source_region range_source{};
};

struct ExperimentPlan {
  std::string name;
  std::string base;  ///< empty: every design names its own scenario
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  std::optional<models::TraceLevel> trace;
  std::vector<Design> designs;  ///< in the order the file lists them
  std::vector<Sweep> sweeps;
  /// [report.minimum_difference] as a JSON object (indicator or family: a number, or a
  /// percentage as the string "N%"); empty when the file has none. Only the report reads it.
  std::string minimum_difference_json;
};

/// Reads the experiment's structure, recording every problem in `log`. `file` names the
/// experiment when [experiment] gives no name.
ExperimentPlan read_experiment_plan(const toml::table& document, const std::string& file,
                                    sim::input::ProblemLog& log);

/// The key path messages give an entry of an override table: `overrides."levels.clinic.x"`.
std::string override_key(std::string_view table_path, std::string_view key_path);

/// The parts of a dotted key path; an empty part means the path is malformed.
std::vector<std::string> split_key_path(std::string_view path);

}  // namespace retzef::experiments
