#include "models/invariants.hpp"

#include <array>

namespace retzef::models {

std::vector<std::string> invariant_violations(const Scenario& scenario, const RegionState& st) {
  std::vector<std::string> out;
  const std::size_t levels = scenario.levels.size();
  std::array<std::uint32_t, kMaxLevels> in_level{};
  std::array<std::uint32_t, kMaxLevels> queued{};
  std::array<std::uint32_t, kMaxLevels> in_place{};
  std::uint32_t active = 0;
  std::uint32_t coordinated = 0;
  std::uint32_t awaiting = 0;
  for (std::size_t i = 0; i < st.people.size(); ++i) {
    const Person& p = st.people[i];
    const std::string who = "person " + std::to_string(i);
    if (!p.active) {
      if (p.level != kNoLevel || p.waiting_for != kNoLevel || p.has_coordinator) {
        out.push_back(who +
                      " has left the system but still holds a place, a line or a coordinator");
      }
      continue;
    }
    ++active;
    if (p.level != kNoLevel) {
      if (p.level >= levels) {
        out.push_back(who + " is at a level that does not exist");
        continue;
      }
      ++in_level[p.level];
    }
    if (p.waiting_for != kNoLevel) {
      if (p.waiting_for >= levels) {
        out.push_back(who + " waits for a level that does not exist");
        continue;
      }
      if (p.waiting_for == p.level) out.push_back(who + " waits for the level they are in");
      if (p.wait_mode == WaitMode::in_queue) {
        ++queued[p.waiting_for];
        if (p.level != kNoLevel) out.push_back(who + " is on a waiting list while in a level");
      } else if (p.wait_mode == WaitMode::in_place) {
        ++in_place[p.waiting_for];
      } else {
        out.push_back(who + " waits without a way of waiting");
      }
    } else if (p.wait_mode != WaitMode::none) {
      out.push_back(who + " has a way of waiting but waits for nothing");
    }
    if (p.has_coordinator) ++coordinated;
    if (p.awaiting_coordinator) ++awaiting;
    if (p.has_coordinator && p.awaiting_coordinator) {
      out.push_back(who + " both has and awaits a coordinator");
    }
    if (p.acuity >= kAcuityLevels) out.push_back(who + " has an acuity above 4");
    if (!(p.functioning >= 0 && p.functioning <= 1)) {
      out.push_back(who + " has functioning outside [0, 1]");
    }
  }
  for (std::size_t l = 0; l < levels; ++l) {
    const CareLevel& level = st.levels[l];
    const std::string name = "level " + scenario.levels[l].name;
    // People of this region at a referred level are in the host region's count; a host's count
    // includes the places it holds for other regions' people.
    const std::uint32_t here = level.referred() ? 0 : in_level[l];
    if (level.referred() ? level.remote_in != in_level[l] : level.remote_in != 0) {
      out.push_back(name + " miscounts this region's people placed elsewhere");
    }
    if (level.occupied != here + level.remote_here) {
      out.push_back(name + " counts " + std::to_string(level.occupied) + " people but holds " +
                    std::to_string(here + level.remote_here));
    }
    if (level.limit != kUnlimited && level.occupied > level.limit) {
      out.push_back(name + " holds " + std::to_string(level.occupied) + " people in " +
                    std::to_string(level.limit) + " places");
    }
    if (level.queued != queued[l]) out.push_back(name + " miscounts its waiting list");
    if (level.blocked != in_place[l]) out.push_back(name + " miscounts those waiting in place");
    if (level.queue_limit != kUnlimited && level.queued > level.queue_limit) {
      out.push_back(name + " has a waiting list longer than its limit");
    }
    if (level.has_free_place() && (level.queued > 0 || level.blocked > 0)) {
      out.push_back(name + " has a free place while people wait for it");
    }
  }
  if (st.coordinated != coordinated) out.push_back("coordinated people are miscounted");
  if (st.awaiting_coordinator != awaiting)
    out.push_back("people awaiting a coordinator are miscounted");
  if (st.coordinated > st.coordinator_places)
    out.push_back("coordinators carry more than their caseload");
  if (static_cast<double>(active) != st.active.value) {
    out.push_back("people in the system are miscounted: " + std::to_string(active) + " present, " +
                  std::to_string(st.active.value) + " counted");
  }
  return out;
}

}  // namespace retzef::models
