// [[regions]]: the regions served, their people, coordinators and capacity per level, each
// figure the region's own or, where its table leaves it out, its share of [provision] by the
// residents it serves (provision.cpp). A region is one logical process of the simulation, so its
// expected head-count is capped here to keep one typo from asking for more memory than any
// machine has.
#include <algorithm>
#include <bitset>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/per_level_table.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/provision.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

constexpr double kMaxPeopleInSystem = 50'000'000;

/// What a region's own table says, beside the values read: which levels' figures it gives,
/// and so which are left to [provision].
struct OwnFigures {
  std::bitset<kMaxLevels> capacity;
  std::bitset<kMaxLevels> initial_occupancy;
};

/// Every region's name and population, read ahead of the regions themselves: a region's
/// `provides_for` may name one further down the file, whose people its provision counts.
struct RegionPopulations {
  std::vector<std::string> names;
  std::vector<std::uint64_t> people;
};

/// The file's [[regions]] as written, for the checks that read them again after every region
/// is known; nothing when it is not an array (a problem the reader reports).
const toml::array* regions_array(const TableReader& root) {
  const toml::node* regions = root.table().get("regions");
  return regions != nullptr ? regions->as_array() : nullptr;
}

RegionPopulations region_populations(const TableReader& root) {
  RegionPopulations out;
  const toml::array* array = regions_array(root);
  if (array == nullptr) return out;
  for (const toml::node& element : *array) {
    const toml::table* t = element.as_table();
    const auto* name = t != nullptr ? t->get_as<std::string>("name") : nullptr;
    const auto* population = t != nullptr ? t->get_as<std::int64_t>("population") : nullptr;
    out.names.push_back(name != nullptr ? name->get() : std::string());
    // A bad population is the region's own problem, reported when it is read.
    out.people.push_back(population != nullptr && population->get() > 0
                             ? static_cast<std::uint64_t>(population->get())
                             : 0);
  }
  return out;
}

void read_capacity(TableReader& t, const Scenario& s, RegionSpec& region, OwnFigures& own) {
  read_per_level(t, "capacity", s,
                 [&](TableReader& c, const toml::key&, const toml::node& value,
                     const std::string& path, std::size_t level) {
                   own.capacity.set(level);
                   const auto x =
                       read_integer(value, path, Bounds::between(0, kMaxCapacity), c.log());
                   if (x) region.capacity[level] = static_cast<std::uint32_t>(*x);
                 });
}

// `provides_for = { inpatient = ["judea_samaria"] }`: regions without a level of their own
// whose residents this region's share of [provision] at that level counts too.
void read_provides_for(TableReader& t, const Scenario& s, const RegionPopulations& all,
                       const OwnFigures& own, RegionSpec& region) {
  read_per_level(t, "provides_for", s,
                 [&](TableReader& c, const toml::key& name, const toml::node&,
                     const std::string& path, std::size_t level) {
                   const std::string level_name(name.str());
                   if (!s.provision.capacity[level] || own.capacity.test(level)) {
                     c.log().add(
                         position_of(name), path,
                         "expected a level whose places this region takes from [provision], got " +
                             level_name +
                             (own.capacity.test(level) ? " (its own capacity gives them)"
                                                       : " ([provision] gives none)"));
                     return;
                   }
                   c.references(level_name, region.provides_for[level], all.names, "region");
                   for (const auto q : region.provides_for[level]) {
                     if (q >= all.names.size() || all.names[q] != region.name) continue;
                     c.log().add(position_of(name), path,
                                 "expected other regions, got " + region.name + " itself");
                   }
                 });
}

// The people a region's provision at `level` is for: its own and those it provides for.
std::uint64_t residents_served(const RegionSpec& region, const RegionPopulations& all,
                               std::size_t level) {
  std::uint64_t served = region.population;
  for (const auto q : region.provides_for[level]) {
    if (q < all.people.size()) served += all.people[q];
  }
  return served;
}

// [provision]'s `figure` scaled to the region's `served` residents: nothing, and a problem at
// the region's `key`, when that is more than `most` (`why` says what the bound is).
std::optional<std::uint32_t> provision_share(TableReader& t, const Scenario& s,
                                             const std::string& key, std::uint32_t figure,
                                             std::uint64_t served, double most,
                                             const std::string& why) {
  const auto share = share_of(figure, served, s.provision.residents);
  if (share && static_cast<double>(*share) <= most) return static_cast<std::uint32_t>(*share);
  t.log().add(t.position(), t.child(key),
              "expected at most " + format_number(most) + " (" + why + "), got " +
                  (share ? std::to_string(*share) : "more than 2^64") +
                  ", [provision]'s share for the " + std::to_string(served) +
                  " residents it serves");
  return std::nullopt;
}

