// Asking the policy where a person should be, and carrying the answer out against the levels'
// places and lines: move now, wait on the list or in place, or fall back when neither can be.
#include "models/care_step.hpp"

namespace retzef::models {

Decision CareModel::Step::decide(Trigger trigger, std::uint32_t id) {
  const RegionView view(m_.scenario_, st_.levels.data(), st_.households.data(), now());
  const Decision d =
      m_.policy_->decide(trigger, person(id), view, stream(id, kDecisionStream, kDecisionDraws));
  save(id, kDecisionDraws);
  return d;
}

void CareModel::Step::apply(std::uint32_t id, Decision d, Trigger why) {
  Person& p = person(id);
  if (!p.active) return;
  if (d.release_coordinator) {
    if (p.has_coordinator) release_coordinator(id);
    p.case_closed = true;
  }
  if (d.assign_coordinator && m_.policy_->caseload() > 0 && !p.has_coordinator &&
      !p.awaiting_coordinator && request_coordinator(id)) {
    d = decide(Trigger::coordinator_assigned, id);  // the coordinator decides from here
  }  // otherwise the decision stands until a coordinator is free (and decides again)
  if (d.target == kStay) {
    if (why == Trigger::stay_end && p.level != kNoLevel && p.waiting_for == kNoLevel) {
      start_stay(id);
    }
    return;
  }
  if (d.target == kLeaveSystem) return leave_system(id);
  if (d.target == kNoLevel) {
    leave_queue(id);
    move(id, kNoLevel, 0);
    return;
  }
  const std::uint32_t target = d.target;
  if (target == p.level) {
    leave_queue(id);
    if (why == Trigger::stay_end) start_stay(id);
    return;
  }
  if (p.waiting_for == target) return;  // already waiting for it
  leave_queue(id);
  if (observing()) ++st_.totals.queueing[target].arrivals;
  const CareLevel& level = st_.levels[target];
  if (level.has_place() || shares_family_place(id, target)) return move(id, target, 0);
  const WaitMode mode = (d.wait == WaitMode::in_place && p.level != kNoLevel) ? WaitMode::in_place
                                                                              : WaitMode::in_queue;
  if (level.offered() && mode == WaitMode::in_place) return join(id, target, mode);
  if (level.offered() && level.queue_has_room()) {
    move(id, kNoLevel, 0);
    return join(id, target, WaitMode::in_queue, d.urgent);
  }
  // Blocked after service in the current level: a wait for the target, not a loss to it.
  if (d.if_full == Fallback::in_place && p.level != kNoLevel && level.offered()) {
    return join(id, target, WaitMode::in_place);
  }
  if (observing()) ++st_.totals.lost[target];
  switch (d.if_full) {
    case Fallback::stay:
      if (why == Trigger::stay_end && p.level != kNoLevel) start_stay(id);
      return;
    case Fallback::no_care:
      return move(id, kNoLevel, 0);
    case Fallback::leave_system:
    case Fallback::in_place:  // nowhere to wait
      return leave_system(id);
  }
}

}  // namespace retzef::models
