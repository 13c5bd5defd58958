#include "models/scenario_file/per_level_table.hpp"

namespace retzef::models {

std::optional<std::uint32_t> read_people_at_start(TableReader& c, const Scenario& s,
                                                  const toml::key& name, const toml::node& value,
                                                  const std::string& path, std::size_t level,
                                                  double places) {
  if (s.levels[level].capacity_unit == CapacityUnit::unlimited) {
    c.log().add(position_of(name), path,
                "expected a level with places (" + std::string(name.str()) +
                    " is unlimited: who is in it at the start is the policy's choice)");
    return std::nullopt;
  }
  const auto x = read_integer(value, path, Bounds::between(0, places), c.log());
  if (!x) return std::nullopt;
  return static_cast<std::uint32_t>(*x);
}

}  // namespace retzef::models
