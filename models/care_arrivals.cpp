// People entering the system: the prevalent population at the start, new cases arriving as a
// Poisson process per group (thinned for surges), and pathway arrivals.
#include <array>
#include <memory>

#include "models/care_step.hpp"
#include "models/piecewise_curve.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

void CareModel::Step::create_case(std::uint32_t group, bool prevalent, bool decide_now) {
  if (!m_.groups_[group].households) {
    create_person(group, prevalent, 0xff, decide_now);
    return;
  }
  const std::uint32_t household = open_household(group);
  for (std::uint32_t k = 0; k < m_.scenario_.groups[group].household_size; ++k)
    create_person(group, prevalent, 0xff, decide_now, household);
}

void CareModel::Step::create_person(std::uint32_t group, bool prevalent,
                                    std::uint8_t entry_override, bool decide_now,
                                    std::uint32_t household) {
  const Scenario& s = m_.scenario_;
  // A slot left by someone who has gone is reused (the region holds only the people present,
  // which keeps its memory and working set small). Its epochs carry on, so that events still
  // pending for the previous occupant stay recognisably stale.
  // The record is built where it will stay: a copy of a whole record per person cost more
  // than building it.
  std::uint32_t id;
  if (st_.free_slots.empty()) {
    id = static_cast<std::uint32_t>(st_.people.size());
    st_.people.emplace_back();
  } else {
    id = st_.free_slots.back();
    st_.free_slots.pop_back();
    Person& gone = st_.people[id];
    const std::array<std::uint32_t, 6> epochs{gone.stay_epoch,    gone.wait_epoch,
                                              gone.review_epoch,  gone.remission_epoch,
                                              gone.contact_epoch, gone.course_epoch};
    // Built in place: assigning a temporary `Person{}` built it on the stack and then copied
    // the whole record (1% of a run's instructions).
    std::destroy_at(&gone);
    std::construct_at(&gone);
    gone.stay_epoch = epochs[0];
    gone.wait_epoch = epochs[1];
    gone.review_epoch = epochs[2];
    gone.remission_epoch = epochs[3];
    gone.contact_epoch = epochs[4];
    gone.course_epoch = epochs[5];
  }
  Person& p = st_.people[id];
  if (s.trace != TraceLevel::summary) {
    if (st_.level_days.size() <= id) st_.level_days.resize(id + 1);
    st_.level_days[id] = {};
  }
  p.number = st_.created++;
  p.key = (std::uint64_t{st_.region} << 48) | (std::uint64_t{group} << 40) | st_.serial[group]++;
  p.group = static_cast<std::uint8_t>(group);
  p.active = true;
  p.onset = now();
  p.acuity_since = now();
  if (m_.follows_course_) {
    const GroupSpec& g = s.groups[group];
    const GroupTables& t = m_.groups_[group];
    // A fixed number of draws, in a fixed order: traits are the same in every design.
    sim::RandomStream rng = ctx_.stream(kTraitStream, p.key);
    p.acuity = static_cast<std::uint8_t>(prevalent ? t.initial_acuity(rng) : t.onset_acuity(rng));
    p.age_band = static_cast<std::uint8_t>(t.age(rng));
    p.entry = static_cast<std::uint8_t>(t.entry(rng));
    p.involuntary = sim::bernoulli(rng, g.involuntary_share);
    p.family_support = sim::bernoulli(rng, g.family_support);
    p.functioning = sim::uniform(rng, g.functioning_start[0], g.functioning_start[1]);
    // The last draw, so that adding it moved none of the others.
    p.ever_treated = prevalent && sim::bernoulli(rng, g.known_at_start);
    // Siblings share their family's situation: the risk it came to the services with, and
    // whether a parent can take part (the family qualifies). Their draws are still taken, so
    // that each person's streams stay the same whoever came first.
    if (household != kNoHousehold && st_.households[household].members > 0) {
      const Person& first = person(st_.households[household].first);
      p.acuity = first.acuity;
      p.family_support = first.family_support;
    }
  } else {
    p.entry = entry_override;
  }
  p.household = household;
  p.functioning_at = now();
  p.functioning_start = static_cast<float>(p.functioning);
  if (p.acuity <= 1) p.stable_since = now();
  if (household != kNoHousehold && st_.households[household].members++ == 0) {
    st_.households[household].first = id;
  }
  st_.active.add(now());
  if (!prevalent) st_.series.count_new_case(group);
  if (observing() && !prevalent) ++st_.totals.onsets;
  schedule_course(id);
  // Pathway people have no course (and may have no group): remission never ends their stay.
  if (m_.follows_course_ && person(id).acuity == 0) schedule_remission(id);
  if (!prevalent) record_handled(id, kOnset);
  if (decide_now) decide_and_apply(id, Trigger::onset);
}

void CareModel::Step::arrival(std::uint32_t id, bool pathway) {
  // The event at time 0 only draws the first arrival.
  sim::RandomStream& rng = st_.arrivals[id];
  if (pathway) {
    const PathwaySpec::Arrival& stream = m_.scenario_.pathway.arrivals[id];
    if (stream.schedule.empty()) {
      if (now() > 0) create_person(0, false, static_cast<std::uint8_t>(id));
      ctx_.schedule(sim::exponential(rng, stream.per_day), kOnset, id, 1);
    } else {
      // A schedule: thinning at its peak rate, as for surges below (the coin always drawn).
      const double peak = curve_peak(stream.schedule);
      const double coin = rng.uniform01();
      if (now() > 0 && coin * peak < curve_value(stream.schedule, now())) {
        create_person(0, false, static_cast<std::uint8_t>(id));
      }
      if (peak > 0) ctx_.schedule(sim::exponential(rng, stream.per_day * peak), kOnset, id, 1);
    }
  } else {
    const RegionSpec& region = m_.scenario_.regions[st_.region];
    // Incidence counts people: households of siblings arrive at a size-th of the rate.
    const double base = static_cast<double>(region.population) *
                        m_.scenario_.groups[id].incidence_per_1000 / 1000 / kDaysPerYear *
                        region.incidence_factor / m_.scenario_.groups[id].household_size;
    const double surge_max = m_.groups_[id].surge_max[st_.region];
    const double peak = base * surge_max;
    // Thinning (Lewis & Shedler): candidates at the peak rate, each kept with probability
    // multiplier(t) / peak. The coin is always drawn, so the stream does not depend on it.
    const double coin = rng.uniform01();
    if (now() > 0 && coin * surge_max < m_.surge_multiplier(id, st_.region, now())) {
      create_case(id, false, true);
    }
    if (peak > 0) ctx_.schedule(sim::exponential(rng, peak), kOnset, id, 0);
  }
}

}  // namespace retzef::models
