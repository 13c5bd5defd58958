// Care coordinators: taking a case on when the pool has room (or joining its line), closing a
// case and handing the freed place to the next in line, the reviews a coordinator holds, and
// their contacts: the rhythm at which they see their people and what a contact finds
// (contact_rule.hpp).
#include <algorithm>

#include "models/care_step.hpp"
#include "sim/random/distributions.hpp"

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
  Person& p = person(id);
  accrue_idle_contacts();
  p.has_coordinator = true;
  p.case_closed = false;
  p.known_acuity = p.acuity;  // the intake's assessment
  p.rise_since = -1;
  st_.coordinators.take_on(now(), p.acuity);
  schedule_review(id);
  if (contacts_change_nothing(p)) {
    note_idle_contacts(id);
  } else {
    schedule_contact(id);
  }
}

void CareModel::Step::release_coordinator(std::uint32_t id) {
  Person& p = person(id);
  accrue_idle_contacts();
  p.has_coordinator = false;
  p.rise_since = -1;
  ++p.contact_epoch;
  note_idle_contacts(id);
  st_.coordinators.close_case(now(), p.acuity, p.known_acuity);
  serve_coordinator_line();
}

void CareModel::Step::serve_coordinator_line() {
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
  double every = m_.policy_->review_days();
  // Someone coordinated at the start is part-way through their review cycle: without this
  // every prevalent case would be reviewed on the same days for the whole run.
  if (starting_ && m_.scenario_.start_mid_stay) every *= start_share(id, 1);
  if (every > 0) ctx_.schedule(every, kReview, id, p.review_epoch);
}

bool CareModel::Step::coordinator_notices(std::uint32_t id, std::uint8_t from) {
  Person& p = person(id);
  accrue_idle_contacts();
  st_.coordinators.change_acuity(from, p.acuity, now());
  if (p.acuity <= p.known_acuity) {
    // Improvements are acted on as before (step-downs wait for reviews and stays' ends); a rise
    // that has passed unnoticed is no longer there to find.
    p.rise_since = -1;
    st_.coordinators.reassess(p.known_acuity, p.acuity);
    p.known_acuity = p.acuity;
    note_idle_contacts(id);
    return true;
  }
  if (p.rise_since < 0) p.rise_since = now();
  const ContactRule& rule = m_.contacts_;
  if (p.acuity == kCrisis) {
    found(id, FoundBy::crisis);
    return true;
  }
  if (rule.instant) {
    found(id, FoundBy::coordinator);
    return true;
  }
  const double reach_out = rule.reach_out[p.acuity];
  if (reach_out > 0 && sim::bernoulli(stream(id, kContactStream, kContactDraws), reach_out)) {
    save(id, kContactDraws);
    if (observing()) {
      ++st_.totals.contacts[p.acuity];
      ++st_.totals.contacts_by_kind[static_cast<std::size_t>(ContactKind::reach_out)];
    }
    found(id, FoundBy::reach_out);
    return true;
  }
  save(id, kContactDraws);
  note_idle_contacts(id);  // a contact could now find it: drawn, if they were counted till now
  return false;            // found at the next contact, a review, a stay's end or the crisis
}

void CareModel::Step::found(std::uint32_t id, FoundBy who) {
  Person& p = person(id);
  if (p.rise_since < 0) return;
  accrue_idle_contacts();
  if (observing()) {
    st_.totals.detection_delay.add(now() - p.rise_since);
    ++st_.totals.found[static_cast<std::size_t>(who)];
  }
  p.rise_since = -1;
  st_.coordinators.reassess(p.known_acuity, p.acuity);
  p.known_acuity = p.acuity;
  note_idle_contacts(id);
}

/// The person's contacts a day, by need and for the target. The target comes first: it takes
/// its contacts' time from what the region's coordinators have in a day (all of it, at most,
/// the target then met only in part); the rest, the time by need, is shared by the priority of
/// the acuity each coordinator knows of, at most one contact a day.
CareModel::Step::ContactShare CareModel::Step::contact_share() const {
  const ContactRule& rule = m_.contacts_;
  const double capacity = m_.scenario_.regions[st_.region].coordinators * rule.per_day;
  ContactShare share;
  const double target_time = st_.coordinators.open_cases() * rule.target_per_day * rule.target_time;
  share.target =
      target_time > capacity ? rule.target_per_day * capacity / target_time : rule.target_per_day;
  share.by_need = std::max(0.0, capacity - target_time);
  share.weight = st_.coordinators.priority_weight(rule.priority);
  return share;
}

CareModel::Step::ContactRates CareModel::Step::contact_rates(const ContactShare& share,
                                                             std::uint8_t known) const {
  const ContactRule& rule = m_.contacts_;
  ContactRates r;
  r.target = share.target;
  if (share.weight > 0) {
    r.need = std::min(share.by_need * rule.priority[known] / share.weight, rule.max_per_day);
  }
  return r;
}

