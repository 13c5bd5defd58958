// The readers of the parts of a scenario file, one per top-level table. The loader calls them
// in this order, because each resolves names against the parts read before it: groups weigh
// age bands and entry points, levels name payers and the groups and age bands they serve,
// the provision and regions size levels and count groups, referrals link regions, surges name
// groups, the pathway routes between levels.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "models/scenario.hpp"
#include "models/scenario_file/input_reader.hpp"

namespace retzef::models {

/// Largest region count: a region is one logical process, and more would be a typo.
inline constexpr std::size_t kMaxRegions = 4096;

void read_settings(TableReader& root, Scenario& s);  ///< [scenario]
void read_policy(TableReader& root, Scenario& s);    ///< [policy]
void read_groups(TableReader& root, Scenario& s);    ///< [[groups]]
void read_levels(TableReader& root, Scenario& s);    ///< [[levels]]
/// Records a problem at each group that some acuity leaves without a level in its remit.
void check_every_group_served(TableReader& root, const Scenario& s);
void read_provision(TableReader& root, Scenario& s);  ///< [provision]
void read_regions(TableReader& root, Scenario& s);    ///< [[regions]]
void read_referrals(TableReader& root, Scenario& s);  ///< [[referrals]]
/// Records a problem at each `provides_for` region that has places of its own at the level, or
/// is not referred to the region for it (so it runs after the referrals are read).
void check_provided_for(TableReader& root, const Scenario& s);
void read_surges(TableReader& root, Scenario& s);  ///< [[surges]]
/// Records a problem at each region whose people could outgrow memory: everyone present plus
/// every new case, with the surges at their peak (so it runs after the surges are read).
void check_people_in_regions(TableReader& root, const Scenario& s);
void read_pathway(TableReader& root, Scenario& s);  ///< [pathway]

/// `length_of_stay = { distribution = …, … }`.
void read_duration(TableReader& table, DurationSpec& out);

/// `key = [[day, multiplier], …]`: the points of a piecewise-linear multiplier over days
/// (piecewise_curve.hpp) — days ≥ 0 and rising, multipliers 0 … kMaxSurgeMultiplier, at least
/// one point. Left empty when absent or wrong (the problem is logged).
void read_curve_points(TableReader& t, std::string_view key, Need need,
                       std::vector<std::array<double, 2>>& out);

}  // namespace retzef::models
