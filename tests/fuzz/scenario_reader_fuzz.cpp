// libFuzzer harness for the scenario reader: the bytes are a scenario file's text, checked the
// way `retzef validate` checks a file (is it an experiment? if not, read and validate it as a
// scenario). A bad file must end in models::ScenarioError listing its problems; anything else
// escaping (another exception, a crash, a sanitizer report, a leak, a hang) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "experiments/experiment.hpp"
#include "models/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Experiments are the experiment loader harness's inputs.
  if (retzef::experiments::is_experiment_text(text)) return 0;
  try {
    retzef::models::load_scenario_text(text, "fuzz.toml");
  } catch (const retzef::models::ScenarioError&) {
  }
  return 0;
}