/// The time to the person's next contact, by need or for the target: exponential, so a
/// person's contacts are a Poisson process at the rate of the moment until it is redrawn.
void CareModel::Step::schedule_contact_at(std::uint32_t id, ContactRates rates) {
  const ContactRule& rule = m_.contacts_;
  if (rule.instant) return;
  Person& p = person(id);
  const double rate = rates.need + rates.target;
  const std::uint32_t epoch = ++p.contact_epoch;
  if (!(rate > 0)) return;
  const double dt = sim::exponential(stream(id, kContactStream, kContactDraws), rate);
  save(id, kContactDraws);
  ctx_.schedule(dt, kContact, id, epoch);
}

/// A contact: by need or to meet the target (in proportion to their rates now). A contact by
/// need finds an unnoticed rise; a target contact finds it with its smaller probability. A
/// contact by need may also help (the contact's effect: one step down).
void CareModel::Step::contact(std::uint32_t id) {
  const ContactRule& rule = m_.contacts_;
  Person& p = person(id);
  sim::RandomStream& rng = stream(id, kContactStream, kContactDraws);
  ContactKind kind = ContactKind::need;
  // With a contact target the kind needs the rates. A contact that finds nothing changes
  // neither the pool nor what the coordinator knows, so the next contact is drawn at the same
  // rates, not worked out again (in the cost-target design, half of all events are contacts).
  ContactRates rates;
  if (rule.target_per_day > 0) {
    rates = contact_rates(p);
    if (rng.uniform01() * (rates.need + rates.target) < rates.target) kind = ContactKind::target;
  }
  const bool finds = p.rise_since >= 0 &&
                     (kind == ContactKind::need || sim::bernoulli(rng, rule.target_detection));
  const bool helps = kind == ContactKind::need && rule.effect > 0 && p.acuity > 0 &&
                     p.acuity < kCrisis && sim::bernoulli(rng, rule.effect);
  save(id, kContactDraws);
  if (observing()) {
    ++st_.totals.contacts[p.acuity];
    ++st_.totals.contacts_by_kind[static_cast<std::size_t>(kind)];
  }
  if (finds) found(id, FoundBy::coordinator);  // their contacts may be counted from now on
  if (p.idle_contacts_at == kNotIdle) {        // if not, the next is drawn
    if (rule.target_per_day > 0 && !finds) {
      schedule_contact_at(id, rates);
    } else {
      schedule_contact(id);
    }
  }
  if (helps) return set_acuity(id, static_cast<std::uint8_t>(p.acuity - 1));
  if (finds) decide_and_apply(id, Trigger::acuity_change);
}

bool CareModel::Step::contacts_change_nothing(const Person& p) const {
  const ContactRule& rule = m_.contacts_;
  return m_.count_idle_contacts_ && p.has_coordinator && p.rise_since < 0 &&
         !(rule.effect > 0 && p.acuity > 0 && p.acuity < kCrisis);
}

void CareModel::Step::accrue_idle_contacts() {
  IdleContacts& idle = st_.idle_contacts;
  if (!m_.count_idle_contacts_ || idle.current(now())) return;
  IdleContacts::Rates rates;
  const ContactShare share = contact_share();
  for (std::uint8_t a = 0; a < kAcuityLevels; ++a) {
    const ContactRates r = contact_rates(share, a);
    rates.need[a] = r.need;
    rates.target = r.target;
  }
  idle.accrue(now(), rates);
}

void CareModel::Step::note_idle_contacts(std::uint32_t id) {
  if (!m_.count_idle_contacts_) return;
  Person& p = person(id);
  const std::uint8_t at = contacts_change_nothing(p) ? p.acuity : kNotIdle;
  if (at == p.idle_contacts_at) return;
  accrue_idle_contacts();
  const bool was_counted = p.idle_contacts_at != kNotIdle;
  if (was_counted) st_.idle_contacts.remove(p.idle_contacts_at);
  p.idle_contacts_at = at;
  if (at != kNotIdle) {
    st_.idle_contacts.add(at);
    ++p.contact_epoch;  // the contact in the queue, if any, is dropped
  } else if (was_counted && p.has_coordinator) {
    schedule_contact(id);  // memoryless: the next contact at their rates of this moment
  }
}

/// Each acuity's and kind's count is a Poisson count of its expected contacts: the region's
/// counted contacts are a Poisson process at the sum of its people's rates.
void CareModel::Step::count_idle_contacts() {
  if (!m_.count_idle_contacts_ || !observing()) return;
  accrue_idle_contacts();
  sim::RandomStream rng = ctx_.stream(kIdleContactStream, st_.region);
  for (std::uint8_t a = 0; a < kAcuityLevels; ++a) {
    for (const ContactKind kind : {ContactKind::need, ContactKind::target}) {
      const std::uint64_t n = sim::poisson(rng, st_.idle_contacts.expected(a, kind));
      st_.totals.contacts[a] += n;
      st_.totals.contacts_by_kind[static_cast<std::size_t>(kind)] += n;
    }
  }
}

}  // namespace retzef::models
