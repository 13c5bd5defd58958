// The indicators of a run (DESIGN.md section 6), formed from a run's merged totals: rates per
// 1,000 population per year, shares, mean waits and stays, caseloads, cost per person-year by
// payer. One list, in a fixed order with fixed names and units, is what the command line
// prints, the output files store and the analysis reads; a value that cannot be formed (no
// admissions, so no readmission share) is NaN, never 0.
#pragma once

#include <string>
#include <vector>

#include "models/run_totals.hpp"
#include "models/scenario.hpp"

namespace retzef::models {

struct Indicator {
  std::string name;
  std::string unit;
  double value = 0;
  std::string meaning;
};

std::vector<Indicator> indicators(const RunTotals& totals, const Scenario& scenario);

}  // namespace retzef::models
