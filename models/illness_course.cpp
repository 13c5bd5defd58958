// The course of a person's illness: acuity as a continuous-time Markov chain whose rates depend
// on the group, the level they are at and whether they wait untreated; remission; and
// functioning, which changes at a rate set by acuity and level (docs/model.md). The rates
// themselves are looked up (course_rates.hpp).
#include <algorithm>

#include "models/care_step.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

/// Draws the time of the next acuity change under the current rates, unless they are what they
/// were when the pending change was drawn: the chain is memoryless, so a pending draw stays
/// exact while the rates stand, and redrawing only when they change keeps the event queue free
/// of superseded events.
void CareModel::Step::schedule_course(std::uint32_t id, bool force) {
  Person& p = person(id);
  const double total = m_.follows_course_ && p.active ? course_rates(p).total : 0.0;
  if (!force && total == p.course_rate) return;
  const std::uint32_t epoch = ++p.course_epoch;
  p.course_rate = total;
  if (!(total > 0)) return;
  const double dt = sim::exponential(stream(id, kCourseStream, kCourseDraws), total);
  save(id, kCourseDraws);
  // This person's held event, if any, is superseded; another's goes to the queue now.
  if (held_course_ && held_course_->entity != id) release_course();
  held_course_ = ctx_.make(dt, kCourse, id, epoch);
}

void CareModel::Step::schedule_held_course() {
  // A redraw that found no rate, or a departure, has bumped the epoch since.
  if (held_course_->data == person(held_course_->entity).course_epoch) ctx_.schedule(*held_course_);
  held_course_.reset();
}

void CareModel::Step::course_event(std::uint32_t id) {
  Person& p = person(id);
  const CourseRates& r = course_rates(p);
  const double u = stream(id, kCourseStream, kCourseDraws).uniform01() * r.total;
  save(id, kCourseDraws);
  if (u >= r.change) return leave_system(id);
  std::uint8_t to = kCrisis;
  if (u < r.worsen) {
    to = static_cast<std::uint8_t>(p.acuity + 1);
  } else if (u < r.worsen_or_improve) {
    to = static_cast<std::uint8_t>(p.acuity - 1);
  }
  set_acuity(id, to);
}

void CareModel::Step::set_acuity(std::uint32_t id, std::uint8_t to) {
  Person& p = person(id);
  advance_functioning(id);
  if (p.acuity == kCrisis && observing()) {
    st_.totals.groups[p.group].crisis_days += observed_since(p.acuity_since);
  }
  const std::uint8_t from = p.acuity;
  p.acuity = to;
  p.acuity_since = now();
  ++p.remission_epoch;
  if (p.acuity >= 2) {
    p.stable_since = -1;
  } else if (p.stable_since < 0) {
    p.stable_since = now();
  }
  if (p.acuity == 0) {
    if (!p.remitted) {
      p.remitted = true;
      if (observing() && p.onset >= m_.scenario_.warmup_days) {
        p.remission_time = static_cast<float>(now() - p.onset);
        st_.totals.remission_time.add(now() - p.onset);
        st_.totals.groups[p.group].remission_time.add(now() - p.onset);
      }
    }
    schedule_remission(id);
  }
  if (m_.scenario_.trace == TraceLevel::full) record_event(id, kCourse, p.level, p.level);
  schedule_course(id, true);  // the pending change has happened: draw the next
  // A coordinated person's rise waits for their coordinator to learn of it (contact_rule.hpp).
  if (p.has_coordinator && !coordinator_notices(id, from)) return;
  decide_and_apply(id, Trigger::acuity_change);
}

void CareModel::Step::schedule_remission(std::uint32_t id) {
  const double days = m_.scenario_.groups[person(id).group].remission_exit_days;
  if (days > 0) ctx_.schedule(days, kRemission, id, person(id).remission_epoch);
}

/// Brings functioning up to now under the rate in force since it was last updated.
void CareModel::Step::advance_functioning(std::uint32_t id) {
  Person& p = person(id);
  const double dt = now() - p.functioning_at;
  p.functioning_at = now();
  if (!(dt > 0) || !m_.follows_course_) return;
  double rate = m_.scenario_.groups[p.group].functioning_per_year[p.acuity] * kYearsPerDay;
  if (p.level != kNoLevel) {
    const LevelSpec& l = m_.scenario_.levels[p.level];
    rate *= l.functioning_factor;
    if (rate > 0 && p.acuity < l.acuity[0]) rate *= m_.scenario_.over_restrictive_factor;
  }
  p.functioning = std::clamp(p.functioning + rate * dt, 0.0, 1.0);
}

}  // namespace retzef::models
