// The budget checks a comparison of designs rests on (docs/model.md, "Budget and spending"): a
// comparison of designs is a same-budget comparison only when each design's budget is within
// ±1% of the baseline's, paired replication by replication; and a design should not pay for
// places its policy leaves empty. `retzef run` and `retzef inspect --indicators` print one line
// per design for each.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "experiments/indicator_table.hpp"

namespace retzef::experiments {

/// The paired budgets' tolerance: a "same budget" comparison holds within ±1%.
inline constexpr double kSameBudgetTolerance = 0.01;
/// A level whose places are used less than this share of the time is paid-for idle capacity.
inline constexpr double kIdleCapacityShare = 0.05;
/// A design that spends less than this share of its budget leaves a material part of it in
/// places nobody uses, however busy each level is on average (a basket a quarter full).
inline constexpr double kSpentBudgetShare = 0.90;

struct BudgetComparison {
  std::string design;
  double mean = 0;  ///< mean paired relative difference from the baseline's budget
  double low = 0;   ///< its 95% interval
  double high = 0;
  bool same = false;  ///< the whole interval lies within ±kSameBudgetTolerance
  /// The share of its budget the design and the baseline spend (mean `budget_used`; NaN when
  /// the file has none).
  double spent = NAN;
  double baseline_spent = NAN;
};

/// Each design's paired budget difference from the first design (empty with one design or when
/// the files have no `budget_per_year`).
std::vector<BudgetComparison> compare_budgets(const std::vector<DesignResult>& designs);

/// One line per comparison: "same budget" or "not a same-budget comparison".
std::string budget_line(const BudgetComparison& c, const std::string& baseline);

/// One warning per level with places that the design uses less than kIdleCapacityShare of the
/// time (mean occupancy over replications), and one for the design when it spends less than
/// kSpentBudgetShare of its budget, naming its emptiest level.
std::vector<std::string> idle_capacity_warnings(const DesignResult& design);

/// Logs both for `designs`: comparisons at info (warn when not the same budget), idle places at
/// warn.
void log_budget_checks(const std::vector<DesignResult>& designs);

}  // namespace retzef::experiments
