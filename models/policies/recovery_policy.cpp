// The regional, recovery-oriented design, and its cost-driven distortion.
//
// recovery: soft entry points meet most new cases at onset and give them a care coordinator
// (caseload-limited: with none free, the person waits for one). The coordinator places the
// person in the least restrictive level that can treat them now, steps up as soon as the need
// rises (waiting where they are if the level is full), steps down at reviews and at the end of
// stays (staying blocked in the higher level until the lower has a place), and keeps
// responsibility during an admission, which shortens it. Cases missed at onset arrive in crisis
// through the emergency room, where the coordinator first meets them.
//
// cost_target: the same machinery with discharge targets: admissions capped, and at every
// review people at or below a target acuity are moved to the cheapest level, fit or not (but
// within its remit: the remit binds always); with a
// heavier caseload and rarer reviews. Its consequence — relapse and readmission — is not coded
// anywhere: it follows from the course of the illness at the level people were moved to.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "models/policies/builtin_policies.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {
namespace {

struct DischargeTargets {
  bool enabled = false;
  std::uint8_t acuity = 0;
  double inpatient_max_days = std::numeric_limits<double>::infinity();
};

class RecoveryPolicy final : public Policy {
 public:
  RecoveryPolicy(const Scenario& s, DischargeTargets targets)
      : scenario_(&s),
        review_days_(s.policy.params.at("review_days")),
        caseload_(s.policy.params.at("caseload")),
        early_detection_(s.policy.params.at("early_detection")),
        los_factor_(s.policy.params.at("inpatient_los_factor")),
        close_case_days_(s.policy.params.at("close_case_days")),
        out_of_hours_(s.policy.params.at("out_of_hours_share")),
        admit_acuity_(static_cast<std::uint8_t>(s.policy.params.at("admit_acuity"))),
        targets_(targets) {
    for (std::uint32_t i = 0; i < s.levels.size(); ++i) {
      const LevelKind k = s.levels[i].kind;
      if (k == LevelKind::none || k == LevelKind::emergency) continue;
      by_restrictiveness_.push_back(i);
      if (k != LevelKind::inpatient) by_cost_.push_back(i);
    }
    std::stable_sort(by_restrictiveness_.begin(), by_restrictiveness_.end(), [&](auto a, auto b) {
      return s.levels[a].restrictiveness < s.levels[b].restrictiveness;
    });
    std::stable_sort(by_cost_.begin(), by_cost_.end(), [&](auto a, auto b) {
      return s.levels[a].cost_per_day < s.levels[b].cost_per_day;
    });
  }

