// Starting near the steady state (docs/model.md, "Starting near the steady state"). Most levels
// settle within the warm-up from a start with the prevalent population placed by the policy, but
// a level whose people stay for years (the rehabilitation basket: yearly renewals, left mostly
// by death or relapse) fills over decades, far longer than any warm-up. A region's
// `initial_occupancy` places that many prevalent people in such a level at the start — people
// the level can treat and serves, chosen evenly among them — part-way through their stays, and
// the policy places everyone else. The warm-up check (daily_series.cpp) then shows whether the
// number was the level's steady state: a wrong one drifts and fails the check.
#include "models/care_step.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

double CareModel::Step::start_share(std::uint32_t id, std::uint32_t which) {
  sim::RandomStream rng = ctx_.stream(kStartStream, person(id).key);
  rng.seek(2 * std::uint64_t{kMaxLevels} + which);  // after the fill's draws, one per level
  return rng.uniform01();
}

void CareModel::Step::place_prevalent(std::uint32_t first, std::uint32_t end) {
  const Scenario& s = m_.scenario_;
  const RegionSpec& region = s.regions[st_.region];
  for (std::uint32_t l = 0; l < s.levels.size(); ++l) {
    const std::uint32_t wanted = region.initial_occupancy[l];
    if (wanted == 0) continue;
    const LevelSpec& level = s.levels[l];
    const auto eligible = [&](const Person& p) {
      return p.active && p.level == kNoLevel && p.waiting_for == kNoLevel && can_treat(level, p);
    };
    std::uint64_t candidates = 0;
    for (std::uint32_t id = first; id < end; ++id)
      candidates += eligible(person(id)) ? 1 : 0;
    // Selection sampling (Knuth's algorithm S): exactly min(wanted, candidates) people, each
    // candidate equally likely, in one pass; one stream per person, one draw pair per level.
    std::uint64_t needed = std::min<std::uint64_t>(wanted, candidates);
    for (std::uint32_t id = first; id < end && needed > 0; ++id) {
      Person& p = person(id);
      if (!eligible(p)) continue;
      sim::RandomStream rng = ctx_.stream(kStartStream, p.key);
      rng.seek(2 * std::uint64_t{l});
      const bool chosen = rng.uniform01() * static_cast<double>(candidates) < double(needed);
      const double share = rng.uniform01();
      --candidates;
      if (!chosen || !st_.levels[l].has_place()) continue;
      --needed;
      move(id, l, 0);
      // Already in the level: a uniform share of the stay is still to run (exact for the
      // fixed yearly stays this is meant for; for others it shortens the residual stays).
      start_stay(id, share);
      // Their coordinator (where the policy has coordinators) takes the case on as it stands:
      // a decision now, as for a new case, would move them at once to wherever the policy
      // places newcomers and undo the fill; the policy reconsiders them at their first review
      // or change of need, as anyone already in care.
      if (s.groups[p.group].needs_coordinator && m_.policy_->caseload() > 0) {
        request_coordinator(id);
      }
    }
  }
  for (std::uint32_t id = first; id < end; ++id) {
    const Person& p = person(id);
    if (p.active && p.level == kNoLevel && p.waiting_for == kNoLevel) {
      decide_and_apply(id, Trigger::onset);
    }
  }
}

}  // namespace retzef::models
