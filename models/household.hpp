// A household: siblings of one family, who arrive together (GroupSpec::household_size) and
// share a place at a level counted in families (CapacityUnit::families) — a family
// intervention's caseload is families, however many of their children it works with. The first
// member to enter such a level takes the place, the last to leave frees it; the record counts
// who of the household is where, so that the place is the household's and not a member's.
// Households live beside the people of their region, in slots reused after the last member
// leaves, as people's are.
#pragma once

#include <array>
#include <cstdint>
#include <limits>

#include "models/scenario.hpp"

namespace retzef::models {

inline constexpr std::uint32_t kNoHousehold = std::numeric_limits<std::uint32_t>::max();

struct Household {
  std::uint32_t members = 0;                     ///< members still in the system
  std::uint32_t group = 0;                       ///< the condition group of its members
  std::uint32_t first = 0;                       ///< the slot of its first member
  std::uint32_t number = 0;                      ///< the region's count of households before it
  std::array<std::uint8_t, kMaxLevels> at{};     ///< members at each level (families levels only)
  std::array<double, kMaxLevels> place_since{};  ///< when the household took its place there
};

/// True if a level's kind is one of the family services (a child's placement, a family's home
/// intervention).
constexpr bool is_family_level(LevelKind kind) {
  return kind == LevelKind::placement || kind == LevelKind::family_intervention;
}

/// True if the people of `group` come in households: siblings (household_size > 1), or a group
/// a family service serves, whose families the indicators count.
inline bool forms_households(const Scenario& s, std::size_t group) {
  if (s.groups[group].household_size > 1) return true;
  for (const auto& level : s.levels) {
    if (is_family_level(level.kind) && ((level.serves_groups >> group) & 1u) != 0) return true;
  }
  return false;
}

/// True if a member of `household` at `level` shares its household's place there rather than
/// taking one of their own: the level counts families and the person has a household.
inline bool placed_by_family(const LevelSpec& level, std::uint32_t household) {
  return level.capacity_unit == CapacityUnit::families && household != kNoHousehold;
}

/// True if `household` already holds a place at `level`, so that another member entering it
/// takes none.
inline bool holds_family_place(const LevelSpec& level, const Household* households,
                               std::uint32_t household, std::uint32_t level_index) {
  return placed_by_family(level, household) && households[household].at[level_index] > 0;
}

}  // namespace retzef::models
