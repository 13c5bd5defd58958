// [scenario]: the run's identity, horizon, randomness and the name lists other tables use.
#include <array>
#include <string_view>
#include <utility>

#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

void read_horizon(TableReader& t, Scenario& s) {
  t.number("horizon_days", s.horizon_days, Bounds::above(0).at_most(kMaxHorizonDays));
  t.number("warmup_days", s.warmup_days, Bounds::at_least(0));
  if (s.warmup_days >= s.horizon_days) {
    const toml::node* warmup = t.get("warmup_days");
    t.log().add(warmup != nullptr ? position_of(*warmup) : t.position(), t.child("warmup_days"),
                "expected a number < horizon_days (" + format_number(s.horizon_days) + "), got " +
                    format_number(s.warmup_days) + (warmup != nullptr ? "" : " (the default)"));
  }
}

void set_default_name_lists(Scenario& s) {
  s.payers = {"health_fund", "ministry_of_health", "ministry_of_welfare"};
  s.entry_points = {"emergency_room", "family_doctor", "welfare", "education", "direct"};
  // The professions of the reform's staff pyramid; "other" for staff of no single one.
  s.professions = {"psychiatrists",           "nurses",       "psychologists", "social_workers",
                   "occupational_therapists", "coordinators", "peer_support",  "other"};
  s.age_bands = {"18-24", "25-44", "45-64", "65+"};
}

// NIS a year per full-time post with the employer's costs (assumption: public-sector pay
// scales, docs/parameters.md, "Staff"); a profession of another name has none unless given.
double default_salary(std::string_view profession) {
  constexpr std::array<std::pair<std::string_view, double>, 7> kSalaries{{
      {"psychiatrists", 720'000},
      {"nurses", 260'000},
      {"psychologists", 260'000},
      {"social_workers", 220'000},
      {"occupational_therapists", 220'000},
      {"peer_support", 150'000},
      {"other", 180'000},
  }};
  for (const auto& [name, salary] : kSalaries) {
    if (name == profession) return salary;
  }
  return 0;
}

// After the professions and the coordinators' cost: the coordinators' salary is their cost a
// day unless given.
void read_salaries(TableReader& t, Scenario& s) {
  for (std::size_t p = 0; p < s.professions.size(); ++p) {
    s.salaries[p] = s.professions[p] == "coordinators" ? s.coordinator_cost_per_day * 365
                                                       : default_salary(s.professions[p]);
  }
  t.table("salaries", Need::optional, [&](TableReader& m) {
    // A post costing more than 10 million NIS a year is a unit mistake.
    for (std::size_t p = 0; p < s.professions.size(); ++p)
      m.number(s.professions[p], s.salaries[p], Bounds::between(0, 1e7));
  });
}

void read_name_lists(TableReader& t, Scenario& s) {
  t.names("payers", s.payers, 1, kMaxPayers, true);
  // Entry points and age bands are labels in reports; only a count matters to the model,
  // and a level's remit is a bit per age band.
  constexpr std::size_t kMaxLabels = 64;
  t.names("entry_points", s.entry_points, 1, kMaxLabels, false);
  t.names("age_bands", s.age_bands, 1, kMaxAgeBands, false);
  t.names("professions", s.professions, 1, kMaxProfessions, true);
}

}  // namespace

std::string_view trace_level_name(TraceLevel level) {
  return kTraceLevelNames.at(static_cast<std::size_t>(level));
}

void read_settings(TableReader& root, Scenario& s) {
  // Set first so that later tables resolve names against something even when [scenario] or
  // one of its lists is wrong.
  set_default_name_lists(s);
  root.table("scenario", Need::required, [&s](TableReader& t) {
    t.name("name", s.name, Need::required);
    t.string("description", s.description);
    read_horizon(t, s);
    t.integer("seed", s.seed, Bounds::at_least(0));
    t.integer("replications", s.replications, Bounds::between(1, kMaxReplications));
    t.number("lookahead_days", s.lookahead_days, stay_bounds());
    t.choice("trace", s.trace, kTraceLevelNames);
    t.number("waiting_worsen_factor", s.waiting_worsen_factor, factor_bounds());
    t.number("over_restrictive_factor", s.over_restrictive_factor, factor_bounds());
    t.boolean("start_mid_stay", s.start_mid_stay);
    read_name_lists(t, s);
    t.number("coordinator_cost_per_day", s.coordinator_cost_per_day, Bounds::at_least(0));
    t.reference("coordinator_payer", s.coordinator_payer, s.payers, "payer");
    read_salaries(t, s);
  });
}

}  // namespace retzef::models
