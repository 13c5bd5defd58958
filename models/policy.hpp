// A care-coordination policy: the rules that say where a person should be. The care model
// asks its policy at the moments a decision falls due — a new case, a change of acuity, the
// end of a stay, a review, a drop-out from a waiting list, a coordinator taking the case on —
// and carries the answer out: a move if there is a place, otherwise a wait, in place or on the
// waiting list, as the decision says. Policies are stateless (everything that changes lives in
// the Person and the region), built once per scenario and shared read-only by every thread.
// One virtual call per decision; most events (the course of the illness) need none.
#pragma once

#include <cstdint>

#include "models/care_level.hpp"
#include "models/person.hpp"
#include "models/scenario.hpp"
#include "sim/random/random_stream.hpp"

namespace retzef::models {

enum class Trigger : std::uint8_t {
  onset,                 ///< a new case enters the system
  acuity_change,         ///< the person's acuity changed
  stay_end,              ///< the planned stay (or episode) at the current level is over
  review,                ///< the coordinator's periodic review
  dropout,               ///< the person gave up waiting
  coordinator_assigned,  ///< a coordinator has just taken the case on
};

/// Special targets of a decision besides a level index.
inline constexpr std::uint32_t kStay = kNoLevel - 1;         ///< change nothing
inline constexpr std::uint32_t kLeaveSystem = kNoLevel - 2;  ///< leave care for good

/// What happens when the target has no place and the chosen way of waiting is impossible
/// (the waiting list is full).
enum class Fallback : std::uint8_t {
  stay,          ///< nothing changes
  no_care,       ///< leave the current level for no care
  leave_system,  ///< lost to the system (a loss system's turned-away customer)
  in_place,      ///< wait in the current level (blocking after service)
};

struct Decision {
  std::uint32_t target = kStay;          ///< a level, kNoLevel (no care), kStay or kLeaveSystem
  WaitMode wait = WaitMode::in_queue;    ///< how to wait if the target has no place now
  Fallback if_full = Fallback::no_care;  ///< if that way of waiting is impossible
  bool assign_coordinator = false;       ///< ask for a care coordinator (if the person has none)
  /// The case is closed: the coordinator, if any, lets the person go, and the person is a closed
  /// case (Person::case_closed) until a coordinator takes them on again.
  bool release_coordinator = false;
  bool urgent = false;  ///< on the waiting list, ahead of everyone not urgent (after discharge)
};

/// What a policy may look at in the person's region: plain data, read-only.
class RegionView {
 public:
  RegionView(const Scenario& scenario, const CareLevel* levels, const Household* households,
             double now)
      : scenario_(&scenario), levels_(levels), households_(households), now_(now) {}

  const Scenario& scenario() const { return *scenario_; }
  double now() const { return now_; }
  /// Capacity of a level here, or at the region this one refers it to (0: not available).
  std::uint32_t capacity(std::uint32_t level) const { return levels_[level].reachable(); }
  /// True if the level has a free place here now and nobody waiting ahead (never known for a
  /// level referred to another region: a referral is asked for and waited for).
  bool has_place(std::uint32_t level) const { return levels_[level].has_place(); }
  /// The same for this person: also true where their household already holds a place they
  /// share (a level counted in families, household.hpp).
  bool has_place_for(std::uint32_t level, const Person& p) const {
    return has_place(level) ||
           holds_family_place(scenario_->levels[level], households_, p.household, level);
  }
  /// True if the level's waiting list has room.
  bool queue_has_room(std::uint32_t level) const { return levels_[level].queue_has_room(); }
  /// People waiting for the level, on its list or in place elsewhere.
  std::uint32_t waiting(std::uint32_t level) const { return levels_[level].waiting(); }

 private:
  const Scenario* scenario_;
  const CareLevel* levels_;
  const Household* households_;
  double now_;
};

class Policy {
 public:
  virtual ~Policy() = default;
  /// Where the person should be now. `rng` is the person's own decision stream, so that a
  /// person's chance choices are common random numbers across designs.
  virtual Decision decide(Trigger trigger, const Person& person, const RegionView& region,
                          sim::RandomStream& rng) const = 0;
  /// The length of a stay at `level`, given the drawn length (days): policies shorten or cap.
  virtual double stay_days(const Person&, std::uint32_t /*level*/, double drawn) const {
    return drawn;
  }
  /// Days between coordinator reviews; 0 for none.
  virtual double review_days() const { return 0; }
  /// People per full-time coordinator; 0 when the policy has no coordinators.
  virtual double caseload() const { return 0; }
  /// False for a pathway network, whose people have no illness course.
  virtual bool follows_course() const { return true; }
};

/// True if the person is in the level's remit: their group and age band are among those it
/// serves. The remit binds always — no policy places or keeps anyone outside it, full or not.
inline bool serves(const LevelSpec& level, const Person& p) {
  return in_remit(level, p.group, p.age_band);
}

/// True if the level can treat the person as they are now: in its remit, acuity in its range,
/// involuntary crises only where involuntary care is possible, family support where it is
/// needed.
inline bool can_treat(const LevelSpec& level, const Person& p) {
  if (!serves(level, p)) return false;
  if (p.acuity < level.acuity[0] || p.acuity > level.acuity[1]) return false;
  if (level.voluntary_only && p.involuntary && p.acuity == kAcuityLevels - 1) return false;
  if (level.needs_family_support && !p.family_support) return false;
  return true;
}

}  // namespace retzef::models