void share_capacity(TableReader& t, const Scenario& s, const RegionPopulations& all,
                    const OwnFigures& own, RegionSpec& region) {
  for (std::size_t l = 0; l < s.levels.size() && l < kMaxLevels; ++l) {
    const auto& figure = s.provision.capacity[l];
    if (!figure || own.capacity.test(l)) continue;
    const auto share =
        provision_share(t, s, "capacity." + s.levels[l].name, *figure,
                        residents_served(region, all, l), kMaxCapacity, "the most a level has");
    if (share) region.capacity[l] = *share;
  }
}

void share_initial_occupancy(TableReader& t, const Scenario& s, const RegionPopulations& all,
                             const OwnFigures& own, RegionSpec& region) {
  for (std::size_t l = 0; l < s.levels.size() && l < kMaxLevels; ++l) {
    const auto& figure = s.provision.initial_occupancy[l];
    if (!figure || own.initial_occupancy.test(l)) continue;
    const std::string key = "initial_occupancy." + s.levels[l].name;
    const auto share =
        provision_share(t, s, key, *figure, residents_served(region, all, l), region.capacity[l],
                        "the region's places; give its own " + key);
    if (share) region.initial_occupancy[l] = *share;
  }
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
void read_initial_occupancy(TableReader& t, const Scenario& s, RegionSpec& region,
                            OwnFigures& own) {
  read_per_level(t, "initial_occupancy", s,
                 [&](TableReader& c, const toml::key& name, const toml::node& value,
                     const std::string& path, std::size_t level) {
                   own.initial_occupancy.set(level);
                   if (const auto x = read_people_at_start(c, s, name, value, path, level,
                                                           region.capacity[level])) {
                     region.initial_occupancy[level] = *x;
                   }
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

RegionSpec read_region(TableReader& t, const Scenario& s, const RegionPopulations& all) {
  RegionSpec region;
  t.name("name", region.name, Need::required);
  // A pathway network moves anonymous arrivals and counts per year: it has no population, and
  // a region of one person stands for it when the key is left out.
  const bool network = s.policy.name == "pathway";
  if (network) region.population = 1;
  t.integer("population", region.population, Bounds::between(1, kMaxPopulation),
            network ? Need::optional : Need::required);
  if (t.table().contains("coordinators") || !s.provision.coordinators) {
    t.integer("coordinators", region.coordinators, Bounds::between(0, kMaxCoordinators));
  } else if (const auto share =
                 provision_share(t, s, "coordinators", *s.provision.coordinators, region.population,
                                 kMaxCoordinators, "the most a region has")) {
    region.coordinators = *share;
  }
  t.number("incidence_factor", region.incidence_factor, factor_bounds());
  OwnFigures own;
  read_capacity(t, s, region, own);
  read_provides_for(t, s, all, own, region);
  share_capacity(t, s, all, own, region);
  read_initial_occupancy(t, s, region, own);
  share_initial_occupancy(t, s, all, own, region);
  read_workforce(t, s, region);
  return region;
}

}  // namespace

void check_people_in_regions(TableReader& root, const Scenario& s) {
  const toml::array* array = regions_array(root);
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
  const RegionPopulations all = region_populations(root);
  root.tables("regions", Need::required, [&](TableReader& t, std::size_t) {
    check_name_is_new(t, names, "regions");
    s.regions.push_back(read_region(t, s, all));
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

void check_provided_for(TableReader& root, const Scenario& s) {
  const toml::array* array = regions_array(root);
  if (array == nullptr) return;
  for (std::size_t r = 0; r < s.regions.size() && r < array->size(); ++r) {
    const toml::table* table = array->get(r)->as_table();
    const toml::node* provides = table != nullptr ? table->get("provides_for") : nullptr;
    const toml::table* per_level = provides != nullptr ? provides->as_table() : nullptr;
    if (per_level == nullptr) continue;
    for (std::size_t l = 0; l < s.levels.size() && l < kMaxLevels; ++l) {
      const toml::node* entry = per_level->get(s.levels[l].name);
      if (entry == nullptr) continue;
      const std::string path =
          "regions[" + std::to_string(r) + "].provides_for." + s.levels[l].name;
      for (const auto q : s.regions[r].provides_for[l]) {
        if (q >= s.regions.size() || q == r) continue;
        const RegionSpec& other = s.regions[q];
        // Its places would be counted twice: in its own share and in this region's.
        if (other.capacity[l] != 0) {
          root.log().add(position_of(*entry), path,
                         "expected regions without " + s.levels[l].name + " of their own, got " +
                             other.name + " with " + std::to_string(other.capacity[l]) +
                             " (give it capacity." + s.levels[l].name + " = 0)");
        }
        const bool referred =
            std::any_of(s.referrals.begin(), s.referrals.end(), [&](const ReferralSpec& referral) {
              return referral.from == q && referral.to == r &&
                     std::find(referral.levels.begin(), referral.levels.end(), l) !=
                         referral.levels.end();
            });
        if (!referred) {
          root.log().add(position_of(*entry), path,
                         "expected regions referred here for " + s.levels[l].name + ", got " +
                             other.name + " (no [[referrals]] from it to " + s.regions[r].name +
                             " for " + s.levels[l].name + ")");
        }
      }
    }
  }
}

}  // namespace retzef::models
