// The budget checks of a comparison (experiments/budget_check.hpp) on constructed results: two
// designs are a same-budget comparison when the 95% interval of their paired relative budget
// difference lies within ±1% (one replication: the difference itself); a level whose places are
// used less than 5% of the time is flagged as idle capacity, one without places (NaN) is not.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "experiments/budget_check.hpp"

using namespace retzef;
using experiments::BudgetComparison;
using experiments::DesignResult;
using models::IndicatorFamily;

namespace {

models::IndicatorSpec spec(const std::string& name, IndicatorFamily family) {
  models::IndicatorSpec s;
  s.name = name;
  s.family = family;
  return s;
}

/// A design with a budget per replication (and a first, unrelated indicator, so the budget is
/// found by name and not by place).
DesignResult design(const std::string& name, const std::vector<double>& budgets) {
  DesignResult d;
  d.name = name;
  d.catalogue = {spec("cost_per_capita", IndicatorFamily::cost_per_capita),
                 spec("budget_per_year", IndicatorFamily::budget_per_year)};
  d.values = {std::vector<double>(budgets.size(), 1.0), budgets};
  return d;
}

/// `base` with each replication's budget multiplied by the factor at the same place.
DesignResult scaled(const std::string& name, const std::vector<double>& base,
                    const std::vector<double>& factors) {
  std::vector<double> out;
  for (std::size_t r = 0; r < base.size(); ++r)
    out.push_back(base[r] * factors[r]);
  return design(name, out);
}

}  // namespace

TEST_CASE("budget check: a paired difference within ±1% is the same budget", "[budget]") {
  // Budgets that vary a lot between replications but move together: unpaired, their intervals
  // would be far wider than 1%.
  const std::vector<double> base{100e6, 200e6, 300e6, 400e6, 250e6};
  const auto c = experiments::compare_budgets(
      {design("medical", base), scaled("recovery", base, {1.003, 0.998, 1.001, 1.0, 1.002})});
  REQUIRE(c.size() == 1);
  CHECK(c[0].design == "recovery");
  CHECK(c[0].mean == Approx(0.0008).margin(1e-12));
  CHECK(c[0].low < c[0].mean);
  CHECK(c[0].high > c[0].mean);
  CHECK(c[0].low > -0.01);
  CHECK(c[0].high < 0.01);
  CHECK(c[0].same);
  const std::string line = experiments::budget_line(c[0], "medical");
  CHECK(line.rfind("recovery vs medical: same budget (paired difference +0.08%", 0) == 0);
  CHECK(line.find("within ±1%") != std::string::npos);
}

TEST_CASE("budget check: beyond ±1%, or an interval reaching past it, is not", "[budget]") {
  const std::vector<double> base{100e6, 200e6, 300e6, 400e6};
  const auto dearer = experiments::compare_budgets(
      {design("medical", base), scaled("recovery", base, {1.05, 1.049, 1.051, 1.05}),
       scaled("cheaper", base, {0.9, 0.9, 0.9, 0.9})});
  REQUIRE(dearer.size() == 2);
  CHECK(dearer[0].mean == Approx(0.05));
  CHECK_FALSE(dearer[0].same);
  CHECK(dearer[1].design == "cheaper");
  CHECK(dearer[1].mean == Approx(-0.1));
  CHECK(dearer[1].low == Approx(-0.1));  // no spread: the interval is the point
  CHECK_FALSE(dearer[1].same);
  const std::string line = experiments::budget_line(dearer[0], "medical");
  CHECK(line.rfind("recovery vs medical: not a same-budget comparison: budgets differ by +5.00%",
                   0) == 0);
  CHECK(line.find("beyond ±1%") != std::string::npos);

  // A mean inside ±1% whose interval is not: the replications cannot tell.
  const auto unsure = experiments::compare_budgets(
      {design("medical", base), scaled("recovery", base, {0.98, 1.03, 1.0, 1.01})});
  REQUIRE(unsure.size() == 1);
  CHECK(std::abs(unsure[0].mean) < 0.01);
  CHECK_FALSE(unsure[0].same);
}

