// Episodes of 24-hour crisis care (crisis_care.hpp) and the returns to it: a person is in
// crisis care while at a crisis level or boarding in the ER for one; leaving it is a
// departure, coming back within 30 or 90 days a crisis readmission. Both are counted for
// observed departures, as the inpatient ones are (care_moves.cpp), and a return only against a
// departure the denominator holds. Measurement only: nothing here changes what anyone does.
#include "models/care_step.hpp"
#include "models/crisis_care.hpp"

namespace retzef::models {

bool CareModel::Step::boarding(const Person& p) const {
  return p.wait_mode == WaitMode::in_place && p.level != kNoLevel &&
         is_er_boarding(m_.scenario_.levels[p.level].kind, m_.scenario_.levels[p.waiting_for].kind);
}

void CareModel::Step::note_crisis_care(std::uint32_t id) {
  Person& p = person(id);
  const bool in = p.level != kNoLevel && (m_.crisis_care_[p.level] || boarding(p));
  if (in == p.in_crisis_care) return;
  p.in_crisis_care = in;
  if (!in) {
    p.crisis_leaving = now();
    return;
  }
  // Left and back within one instant: a move within crisis care, such as from boarding in the
  // ER to the bed it waited for (the wait ends just before the move).
  if (p.crisis_leaving == now()) {
    p.crisis_leaving = -1;
    return;
  }
  confirm_crisis_departure(id);
  if (!observing() || p.crisis_left < 0 || p.crisis_left < m_.scenario_.warmup_days) return;
  // Only against a departure its share counts (one at least 30 or 90 days before the end), so
  // the share is a share: returns after departures too late to follow are in neither count.
  RunTotals& t = st_.totals;
  const double since = now() - p.crisis_left;
  if (since <= 30 && p.crisis_left + 30 <= ctx_.end_time()) {
    ++t.crisis_readmissions_30;
    ++t.groups[p.group].crisis_readmissions_30;
  }
  if (since <= 90 && p.crisis_left + 90 <= ctx_.end_time()) ++t.crisis_readmissions_90;
}

void CareModel::Step::confirm_crisis_departure(std::uint32_t id) {
  Person& p = person(id);
  if (p.crisis_leaving < 0) return;
  p.crisis_left = p.crisis_leaving;
  p.crisis_leaving = -1;
  if (!observing() || p.crisis_left < m_.scenario_.warmup_days) return;
  RunTotals& t = st_.totals;
  if (p.crisis_left + 30 <= ctx_.end_time()) {
    ++t.crisis_departures_30;
    ++t.groups[p.group].crisis_departures_30;
  }
  if (p.crisis_left + 90 <= ctx_.end_time()) ++t.crisis_departures_90;
}

}  // namespace retzef::models