  Decision decide(Trigger trigger, const Person& p, const RegionView& region,
                  sim::RandomStream& rng) const override {
    const bool needs_coordinator = scenario_->groups[p.group].needs_coordinator;
    // Known to the regional centre: coordinated, or (for groups that need no coordinator,
    // treated directly at the soft entry) already in its care or on its lists.
    const bool known =
        p.has_coordinator || (!needs_coordinator && (p.ever_treated || p.waiting_for != kNoLevel));
    if (!known) return first_contact(trigger, p, region, rng, needs_coordinator);
    switch (trigger) {
      case Trigger::coordinator_assigned:
      case Trigger::onset:
      case Trigger::dropout:
        return place(p, region);
      case Trigger::acuity_change: {
        if (p.waiting_for != kNoLevel && !can_treat(scenario_->levels[p.waiting_for], p)) {
          return place(p, region);  // the level they wait for no longer fits their need
        }
        // A crisis out of the team's hours reaches the ER, as anyone's would; one in a level
        // that treats crises (a balancing house, home care, the ward) is met there.
        const bool treated_here = p.level != kNoLevel && can_treat(scenario_->levels[p.level], p);
        if (p.acuity == kCrisis && !treated_here && sim::bernoulli(rng, out_of_hours_)) {
          return crisis(p, region);
        }
        if (p.level == kNoLevel) return p.acuity >= 2 ? place(p, region) : Decision{kStay};
        const LevelSpec& here = scenario_->levels[p.level];
        if (!can_treat(here, p) && p.acuity > here.acuity[0]) return place(p, region);  // step up
        return {kStay};
      }
      case Trigger::stay_end:
      case Trigger::review: {
        const bool in_hospital =
            p.level != kNoLevel && scenario_->levels[p.level].kind == LevelKind::inpatient;
        const bool target_applies =
            p.acuity <= targets_.acuity || (in_hospital && p.acuity < kCrisis);
        if (targets_.enabled && target_applies && !by_cost_.empty()) {
          for (const auto level : by_cost_) {
            // Fit or not, but within the level's remit: a target never overrides who a
            // service is for.
            if (region.capacity(level) == 0 || !serves(scenario_->levels[level], p)) continue;
            // Already at the cheapest level offered: the target is met, nothing to move.
            if (level == p.level) {
              return {kStay, WaitMode::in_queue, Fallback::no_care, false, close(p, region)};
            }
            return {level, WaitMode::in_queue, Fallback::no_care, false, close(p, region)};
          }
        }
        if (close(p, region)) {
          // Stable for long enough: the coordinator closes the case, leaving the person in the
          // least restrictive care that fits (often primary care), or none.
          Decision d = place(p, region);
          d.release_coordinator = true;
          if (d.target == kStay) d.target = kNoLevel;
          return d;
        }
        if (p.acuity == 0 && p.level != kNoLevel && scenario_->levels[p.level].acuity[0] > 0) {
          return {kNoLevel};  // in remission: no service needed for now
        }
        const Decision d = place(p, region);
        if (d.target == p.level && trigger == Trigger::stay_end) return {kStay};
        return d;
      }
    }
    return {kStay};
  }

  double stay_days(const Person&, std::uint32_t level, double drawn) const override {
    if (scenario_->levels[level].kind != LevelKind::inpatient) return drawn;
    return std::min(drawn * los_factor_, targets_.inpatient_max_days);
  }
  double review_days() const override { return review_days_; }
  double caseload() const override { return caseload_; }

 private:
  static constexpr std::uint8_t kCrisis = kAcuityLevels - 1;

  /// The least restrictive level that can treat the person and has a place. If none below
  /// their current level has one and the current level still fits, they wait in it (blocked)
  /// for whichever fitting level below has the shortest line. If the current level does not
  /// fit (or they are at home) and nothing has a place: in crisis, the most restrictive level
  /// that can treat them (the hospital has overflow beds); otherwise the least restrictive, at
  /// home, at the front of its list if they have just left a level. "Can treat" includes the
  /// remit, so the crisis fallback too is among the levels that serve the person; if none
  /// does, nothing changes.
  Decision place(const Person& p, const RegionView& region) const {
    std::uint32_t least = kNoLevel;
    std::uint32_t most = kNoLevel;
    std::uint32_t shortest = kNoLevel;
    bool current_fits = false;
    for (const auto level : by_restrictiveness_) {
      if (region.capacity(level) == 0 || !can_treat(scenario_->levels[level], p)) continue;
      // A ward admits from outside only at the admission threshold: a free bed is not a
      // substitute for a full day-care or clinic list (else bed use follows the beds). A child
      // is removed from home on the same terms: a placement place is not a substitute for
      // the family's services.
      const LevelKind kind = scenario_->levels[level].kind;
      if (level != p.level && (kind == LevelKind::inpatient || kind == LevelKind::placement) &&
          p.acuity < admit_acuity_) {
        continue;
      }
      if (level == p.level) {
        current_fits = true;  // no need to look at anything more restrictive
        break;
      }
      if (region.has_place_for(level, p)) return {level, WaitMode::in_queue};
      if (least == kNoLevel) least = level;
      most = level;
      if (shortest == kNoLevel || region.waiting(level) < region.waiting(shortest)) {
        shortest = level;
      }
    }
    if (current_fits) {
      if (shortest == kNoLevel) return {p.level};
      return {shortest, WaitMode::in_place, Fallback::stay};
    }
    if (least == kNoLevel) {
      // Nothing fits: someone who has recovered below their level's range goes home; someone
      // whose need rose stays where they are rather than lose care.
      const bool recovered = p.level != kNoLevel && p.acuity < scenario_->levels[p.level].acuity[0];
      return {recovered ? kNoLevel : kStay};
    }
    if (p.acuity == kCrisis) return {most, WaitMode::in_place, Fallback::stay};
    Decision d{least, WaitMode::in_queue, Fallback::stay};
    d.urgent = p.level != kNoLevel;
    return d;
  }

