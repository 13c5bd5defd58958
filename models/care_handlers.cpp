// The care model's event handlers, one per event kind, and the dispatch between them. Each
// first tells a superseded event (its epoch no longer the person's) and ignores it; the model
// then serves every level where a place came free, and (debug builds) checks its bookkeeping.
#include <stdexcept>
#include <string>

#include "models/care_step.hpp"
#include "models/referral_message.hpp"

namespace retzef::models {

void CareModel::handle(sim::LpContext& ctx, RegionState& st, const sim::Event& e) const {
  // The days before this event, as they ended.
  st.series.catch_up(ctx.now(), st.levels, st.coordinators);
  Step step(*this, ctx, st);
  switch (e.kind) {
    case kOnset:
      step.on_onset(e);
      break;
    case kCourse:
      step.on_course(e);
      break;
    case kStayEnd:
      step.on_stay_end(e);
      break;
    case kReview:
      step.on_review(e);
      break;
    case kDropout:
      step.on_dropout(e);
      break;
    case kRemission:
      step.on_remission(e);
      break;
    case kReferralRequest:
      step.on_referral_request(e);
      break;
    case kReferralGrant:
      step.on_referral_grant(e);
      break;
    case kReferralRelease:
      step.on_referral_release(e);
      break;
    case kDaily:
      step.on_daily(e);
      break;
    case kWarmupEnd:
      step.on_warmup_end(e);
      break;
    case kContact:
      step.on_contact(e);
      break;
    case kStaffChange:
      step.on_staff_change(e);
      break;
    default:
      throw std::logic_error("care model: unknown event kind " + std::to_string(e.kind));
  }
  step.serve_freed();
  step.release_course();
  // A full check is a pass over the region's people: after every event in small regions, after
  // every 1,024th in large ones, so debug runs of the default region stay usable.
  if (check_invariants_ && (st.people.size() <= 2000 || (++st.events_since_check & 1023) == 0)) {
    enforce_invariants(st, ctx.now());
  }
}

/// Arrival streams: data 0 = a care group (thinned for surges), 1 = a pathway stream.
void CareModel::Step::on_onset(const sim::Event& e) {
  arrival(e.entity, e.data == 1);
}

void CareModel::Step::on_course(const sim::Event& e) {
  // The epoch alone tells most superseded course events (a departure bumps it too).
  const Person& p = st_.people[e.entity];
  if (e.data == p.course_epoch && p.active) {
    course_event(e.entity);
  }
}

void CareModel::Step::on_stay_end(const sim::Event& e) {
  const Person& p = st_.people[e.entity];
  if (p.active && p.level != kNoLevel && e.data == p.stay_epoch) {
    record_handled(e.entity, kStayEnd);
    if (p.has_coordinator) found(e.entity, FoundBy::service);  // the level's staff see it
    decide_and_apply(e.entity, Trigger::stay_end);
  }
}

void CareModel::Step::on_review(const sim::Event& e) {
  const Person& p = st_.people[e.entity];
  if (p.active && p.has_coordinator && e.data == p.review_epoch) {
    record_handled(e.entity, kReview);
    found(e.entity, FoundBy::coordinator);  // a review is a contact too
    decide_and_apply(e.entity, Trigger::review);
    if (st_.people[e.entity].active) schedule_review(e.entity);
  }
}

void CareModel::Step::on_dropout(const sim::Event& e) {
  const Person& p = st_.people[e.entity];
  if (p.active && p.wait_mode == WaitMode::in_queue && e.data == p.wait_epoch) {
    record_handled(e.entity, kDropout);
    if (observing()) ++st_.totals.dropouts[p.waiting_for];
    leave_queue(e.entity);
    decide_and_apply(e.entity, Trigger::dropout);
  }
}

void CareModel::Step::on_remission(const sim::Event& e) {
  const Person& p = st_.people[e.entity];
  const double days = m_.scenario_.groups[p.group].remission_exit_days;
  if (p.active && e.data == p.remission_epoch && p.acuity == 0 &&
      now() - p.acuity_since >= days - 1e-9) {
    record_handled(e.entity, kRemission);
    leave_system(e.entity);
  }
}

/// At the host: the request joins the local ones.
void CareModel::Step::on_referral_request(const sim::Event& e) {
  const std::uint32_t level = referral_level(e.data);
  st_.levels[level].request_from_region(
      Ticket{e.entity, referral_epoch(e.data), now(), sim::order_source(e.order)});
  st_.freed.push_back(level);
}

/// At home: take the place, or give it back if no longer wanted.
void CareModel::Step::on_referral_grant(const sim::Event& e) {
  const std::uint32_t level = referral_level(e.data);
  const Person& p = st_.people[e.entity];
  if (p.active && p.waiting_for == level &&
      (p.wait_epoch & kReferralEpochMask) == referral_epoch(e.data)) {
    record_handled(e.entity, kReferralGrant);
    const double waited = now() - p.waiting_since;
    leave_queue(e.entity);
    move(e.entity, level, waited);
  } else {
    ctx_.send(sim::order_source(e.order), st_.levels[level].referral_delay(), kReferralRelease,
              e.entity, level);
  }
}

/// At the host: the place is free again.
void CareModel::Step::on_referral_release(const sim::Event& e) {
  st_.levels[e.data].release_to_region(now());
  st_.freed.push_back(e.data);
}

void CareModel::Step::on_daily(const sim::Event&) {
  record_occupancy();
  ctx_.schedule(1.0, kDaily);
}

void CareModel::Step::on_contact(const sim::Event& e) {
  const Person& p = st_.people[e.entity];
  if (p.active && p.has_coordinator && e.data == p.contact_epoch) {
    record_handled(e.entity, kContact);
    contact(e.entity);
  }
}

void CareModel::Step::on_warmup_end(const sim::Event&) {
  st_.observing = true;
  for (auto& level : st_.levels)
    level.start_observing(now());
  st_.active.restart(now());
  st_.coordinators.start_observing(now());
  st_.idle_contacts.restart(now());
  st_.workforce.start_observing(now());
  count_households();
  for (std::uint32_t i = 0; i < st_.people.size(); ++i) {
    if (!st_.people[i].active) continue;
    advance_functioning(i);
    st_.people[i].functioning_start = static_cast<float>(st_.people[i].functioning);
  }
}

}  // namespace retzef::models
