// The care model's bookkeeping rules, checked against a region's state: every person is in at
// most one level and waits for at most one; each level's occupancy is the number of people in
// it and never exceeds its places; waiting counts match the people waiting; coordinators never
// carry more than their caseload; nobody is in, or waits for, a level whose remit leaves them
// out; people created = people present + people who left. Debug
// builds check them after every event; tests check them on long runs of release builds.
#pragma once

#include <string>
#include <vector>

#include "models/region_state.hpp"
#include "models/scenario.hpp"

namespace retzef::models {

/// Every rule the state breaks, one line each; empty if it keeps them all.
std::vector<std::string> invariant_violations(const Scenario& scenario, const RegionState& st);

}  // namespace retzef::models
