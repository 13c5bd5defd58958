// Where the built-in scenarios' files are in the source tree (experiments/scenarios/), for
// tests that start from a default design and change what they test.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace retzef::testing {

/// experiments/scenarios/`name`.toml, found from the tests' own scenario folder.
inline std::string builtin_scenario_path(const std::string& name) {
  const std::filesystem::path root =
      std::filesystem::path(RETZEF_TEST_SCENARIOS).parent_path().parent_path().parent_path();
  return (root / "experiments" / "scenarios" / (name + ".toml")).string();
}

/// The text of that file, for tests that edit a default design's keys as a user would.
inline std::string builtin_scenario_text(const std::string& name) {
  std::ifstream in(builtin_scenario_path(name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace retzef::testing
