// Joining and leaving a level's lines, and giving freed places to whoever asked first. The
// lines and their counts belong to the level (care_level.hpp); this is the person's side: their
// record, their patience, their rates while they wait untreated, and referral requests.
#include "models/care_step.hpp"
#include "models/referral_message.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

/// Waiting in place to step down to a less restrictive level is blocking: days in a level that
/// were not needed (Koizumi et al. 2005).
bool CareModel::Step::blocked_stepping_down(const Person& p) const {
  return p.wait_mode == WaitMode::in_place && p.level != kNoLevel &&
         m_.scenario_.levels[p.waiting_for].restrictiveness <
             m_.scenario_.levels[p.level].restrictiveness;
}

void CareModel::Step::join(std::uint32_t id, std::uint32_t target, WaitMode mode, bool urgent) {
  Person& p = person(id);
  CareLevel& level = st_.levels[target];
  p.waiting_for = target;
  p.wait_mode = mode;
  p.waiting_since = now();
  ++p.wait_epoch;
  const Ticket ticket{id, p.wait_epoch, now(), st_.region};
  if (level.referred()) {
    ctx_.send(level.referred_to(), level.referral_delay(), kReferralRequest, id,
              referral_data(target, p.wait_epoch));
  }
  if (mode == WaitMode::in_queue) {
    level.join_list(ticket, urgent, now());
    const double patience = m_.scenario_.levels[target].max_wait_days;
    if (patience > 0) {
      const double dt = sim::exponential_mean(stream(id, kLifeStream, kLifeDraws), patience);
      save(id, kLifeDraws);
      ctx_.schedule(dt, kDropout, id, p.wait_epoch);
    }
    schedule_course(id);  // waiting untreated changes the rates
  } else {
    level.join_in_place(ticket, now());
    // In place is always in a level (apply): a wait there for a full next level is blocking,
    // whatever the two levels' kinds.
    st_.levels[p.level].hold(now());
    if (m_.scenario_.trace == TraceLevel::full) record_event(id, kBlockStart, p.level, target);
    if (observing() && !p.held_this_stay) ++st_.totals.queueing[p.level].blocked_stays;
    p.held_this_stay = true;
    if (blocked_stepping_down(p)) st_.levels[p.level].block(now());
    note_crisis_care(id);  // boarding in the ER is crisis care
  }
}

void CareModel::Step::leave_queue(std::uint32_t id) {
  Person& p = person(id);
  if (p.waiting_for == kNoLevel) return;
  CareLevel& level = st_.levels[p.waiting_for];
  if (p.wait_mode == WaitMode::in_queue) {
    level.leave_list(now());
  } else {
    level.leave_in_place(now());
    st_.levels[p.level].release_hold(now());
    if (m_.scenario_.trace == TraceLevel::full) {
      record_event(id, kBlockEnd, p.level, p.waiting_for);
    }
    if (blocked_stepping_down(p)) st_.levels[p.level].unblock(now());
    if (observing() && boarding(p)) {
      st_.totals.boarding_days[p.level] += observed_since(p.waiting_since);
    }
  }
  st_.freed.push_back(p.waiting_for);  // room on a waiting list may unblock someone
  const bool was_untreated = p.level == kNoLevel;
  p.waiting_for = kNoLevel;
  p.wait_mode = WaitMode::none;
  ++p.wait_epoch;
  if (was_untreated) schedule_course(id);
  note_crisis_care(id);
}

void CareModel::Step::serve(std::uint32_t target) {
  CareLevel& level = st_.levels[target];
  const auto is_current = [&](const Ticket& t) { return current(t, target); };
  while (const auto next = level.serve_next(is_current, now())) {
    const Ticket& t = next->ticket;
    if (next->remote) {
      // A place held for a person of another region until they arrive (or say they no longer
      // need it).
      ctx_.send(t.region, m_.referral_delay(t.region, target), kReferralGrant, t.person,
                referral_data(target, t.epoch));
      continue;
    }
    const double waited = now() - person(t.person).waiting_since;
    leave_queue(t.person);
    move(t.person, target, waited);
  }
  // Those now first in line are checked at the level's next serve, an event or more away: ask
  // for their records now (docs/kernel.md, "The whole record asked for").
  level.for_each_front(4, [&](const Ticket& t, std::size_t i) {
    if (i == 0) {
      prefetch_record(st_.people[t.person]);
    } else {
      sim::prefetch_line(&st_.people[t.person]);
    }
  });
  if (!m_.move_blocked_into_buffer_) return;
  while (const auto t = level.next_into_buffer(is_current)) {
    leave_queue(t->person);
    move(t->person, kNoLevel, 0);
    join(t->person, target, WaitMode::in_queue);
    person(t->person).waiting_since = t->since;
  }
}

void CareModel::Step::serve_freed() {
  while (!st_.freed.empty()) {
    const std::uint32_t level = st_.freed.back();
    st_.freed.pop_back();
    serve(level);
  }
}

}  // namespace retzef::models
