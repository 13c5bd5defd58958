// Everything that changes in one region (one LP) during a run: its people, its care levels,
// its coordinators, its arrival streams, and the running totals for the indicators. Only the
// region's own handlers touch it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/care_level.hpp"
#include "models/person.hpp"
#include "models/run_totals.hpp"
#include "sim/core/ring.hpp"
#include "sim/stats/time_weighted.hpp"

namespace retzef::models {

struct RegionState {
  std::uint32_t region = 0;
  std::vector<Person> people;             ///< slots: those who left are free_slots
  std::vector<std::uint32_t> free_slots;  ///< reused last-in first-out (deterministic)
  /// Per slot: bumps when the course's rates change or the person leaves. Apart from the
  /// records because about half of all course events are superseded ones, told by this alone.
  std::vector<std::uint32_t> course_epochs;
  std::uint32_t created = 0;  ///< people created so far
  std::array<CareLevel, kMaxLevels> levels{};
  std::array<std::uint64_t, kMaxGroups> serial{};         ///< people created per group
  std::array<std::uint32_t, kMaxGroups> arrival_draws{};  ///< draws of each arrival stream

  std::uint32_t coordinator_places = 0;  ///< coordinators × caseload
  std::uint32_t coordinated = 0;
  std::uint32_t awaiting_coordinator = 0;
  sim::Ring<Ticket> coordinator_queue;  ///< epoch: the person's number (slots are reused)

  sim::TimeWeighted active;  ///< people in the system
  sim::TimeWeighted coordinated_tw;
  sim::TimeWeighted awaiting_coordinator_tw;
  std::vector<std::uint32_t> freed;      ///< levels where a place came free, to be served
  bool observing = false;                ///< past the warm-up
  std::uint64_t events_since_check = 0;  ///< for sampled invariant checks
  RunTotals totals;
};

}  // namespace retzef::models
