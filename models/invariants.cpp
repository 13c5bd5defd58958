#include "models/invariants.hpp"

#include <array>
#include <string>
#include <vector>

#include "models/policy.hpp"

namespace retzef::models {

std::vector<std::string> invariant_violations(const Scenario& scenario, const RegionState& st) {
  std::vector<std::string> out;
  const std::size_t levels = scenario.levels.size();
  std::array<LevelHeadcount, kMaxLevels> seen{};
  std::uint32_t active = 0;
  std::uint32_t coordinated = 0;
  std::uint32_t awaiting = 0;
  std::array<std::uint32_t, kAcuityLevels> coordinated_at{};
  std::array<std::uint32_t, kAcuityLevels> coordinated_known{};
  std::array<std::uint32_t, kAcuityLevels> idle_at{};  ///< people whose contacts are counted
  // Members of each household present, and at each level: a level counted in families holds
  // one place per household there (household.hpp).
  std::vector<std::uint32_t> members(st.households.size());
  std::vector<std::array<std::uint8_t, kMaxLevels>> members_at(st.households.size());
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
    const bool in_household = p.household != kNoHousehold && p.household < members.size();
    if (p.household != kNoHousehold && !in_household) {
      out.push_back(who + " belongs to a household that does not exist");
    }
    if (in_household) ++members[p.household];
    if (p.level != kNoLevel) {
      if (p.level >= levels) {
        out.push_back(who + " is at a level that does not exist");
        continue;
      }
      const bool by_family =
          in_household && placed_by_family(scenario.levels[p.level], p.household);
      if (by_family) {
        if (members_at[p.household][p.level]++ == 0) ++seen[p.level].present;
      } else {
        ++seen[p.level].present;
      }
      if (!serves(scenario.levels[p.level], p)) {
        out.push_back(who + " is at level " + scenario.levels[p.level].name +
                      ", which does not serve their group or age band");
      }
    }
    if (p.waiting_for != kNoLevel) {
      if (p.waiting_for >= levels) {
        out.push_back(who + " waits for a level that does not exist");
        continue;
      }
      if (p.waiting_for == p.level) out.push_back(who + " waits for the level they are in");
      if (!serves(scenario.levels[p.waiting_for], p)) {
        out.push_back(who + " waits for level " + scenario.levels[p.waiting_for].name +
                      ", which does not serve their group or age band");
      }
      if (p.wait_mode == WaitMode::in_queue) {
        ++seen[p.waiting_for].queued;
        if (p.level != kNoLevel) out.push_back(who + " is on a waiting list while in a level");
      } else if (p.wait_mode == WaitMode::in_place) {
        ++seen[p.waiting_for].in_place;
        if (p.level != kNoLevel && p.level < levels) ++seen[p.level].held;
        if (p.level != kNoLevel && p.level < levels &&
            scenario.levels[p.waiting_for].restrictiveness <
                scenario.levels[p.level].restrictiveness) {
          ++seen[p.level].blocked;  // waiting in place to step down
        }
      } else {
        out.push_back(who + " waits without a way of waiting");
      }
    } else if (p.wait_mode != WaitMode::none) {
      out.push_back(who + " has a way of waiting but waits for nothing");
    }
    if (p.has_coordinator) {
      ++coordinated;
      if (p.acuity < kAcuityLevels) ++coordinated_at[p.acuity];
      if (p.known_acuity < kAcuityLevels) ++coordinated_known[p.known_acuity];
      if (p.rise_since >= 0 && p.acuity <= p.known_acuity) {
        out.push_back(who + " has an unnoticed rise in need but no rise");
      }
    }
    if (p.idle_contacts_at != kNotIdle) {
      if (p.idle_contacts_at < kAcuityLevels) ++idle_at[p.idle_contacts_at];
      if (!p.has_coordinator || p.rise_since >= 0 || p.idle_contacts_at != p.acuity) {
        out.push_back(who + " has contacts counted as changing nothing, which could");
      }
    }
    if (p.awaiting_coordinator) ++awaiting;
    if (p.has_coordinator && p.awaiting_coordinator) {
      out.push_back(who + " both has and awaits a coordinator");
    }
    if (p.has_coordinator && p.case_closed) {
      out.push_back(who + " has a coordinator on a closed case");
    }
    if (p.acuity >= kAcuityLevels) out.push_back(who + " has an acuity above 4");
    if (!(p.functioning >= 0 && p.functioning <= 1)) {
      out.push_back(who + " has functioning outside [0, 1]");
    }
  }
  for (std::size_t h = 0; h < st.households.size(); ++h) {
    const Household& household = st.households[h];
    if (household.members != members[h]) {
      out.push_back("household " + std::to_string(h) + " counts " +
                    std::to_string(household.members) + " members, " + std::to_string(members[h]) +
                    " present");
    }
    for (std::size_t l = 0; l < levels; ++l) {
      if (members[h] > 0 && household.at[l] != members_at[h][l]) {
        out.push_back("household " + std::to_string(h) + " miscounts its members at level " +
                      scenario.levels[l].name);
      }
    }
  }
  for (std::size_t l = 0; l < levels; ++l) {
    const CareLevel& level = st.levels[l];
    const std::string name = "level " + scenario.levels[l].name;
    level.check(seen[l], name, out);
    // Staffed places never exceed what the staff present can run, nor the funded places.
    if (!level.unlimited() && level.capacity() > 0 && scenario.levels[l].staff.any() &&
        level.staffed() != st.workforce.staffed_places(scenario.levels[l], level.capacity())) {
      out.push_back(
          name + " runs " + std::to_string(level.staffed()) + " places where its staff can run " +
          std::to_string(st.workforce.staffed_places(scenario.levels[l], level.capacity())));
    }
    if (!level.unlimited() && level.staffed() > level.capacity()) {
      out.push_back(name + " runs more places than it funds");
    }
  }
  st.coordinators.check(coordinated, coordinated_at, coordinated_known, awaiting, out);
  for (std::uint8_t a = 0; a < kAcuityLevels; ++a) {
    if (st.idle_contacts.people(a) != idle_at[a]) {
      out.push_back("people whose contacts are counted are miscounted");
      break;
    }
  }
  if (st.coordinators.staffed() != st.workforce.staffed_caseload(st.coordinators.places())) {
    out.push_back("coordinators carry caseloads their colleagues in post cannot");
  }
  if (active != st.active.count()) {
    out.push_back("people in the system are miscounted: " + std::to_string(active) + " present, " +
                  std::to_string(st.active.count()) + " counted");
  }
  return out;
}

}  // namespace retzef::models
