// `[provision] from = "base"`: a scenario that starts from another takes that design's
// provision per resident, so that a national scenario built on a catchment design states no
// figure of its own and follows the catchment when it is recalibrated. What is taken is the
// base's own [provision] or, when it has none, its regions' places, starting occupancy and
// coordinators summed over their residents (for a one-region catchment: its figures for its
// population). Keys written beside `from` replace the base's: an entry of `capacity` or
// `initial_occupancy` per level, `coordinators` whole; `residents` is the base's and cannot be.
#pragma once

#include <toml++/toml.h>

#include "experiments/scenario_source.hpp"

namespace retzef::experiments {

/// Replaces `from = "base"` in `doc`'s [provision], if it has one, by the provision of `base`
/// (the base's document, its own bases merged in; its [provision] is moved out of it, as the
/// file's replaces it anyway). Throws models::ScenarioError at the value: a `from` other than
/// "base", `residents` beside it, a base region whose figures are not whole numbers.
void take_provision_from_base(toml::table& doc, toml::table& base, const ScenarioSource& source,
                              const ScenarioSource& base_source);

}  // namespace retzef::experiments
