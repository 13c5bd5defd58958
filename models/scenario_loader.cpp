#include "models/scenario_loader.hpp"
#include "models/scenario_document.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <system_error>

#include "models/scenario_file/sections.hpp"
#include "sim/input/input_file.hpp"

namespace retzef::models {

namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

std::string read_whole_file(const std::filesystem::path& file) {
  try {
    return sim::input::read_input_file(file);
  } catch (const sim::input::UnreadableFile& e) {
    throw ScenarioError({e.what()});
  }
}

void read_document(TableReader& root, Scenario& s) {
  read_settings(root, s);
  read_policy(root, s);
  read_groups(root, s);
  read_levels(root, s);
  check_every_group_served(root, s);
  read_provision(root, s);
  read_regions(root, s);
  read_referrals(root, s);
  check_provided_for(root, s);
  read_surges(root, s);
  check_people_in_regions(root, s);
  read_pathway(root, s);
  root.finish();
}

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> problems)
    : std::runtime_error(join_lines(problems)), problems_(std::move(problems)) {}

Scenario load_scenario(const std::filesystem::path& file) {
  return load_scenario_text(read_whole_file(file), file.string());
}

Scenario load_scenario_text(std::string_view text, const std::string& path_for_messages) {
  ProblemLog log(path_for_messages);
  const auto document = sim::input::parse_toml(text, path_for_messages, log);
  if (!document) throw ScenarioError(log.lines());
  return load_scenario_document(*document, text, path_for_messages);
}

Scenario load_scenario_document(const toml::table& document, std::string_view text,
                                const std::string& path_for_messages) {
  ProblemLog log(path_for_messages);
  Scenario s;
  s.source_text = std::string(text);
  s.source_path = path_for_messages;
  TableReader root(document, "", log);
  read_document(root, s);
  if (!log.empty()) throw ScenarioError(log.lines());
  return s;
}

toml::table parse_scenario_text(std::string_view text, const std::string& path_for_messages) {
  ProblemLog log(path_for_messages);
  auto document = sim::input::parse_toml(text, path_for_messages, log);
  if (!document) throw ScenarioError(log.lines());
  return std::move(*document);
}

}  // namespace retzef::models
