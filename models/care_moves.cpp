// Moving a person between levels: leaving one (a discharge, for inpatient levels), entering the
// next (an admission, a first contact with care, the follow-up after a discharge), the stays
// that follow, and leaving the system.
#include <algorithm>

#include "models/care_step.hpp"
#include "models/referral_message.hpp"
#include "sim/core/prefetch.hpp"

namespace retzef::models {

void CareModel::Step::move(std::uint32_t id, std::uint32_t to, double waited) {
  Person& p = person(id);
  const std::uint32_t from = p.level;
  if (from == to) return;
  if (p.wait_mode == WaitMode::in_place) leave_queue(id);  // they leave where they waited
  advance_functioning(id);
  if (from != kNoLevel) leave_level(id, from);
  p.level = to;
  p.level_since = now();
  p.held_this_stay = false;
  ++p.stay_epoch;
  if (to != kNoLevel) enter_level(id, to, waited);
  note_crisis_care(id);
  if (observing()) {
    ++st_.totals.moves[flow_index(from)][flow_index(to)];
    ++st_.totals.groups[p.group].moves[flow_index(from)][flow_index(to)];
  }
  if (m_.scenario_.trace != TraceLevel::summary) record_event(id, kMove, from, to);
  schedule_course(id);
}

bool CareModel::Step::release_place(std::uint32_t id, std::uint32_t level) {
  const Person& p = person(id);
  // At a level counted in families the household's place is freed by its last member there,
  // and it is the place's days that the group's care is paid for.
  const bool family = placed_by_family(m_.scenario_.levels[level], p.household);
  const bool frees = !family || leave_family_place(id, level);
  if (frees && observing()) {
    const double since = family ? st_.households[p.household].place_since[level] : p.level_since;
    st_.totals.groups[p.group].level_days[level] += observed_since(since);
  }
  return frees;
}

void CareModel::Step::leave_level(std::uint32_t id, std::uint32_t from) {
  Person& p = person(id);
  CareLevel& level = st_.levels[from];
  if (release_place(id, from)) {
    if (level.vacate(now())) {
      st_.freed.push_back(from);
    } else {  // the place was at the host region
      ctx_.send(level.referred_to(), level.referral_delay(), kReferralRelease, id, from);
    }
  }
  count_level_days(id, from, p.level_since);
  if (observing()) {
    LevelQueueing& q = st_.totals.queueing[from];
    ++q.completed;
    if (p.level_since >= m_.scenario_.warmup_days) q.sojourn.add(now() - p.level_since);
  }
  if (m_.scenario_.levels[from].kind == LevelKind::inpatient) {
    p.last_discharge = now();
    p.follow_up_pending = true;
    if (observing()) {
      RunTotals& t = st_.totals;
      ++t.discharges;
      if (p.level_since >= m_.scenario_.warmup_days) t.inpatient_stay.add(now() - p.level_since);
      if (now() + 30 <= ctx_.end_time()) {
        ++t.discharges_30;
        ++t.groups[p.group].discharges_30;
      }
      if (now() + 90 <= ctx_.end_time()) ++t.discharges_90;
    }
  }
}

void CareModel::Step::enter_level(std::uint32_t id, std::uint32_t to, double waited) {
  Person& p = person(id);
  const LevelSpec& spec = m_.scenario_.levels[to];
  CareLevel& level = st_.levels[to];
  if (placed_by_family(spec, p.household)) {
    if (!shares_family_place(id, to)) level.occupy(now());
    enter_family_place(id, to);
  } else {
    level.occupy(now());
  }
  RunTotals& t = st_.totals;
  if (observing()) {
    ++t.entries[to];
    t.wait[to].add(waited);
    t.queueing[to].wait.add(waited);
    if (waited > 0) ++t.queueing[to].waited;
    t.peak_occupied[to] = std::max(t.peak_occupied[to], double(level.occupied()));
  }
  if (m_.treating_[to] && !p.ever_treated) {
    p.ever_treated = true;
    if (observing() && p.onset >= m_.scenario_.warmup_days) {
      p.first_care_wait = static_cast<float>(now() - p.onset);
      t.first_care_wait.add(now() - p.onset);
      t.groups[p.group].first_care_wait.add(now() - p.onset);
    }
  }
  if (spec.kind == LevelKind::inpatient) {
    admit(id);
  } else if (m_.community_[to] && m_.treating_[to] && p.follow_up_pending) {
    p.follow_up_pending = false;
    if (observing() && now() - p.last_discharge <= 14) ++t.follow_up_14;
  }
  start_stay(id);
}

void CareModel::Step::admit(std::uint32_t id) {
  Person& p = person(id);
  p.follow_up_pending = false;
  ++p.admissions;
  const bool readmit_30 = p.last_discharge >= 0 && now() - p.last_discharge <= 30;
  const bool readmit_90 = p.last_discharge >= 0 && now() - p.last_discharge <= 90;
  if (readmit_30) ++p.readmissions_30;
  if (readmit_90) ++p.readmissions_90;
  if (!observing()) return;
  RunTotals& t = st_.totals;
  ++t.admissions;
  ++t.groups[p.group].admissions;
  // A readmission counts against the discharge it follows, and only where the share's
  // denominator holds that discharge (observed, and at least 30 or 90 days before the end, as
  // in leave_level): a readmission after a discharge too late to follow is in neither count.
  const bool observed = p.last_discharge >= m_.scenario_.warmup_days;
  if (readmit_30 && observed && p.last_discharge + 30 <= ctx_.end_time()) {
    ++t.readmissions_30;
    ++t.groups[p.group].readmissions_30;
  }
  if (readmit_90 && observed && p.last_discharge + 90 <= ctx_.end_time()) ++t.readmissions_90;
  const bool involuntary = p.involuntary && p.acuity == kCrisis;
  if (involuntary) {
    ++t.involuntary_admissions;
    return;
  }
  for (std::size_t l = 0; l < m_.scenario_.levels.size(); ++l) {
    if (m_.could_serve_crisis_[l] && can_treat(m_.scenario_.levels[l], p)) {
      ++t.avoidable_admissions;
      break;
    }
  }
}

void CareModel::Step::start_stay(std::uint32_t id, double share) {
  if (starting_ && share == 1.0 && m_.scenario_.start_mid_stay) share = start_share(id, 0);
  Person& p = person(id);
  const double drawn = m_.stays_[p.level](stream(id, kStayStream, kStayDraws));
  save(id, kStayDraws);
  const double days = share * m_.policy_->stay_days(p, p.level, drawn);
  ++p.stay_epoch;
  ctx_.schedule(days, kStayEnd, id, p.stay_epoch);
}

void CareModel::Step::leave_system(std::uint32_t id) {
  Person& p = person(id);
  if (!p.active) return;
  // The patients row reads every day-per-level count, kept apart from the record, which the
  // event's prefetch does not bring: ask for them now, to arrive during the work below.
  if (m_.scenario_.trace != TraceLevel::summary) {
    sim::prefetch_line(&st_.level_days[id].front());
    sim::prefetch_line(&st_.level_days[id].back());
  }
  leave_queue(id);
  move(id, kNoLevel, 0);
  if (m_.scenario_.trace != TraceLevel::summary) record_event(id, kExit, kNoLevel, kNoLevel);
  if (p.has_coordinator) release_coordinator(id);
  if (p.awaiting_coordinator) {
    p.awaiting_coordinator = false;
    st_.coordinators.stop_waiting(now());
  }
  p.active = false;
  ++p.course_epoch;
  p.course_rate = 0;
  ++p.review_epoch;
  st_.active.remove(now());
  if (observing()) ++st_.totals.exits;
  close_record(id, true);
  ++p.remission_epoch;
  leave_household(id);
  st_.free_slots.push_back(id);
}

}  // namespace retzef::models
