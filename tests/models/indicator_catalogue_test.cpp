// The indicator catalogue: one entry per indicator a run forms, in the order the values come,
// with columns that agree with the scenario (each per-level, per-group and per-payer indicator
// names its level, group or payer, and its name is built from it), and a better direction for
// every indicator that the report scores.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/care_model.hpp"
#include "models/hospital_level.hpp"
#include "models/indicator_catalogue.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"

using namespace retzef;
using models::Better;
using models::IndicatorFamily;
using models::IndicatorSpec;
using models::Scenario;

namespace {

Scenario default_design(const std::string& name) {
  const std::filesystem::path root =
      std::filesystem::path(RETZEF_TEST_SCENARIOS).parent_path().parent_path().parent_path();
  return models::load_scenario((root / "experiments" / "scenarios" / (name + ".toml")).string());
}

const IndicatorSpec& entry(const std::vector<IndicatorSpec>& catalogue, const std::string& name) {
  for (const auto& i : catalogue) {
    if (i.name == name) return i;
  }
  FAIL("no catalogue entry " << name);
  return catalogue.front();
}

}  // namespace

TEST_CASE("indicator catalogue: one entry per value a run forms, names unique", "[indicators]") {
  for (const std::string design : {"medical", "recovery", "cost_target"}) {
    Scenario s = default_design(design);
    s.horizon_days = 120;
    s.warmup_days = 30;
    const auto catalogue = models::indicator_catalogue(s);
    std::set<std::string> names;
    for (const auto& i : catalogue)
      CHECK(names.insert(i.name).second);
    const models::CareModel model(s);
    sim::RunOptions o;
    o.end = s.horizon_days;
    o.seed = s.seed;
    const auto runs = sim::run_replications(model, o, 0, 1, 1);
    REQUIRE(runs.size() == 1);
    const auto values = models::indicators(runs[0].summary, s);
    CHECK(values.size() == catalogue.size());
    // The values come in the catalogue's order: the catalogue given or formed, the same values.
    const auto again = models::indicators(runs[0].summary, s, catalogue);
    REQUIRE(again.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      CHECK((std::isnan(values[i]) ? std::isnan(again[i]) : values[i] == again[i]));
    }
    // Totals of nothing form no value, but the catalogue does not depend on them.
    CHECK(models::indicators(models::RunTotals{}, s).size() == catalogue.size());
  }
}

