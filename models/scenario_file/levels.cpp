// [[levels]]: the care levels, each with its kind, admission rules, length of stay, cost and
// effect on the course of illness.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario_file/declared_names.hpp"
#include "models/scenario_file/plausible.hpp"
#include "models/scenario_file/sections.hpp"

namespace retzef::models {

namespace {

constexpr std::array<std::string_view, 12> kLevelKinds{"none",
                                                       "emergency",
                                                       "inpatient",
                                                       "day_care",
                                                       "balancing_house",
                                                       "home_care",
                                                       "act",
                                                       "clinic",
                                                       "primary_care",
                                                       "rehabilitation",
                                                       "placement",
                                                       "family_intervention"};
// The usual ladder of restrictiveness, by LevelKind; a scenario may reorder it. A child's
// removal from home is above everything; a family's home intervention is home care's rung.
constexpr std::array<std::uint32_t, 12> kDefaultRestrictiveness{0, 6, 7, 4, 5, 4, 3, 2, 1, 2, 8, 4};
constexpr std::array<std::string_view, 5> kCapacityUnits{"beds", "places", "caseload", "unlimited",
                                                         "families"};
constexpr double kMaxQueueLimit = 1e9;

void read_acuity_range(TableReader& t, LevelSpec& level) {
  const toml::node* node = t.get("acuity");
  if (node == nullptr) return;
  const std::string path = t.child("acuity");
  const toml::array* array = node->as_array();
  if (array == nullptr || array->size() != 2) {
    t.log().add(position_of(*node), path,
                "expected [lowest, highest], two integers in [0, 4], got " +
                    (array == nullptr ? describe_value(*node) : count_of(array->size(), "value")));
    return;
  }
  std::array<std::int64_t, 2> range{};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto x = read_integer(*array->get(i), path + "[" + std::to_string(i) + "]",
                                Bounds::between(0, kAcuityLevels - 1), t.log());
    if (!x) return;
    range[i] = *x;
  }
  if (range[0] > range[1]) {
    t.log().add(position_of(*node), path,
                "expected lowest ≤ highest, got [" + std::to_string(range[0]) + ", " +
                    std::to_string(range[1]) + "]");
    return;
  }
  level.acuity = {static_cast<std::uint8_t>(range[0]), static_cast<std::uint8_t>(range[1])};
}

// The remit: which groups and age bands the level serves (all unless given). A pathway
// network's arrivals have no group or age, so a remit there would silently admit nobody.
void read_remit(TableReader& t, LevelSpec& level, const Scenario& s) {
  if (s.policy.name == "pathway") {
    for (const std::string_view key : {"serves", "serves_age_bands"}) {
      if (const toml::node* node = t.get(key)) {
        t.log().add(position_of(*node), t.child(key),
                    "a pathway network's arrivals have no group or age band; remove it");
      }
    }
    return;
  }
  std::vector<std::uint32_t> groups;
  t.references("serves", groups, names_of(s.groups), "group");
  if (!groups.empty()) {
    level.serves_groups = 0;
    for (const auto g : groups) {
      if (g < kMaxGroups) level.serves_groups |= static_cast<GroupSet>(GroupSet{1} << g);
    }
  }
  std::vector<std::uint32_t> bands;
  t.references("serves_age_bands", bands, s.age_bands, "age band");
  if (!bands.empty()) {
    level.serves_age_bands = 0;
    for (const auto b : bands)
      level.serves_age_bands |= AgeBandSet{1} << b;
  }
}

void read_staff(TableReader& t, const Scenario& s, StaffMix& staff) {
  t.table("staff", Need::optional, [&](TableReader& m) {
    // Full-time staff per place; a hundred per place is a typo, not a level.
    for (std::size_t p = 0; p < s.professions.size(); ++p)
      m.number(s.professions[p], staff.per_place[p], Bounds::between(0, 100));
  });
}

void read_effects(TableReader& t, LevelSpec& level) {
  t.number("improve_factor", level.improve_factor, factor_bounds());
  t.number("worsen_factor", level.worsen_factor, factor_bounds());
  t.number("crisis_factor", level.crisis_factor, factor_bounds());
  t.number("functioning_factor", level.functioning_factor, factor_bounds());
}

// The medical policy goes to levels by kind (its ER, ward, clinic, basket) and has no rule for a
// child's placement or a family's home intervention: under it the children would never be
// placed anywhere. The policies that place by need do (docs/model.md, "Families").
void check_kind_has_a_rule(TableReader& t, LevelKind kind, const Scenario& s) {
  if (kind != LevelKind::placement && kind != LevelKind::family_intervention) return;
  if (s.policy.name != "medical") return;
  t.log().add(position_of(*t.get("kind")), t.child("kind"),
              "the medical policy has no rule for a level of kind " +
                  std::string(kLevelKinds[static_cast<std::size_t>(kind)]) +
                  "; use a policy that places by need (recovery, cost_target)");
}

LevelSpec read_level(TableReader& t, const Scenario& s) {
  LevelSpec level;
  t.name("name", level.name, Need::required);
  if (t.choice("kind", level.kind, kLevelKinds, Need::required)) {
    level.restrictiveness = kDefaultRestrictiveness[static_cast<std::size_t>(level.kind)];
    check_kind_has_a_rule(t, level.kind, s);
  }
  t.choice("capacity_unit", level.capacity_unit, kCapacityUnits);
  t.integer("restrictiveness", level.restrictiveness, Bounds::between(0, 1000));
  read_acuity_range(t, level);
  t.boolean("voluntary_only", level.voluntary_only);
  t.boolean("needs_family_support", level.needs_family_support);
  read_remit(t, level, s);
  t.table("length_of_stay", Need::required,
          [&level](TableReader& d) { read_duration(d, level.length_of_stay); });
  t.number("cost_per_day", level.cost_per_day, Bounds::at_least(0));
  t.reference("payer", level.payer, s.payers, "payer");
  t.integer("queue_limit", level.queue_limit, Bounds::between(0, kMaxQueueLimit));
  t.number("max_wait_days", level.max_wait_days, Bounds::between(0, kLongestStayDays));
  t.number("overflow", level.overflow, Bounds::between(0, 1));
  read_effects(t, level);
  read_staff(t, s, level.staff);
  return level;
}

}  // namespace

std::string_view level_kind_name(LevelKind kind) {
  return kLevelKinds.at(static_cast<std::size_t>(kind));
}

void read_levels(TableReader& root, Scenario& s) {
  DeclaredNames names;
  root.tables("levels", Need::required, [&](TableReader& t, std::size_t) {
    check_name_is_new(t, names, "levels");
    s.levels.push_back(read_level(t, s));
    names.try_emplace(s.levels.back().name, s.levels.size() - 1);
  });
  check_count(root, "levels", kMaxLevels);
}

}  // namespace retzef::models
