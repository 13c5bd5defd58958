// The indicators of a run (DESIGN.md section 6), formed from a run's merged totals: rates per
// 1,000 population per year, shares, mean waits and stays, caseloads, cost per person-year by
// payer. What each one is (name, unit, meaning, which direction is better) is the scenario's
// indicator catalogue (indicator_catalogue.hpp); this forms the values, in the catalogue's
// order, which is what the command line prints, the output files store and the analysis
// reads. A value that cannot be formed (no admissions, so no readmission share) is NaN, never 0.
#pragma once

#include <vector>

#include "models/indicator_catalogue.hpp"
#include "models/run_totals.hpp"
#include "models/scenario.hpp"

namespace retzef::models {

/// The value of each entry of `catalogue`, a catalogue of `scenario`, in its order.
std::vector<double> indicators(const RunTotals& totals, const Scenario& scenario,
                               const std::vector<IndicatorSpec>& catalogue);
/// The values of the scenario's whole catalogue (indicator_catalogue(scenario)).
std::vector<double> indicators(const RunTotals& totals, const Scenario& scenario);

}  // namespace retzef::models
