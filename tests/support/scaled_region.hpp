// A built-in design's region made smaller (or larger) for a test that must run quickly: its
// population, and its capacities and coordinators with it, so that the design keeps its shape.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "models/scenario.hpp"

namespace retzef::testing {

/// The region scaled to `population`, its capacities and coordinators with it (a level the
/// region offers keeps at least one place, so the design keeps its shape).
inline void scale_region(models::RegionSpec& r, const models::Scenario& s,
                         std::uint64_t population) {
  const double f = double(population) / double(r.population);
  const auto scaled = [f](std::uint32_t n) {
    return n == 0 ? 0u : std::max(1u, static_cast<std::uint32_t>(std::lround(n * f)));
  };
  r.population = population;
  r.coordinators = scaled(r.coordinators);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    if (s.levels[l].capacity_unit != models::CapacityUnit::unlimited) {
      r.capacity[l] = scaled(r.capacity[l]);
      r.initial_occupancy[l] = std::min(r.capacity[l], scaled(r.initial_occupancy[l]));
    }
  }
}

}  // namespace retzef::testing
