// libFuzzer harness for the experiment loader: the bytes are an experiment file's text, loaded
// as `retzef validate` and `retzef batch` load it after reading the file, with every case
// expanded and validated (up to 64 cases, below). Designs find only the built-in scenarios, held in
// memory, so that no input reads the file system (a name like /dev/zero would otherwise be opened).
// A bad file must end in models::ScenarioError; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "experiments/builtin_scenarios.hpp"
#include "experiments/experiment.hpp"
#include "models/scenario_loader.hpp"

namespace {

// Fewer cases than the 10,000 a user may expand to. Each case runs the same validation, under the
// sanitizers 2 to 12 ms of it: mutations of the corpus's long sweeps took seconds to minutes an
// input and held the campaign near 70 inputs a second, where short ones run near 1,000. The
// limit's check is the same code at either size; tests/cli/special_inputs.sh and
// tests/experiments/experiment_test.cpp hold the 10,000.
constexpr std::size_t kMaxFuzzedCases = 64;

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
  retzef::experiments::ExperimentOverrides limits;
  limits.max_cases = kMaxFuzzedCases;
  try {
    retzef::experiments::load_experiment_text(std::move(text), "fuzz/experiment.toml", limits,
                                              builtin_only);
  } catch (const retzef::models::ScenarioError&) {
  }
  return 0;
}