  Decision crisis(const Person& p, const RegionView& region) const {
    const std::uint32_t er = first_serving(*scenario_, LevelKind::emergency, p);
    if (er != kNoLevel && region.capacity(er) > 0) return {er, WaitMode::in_queue, Fallback::stay};
    return place(p, region);
  }

  /// Someone the centre does not know yet: met at onset through a soft entry point (most), in
  /// crisis at the ER, or — once treated before — when they deteriorate again.
  Decision first_contact(Trigger trigger, const Person& p, const RegionView& region,
                         sim::RandomStream& rng, bool needs_coordinator) const {
    // The intake team places them at once; a coordinator takes the case on when one is free.
    const auto take_on = [&] {
      Decision d = place(p, region);
      d.assign_coordinator = needs_coordinator;
      return d;
    };
    switch (trigger) {
      case Trigger::onset:
        if (p.acuity == kCrisis) return crisis(p, region);
        // Only people present at the start can have been treated before (`known_at_start`):
        // the services know them, as at the steady state — back to a coordinator when unwell,
        // otherwise with the family doctor (or whatever least restrictive care fits) as a
        // closed case.
        if (p.ever_treated) {
          if (p.acuity >= 2) return take_on();
          Decision d = place(p, region);
          d.release_coordinator = true;  // a closed case, as the coordinator would leave it
          return d;
        }
        return sim::bernoulli(rng, early_detection_) ? take_on() : Decision{kStay};
      case Trigger::acuity_change:
        if (p.acuity == kCrisis && p.level == kNoLevel) return crisis(p, region);
        if (p.ever_treated && p.acuity >= 2) return take_on();  // known before: re-referred
        return {kStay};
      case Trigger::stay_end: {
        // A closed case's stay with the family doctor (or whatever least restrictive care
        // they were left in) is renewed, or ends if they no longer need it: the case is
        // reopened when they deteriorate (above), not at every renewal. The end of an ER
        // visit, a closed case's crisis included, is a first contact.
        const bool at_er = scenario_->levels[p.level].kind == LevelKind::emergency;
        if (p.case_closed && p.acuity < 2 && !at_er) return place(p, region);
        return take_on();
      }
      case Trigger::review:
        return take_on();
      default:
        return {kStay};
    }
  }

  /// True if the coordinator would close the case now.
  bool close(const Person& p, const RegionView& region) const {
    return p.has_coordinator && close_case_days_ > 0 && p.stable_since >= 0 &&
           region.now() - p.stable_since >= close_case_days_;
  }

  const Scenario* scenario_;
  double review_days_;
  double caseload_;
  double early_detection_;
  double los_factor_;
  double close_case_days_;
  double out_of_hours_;
  std::uint8_t admit_acuity_;
  DischargeTargets targets_;
  std::vector<std::uint32_t> by_restrictiveness_;
  std::vector<std::uint32_t> by_cost_;
};

}  // namespace

std::unique_ptr<Policy> make_recovery_policy(const Scenario& scenario) {
  return std::make_unique<RecoveryPolicy>(scenario, DischargeTargets{});
}

std::unique_ptr<Policy> make_cost_target_policy(const Scenario& scenario) {
  DischargeTargets t;
  t.enabled = true;
  t.acuity = static_cast<std::uint8_t>(scenario.policy.params.at("discharge_acuity"));
  t.inpatient_max_days = scenario.policy.params.at("inpatient_max_days");
  return std::make_unique<RecoveryPolicy>(scenario, t);
}

}  // namespace retzef::models
