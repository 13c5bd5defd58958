// Finds the levels of a pathway network that people can enter but never leave: reachable from
// an arrival, with every route out of them leading back among themselves. Such a network fills
// up without bound, so the loader refuses it and names the levels.
#pragma once

#include <cstdint>
#include <vector>

#include "models/scenario.hpp"

namespace retzef::models {

/// Levels (indices below `level_count`, increasing) reachable from an arrival from which no
/// sequence of routes with positive probability reaches "leave". A level leaves when it has no
/// route or its route probabilities sum below 1 − 1e-9.
std::vector<std::uint32_t> trapped_levels(const PathwaySpec& pathway, std::size_t level_count);

}  // namespace retzef::models
