// A scenario as a parsed TOML document, for programs that build scenarios rather than read them
// from one file: an experiment applies its overrides and sweep points to the base scenario's
// document and then validates the result here. Values moved in from another document keep
// their own file and line, so a bad override is reported where it was written.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "models/scenario.hpp"

namespace retzef::models {

/// Parses TOML text; throws ScenarioError with the syntax error's position.
toml::table parse_scenario_text(std::string_view text, const std::string& path_for_messages);

/// Validates a parsed document; `text` is kept as the scenario's source text. Throws
/// ScenarioError listing every problem.
Scenario load_scenario_document(const toml::table& document, std::string_view text,
                                const std::string& path_for_messages);

}  // namespace retzef::models
