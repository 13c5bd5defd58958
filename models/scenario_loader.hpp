// Turns a scenario file (TOML, laid out as docs/scenario.md describes) into a validated
// Scenario. Everything a run could trip over later (a misspelt key, a level nobody declared, a
// distribution that does not sum to 1, a pathway people cannot leave, a size that would exhaust
// memory) is caught here, before any simulation starts, and reported all at once with the file,
// line, column and key path of each problem.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario.hpp"

namespace retzef::models {

/// Every problem found in one scenario file, each `FILE:LINE:COL: key.path: what was expected`
/// (or `FILE: cannot read: reason`); what() is them joined by newlines.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// Reads and validates `file`; throws ScenarioError.
Scenario load_scenario(const std::filesystem::path& file);

/// Validates TOML text; messages name `path_for_messages` as the file. Throws ScenarioError.
Scenario load_scenario_text(std::string_view text, const std::string& path_for_messages);

}  // namespace retzef::models
