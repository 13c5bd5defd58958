#include "experiments/document_values.hpp"

#include <utility>

#include "models/scenario_loader.hpp"
#include "sim/input/problem_log.hpp"
#include "sim/input/toml_reader.hpp"

namespace retzef::experiments {

void move_into(toml::table& table, const toml::key& key, toml::node&& node) {
  std::move(node).visit([&](auto&& v) { table.insert_or_assign(key, std::move(v)); });
}

void refuse_at(const ScenarioSource& source, const toml::node& at, std::string_view key_path,
               std::string_view what) {
  sim::input::ProblemLog log(source.path);
  log.add(sim::input::position_of(at), key_path, what);
  throw models::ScenarioError(log.lines());
}

}  // namespace retzef::experiments
