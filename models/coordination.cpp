// Care coordinators: taking a case on when the pool has room (or joining its line), closing a
// case and handing the freed place to the next in line, and the reviews a coordinator holds.
#include "models/care_step.hpp"

namespace retzef::models {

bool CareModel::Step::request_coordinator(std::uint32_t id) {
  Person& p = person(id);
  if (st_.coordinators.has_place()) {
    assign_coordinator(id);
    return true;
  }
  p.awaiting_coordinator = true;
  st_.coordinators.wait(Ticket{id, p.number, now(), st_.region}, now());
  return false;
}

void CareModel::Step::assign_coordinator(std::uint32_t id) {
  person(id).has_coordinator = true;
  st_.coordinators.take_on(now());
  schedule_review(id);
}

void CareModel::Step::release_coordinator(std::uint32_t id) {
  person(id).has_coordinator = false;
  st_.coordinators.close_case(now());
  // The slot may have been reused by someone else since the ticket was taken: the number tells.
  const auto is_current = [&](const Ticket& t) {
    const Person& q = st_.people[t.person];
    return q.active && q.awaiting_coordinator && q.number == t.epoch;
  };
  while (const auto t = st_.coordinators.next_waiting(is_current)) {
    person(t->person).awaiting_coordinator = false;
    st_.coordinators.stop_waiting(now());
    assign_coordinator(t->person);
    decide_and_apply(t->person, Trigger::coordinator_assigned);
  }
}

void CareModel::Step::schedule_review(std::uint32_t id) {
  Person& p = person(id);
  ++p.review_epoch;
  const double every = m_.policy_->review_days();
  if (every > 0) ctx_.schedule(every, kReview, id, p.review_epoch);
}

}  // namespace retzef::models
