// [[regions]]: the regions served, their people, coordinators and capacity per level. A
// region is one logical process of the simulation, so its expected head-count is capped here
// to keep one typo from asking for more memory than any machine has.
#include <algorithm>
#include <string>
#include <vector>

#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

constexpr double kMaxPopulation = 1e9;
constexpr double kMaxCapacity = 10'000'000;
constexpr double kMaxCoordinators = 10'000'000;
constexpr double kMaxPeopleInSystem = 50'000'000;

// A table keyed by level name (`capacity`, `initial_occupancy`): each entry of a known level is
// handed to `read` with the level's index; unknown names are reported with the closest names.
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

void read_capacity(TableReader& t, const Scenario& s, RegionSpec& region) {
  read_per_level(t, "capacity", s,
                 [&](TableReader& c, const toml::key&, const toml::node& value,
                     const std::string& path, std::size_t level) {
                   const auto x =
                       read_integer(value, path, Bounds::between(0, kMaxCapacity), c.log());
                   if (x) region.capacity[level] = static_cast<std::uint32_t>(*x);
                 });
}

// The largest multiplier the surges reach together on group `g` in region `r`, as the model
// thins them.
double surge_peak(const Scenario& s, std::size_t g, std::uint32_t r) {
  double product = 1;
  for (const auto& surge : s.surges) {
    if (std::find(surge.groups.begin(), surge.groups.end(), g) == surge.groups.end()) continue;
    if (!surge.applies_in(r)) continue;
    double peak = 0;
    for (const auto& point : surge.points)
      peak = std::max(peak, point[1]);
    product *= peak;
  }
  return product;
}

// Everyone present at the start plus every new case over the horizon, as if nobody left and
// every surge stayed at its peak throughout (an upper bound, as the guard needs).
double expected_people(const Scenario& s, std::uint32_t r) {
  const RegionSpec& region = s.regions[r];
  double prevalence = 0;
  double incidence = 0;
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    prevalence += s.groups[g].prevalence;
    incidence += s.groups[g].incidence_per_1000 * std::max(1.0, surge_peak(s, g, r));
  }
  const auto population = static_cast<double>(region.population);
  return population * prevalence +
         population * incidence / 1000 * region.incidence_factor * s.horizon_days / 365;
}

// People placed at the start: only in levels with places, and no more than the region has.
void read_initial_occupancy(TableReader& t, const Scenario& s, RegionSpec& region) {
  read_per_level(t, "initial_occupancy", s,
                 [&](TableReader& c, const toml::key& name, const toml::node& value,
                     const std::string& path, std::size_t level) {
                   if (s.levels[level].capacity_unit == CapacityUnit::unlimited) {
                     c.log().add(position_of(name), path,
                                 "expected a level with places (" + std::string(name.str()) +
                                     " is unlimited: who is in it at the start is the policy's "
                                     "choice)");
                     return;
                   }
                   const auto places = region.capacity[level];
                   const auto x = read_integer(value, path, Bounds::between(0, places), c.log());
                   if (x) region.initial_occupancy[level] = static_cast<std::uint32_t>(*x);
                 });
}

// The region's staff (docs/model.md, "Staff"): `vacancy` and `fill_days` for every
// profession, and `workforce`, by profession, for those that differ.
void read_workforce(TableReader& t, const Scenario& s, RegionSpec& region) {
  WorkforceSpec all;
  // A post empty for good (vacancy 1) never fills: at most 0.95, at least a day to fill one.
  const auto vacancy = Bounds::between(0, 0.95);
  const auto fill_days = Bounds::between(1, 3650);
  t.number("vacancy", all.vacancy, vacancy);
  t.number("fill_days", all.fill_days, fill_days);
  // Ten times the turnover at the first extra person per place is already a rout.
  t.number("burnout", region.burnout, Bounds::between(0, 10));
  region.workforce.fill(all);
  t.table("workforce", Need::optional, [&](TableReader& w) {
    for (std::size_t p = 0; p < s.professions.size(); ++p) {
      w.table(s.professions[p], Need::optional, [&](TableReader& one) {
        one.number("vacancy", region.workforce[p].vacancy, vacancy);
        one.number("fill_days", region.workforce[p].fill_days, fill_days);
        // Posts funded apart from the places; a million in one region is a typo.
        one.integer("posts", region.workforce[p].posts, Bounds::between(0, 1e6));
      });
    }
  });
}

RegionSpec read_region(TableReader& t, const Scenario& s) {
  RegionSpec region;
  t.name("name", region.name, Need::required);
  // A pathway network moves anonymous arrivals and counts per year: it has no population, and
  // a region of one person stands for it when the key is left out.
  const bool network = s.policy.name == "pathway";
  if (network) region.population = 1;
  t.integer("population", region.population, Bounds::between(1, kMaxPopulation),
            network ? Need::optional : Need::required);
  t.integer("coordinators", region.coordinators, Bounds::between(0, kMaxCoordinators));
  t.number("incidence_factor", region.incidence_factor, factor_bounds());
  read_capacity(t, s, region);
  read_initial_occupancy(t, s, region);
  read_workforce(t, s, region);
  return region;
}

}  // namespace

void check_people_in_regions(TableReader& root, const Scenario& s) {
  const toml::node* regions = root.table().get("regions");
  const toml::array* array = regions != nullptr ? regions->as_array() : nullptr;
  if (array == nullptr) return;
  for (std::size_t i = 0; i < s.regions.size() && i < array->size(); ++i) {
    const toml::table* table = array->get(i)->as_table();
    const toml::node* population = table != nullptr ? table->get("population") : nullptr;
    const double people = expected_people(s, static_cast<std::uint32_t>(i));
    if (population == nullptr || people <= kMaxPeopleInSystem) continue;
    root.log().add(position_of(*population), "regions[" + std::to_string(i) + "].population",
                   "expected at most 50000000 people in the system per region, got " +
                       format_number(people) +
                       " (population × Σprevalence + population × Σ(incidence_per_1000 × "
                       "surge peak) / 1000 × incidence_factor × horizon_days / 365)");
  }
}

void read_regions(TableReader& root, Scenario& s) {
  DeclaredNames names;
  root.tables("regions", Need::required, [&](TableReader& t, std::size_t) {
    check_name_is_new(t, names, "regions");
    s.regions.push_back(read_region(t, s));
    names.try_emplace(s.regions.back().name, s.regions.size() - 1);
  });
  check_count(root, "regions", kMaxRegions);
  // An unlimited level has no number to write; the model still compares against one.
  for (std::size_t l = 0; l < s.levels.size() && l < kMaxLevels; ++l) {
    if (s.levels[l].capacity_unit != CapacityUnit::unlimited) continue;
    for (auto& region : s.regions)
      region.capacity[l] = kUnlimited;
  }
}

}  // namespace retzef::models
