#include "experiments/scenario_base.hpp"

#include <string_view>
#include <utility>

#include "experiments/builtin_scenarios.hpp"
#include "experiments/document_values.hpp"
#include "experiments/experiment.hpp"
#include "experiments/provision_from_base.hpp"
#include "models/scenario_document.hpp"
#include "models/scenario_loader.hpp"
#include "sim/input/input_file.hpp"
#include "sim/input/problem_log.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/input/toml_writer.hpp"

namespace retzef::experiments {
namespace {

/// Sections merged key by key; every other top-level key (the arrays of tables) is replaced.
bool merged_by_key(std::string_view key) {
  return key == "scenario" || key == "policy" || key == "pathway";
}

[[noreturn]] void refuse(const ScenarioSource& source, const toml::node& at,
                         std::string_view what) {
  refuse_at(source, at, "scenario.base", what);
}

ScenarioSource find_base(const ScenarioSource& source, const toml::node& at,
                         const std::string& name, const ScenarioFinder& find) {
  if (source.builtin) {
    for (const auto& builtin : builtin_scenarios()) {
      if (builtin.name == name) return {std::string(builtin.text), builtin.name + ".toml", true};
    }
    refuse(source, at, "expected another built-in scenario, got " + sim::input::quoted(name));
  }
  try {
    return find(name, std::filesystem::path(source.path).parent_path());
  } catch (const std::invalid_argument& e) {
    refuse(source, at, e.what());
  } catch (const sim::input::UnreadableFile& e) {
    refuse(source, at, e.what());
  }
}

toml::table resolve(const ScenarioSource& source, const ScenarioFinder& find, std::size_t depth,
                    bool& has_base) {
  toml::table doc = models::parse_scenario_text(source.text, source.path);
  toml::table* scenario = doc["scenario"].as_table();
  const toml::node* base = scenario != nullptr ? scenario->get("base") : nullptr;
  if (base == nullptr) return doc;
  has_base = true;
  const auto* name = base->as_string();
  if (name == nullptr) {
    refuse(source, *base,
           "expected the name of a built-in scenario or of a scenario file, got " +
               sim::input::describe_value(*base));
  }
  if (depth >= kMaxBaseDepth) {
    refuse(source, *base,
           "expected a chain of at most " + std::to_string(kMaxBaseDepth) +
               " bases, got a longer one (does a base name itself?)");
  }
  const ScenarioSource base_source = find_base(source, *base, name->get(), find);
  if (is_experiment_text(base_source.text)) {
    refuse(source, *base, "expected a scenario, got the experiment " + base_source.path);
  }
  bool deeper = false;
  toml::table merged = resolve(base_source, find, depth + 1, deeper);
  scenario->erase("base");
  take_provision_from_base(doc, merged, source, base_source);
  // Another policy's parameters are not the base's: a [policy] that names another replaces it.
  if (const auto* policy = doc["policy"].as_table(); policy != nullptr) {
    const auto* own = policy->get_as<std::string>("name");
    const auto* inherited = merged["policy"]["name"].as_string();
    if (own != nullptr && (inherited == nullptr || own->get() != inherited->get())) {
      merged.erase("policy");
    }
  }
  for (auto&& [key, node] : doc) {
    toml::table* into = merged.get_as<toml::table>(key.str());
    toml::table* from = node.as_table();
    if (merged_by_key(key.str()) && into != nullptr && from != nullptr) {
      for (auto&& [k, v] : *from)
        move_into(*into, k, std::move(v));
    } else {
      move_into(merged, key, std::move(node));
    }
  }
  return merged;
}

}  // namespace

ScenarioDocument scenario_document(const ScenarioSource& source, const ScenarioFinder& find) {
  ScenarioDocument out;
  out.table = resolve(source, find, 0, out.has_base);
  return out;
}

models::Scenario load_scenario_with_base(const ScenarioSource& source, const ScenarioFinder& find) {
  const ScenarioDocument doc = scenario_document(source, find);
  if (!doc.has_base) return models::load_scenario_document(doc.table, source.text, source.path);
  return models::load_scenario_document(doc.table, sim::input::toml_text(doc.table), source.path);
}

}  // namespace retzef::experiments
