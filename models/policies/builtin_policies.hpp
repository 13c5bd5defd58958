// The policies retzef ships with, each built from a validated scenario (its [policy]
// parameters complete). The registry (models/policy_registry.cpp) names them.
#pragma once

#include <memory>

#include "models/policy.hpp"

namespace retzef::models {

std::unique_ptr<Policy> make_medical_policy(const Scenario& scenario);
std::unique_ptr<Policy> make_recovery_policy(const Scenario& scenario);
std::unique_ptr<Policy> make_cost_target_policy(const Scenario& scenario);
std::unique_ptr<Policy> make_pathway_policy(const Scenario& scenario);

/// The first level of that kind, or kNoLevel.
std::uint32_t first_level_of_kind(const Scenario& scenario, LevelKind kind);
/// The first level of that kind whose remit takes the person, or kNoLevel.
std::uint32_t first_serving(const Scenario& scenario, LevelKind kind, const Person& p);
/// The same, searching from `first`, the first level of `kind` (kNoLevel: there is none): the
/// policies keep it, and it usually serves the person, so the search is one check.
std::uint32_t first_serving(const Scenario& scenario, LevelKind kind, const Person& p,
                            std::uint32_t first);

}  // namespace retzef::models