TEST_CASE("budget check: one replication is judged by its difference", "[budget]") {
  const auto close =
      experiments::compare_budgets({design("medical", {100e6}), design("recovery", {100.5e6})});
  REQUIRE(close.size() == 1);
  CHECK(close[0].mean == Approx(0.005));
  CHECK(close[0].low == close[0].mean);
  CHECK(close[0].high == close[0].mean);
  CHECK(close[0].same);
  const auto far =
      experiments::compare_budgets({design("medical", {100e6}), design("recovery", {98e6})});
  REQUIRE(far.size() == 1);
  CHECK_FALSE(far[0].same);
}

TEST_CASE("budget check: nothing to compare without two designs or a budget", "[budget]") {
  CHECK(experiments::compare_budgets({}).empty());
  CHECK(experiments::compare_budgets({design("medical", {1, 2})}).empty());
  DesignResult old = design("old", {1, 2});
  old.catalogue[1].name = "budget_per_capita";  // a file from before the budget indicators
  CHECK(experiments::compare_budgets({old, design("recovery", {1, 2})}).empty());
  CHECK(experiments::compare_budgets({design("medical", {1, 2}), old}).empty());
  // A replication whose baseline budget is 0 cannot form a ratio: it is left out.
  const auto c =
      experiments::compare_budgets({design("medical", {0, 100}), design("recovery", {50, 100})});
  REQUIRE(c.size() == 1);
  CHECK(c[0].mean == 0);
  CHECK(c[0].same);
}

TEST_CASE("budget check: idle places are warned, levels without places are not", "[budget]") {
  DesignResult d;
  d.name = "recovery";
  d.catalogue = {spec("occupancy_ward", IndicatorFamily::occupancy),
                 spec("occupancy_house", IndicatorFamily::occupancy),
                 spec("occupancy_clinic", IndicatorFamily::occupancy),
                 spec("occupancy_day_care", IndicatorFamily::occupancy),
                 spec("readmission_30", IndicatorFamily::readmission_30)};
  d.values = {{0.9, 0.95},   // busy
              {0.03, 0.04},  // idle: 3.5% on average
              {NAN, NAN},    // no places here: nothing is paid for
              {0.05, 0.05},  // exactly at the line: not idle
              {0.0, 0.0}};   // not an occupancy
  const auto warnings = experiments::idle_capacity_warnings(d);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].rfind("recovery: pays for places at house and uses 3.5% of them", 0) == 0);
  // A NaN replication (no observation) is left out of the mean.
  d.values[1] = {0.02, NAN};
  const auto partial = experiments::idle_capacity_warnings(d);
  REQUIRE(partial.size() == 1);
  CHECK(partial[0].find("uses 2.0% of them") != std::string::npos);
}

TEST_CASE(
    "budget check: a design spending under 90% of its budget is warned, with its emptiest "
    "level",
    "[budget]") {
  DesignResult d;
  d.name = "recovery";
  d.catalogue = {spec("occupancy_ward", IndicatorFamily::occupancy),
                 spec("occupancy_basket", IndicatorFamily::occupancy),
                 spec("budget_per_year", IndicatorFamily::budget_per_year),
                 spec("spending_per_year", IndicatorFamily::spending_per_year),
                 spec("budget_used", IndicatorFamily::budget_used)};
  d.values = {{0.74, 0.74}, {0.24, 0.26}, {146.8e6, 146.8e6}, {98.2e6, 98.2e6}, {0.67, 0.67}};
  auto warnings = experiments::idle_capacity_warnings(d);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].rfind("recovery: spends 67% of its budget (98.2 of 146.8 M NIS a year: 48.6 M "
                          "NIS a year buy no care used): places paid for and left empty, the "
                          "most at basket (25% used)",
                          0) == 0);
  // At 90% or more, no warning.
  d.values[4] = {0.95, 0.9};
  CHECK(experiments::idle_capacity_warnings(d).empty());
}
