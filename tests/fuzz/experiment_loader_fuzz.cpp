// libFuzzer harness for the experiment loader: the bytes are an experiment file's text, loaded
// as `retzef validate` and `retzef batch` load it after reading the file, with every case
// expanded and validated. Designs find only the built-in scenarios, held in memory, so that no
// input reads the file system (a name like /dev/zero would otherwise be opened). A bad file
// must end in models::ScenarioError; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "experiments/builtin_scenarios.hpp"
#include "experiments/experiment.hpp"
#include "models/scenario_loader.hpp"

namespace {

retzef::experiments::ScenarioSource builtin_only(const std::string& what,
                                                 const std::filesystem::path& /*folder*/) {
  for (const auto& builtin : retzef::experiments::builtin_scenarios()) {
    if (builtin.name == what) return {std::string(builtin.text), builtin.name + ".toml"};
  }
  throw std::invalid_argument(retzef::experiments::no_scenario_message(what));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    retzef::experiments::load_experiment_text(std::move(text), "fuzz/experiment.toml", {},
                                              builtin_only);
  } catch (const retzef::models::ScenarioError&) {
  }
  return 0;
}
