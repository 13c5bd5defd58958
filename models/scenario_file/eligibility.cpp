// Eligibility: every group must have somewhere to go at every acuity the scenario's levels
// treat at all. A level's remit (serves, serves_age_bands) narrows who it takes; narrowed too
// far, some people could never be treated at some acuity, which a planner means only rarely.
// Acuity 0 (remission) needs no care, and an acuity no level treats for anyone is the design's
// own choice (a network without a crisis level), not a gap in a remit.
#include <array>
#include <string>
#include <vector>

#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

bool treats(const LevelSpec& level, std::size_t acuity) {
  return level.kind != LevelKind::none && level.acuity[0] <= acuity && acuity <= level.acuity[1];
}

// The acuities some level treats, for anyone.
std::array<bool, kAcuityLevels> treated_acuities(const Scenario& s) {
  std::array<bool, kAcuityLevels> out{};
  for (const auto& level : s.levels) {
    for (std::size_t a = 1; a < kAcuityLevels; ++a)
      out[a] = out[a] || treats(level, a);
  }
  return out;
}

// "acuity 3; acuity 4 (age band "65+")": the acuities at which the group's people (of the age
// bands it has) have no level in whose remit they are, or "" when there are none.
std::string gaps_of(const Scenario& s, std::size_t group,
                    const std::array<bool, kAcuityLevels>& treated) {
  const GroupSpec& g = s.groups[group];
  std::size_t bands_present = 0;
  for (std::size_t b = 0; b < g.age_mix.size(); ++b)
    bands_present += g.age_mix[b] > 0 ? 1 : 0;
  std::string out;
  for (std::size_t a = 1; a < kAcuityLevels; ++a) {
    if (!treated[a]) continue;
    std::vector<std::string> missing;
    for (std::size_t b = 0; b < g.age_mix.size() && b < s.age_bands.size(); ++b) {
      if (!(g.age_mix[b] > 0)) continue;
      bool served = false;
      for (const auto& level : s.levels)
        served = served || (treats(level, a) && in_remit(level, group, b));
      if (!served) missing.push_back("\"" + s.age_bands[b] + "\"");
    }
    if (missing.empty()) continue;
    if (!out.empty()) out += "; ";
    out += "acuity " + std::to_string(a);
    if (missing.size() < bands_present) {
      out += missing.size() == 1 ? " (age band " : " (age bands ";
      for (std::size_t i = 0; i < missing.size(); ++i)
        out += (i == 0 ? "" : ", ") + missing[i];
      out += ")";
    }
  }
  return out;
}

}  // namespace

void check_every_group_served(TableReader& root, const Scenario& s) {
  // Too many groups is reported already, and their remits could not be told apart.
  if (s.levels.empty() || s.groups.size() > kMaxGroups) return;
  const toml::array* tables = root.table().get_as<toml::array>("groups");
  if (tables == nullptr || tables->size() != s.groups.size()) return;  // already reported
  const auto treated = treated_acuities(s);
  for (std::size_t i = 0; i < s.groups.size(); ++i) {
    const std::string gaps = gaps_of(s, i, treated);
    if (gaps.empty()) continue;
    const toml::table* t = tables->get(i)->as_table();
    const toml::node* name = t != nullptr ? t->get("name") : nullptr;
    const std::string path = "groups[" + std::to_string(i) + "].name";
    root.log().add(name != nullptr ? position_of(*name) : position_of(*tables->get(i)), path,
                   "no level serves group \"" + s.groups[i].name + "\" at " + gaps +
                       "; add it to the serves (and serves_age_bands) of a level treating "
                       "that acuity");
  }
}

}  // namespace retzef::models
