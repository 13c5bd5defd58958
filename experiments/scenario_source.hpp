// Where a scenario named on the command line or in an experiment file comes from: a file (a
// relative path is taken from `relative_to`, the experiment file's folder) or, when no such file
// exists, a built-in scenario of that name. One rule for `run`, `batch` and experiment files.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "models/scenario.hpp"

namespace retzef::experiments {

struct ScenarioSource {
  std::string text;
  std::string path;      ///< for messages: the file, or "<name>.toml" for a built-in one
  bool builtin = false;  ///< compiled in: its base, if any, is another built-in scenario
};

/// The whole of a regular text file of at most 64 MiB; throws sim::input::UnreadableFile
/// naming the file otherwise.
std::string read_text_file(const std::filesystem::path& file);

/// Finds a scenario's text; throws std::invalid_argument with no_scenario_message when `what`
/// is neither a file nor a built-in name, sim::input::UnreadableFile when the file cannot be read.
ScenarioSource find_scenario(const std::string& what,
                             const std::filesystem::path& relative_to = {});

/// `no such file, and no built-in scenario "medcal"; expected a file or one of: …` with a
/// "did you mean" when a built-in name is close; where only a built-in name will do (`retzef
/// scenarios NAME`), `no built-in scenario "medcal"; expected one of: …`.
std::string no_scenario_message(const std::string& what, bool file_allowed = true);

/// Where a scenario named on the command line, in an experiment file or as a scenario's base
/// comes from, given its name and the folder of the file that names it: find_scenario for the
/// command line; a caller that must not touch the file system (a fuzzing harness) gives its
/// own.
using ScenarioFinder =
    std::function<ScenarioSource(const std::string& what, const std::filesystem::path& folder)>;

/// find_scenario, then validates it with its base, if it names one (scenario_base.hpp); throws
/// models::ScenarioError, or std::invalid_argument for an experiment file (which `batch` runs).
models::Scenario load_scenario_source(const std::string& what);

}  // namespace retzef::experiments
