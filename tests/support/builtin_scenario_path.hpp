// Where the built-in scenarios' files are in the source tree (experiments/scenarios/), for
// tests that start from a default design and change what they test.
#pragma once

#include <filesystem>
#include <string>

namespace retzef::testing {

/// experiments/scenarios/`name`.toml, found from the tests' own scenario folder.
inline std::string builtin_scenario_path(const std::string& name) {
  const std::filesystem::path root =
      std::filesystem::path(RETZEF_TEST_SCENARIOS).parent_path().parent_path().parent_path();
  return (root / "experiments" / "scenarios" / (name + ".toml")).string();
}

}  // namespace retzef::testing
