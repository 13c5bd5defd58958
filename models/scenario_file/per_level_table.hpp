// A table keyed by level name (`capacity = { inpatient = 125, … }`, `initial_occupancy`,
// `provides_for`): the regions and the provision read theirs the same way, each known level's
// entry handed on with the level's index and an unknown name reported with the closest names;
// and one entry of `initial_occupancy`, which both bound by places the same way.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "models/scenario.hpp"
#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/input_reader.hpp"

namespace retzef::models {

/// Calls `read(table, key, value, path, level)` for each entry of `t.key` that names a level.
template <class Read>
void read_per_level(TableReader& t, const char* key, const Scenario& s, Read read) {
  const auto levels = names_of(s.levels);
  t.table(key, Need::optional, [&](TableReader& c) {
    c.entries([&](const toml::key& name, const toml::node& value, const std::string& path) {
      const auto it = std::find(levels.begin(), levels.end(), name.str());
      if (it == levels.end()) {
        c.log().add(position_of(name), path, unknown_name_message(name.str(), levels, "level"));
        return;
      }
      const auto level = static_cast<std::size_t>(it - levels.begin());
      // Levels past kMaxLevels are already a problem of their own.
      if (level < kMaxLevels) read(c, name, value, path, level);
    });
  });
}

/// One `initial_occupancy` entry (a region's or the provision's): people at a level with
/// places, 0 … `places`; nothing, and a problem at the entry, at an unlimited level (who is in
/// it at the start is the policy's choice) or out of bounds.
std::optional<std::uint32_t> read_people_at_start(TableReader& c, const Scenario& s,
                                                  const toml::key& name, const toml::node& value,
                                                  const std::string& path, std::size_t level,
                                                  double places);

}  // namespace retzef::models
