// [[groups]]: the diagnostic groups of the population, each with its size, onset and the
// yearly rates that move people between acuity levels.
#include <string>
#include <vector>

#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

// More than one new case per person per year is a unit mistake (per 1,000 is the unit).
constexpr double kMaxIncidencePer1000 = 1000;
// Siblings of one household; more than a dozen children is a typo.
constexpr double kMaxHouseholdSize = 12;

void read_functioning_start(TableReader& t, GroupSpec& g) {
  std::array<double, 2> range = g.functioning_start;
  t.numbers("functioning_start", range, Bounds::between(0, 1));
  if (range[0] > range[1]) {
    t.log().add(position_of(*t.get("functioning_start")), t.child("functioning_start"),
                "expected [lowest, highest] with lowest ≤ highest, got [" +
                    format_number(range[0]) + ", " + format_number(range[1]) + "]");
    return;
  }
  g.functioning_start = range;
}

// A mix over a list declared in [scenario]: uniform unless given.
void read_mix(TableReader& t, std::string_view key, std::vector<double>& out, std::size_t count) {
  out.assign(count, 1.0 / static_cast<double>(count));
  t.weights(key, out, count);
}

GroupSpec read_group(TableReader& t, const Scenario& s) {
  GroupSpec g;
  t.name("name", g.name, Need::required);
  t.number("prevalence", g.prevalence, Bounds::between(0, 1));
  t.number("incidence_per_1000", g.incidence_per_1000, Bounds::between(0, kMaxIncidencePer1000));
  t.weights("initial_acuity", g.initial_acuity, Need::required);
  t.weights("onset_acuity", g.onset_acuity, Need::required);
  t.numbers("worsen_per_year", g.worsen_per_year, rate_bounds(), Need::required);
  t.numbers("improve_per_year", g.improve_per_year, rate_bounds(), Need::required);
  t.numbers("crisis_per_year", g.crisis_per_year, rate_bounds(), Need::required);
  t.numbers("functioning_per_year", g.functioning_per_year,
            Bounds::between(-kMaxRatePerYear, kMaxRatePerYear));
  read_functioning_start(t, g);
  t.number("involuntary_share", g.involuntary_share, Bounds::between(0, 1));
  t.number("family_support", g.family_support, Bounds::between(0, 1));
  t.number("exit_per_year", g.exit_per_year, rate_bounds());
  t.number("remission_exit_days", g.remission_exit_days, Bounds::between(0, kLongestStayDays));
  t.number("known_at_start", g.known_at_start, Bounds::between(0, 1));
  read_mix(t, "age_mix", g.age_mix, s.age_bands.size());
  read_mix(t, "entry_mix", g.entry_mix, s.entry_points.size());
  t.boolean("needs_coordinator", g.needs_coordinator);
  t.integer("household_size", g.household_size, Bounds::between(1, kMaxHouseholdSize));
  return g;
}

// The groups share one population, so their shares cannot add up to more than all of it.
void check_prevalence_sum(TableReader& root, const Scenario& s) {
  double sum = 0;
  for (const auto& g : s.groups)
    sum += g.prevalence;
  if (sum <= 1 + 1e-9) return;
  root.log().add(position_of(*root.table().get("groups")), "groups",
                 "expected prevalences summing to at most 1 (the groups share one "
                 "population), got sum " +
                     format_number(sum));
}

}  // namespace

void read_groups(TableReader& root, Scenario& s) {
  // A pathway network moves anonymous arrivals; every other policy needs a population.
  const Need need = s.policy.name == "pathway" ? Need::optional : Need::required;
  DeclaredNames names;
  root.tables("groups", need, [&](TableReader& t, std::size_t) {
    check_name_is_new(t, names, "groups");
    s.groups.push_back(read_group(t, s));
    names.try_emplace(s.groups.back().name, s.groups.size() - 1);
  });
  check_count(root, "groups", kMaxGroups);
  check_prevalence_sum(root, s);
}

}  // namespace retzef::models
