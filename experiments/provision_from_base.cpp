#include "experiments/provision_from_base.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "experiments/document_values.hpp"
#include "sim/input/toml_reader.hpp"

namespace retzef::experiments {
namespace {

using sim::input::describe_value;

// One figure of the base's regions, added to `total`: a whole number ≥ 0 and a sum that fits,
// or a refusal where it was written (the base's regions are not read otherwise, as the file
// replaces them).
void add_figure(const ScenarioSource& base_source, const toml::node& node,
                const std::string& key_path, std::int64_t& total) {
  const auto* x = node.as_integer();
  if (x == nullptr || x->get() < 0 || __builtin_add_overflow(total, x->get(), &total)) {
    refuse_at(base_source, node, key_path,
              "expected a whole number ≥ 0 to take [provision] from, got " + describe_value(node));
  }
}

// `figures` (a level's name → count) of one base region, added entry by entry into `into`.
void add_per_level(const ScenarioSource& base_source, const toml::node* figures,
                   const std::string& key_path, toml::table& into) {
  if (figures == nullptr) return;
  const toml::table* table = figures->as_table();
  if (table == nullptr) {
    refuse_at(base_source, *figures, key_path,
              "expected a table to take [provision] from, got " + describe_value(*figures));
  }
  for (auto&& [level, value] : *table) {
    const auto* so_far = into.get_as<std::int64_t>(level.str());
    std::int64_t total = so_far != nullptr ? so_far->get() : 0;
    add_figure(base_source, value, key_path + "." + std::string(level.str()), total);
    into.insert_or_assign(level.str(), total);
  }
}

// The base's regions summed: their residents, and their places, starting occupancy and
// coordinators for them.
toml::table summed_regions(const toml::table& base, const ScenarioSource& source,
                           const ScenarioSource& base_source, const toml::node& from) {
  const toml::array* regions = base.get_as<toml::array>("regions");
  if (regions == nullptr || regions->empty()) {
    refuse_at(source, from, "provision.from",
              "expected a base with regions or a [provision] to take, got " + base_source.path +
                  " with neither");
  }
  std::int64_t residents = 0;
  std::int64_t coordinators = 0;
  toml::table capacity;
  toml::table initial_occupancy;
  for (std::size_t i = 0; i < regions->size(); ++i) {
    const std::string at = "regions[" + std::to_string(i) + "]";
    const toml::table* region = regions->get(i)->as_table();
    if (region == nullptr) {
      refuse_at(
          base_source, *regions->get(i), at,
          "expected a table to take [provision] from, got " + describe_value(*regions->get(i)));
    }
    const toml::node* population = region->get("population");
    if (population == nullptr) {
      refuse_at(base_source, *region, at + ".population",
                "missing; expected the residents the region's places are for, to take [provision] "
                "from");
    }
    add_figure(base_source, *population, at + ".population", residents);
    if (const toml::node* c = region->get("coordinators"); c != nullptr)
      add_figure(base_source, *c, at + ".coordinators", coordinators);
    add_per_level(base_source, region->get("capacity"), at + ".capacity", capacity);
    add_per_level(base_source, region->get("initial_occupancy"), at + ".initial_occupancy",
                  initial_occupancy);
  }
  toml::table out;
  out.insert("residents", residents);
  out.insert("capacity", std::move(capacity));
  if (!initial_occupancy.empty()) out.insert("initial_occupancy", std::move(initial_occupancy));
  out.insert("coordinators", coordinators);
  return out;
}

}  // namespace

void take_provision_from_base(toml::table& doc, toml::table& base, const ScenarioSource& source,
                              const ScenarioSource& base_source) {
  toml::table* provision = doc.get_as<toml::table>("provision");
  const toml::node* from = provision != nullptr ? provision->get("from") : nullptr;
  if (from == nullptr) return;
  const auto* name = from->as_string();
  if (name == nullptr || name->get() != "base") {
    refuse_at(source, *from, "provision.from",
              "expected \"base\" (the base scenario's provision per resident), got " +
                  describe_value(*from));
  }
  if (const toml::node* residents = provision->get("residents"); residents != nullptr) {
    refuse_at(source, *residents, "provision.residents",
              "expected no residents beside from = \"base\": the base's figures are for the base's "
              "residents");
  }
  toml::table* own = base.get_as<toml::table>("provision");
  toml::table taken =
      own != nullptr ? std::move(*own) : summed_regions(base, source, base_source, *from);
  for (auto&& [key, node] : *provision) {
    if (key.str() == "from") continue;
    toml::table* into = taken.get_as<toml::table>(key.str());
    toml::table* entries = node.as_table();
    const bool per_level = key.str() == "capacity" || key.str() == "initial_occupancy";
    if (per_level && into != nullptr && entries != nullptr) {
      for (auto&& [level, value] : *entries)
        move_into(*into, level, std::move(value));
    } else {
      move_into(taken, key, std::move(node));
    }
  }
  *provision = std::move(taken);
}

}  // namespace retzef::experiments