TEST_CASE("indicator catalogue: columns agree with the scenario", "[indicators]") {
  const Scenario s = default_design("medical");
  REQUIRE(s.levels.size() > 1);
  REQUIRE(s.groups.size() > 1);
  REQUIRE(s.payers.size() > 1);
  const auto catalogue = models::indicator_catalogue(s);
  std::map<IndicatorFamily, std::set<std::uint32_t>> levels_of, groups_of, payers_of;
  std::set<std::pair<std::uint32_t, std::uint32_t>> group_payers;
  for (const auto& i : catalogue) {
    INFO(i.name);
    CHECK(!i.unit.empty());
    CHECK(!i.meaning.empty());
    const bool per_level =
        i.family == IndicatorFamily::occupancy || i.family == IndicatorFamily::wait ||
        i.family == IndicatorFamily::waiting || i.family == IndicatorFamily::entries_per_1000 ||
        i.family == IndicatorFamily::boarding_days_per_1000 ||
        (i.family == IndicatorFamily::mser_truncation_days && i.name != "mser_truncation_days") ||
        (i.family >= IndicatorFamily::arrivals &&
         i.family <= IndicatorFamily::utilisation) ||  // the queueing figures
        i.family == IndicatorFamily::staffed_share;
    // At most one of level, group and payer, but for a group's cost paid by one payer; a
    // per-level family always names its level.
    const int breakdowns = int(i.level != models::kNoLevel) + int(i.group != models::kNoGroup) +
                           int(i.payer != models::kNoPayer);
    const bool group_payer = i.group != models::kNoGroup && i.payer != models::kNoPayer;
    CHECK(breakdowns <= (group_payer ? 2 : 1));
    if (per_level) CHECK(i.level != models::kNoLevel);
    if (i.level != models::kNoLevel) {
      REQUIRE(i.level < s.levels.size());
      CHECK((per_level || i.family == IndicatorFamily::blocked_days_per_1000));
      CHECK(i.name.find(s.levels[i.level].name) != std::string::npos);
      CHECK(levels_of[i.family].insert(i.level).second);
    } else if (group_payer) {
      REQUIRE(i.group < s.groups.size());
      REQUIRE(i.payer < s.payers.size());
      CHECK(i.family == IndicatorFamily::cost_per_person_year);
      CHECK(i.name == "cost_per_person_year_" + s.groups[i.group].name + "_" + s.payers[i.payer]);
      CHECK(group_payers.insert({i.group, i.payer}).second);
    } else if (i.group != models::kNoGroup) {
      REQUIRE(i.group < s.groups.size());
      CHECK(i.name.find(s.groups[i.group].name) != std::string::npos);
      CHECK(groups_of[i.family].insert(i.group).second);
    } else if (i.payer != models::kNoPayer) {
      REQUIRE(i.payer < s.payers.size());
      // What each payer pays: per person-year in the system, budgeted and spent a year, and
      // the salaries of the staff in post.
      CHECK((i.family == IndicatorFamily::cost_per_person_year ||
             i.family == IndicatorFamily::budget_per_year ||
             i.family == IndicatorFamily::spending_per_year ||
             i.family == IndicatorFamily::staff_cost_per_year));
      CHECK(i.name == std::string(models::family_name(i.family)) + "_" + s.payers[i.payer]);
      CHECK(payers_of[i.family].insert(i.payer).second);
    } else if (i.acuity != models::kNoAcuity) {
      // Contacts per person-month of people at one acuity.
      CHECK(i.family == IndicatorFamily::contacts_per_person_month);
      CHECK(i.name == "contacts_per_person_month_acuity_" + std::to_string(i.acuity));
    } else if (i.profession != models::kNoProfession) {
      // The vacancy of one profession.
      CHECK(i.family == IndicatorFamily::vacancy);
      REQUIRE(i.profession < s.professions.size());
      CHECK(i.name == "vacancy_" + s.professions[i.profession]);
    } else {
      // Formed once per run: its name is its family's.
      CHECK(i.name == models::family_name(i.family));
    }
  }
  // Every level has each per-level indicator (and every ER its boarding days), every group
  // each per-group one and every payer its own.
  std::size_t emergency = 0;
  for (const auto& l : s.levels)
    emergency += l.kind == models::LevelKind::emergency;
  REQUIRE(emergency > 0);
  for (const auto family :
       {IndicatorFamily::occupancy, IndicatorFamily::wait, IndicatorFamily::waiting,
        IndicatorFamily::entries_per_1000, IndicatorFamily::blocked_days_per_1000,
        IndicatorFamily::mser_truncation_days, IndicatorFamily::arrivals, IndicatorFamily::lost,
        IndicatorFamily::loss_probability, IndicatorFamily::completed_stays,
        IndicatorFamily::waited_share, IndicatorFamily::wait_p50, IndicatorFamily::wait_p90,
        IndicatorFamily::wait_p95, IndicatorFamily::blocked_per_entry,
        IndicatorFamily::blocked_per_blocked, IndicatorFamily::sojourn, IndicatorFamily::blocked,
        IndicatorFamily::utilisation}) {
    CHECK(levels_of[family].size() == s.levels.size());
  }
  CHECK(levels_of[IndicatorFamily::boarding_days_per_1000].size() == emergency);
  for (const auto family :
       {IndicatorFamily::admissions_per_1000, IndicatorFamily::readmission_30,
        IndicatorFamily::crisis_readmission_30, IndicatorFamily::bed_days_per_1000,
        IndicatorFamily::wait_first_care, IndicatorFamily::functioning_gain,
        IndicatorFamily::time_to_remission, IndicatorFamily::cost_per_person_year,
        IndicatorFamily::crisis_days_per_person_year}) {
    INFO(models::family_name(family));
    CHECK(groups_of[family].size() == s.groups.size());
  }
  CHECK(group_payers.size() == s.groups.size() * s.payers.size());
  for (const auto family : {IndicatorFamily::cost_per_person_year, IndicatorFamily::budget_per_year,
                            IndicatorFamily::spending_per_year}) {
    INFO(models::family_name(family));
    CHECK(payers_of[family].size() == s.payers.size());
  }
  // The totals over payers are formed once, under their family's name.
  CHECK(entry(catalogue, "budget_per_year").payer == models::kNoPayer);
  CHECK(entry(catalogue, "spending_per_year").payer == models::kNoPayer);
  CHECK(entry(catalogue, "budget_used").better == Better::higher);
  CHECK(entry(catalogue, "crisis_readmission_30").group == models::kNoGroup);
  CHECK(entry(catalogue, "functioning_gain_smi").group == 0);
  CHECK(entry(catalogue, "occupancy_" + s.levels[1].name).level == 1);
}

