#include "experiments/scenario_source.hpp"

#include <stdexcept>
#include <vector>

#include "experiments/builtin_scenarios.hpp"
#include "experiments/experiment.hpp"
#include "experiments/scenario_base.hpp"
#include "models/scenario_loader.hpp"
#include "sim/input/closest_name.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/toml_reader.hpp"

namespace retzef::experiments {

std::string read_text_file(const std::filesystem::path& file) {
  return sim::input::read_input_file(file);
}

ScenarioSource find_scenario(const std::string& what, const std::filesystem::path& relative_to) {
  std::filesystem::path file(what);
  if (file.is_relative() && !relative_to.empty()) file = relative_to / file;
  std::error_code ec;
  // Anything that exists by that name is read, so that a folder or a FIFO is refused as such.
  if (std::filesystem::exists(file, ec)) {
    return {read_text_file(file), file.string()};
  }
  for (const auto& builtin : builtin_scenarios()) {
    if (builtin.name == what) return {std::string(builtin.text), builtin.name + ".toml", true};
  }
  throw std::invalid_argument(no_scenario_message(what));
}

std::string no_scenario_message(const std::string& what, bool file_allowed) {
  std::vector<std::string> names;
  for (const auto& builtin : builtin_scenarios())
    names.push_back(builtin.name);
  std::string message = std::string(file_allowed ? "no such file, and " : "") +
                        "no built-in scenario " + sim::input::quoted(what) + "; expected " +
                        (file_allowed ? "a file or " : "") +
                        "one of: " + sim::input::join_names(names);
  const std::string near = sim::input::closest_name(what, names);
  if (!near.empty()) message += " (did you mean " + near + "?)";
  return message;
}

models::Scenario load_scenario_source(const std::string& what) {
  ScenarioSource source = find_scenario(what);
  // An experiment given where a scenario is wanted would get a problem for every table a
  // scenario needs and it lacks: say what it is and what runs it.
  if (!source.builtin && is_experiment_text(source.text)) {
    throw std::invalid_argument(source.path +
                                ": an experiment file, where a scenario is expected; run it with "
                                "`retzef batch " +
                                source.path + " -o OUT.h5`");
  }
  return load_scenario_with_base(source, find_scenario);
}

}  // namespace retzef::experiments
