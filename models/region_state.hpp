// Everything that changes in one region (one LP) during a run: its people, its care levels,
// its coordinators (resources: care_level.hpp, coordinator_pool.hpp), its arrival streams, and the
// running totals for the indicators. Only the region's own handlers touch it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/care_level.hpp"
#include "models/care_streams.hpp"
#include "models/coordinator_pool.hpp"
#include "models/daily_series.hpp"
#include "models/idle_contacts.hpp"
#include "models/person.hpp"
#include "models/run_totals.hpp"
#include "models/workforce.hpp"
#include "sim/core/huge_page_allocator.hpp"
#include "sim/stats/counted_gauge.hpp"

namespace retzef::models {

struct RegionState {
  std::uint32_t region = 0;
  sim::HugePageVector<Person> people;     ///< slots: those who left are free_slots
  std::vector<std::uint32_t> free_slots;  ///< reused last-in first-out (deterministic)
  std::uint32_t created = 0;              ///< people created so far
  /// Each slot's days at each level, kept only when the trace writes a row per person (empty
  /// under `summary`, so that no event fetches them).
  std::vector<PersonLevelDays> level_days;
  /// Families (household.hpp), for the groups that come as households or that a family level
  /// serves; slots reused last-in first-out, as people's.
  std::vector<Household> households;
  std::vector<std::uint32_t> free_households;
  std::uint32_t households_created = 0;
  std::array<CareLevel, kMaxLevels> levels{};
  std::array<std::uint64_t, kMaxGroups> serial{};  ///< people created per group
  /// Each group's (or pathway arrival's) stream of new cases, open for the whole run: kept
  /// whole rather than reopened at each arrival, so its block of four draws serves two.
  std::array<sim::RandomStream, kMaxGroups> arrivals{};
  /// The person streams last opened here, one per kind (care_streams.hpp): a cache, which no
  /// result depends on.
  std::array<OpenStream, kPersonStreams> open_streams{};
  static_assert(std::tuple_size_v<decltype(Person::draws)> == kPersonStreams);

  CoordinatorPool coordinators;
  IdleContacts idle_contacts;            ///< coordinated people whose contacts change nothing
  Workforce workforce;                   ///< the region's staff (workforce.hpp)
  std::uint32_t workforce_draws = 0;     ///< draws of the region's workforce stream
  sim::CountedGauge active;              ///< people in the system
  std::vector<std::uint32_t> freed;      ///< levels where a place came free, to be served
  bool observing = false;                ///< past the warm-up
  std::uint64_t events_since_check = 0;  ///< for sampled invariant checks
  DailySeries series;                    ///< occupancy and waiting from day 0 (warm-up check)
  RunTotals totals;
};

}  // namespace retzef::models