TEST_CASE("indicator catalogue: a pathway network counts per year, the care model per 1,000",
          "[indicators]") {
  const Scenario care = default_design("medical");
  const Scenario pathway =
      models::load_scenario(std::string(RETZEF_TEST_SCENARIOS) + "/valid_pathway.toml");
  REQUIRE(!models::counts_per_year(care));
  REQUIRE(models::counts_per_year(pathway));
  const auto c = models::indicator_catalogue(care);
  const auto p = models::indicator_catalogue(pathway);
  const std::string level = care.levels[0].name;
  CHECK(entry(c, "arrivals_" + level + "_per_1000").unit ==
        "request per 1,000 population per year");
  CHECK(entry(c, "completed_" + level + "_per_1000").family == IndicatorFamily::completed_stays);
  CHECK(entry(p, "arrivals_ward_per_year").unit == "request per year");
  CHECK(entry(p, "lost_ward_per_year").unit == "request per year");
  CHECK(entry(p, "entries_ward_per_year").family == IndicatorFamily::entries);
  // The care model has its entries per 1,000 already; only a pathway network adds them per year.
  for (const auto& i : c)
    CHECK(i.family != IndicatorFamily::entries);
  // A level with places is utilised as a share.
  CHECK(entry(p, "utilisation_ward").unit == "share");
  // Every count of a pathway network is per year, none per 1,000 population; what only the
  // care model forms (money per resident, coordinators) is left out.
  for (const auto& i : p) {
    INFO(i.name);
    CHECK(i.name.find("_per_1000") == std::string::npos);
    CHECK(i.unit.find("1,000") == std::string::npos);
    CHECK(i.family != IndicatorFamily::entries_per_1000);
    CHECK(i.family != IndicatorFamily::budget_per_capita);
    CHECK(i.family != IndicatorFamily::coordinator_caseload);
    CHECK(i.family != IndicatorFamily::contacts_per_person_month);
  }
  CHECK(entry(p, "bed_days_per_year").unit == "bed-day per year");
  CHECK(entry(p, "bed_days_per_year").family == IndicatorFamily::bed_days_per_1000);
  CHECK(entry(p, "blocked_days_ward_per_year").unit == "day per year");
  CHECK(entry(c, "bed_days_per_1000").unit == "bed-day per 1,000 population per year");
  CHECK(entry(c, "blocked_days_" + level + "_per_1000").unit ==
        "day per 1,000 population per year");
  // The values: a pathway's counts are per year, whatever population its regions declare
  // (here 1 person).
  models::RunTotals t;
  t.observed_days = 730;
  t.population = 1;
  t.entries[1] = 100;
  t.queueing[1].arrivals = 120;
  t.lost[1] = 20;
  t.blocked_days[1] = 30;
  const auto v = models::indicators(t, pathway, p);
  const auto at = [&](const std::string& name) {
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i].name == name) return v[i];
    }
    FAIL("no " << name);
    return 0.0;
  };
  CHECK(at("entries_ward_per_year") == Approx(50));
  CHECK(at("arrivals_ward_per_year") == Approx(60));
  CHECK(at("lost_ward_per_year") == Approx(10));
  CHECK(at("loss_probability_ward") == Approx(20.0 / 120));
  CHECK(at("blocked_days_ward_per_year") == Approx(15));
}

TEST_CASE("indicator catalogue: which direction is better", "[indicators]") {
  const Scenario s = default_design("recovery");
  const auto catalogue = models::indicator_catalogue(s);
  CHECK(entry(catalogue, "bed_days_per_1000").better == Better::lower);
  CHECK(entry(catalogue, "community_share").better == Better::higher);
  CHECK(entry(catalogue, "follow_up_14").better == Better::higher);
  CHECK(entry(catalogue, "involuntary_share").better == Better::neither);
  CHECK(entry(catalogue, "budget_per_capita").better == Better::lower);
  CHECK(entry(catalogue, "cost_per_person_year").better == Better::neither);
  // The total budget is scored; a payer's part is not, as a design can move places between
  // payers (a payer's budget was "lower is better" while its spending was descriptive).
  CHECK(entry(catalogue, "budget_per_year").better == Better::lower);
  for (const auto& payer : s.payers) {
    INFO(payer);
    CHECK(entry(catalogue, "budget_per_year_" + payer).better == Better::neither);
    CHECK(entry(catalogue, "spending_per_year_" + payer).better == Better::neither);
    CHECK(entry(catalogue, "cost_per_person_year_" + payer).better == Better::neither);
  }
  CHECK(models::better_name(Better::lower) == "lower");
  CHECK(models::better_name(Better::higher) == "higher");
  CHECK(models::better_name(Better::neither) == "neither");
  bool hospital = false, community = false;
  for (const auto& i : catalogue) {
    if (i.family == IndicatorFamily::occupancy) CHECK(i.better == Better::neither);
    if (i.family == IndicatorFamily::wait || i.family == IndicatorFamily::waiting) {
      CHECK(i.better == Better::lower);
    }
    if (i.family != IndicatorFamily::entries_per_1000) continue;
    // Entering hospital is what community care avoids; entering anything else is neither.
    const bool is_hospital = models::is_hospital_level(s.levels[i.level].kind);
    (is_hospital ? hospital : community) = true;
    CHECK(i.better == (is_hospital ? Better::lower : Better::neither));
  }
  CHECK(hospital);
  CHECK(community);
}

TEST_CASE("hospital level: the inpatient ward and the emergency room only", "[indicators]") {
  using models::LevelKind;
  CHECK(models::is_hospital_level(LevelKind::inpatient));
  CHECK(models::is_hospital_level(LevelKind::emergency));
  for (const auto k :
       {LevelKind::none, LevelKind::day_care, LevelKind::balancing_house, LevelKind::home_care,
        LevelKind::act, LevelKind::clinic, LevelKind::primary_care, LevelKind::rehabilitation}) {
    CHECK_FALSE(models::is_hospital_level(k));
  }
}
