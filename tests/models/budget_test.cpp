// Budget and spending (docs/model.md, "Budget and spending"): a level's overflow gauge counts
// the people beyond its funded places; on a region whose ward spills into its overflow beds,
// the budget is places × days × cost whether used or not, plus overflow places and unlimited
// levels by use, plus coordinators' salaries, each by its payer; spending is the care used plus
// the salaries, so no patient-day is free and spending never exceeds the budget.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/care_level.hpp"
#include "models/care_model.hpp"
#include "models/indicator_catalogue.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"
#include "sim/engine/simulate.hpp"

using namespace retzef;
using models::RunTotals;
using models::Scenario;

namespace {

double indicator(const Scenario& s, const RunTotals& t, const std::string& name) {
  const auto catalogue = models::indicator_catalogue(s);
  const auto values = models::indicators(t, s, catalogue);
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    if (catalogue[i].name == name) return values[i];
  }
  FAIL("no indicator " << name);
  return 0;
}

}  // namespace

TEST_CASE("care level: the overflow gauge counts people beyond the funded places", "[budget]") {
  models::CareLevel level;
  level.open(2, 4, models::kUnlimited, 0);  // two funded places, two overflow ones
  level.occupy(0);
  level.occupy(1);  // full
  level.occupy(2);  // one in overflow from day 2
  level.occupy(3);  // two from day 3
  level.vacate(5);  // one from day 5: whoever leaves, the head count is what is funded
  level.vacate(6);  // none from day 6
  level.vacate(8);
  level.occupy(9);  // back within the places
  CHECK(level.overflow_days(10) == 1 + 2 * 2 + 1);
  CHECK(level.occupied_days(10) == 1 + 2 + 3 + 2 * 4 + 3 + 2 * 2 + 1 + 2);
  // Statistics restart at the end of the warm-up: two people in overflow are counted from
  // then on.
  level.occupy(10);
  level.occupy(11);  // four people: two beyond the places
  level.start_observing(12);
  CHECK(level.overflow_days(12) == 0);
  CHECK(level.overflow_days(15) == 2 * 3);

  models::CareLevel unlimited;
  unlimited.open(models::kUnlimited, models::kUnlimited, models::kUnlimited, 0);
  for (int i = 0; i < 100; ++i)
    unlimited.occupy(0);
  CHECK(unlimited.overflow_days(10) == 0);  // paid by use anyway: nothing is beyond a limit
}

TEST_CASE("budget: places whether used or not, overflow and unlimited levels by use",
          "[budget][care]") {
  const Scenario s =
      models::load_scenario(std::string(RETZEF_TEST_SCENARIOS) + "/overflowing_ward.toml");
  REQUIRE(s.payers.size() == 2);
  const models::CareModel model(s);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  const auto runs = sim::run_replications(model, o, 0, s.replications, 2);
  REQUIRE(runs.size() == 3);
  double overflow = 0;
  for (const auto& r : runs) {
    const RunTotals& t = r.summary;
    INFO("replication " << &r - runs.data());
    overflow += t.overflow_days[0];
    const double years = t.observed_days / 365;
    REQUIRE(years > 0);
    REQUIRE(t.coordinators == 4);

    // The budget by hand, by payer: the ward's places all the time and its overflow in use,
    // the clinic's caseload places, primary care (unlimited) by use, coordinators' salaries.
    std::vector<double> budget(s.payers.size(), 0);
    std::vector<double> spending(s.payers.size(), 0);
    budget[s.coordinator_payer] += 4 * t.observed_days * s.coordinator_cost_per_day;
    spending[s.coordinator_payer] += 4 * t.observed_days * s.coordinator_cost_per_day;
    const std::vector<double> places{4, 400, 0};
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      const double cost = s.levels[l].cost_per_day;
      const double paid =
          places[l] > 0 ? places[l] * t.observed_days + t.overflow_days[l] : t.level_days[l];
      budget[s.levels[l].payer] += paid * cost;
      spending[s.levels[l].payer] += t.level_days[l] * cost;  // no patient-day is free
      CHECK(t.level_days[l] <= paid * (1 + 1e-12));
    }
    const double total_budget = budget[0] + budget[1];
    const double total_spending = spending[0] + spending[1];
    CHECK(indicator(s, t, "budget_per_year") == Approx(total_budget / years).epsilon(1e-12));
    CHECK(indicator(s, t, "spending_per_year") == Approx(total_spending / years).epsilon(1e-12));
    CHECK(indicator(s, t, "budget_used") == Approx(total_spending / total_budget).epsilon(1e-12));
    CHECK(indicator(s, t, "budget_per_capita") ==
          Approx(total_budget / (20000 * years)).epsilon(1e-12));
    for (std::size_t p = 0; p < s.payers.size(); ++p) {
      INFO(s.payers[p]);
      const double b = indicator(s, t, "budget_per_year_" + s.payers[p]);
      const double sp = indicator(s, t, "spending_per_year_" + s.payers[p]);
      CHECK(b == Approx(budget[p] / years).epsilon(1e-12));
      CHECK(sp == Approx(spending[p] / years).epsilon(1e-12));
      CHECK(sp <= b * (1 + 1e-12));  // equal when every place was used (rounding apart)
    }
    CHECK(indicator(s, t, "budget_per_year_health_fund") +
              indicator(s, t, "budget_per_year_ministry_of_health") ==
          Approx(indicator(s, t, "budget_per_year")).epsilon(1e-12));
    CHECK(indicator(s, t, "spending_per_year_health_fund") +
              indicator(s, t, "spending_per_year_ministry_of_health") ==
          Approx(indicator(s, t, "spending_per_year")).epsilon(1e-12));
    CHECK(indicator(s, t, "spending_per_year") <= indicator(s, t, "budget_per_year") * (1 + 1e-12));
    CHECK(indicator(s, t, "budget_used") <= 1 + 1e-12);
  }
  CHECK(overflow > 0);  // the ward did spill: the overflow term was tested
}

TEST_CASE("budget: a policy without coordinators pays no salaries", "[budget][care]") {
  Scenario s = models::load_scenario(std::string(RETZEF_TEST_SCENARIOS) + "/overflowing_ward.toml");
  s.policy.name = "medical";
  s.policy.params = {{"book_clinic_probability", 0.45},
                     {"follow_up_probability", 0.38},
                     {"er_acuity", 3},
                     {"admit_acuity", 4},
                     {"rehabilitation_probability", 0.2}};
  s.horizon_days = 365;
  const models::CareModel model(s);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  const RunTotals t = sim::simulate(model, o).summary;
  CHECK(t.coordinators == 0);  // the region's four are not employed by this design
  const double years = t.observed_days / 365;
  double care = 0;
  for (std::size_t l = 0; l < s.levels.size(); ++l)
    care += t.level_days[l] * s.levels[l].cost_per_day;
  CHECK(indicator(s, t, "spending_per_year") == Approx(care / years).epsilon(1e-12));
  CHECK(indicator(s, t, "spending_per_year") <= indicator(s, t, "budget_per_year") * (1 + 1e-12));
}
