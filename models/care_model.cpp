#include "models/care_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/invariants.hpp"
#include "models/policy_registry.hpp"
#include "models/result_schema.hpp"
#include "sim/engine/lp_context.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

namespace {

// Stream purposes (sim::kFirstModelPurpose and up). Changing them changes every result.
enum Purpose : sim::StreamPurpose {
  kArrivalStream = sim::kFirstModelPurpose,  // entity: region × kMaxGroups + group
  kTraitStream,                              // entity: person key
  kCourseStream,
  kStayStream,
  kDecisionStream,
  kLifeStream,
};
// Index into Person::draws of each per-person stream that is drawn from more than once.
enum PersonStreamIndex : std::size_t { kCourseDraws, kStayDraws, kDecisionDraws, kLifeDraws };

constexpr double kDaysPerYear = 365.0;
constexpr double kYearsPerDay = 1.0 / kDaysPerYear;  // a multiply: the rates are on the hot path
constexpr std::uint8_t kCrisis = kAcuityLevels - 1;

double level_value(std::uint32_t level) {
  return level == kNoLevel ? -1.0 : level;
}

/// Row or column of RunTotals::moves: 0 for no care, level + 1 otherwise.
std::size_t flow_index(std::uint32_t level) {
  return level == kNoLevel ? 0 : level + 1;
}

// A referral message carries the level (4 bits: kMaxLevels is 16) and the low 28 bits of the
// person's wait epoch, enough to tell a current request from a superseded one.
constexpr std::uint32_t kEpochMask = (1u << 28) - 1;
std::uint32_t referral_data(std::uint32_t level, std::uint32_t epoch) {
  static_assert(kMaxLevels <= 16);
  return ((epoch & kEpochMask) << 4) | level;
}
std::uint32_t referral_level(std::uint32_t data) {
  return data & 0xf;
}
std::uint32_t referral_epoch(std::uint32_t data) {
  return data >> 4;
}

}  // namespace

const std::vector<std::string>& event_kind_names() {
  static const std::vector<std::string> names{
      "onset",           "course", "stay_end",   "review", "dropout",          "exit",
      "remission",       "daily",  "warmup_end", "move",   "referral_request", "referral_grant",
      "referral_release"};
  return names;
}

CareModel::CareModel(Scenario scenario) : scenario_(std::move(scenario)), referrals_(scenario_) {
  const Scenario& s = scenario_;
  const PolicyInfo* info = find_policy(s.policy.name);
  if (info == nullptr || info->make == nullptr) {
    throw std::invalid_argument("unknown policy '" + s.policy.name + "'");
  }
  if (s.regions.empty() || s.levels.empty()) {
    throw std::invalid_argument("a scenario needs at least one region and one level");
  }
  if (s.levels.size() > kMaxLevels || s.groups.size() > kMaxGroups ||
      s.payers.size() > kMaxPayers) {
    throw std::invalid_argument("the scenario has more levels, groups or payers than fit");
  }
  policy_ = info->make(s);
  for (const auto& level : s.levels) {
    stays_.emplace_back(level.length_of_stay);
    cost_per_day_.push_back(level.cost_per_day);
    const LevelKind k = level.kind;
    community_.push_back(k != LevelKind::inpatient && k != LevelKind::emergency);
    treating_.push_back(k != LevelKind::none && k != LevelKind::emergency);
    could_serve_crisis_.push_back(k != LevelKind::inpatient && k != LevelKind::emergency &&
                                  k != LevelKind::none);
  }
  const auto weights_or_uniform = [](const std::vector<double>& w, std::size_t n) {
    return w.empty() ? std::vector<double>(std::max<std::size_t>(n, 1), 1.0) : w;
  };
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    const GroupSpec& spec = s.groups[g];
    GroupTables t;
    t.initial_acuity = sim::DiscreteDistribution(spec.initial_acuity);
    t.onset_acuity = sim::DiscreteDistribution(spec.onset_acuity);
    t.age = sim::DiscreteDistribution(weights_or_uniform(spec.age_mix, s.age_bands.size()));
    t.entry = sim::DiscreteDistribution(weights_or_uniform(spec.entry_mix, s.entry_points.size()));
    for (std::size_t i = 0; i < s.surges.size(); ++i) {
      const auto& groups = s.surges[i].groups;
      if (std::find(groups.begin(), groups.end(), g) == groups.end()) continue;
      t.surges.push_back(i);
      double peak = 0;
      for (const auto& point : s.surges[i].points)
        peak = std::max(peak, point[1]);
      t.surge_max *= peak;
    }
    groups_.push_back(std::move(t));
  }
  move_blocked_into_buffer_ = !policy_->follows_course() && s.pathway.block_after_service;
}

double CareModel::surge_multiplier(std::size_t group, double t) const {
  double m = 1;
  for (const auto i : groups_[group].surges) {
    const auto& pts = scenario_.surges[i].points;
    if (t <= pts.front()[0]) {
      m *= pts.front()[1];
    } else if (t >= pts.back()[0]) {
      m *= pts.back()[1];
    } else {
      const auto hi = std::upper_bound(pts.begin(), pts.end(), t,
                                       [](double x, const auto& p) { return x < p[0]; });
      const auto lo = hi - 1;
      const double f = (t - (*lo)[0]) / ((*hi)[0] - (*lo)[0]);
      m *= (*lo)[1] + f * ((*hi)[1] - (*lo)[1]);
    }
  }
  return m;
}

std::vector<sim::TableSpec> CareModel::tables() const {
  // The file's layout owns the tables' columns (result_schema.hpp); index columns carry their
  // names, so the output files show "inpatient", not 1.
  return record_tables(scenario_);
}

// ---------------------------------------------------------------------------------------------
// One handler call's working set: the model, the engine context and the region's state. All the
// mechanics of moving people live here.
class CareModel::Step {
 public:
  Step(const CareModel& m, sim::LpContext& ctx, RegionState& st) : m_(m), ctx_(ctx), st_(st) {}

  // --- people ---------------------------------------------------------------------------------

  void create_person(std::uint32_t group, bool prevalent, std::uint8_t entry_override = 0xff) {
    const Scenario& s = m_.scenario_;
    // A slot left by someone who has gone is reused (the region holds only the people present,
    // which keeps its memory and working set small). Its epochs carry on, so that events still
    // pending for the previous occupant stay recognisably stale.
    std::uint32_t id;
    Person p;
    if (st_.free_slots.empty()) {
      id = static_cast<std::uint32_t>(st_.people.size());
    } else {
      id = st_.free_slots.back();
      st_.free_slots.pop_back();
      const Person& gone = st_.people[id];
      p.stay_epoch = gone.stay_epoch;
      p.wait_epoch = gone.wait_epoch;
      p.review_epoch = gone.review_epoch;
      p.remission_epoch = gone.remission_epoch;
    }
    p.number = st_.created++;
    p.key = (std::uint64_t{st_.region} << 48) | (std::uint64_t{group} << 40) | st_.serial[group]++;
    p.group = static_cast<std::uint8_t>(group);
    p.active = true;
    p.onset = now();
    p.acuity_since = now();
    if (m_.policy_->follows_course()) {
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
    } else {
      p.entry = entry_override;
    }
    p.functioning_at = now();
    p.functioning_start = static_cast<float>(p.functioning);
    if (p.acuity <= 1) p.stable_since = now();
    if (id == st_.people.size()) {
      st_.people.push_back(p);
      st_.course_epochs.push_back(0);
    } else {
      st_.people[id] = p;
    }
    st_.active.add(now(), 1);
    if (observing() && !prevalent) ++st_.totals.onsets;
    schedule_course(id);
    // Pathway people have no course (and may have no group): remission never ends their stay.
    if (m_.policy_->follows_course() && person(id).acuity == 0) schedule_remission(id);
    apply(id, decide(Trigger::onset, id), Trigger::onset);
  }

  Person& person(std::uint32_t id) { return st_.people[id]; }
  double now() const { return ctx_.now(); }
  bool observing() const { return st_.observing; }

  /// Days of [from, now) that fall in the observation period.
  double observed_since(double from) const {
    const double start = std::max(from, m_.scenario_.warmup_days);
    return now() > start ? now() - start : 0.0;
  }

  // --- the course of the illness ---------------------------------------------------------------

  // Leaving the population (death, moving away) is one more exit from every state of the
  // chain, at a constant rate: exact, and it keeps a far-future event per person out of the
  // event queue.
  struct Rates {
    double worsen = 0;
    double improve = 0;
    double crisis = 0;
    double exit = 0;
    double total() const { return worsen + improve + crisis + exit; }
  };

  Rates rates(const Person& p) const {
    const GroupSpec& g = m_.scenario_.groups[p.group];
    Rates r;
    const std::uint8_t a = p.acuity;
    if (a < kCrisis) r.worsen = g.worsen_per_year[a];
    if (a > 0) r.improve = g.improve_per_year[a - 1];
    if (a + 1 < kCrisis) r.crisis = g.crisis_per_year[a];  // a = 3: worsening is the crisis
    if (a + 1 == kCrisis) r.worsen += g.crisis_per_year[a];
    if (p.level != kNoLevel) {
      const LevelSpec& l = m_.scenario_.levels[p.level];
      r.worsen *= l.worsen_factor;
      r.improve *= l.improve_factor;
      r.crisis *= l.crisis_factor;
    } else if (p.waiting_for != kNoLevel) {
      r.worsen *= m_.scenario_.waiting_worsen_factor;
      r.crisis *= m_.scenario_.waiting_worsen_factor;
    }
    r.worsen *= kYearsPerDay;
    r.improve *= kYearsPerDay;
    r.crisis *= kYearsPerDay;
    r.exit = g.exit_per_year * kYearsPerDay;
    return r;
  }

  /// Draws the time of the next acuity change under the current rates, unless they are what
  /// they were when the pending change was drawn: the chain is memoryless, so a pending draw
  /// stays exact while the rates stand, and redrawing only when they change keeps the event
  /// queue free of superseded events.
  void schedule_course(std::uint32_t id, bool force = false) {
    Person& p = person(id);
    const double total = m_.policy_->follows_course() && p.active ? rates(p).total() : 0.0;
    if (!force && total == p.course_rate) return;
    const std::uint32_t epoch = ++st_.course_epochs[id];
    p.course_rate = total;
    if (!(total > 0)) return;
    const double dt = sim::exponential(stream(id, kCourseStream, kCourseDraws), total);
    save(id, kCourseDraws);
    ctx_.schedule(dt, kCourse, id, epoch);
  }

  void course_event(std::uint32_t id) {
    Person& p = person(id);
    const Rates r = rates(p);
    const double u = stream(id, kCourseStream, kCourseDraws).uniform01() * r.total();
    save(id, kCourseDraws);
    if (u >= r.worsen + r.improve + r.crisis) return leave_system(id);
    advance_functioning(id);
    if (u < r.worsen) {
      ++p.acuity;
    } else if (u < r.worsen + r.improve) {
      --p.acuity;
    } else {
      p.acuity = kCrisis;
    }
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
        }
      }
      schedule_remission(id);
    }
    if (m_.scenario_.trace == TraceLevel::full) record_event(id, kCourse, p.level, p.level);
    schedule_course(id, true);  // the pending change has happened: draw the next
    apply(id, decide(Trigger::acuity_change, id), Trigger::acuity_change);
  }

  void schedule_remission(std::uint32_t id) {
    const double days = m_.scenario_.groups[person(id).group].remission_exit_days;
    if (days > 0) ctx_.schedule(days, kRemission, id, person(id).remission_epoch);
  }

  /// Brings functioning up to now under the rate in force since it was last updated.
  void advance_functioning(std::uint32_t id) {
    Person& p = person(id);
    const double dt = now() - p.functioning_at;
    p.functioning_at = now();
    if (!(dt > 0) || !m_.policy_->follows_course()) return;
    double rate = m_.scenario_.groups[p.group].functioning_per_year[p.acuity] * kYearsPerDay;
    if (p.level != kNoLevel) {
      const LevelSpec& l = m_.scenario_.levels[p.level];
      rate *= l.functioning_factor;
      if (rate > 0 && p.acuity < l.acuity[0]) rate *= m_.scenario_.over_restrictive_factor;
    }
    p.functioning = std::clamp(p.functioning + rate * dt, 0.0, 1.0);
  }

  // --- decisions --------------------------------------------------------------------------------

  Decision decide(Trigger trigger, std::uint32_t id) {
    const RegionView view(m_.scenario_, st_.levels.data(), now());
    const Decision d =
        m_.policy_->decide(trigger, person(id), view, stream(id, kDecisionStream, kDecisionDraws));
    save(id, kDecisionDraws);
    return d;
  }

  void apply(std::uint32_t id, Decision d, Trigger why) {
    Person& p = person(id);
    if (!p.active) return;
    if (d.release_coordinator && p.has_coordinator) release_coordinator(id);
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
    CareLevel& level = st_.levels[target];
    if (level.has_place()) return move(id, target, 0);
    const WaitMode mode = (d.wait == WaitMode::in_place && p.level != kNoLevel)
                              ? WaitMode::in_place
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

  // --- waiting lines -----------------------------------------------------------------------------

  bool blocked_stepping_down(const Person& p) const {
    return p.wait_mode == WaitMode::in_place && p.level != kNoLevel &&
           m_.scenario_.levels[p.waiting_for].restrictiveness <
               m_.scenario_.levels[p.level].restrictiveness;
  }

  void join(std::uint32_t id, std::uint32_t target, WaitMode mode, bool urgent = false) {
    Person& p = person(id);
    CareLevel& level = st_.levels[target];
    p.waiting_for = target;
    p.wait_mode = mode;
    p.waiting_since = now();
    ++p.wait_epoch;
    const Ticket ticket{id, p.wait_epoch, now(), st_.region};
    if (level.referred()) {
      ctx_.send(level.referred_to, level.referral_delay, kReferralRequest, id,
                referral_data(target, p.wait_epoch));
    }
    if (mode == WaitMode::in_queue) {
      (urgent ? level.urgent : level.queue).push(ticket);
      level.queued_tw.set(now(), ++level.queued);
      const double patience = m_.scenario_.levels[target].max_wait_days;
      if (patience > 0) {
        const double dt = sim::exponential_mean(stream(id, kLifeStream, kLifeDraws), patience);
        save(id, kLifeDraws);
        ctx_.schedule(dt, kDropout, id, p.wait_epoch);
      }
      schedule_course(id);  // waiting untreated changes the rates
    } else {
      level.in_place.push(ticket);
      level.in_place_tw.set(now(), ++level.blocked);
      if (blocked_stepping_down(p)) {
        CareLevel& here = st_.levels[p.level];
        here.blocked_here_tw.set(now(), ++here.blocked_here);
      }
    }
  }

  void leave_queue(std::uint32_t id) {
    Person& p = person(id);
    if (p.waiting_for == kNoLevel) return;
    CareLevel& level = st_.levels[p.waiting_for];
    if (p.wait_mode == WaitMode::in_queue) {
      level.queued_tw.set(now(), --level.queued);
    } else {
      level.in_place_tw.set(now(), --level.blocked);
      if (blocked_stepping_down(p)) {
        CareLevel& here = st_.levels[p.level];
        here.blocked_here_tw.set(now(), --here.blocked_here);
      }
    }
    st_.freed.push_back(p.waiting_for);  // room on a waiting list may unblock someone
    const bool was_untreated = p.level == kNoLevel;
    p.waiting_for = kNoLevel;
    p.wait_mode = WaitMode::none;
    ++p.wait_epoch;
    if (was_untreated) schedule_course(id);
  }

  bool valid(const Ticket& t, std::uint32_t level) const {
    const Person& p = st_.people[t.person];
    return p.active && p.waiting_for == level && p.wait_epoch == t.epoch;
  }

  void drop_stale(sim::Ring<Ticket>& line, std::uint32_t level) {
    while (!line.empty() && !valid(line.front(), level))
      line.pop();
  }

  /// Gives the level's free places to whoever asked first, then (pathway blocking after
  /// service) lets the blocked into the buffer as it gets room.
  void serve(std::uint32_t target) {
    CareLevel& level = st_.levels[target];
    for (;;) {
      drop_stale(level.urgent, target);
      drop_stale(level.queue, target);
      drop_stale(level.in_place, target);
      if (!level.has_free_place()) break;
      sim::Ring<Ticket>* line = &level.urgent;
      if (line->empty()) {
        // The earliest request among the list, those waiting in place and other regions'.
        line = nullptr;
        for (sim::Ring<Ticket>* candidate : {&level.queue, &level.in_place, &level.remote}) {
          if (!candidate->empty() &&
              (line == nullptr || candidate->front().since < line->front().since)) {
            line = candidate;
          }
        }
        if (line == nullptr) break;
      }
      const Ticket t = line->pop();
      if (line == &level.remote) {
        // A place held for a person of another region until they arrive (or say they no
        // longer need it).
        level.occupied_tw.set(now(), ++level.occupied);
        ++level.remote_here;
        ctx_.send(t.region, m_.referral_delay(t.region, target), kReferralGrant, t.person,
                  referral_data(target, t.epoch));
        continue;
      }
      const double waited = now() - person(t.person).waiting_since;
      leave_queue(t.person);
      move(t.person, target, waited);
    }
    if (!m_.move_blocked_into_buffer_) return;
    for (;;) {
      drop_stale(level.in_place, target);
      if (level.in_place.empty() || !level.queue_has_room()) break;
      const Ticket t = level.in_place.pop();
      leave_queue(t.person);
      move(t.person, kNoLevel, 0);
      join(t.person, target, WaitMode::in_queue);
      person(t.person).waiting_since = t.since;
    }
  }

  void serve_freed() {
    while (!st_.freed.empty()) {
      const std::uint32_t level = st_.freed.back();
      st_.freed.pop_back();
      serve(level);
    }
  }

  // --- moving ----------------------------------------------------------------------------------

  /// Moves the person to `to` (a level or kNoLevel), which must have a place; `waited` is how
  /// long they waited for it.
  void move(std::uint32_t id, std::uint32_t to, double waited) {
    Person& p = person(id);
    const std::uint32_t from = p.level;
    if (from == to) return;
    if (p.wait_mode == WaitMode::in_place) leave_queue(id);  // they leave where they waited
    advance_functioning(id);
    if (from != kNoLevel) leave_level(id, from);
    p.level = to;
    p.level_since = now();
    ++p.stay_epoch;
    if (to != kNoLevel) enter_level(id, to, waited);
    if (observing()) ++st_.totals.moves[flow_index(from)][flow_index(to)];
    if (m_.scenario_.trace != TraceLevel::summary) record_event(id, kMove, from, to);
    schedule_course(id);
  }

  void leave_level(std::uint32_t id, std::uint32_t from) {
    Person& p = person(id);
    CareLevel& level = st_.levels[from];
    if (level.referred()) {
      --level.remote_in;
      ctx_.send(level.referred_to, level.referral_delay, kReferralRelease, id, from);
    } else {
      level.occupied_tw.set(now(), --level.occupied);
      st_.freed.push_back(from);
    }
    p.days[from] += static_cast<float>(observed_since(p.level_since));
    if (m_.scenario_.levels[from].kind == LevelKind::inpatient) {
      p.last_discharge = now();
      p.follow_up_pending = true;
      if (observing()) {
        RunTotals& t = st_.totals;
        ++t.discharges;
        if (p.level_since >= m_.scenario_.warmup_days) t.inpatient_stay.add(now() - p.level_since);
        if (now() + 30 <= ctx_.end_time()) ++t.discharges_30;
        if (now() + 90 <= ctx_.end_time()) ++t.discharges_90;
      }
    }
  }

  void enter_level(std::uint32_t id, std::uint32_t to, double waited) {
    Person& p = person(id);
    const LevelSpec& spec = m_.scenario_.levels[to];
    CareLevel& level = st_.levels[to];
    if (level.referred()) {
      ++level.remote_in;  // the place is counted where it is, in the host region
    } else {
      level.occupied_tw.set(now(), ++level.occupied);
    }
    RunTotals& t = st_.totals;
    if (observing()) {
      ++t.entries[to];
      t.wait[to].add(waited);
      t.peak_occupied[to] = std::max(t.peak_occupied[to], double(level.occupied));
    }
    if (m_.treating_[to] && !p.ever_treated) {
      p.ever_treated = true;
      if (observing() && p.onset >= m_.scenario_.warmup_days) {
        p.first_care_wait = static_cast<float>(now() - p.onset);
        t.first_care_wait.add(now() - p.onset);
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

  void admit(std::uint32_t id) {
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
    ++t.group_admissions[p.group];
    // A readmission counts against the discharge it follows, if that discharge was observed.
    if (readmit_30 && p.last_discharge >= m_.scenario_.warmup_days) ++t.readmissions_30;
    if (readmit_90 && p.last_discharge >= m_.scenario_.warmup_days) ++t.readmissions_90;
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

  void start_stay(std::uint32_t id) {
    Person& p = person(id);
    const double drawn = m_.stays_[p.level](stream(id, kStayStream, kStayDraws));
    save(id, kStayDraws);
    const double days = m_.policy_->stay_days(p, p.level, drawn);
    ++p.stay_epoch;
    ctx_.schedule(days, kStayEnd, id, p.stay_epoch);
  }

  void leave_system(std::uint32_t id) {
    Person& p = person(id);
    if (!p.active) return;
    // The patients row reads every day-per-level count, in cache lines the event's prefetch
    // (the record's first two) does not bring: ask for them now, to arrive during the work below.
    if (m_.scenario_.trace != TraceLevel::summary) {
      __builtin_prefetch(&p.days.front());
      __builtin_prefetch(&p.days.back());
    }
    leave_queue(id);
    move(id, kNoLevel, 0);
    if (m_.scenario_.trace != TraceLevel::summary) record_event(id, kExit, kNoLevel, kNoLevel);
    if (p.has_coordinator) release_coordinator(id);
    if (p.awaiting_coordinator) {
      p.awaiting_coordinator = false;
      st_.awaiting_coordinator_tw.set(now(), --st_.awaiting_coordinator);
    }
    p.active = false;
    ++st_.course_epochs[id];
    p.course_rate = 0;
    ++p.review_epoch;
    st_.active.add(now(), -1);
    if (observing()) ++st_.totals.exits;
    close_record(id, true);
    ++p.remission_epoch;
    st_.free_slots.push_back(id);
  }

  // --- coordinators ------------------------------------------------------------------------------

  bool request_coordinator(std::uint32_t id) {
    Person& p = person(id);
    if (st_.coordinated < st_.coordinator_places && st_.awaiting_coordinator == 0) {
      assign_coordinator(id);
      return true;
    }
    p.awaiting_coordinator = true;
    st_.awaiting_coordinator_tw.set(now(), ++st_.awaiting_coordinator);
    st_.coordinator_queue.push(Ticket{id, p.number, now(), st_.region});
    return false;
  }

  void assign_coordinator(std::uint32_t id) {
    person(id).has_coordinator = true;
    st_.coordinated_tw.set(now(), ++st_.coordinated);
    schedule_review(id);
  }

  void release_coordinator(std::uint32_t id) {
    person(id).has_coordinator = false;
    st_.coordinated_tw.set(now(), --st_.coordinated);
    while (st_.coordinated < st_.coordinator_places && !st_.coordinator_queue.empty()) {
      const Ticket t = st_.coordinator_queue.pop();
      const std::uint32_t next = t.person;
      Person& q = person(next);
      // The slot may have been reused by someone else since: the number tells.
      if (!q.active || !q.awaiting_coordinator || q.number != t.epoch) continue;
      q.awaiting_coordinator = false;
      st_.awaiting_coordinator_tw.set(now(), --st_.awaiting_coordinator);
      assign_coordinator(next);
      apply(next, decide(Trigger::coordinator_assigned, next), Trigger::coordinator_assigned);
    }
  }

  void schedule_review(std::uint32_t id) {
    Person& p = person(id);
    ++p.review_epoch;
    const double every = m_.policy_->review_days();
    if (every > 0) ctx_.schedule(every, kReview, id, p.review_epoch);
  }

  // --- output ------------------------------------------------------------------------------------

  void record_event(std::uint32_t id, sim::EventKind kind, std::uint32_t from, std::uint32_t to) {
    if (!observing()) return;
    ctx_.record(m_.events_table_,
                {now(), double(st_.region), double(person(id).number), double(kind),
                 level_value(from), level_value(to), double(person(id).acuity)});
  }

  /// Closes a person's account: at exit, or at the end of the run for those still in.
  void close_record(std::uint32_t id, bool exited) {
    Person& p = person(id);
    advance_functioning(id);
    if (p.level != kNoLevel) p.days[p.level] += static_cast<float>(observed_since(p.level_since));
    if (!observing()) return;
    RunTotals& t = st_.totals;
    t.functioning_gain.add(p.functioning - p.functioning_start);
    t.functioning_end.add(p.functioning);
    if (m_.scenario_.trace == TraceLevel::summary) return;
    // Written in place, in the order of the columns (CareModel::tables); every one is written.
    const std::span<double> row = ctx_.add_row(m_.patients_table_);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    row[0] = double(st_.region);
    row[1] = double(p.number);
    row[2] = double(p.group);
    row[3] = double(p.age_band);
    row[4] = double(p.entry);
    row[5] = p.onset;
    row[6] = now();
    row[7] = exited ? 1.0 : 0.0;
    row[8] = p.first_care_wait >= 0 ? p.first_care_wait : nan;
    row[9] = p.remission_time >= 0 ? p.remission_time : nan;
    row[10] = double(p.admissions);
    row[11] = double(p.readmissions_30);
    row[12] = double(p.readmissions_90);
    row[13] = p.functioning_start;
    row[14] = p.functioning;
    constexpr std::size_t kDays = 16;  // after the cost, one column per level
    // Locals, so that the stores into the row need not reload the table's bounds each level.
    const double* per_day = m_.cost_per_day_.data();
    const std::size_t levels = m_.cost_per_day_.size();
    double* days_out = row.data() + kDays;
    double cost = 0;
    for (std::size_t l = 0; l < levels; ++l) {
      const double days = p.days[l];
      days_out[l] = days;
      cost += days * per_day[l];
    }
    row[15] = cost;
  }

 private:
  /// The person's stream for `purpose`, at the position they have reached. Consecutive draws
  /// from the same stream within one handler reuse the open stream (no re-keying).
  sim::RandomStream& stream(std::uint32_t id, Purpose purpose, PersonStreamIndex index) {
    if (open_person_ != id || open_purpose_ != purpose) {
      rng_ = ctx_.stream(purpose, person(id).key);
      rng_.seek(person(id).draws[index]);
      open_person_ = id;
      open_purpose_ = purpose;
    }
    return rng_;
  }
  void save(std::uint32_t id, PersonStreamIndex index) {
    person(id).draws[index] = static_cast<std::uint32_t>(rng_.draws());
  }

  const CareModel& m_;
  sim::LpContext& ctx_;
  RegionState& st_;
  sim::RandomStream rng_;
  std::uint32_t open_person_ = kNoLevel;
  Purpose open_purpose_ = kArrivalStream;
};

// ---------------------------------------------------------------------------------------------

void CareModel::init(sim::LpContext& ctx, RegionState& st) const {
  const Scenario& s = scenario_;
  st.region = ctx.id();
  const RegionSpec& region = s.regions[st.region];
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    CareLevel& level = st.levels[l];
    level.capacity =
        s.levels[l].capacity_unit == CapacityUnit::unlimited ? kUnlimited : region.capacity[l];
    level.limit = level.capacity == kUnlimited
                      ? kUnlimited
                      : level.capacity + static_cast<std::uint32_t>(
                                             std::floor(level.capacity * s.levels[l].overflow));
    level.queue_limit = s.levels[l].queue_limit;
    level.reachable = level.capacity;
    const Referral& referral = referrals_.referral(st.region, static_cast<std::uint32_t>(l));
    if (level.capacity == 0 && referral.to != kNoRegion) {
      level.referred_to = referral.to;
      level.referral_delay = referral.delay_days;
      level.reachable = s.regions[referral.to].capacity[l];
    }
    level.occupied_tw.start(0, 0);
    level.queued_tw.start(0, 0);
    level.in_place_tw.start(0, 0);
    level.blocked_here_tw.start(0, 0);
  }
  const double caseload = policy_->caseload();
  st.coordinator_places = static_cast<std::uint32_t>(std::floor(region.coordinators * caseload));
  st.active.start(0, 0);
  st.coordinated_tw.start(0, 0);
  st.awaiting_coordinator_tw.start(0, 0);
  st.observing = !(s.warmup_days > 0);
  if (!st.observing) ctx.schedule_at(s.warmup_days, kWarmupEnd);
  ctx.schedule_at(std::ceil(s.warmup_days), kDaily);  // occupancy is written at every trace level

  Step step(*this, ctx, st);
  if (policy_->follows_course()) {
    const auto prevalent = [&](const GroupSpec& g) {
      return static_cast<std::uint64_t>(
          std::llround(static_cast<double>(region.population) * g.prevalence));
    };
    std::uint64_t expected = 0;
    for (const auto& g : s.groups)
      expected += prevalent(g);
    st.people.reserve(expected + expected / 4 + 16);
    st.course_epochs.reserve(st.people.capacity());
    for (std::uint32_t g = 0; g < s.groups.size(); ++g) {
      const std::uint64_t n = prevalent(s.groups[g]);
      for (std::uint64_t i = 0; i < n; ++i)
        step.create_person(g, true);
      ctx.schedule(0, kOnset, g);  // the first new case is drawn by the arrival handler
    }
  } else {
    for (std::uint32_t a = 0; a < s.pathway.arrivals.size(); ++a)
      ctx.schedule(0, kOnset, a, 1);
  }
  step.serve_freed();
}

void CareModel::handle(sim::LpContext& ctx, RegionState& st, const sim::Event& e) const {
  Step step(*this, ctx, st);
  const std::uint32_t id = e.entity;
  switch (e.kind) {
    case kOnset: {
      // Arrival streams: data 0 = a care group (thinned for surges), 1 = a pathway stream.
      // The event at time 0 only draws the first arrival.
      sim::RandomStream rng =
          ctx.stream(kArrivalStream, std::uint64_t{st.region} * kMaxGroups + id);
      rng.seek(st.arrival_draws[id]);
      if (e.data == 1) {
        const double rate = scenario_.pathway.arrivals[id].per_day;
        if (e.time > 0) step.create_person(0, false, static_cast<std::uint8_t>(id));
        ctx.schedule(sim::exponential(rng, rate), kOnset, id, 1);
      } else {
        const RegionSpec& region = scenario_.regions[st.region];
        const double base = static_cast<double>(region.population) *
                            scenario_.groups[id].incidence_per_1000 / 1000 / kDaysPerYear *
                            region.incidence_factor;
        const double peak = base * groups_[id].surge_max;
        // Thinning (Lewis & Shedler): candidates at the peak rate, each kept with probability
        // multiplier(t) / peak. The coin is always drawn, so the stream does not depend on it.
        const double coin = rng.uniform01();
        if (e.time > 0 && coin * groups_[id].surge_max < surge_multiplier(id, e.time)) {
          step.create_person(id, false);
        }
        if (peak > 0) ctx.schedule(sim::exponential(rng, peak), kOnset, id, 0);
      }
      st.arrival_draws[id] = static_cast<std::uint32_t>(rng.draws());
      break;
    }
    case kCourse:
      // The epoch alone tells most superseded course events (a departure bumps it too), from
      // a small array that stays in cache: the person's record is not touched for them.
      if (e.data == st.course_epochs[id] && st.people[id].active) step.course_event(id);
      break;
    case kStayEnd: {
      const Person& p = st.people[id];
      if (p.active && p.level != kNoLevel && e.data == p.stay_epoch) {
        step.apply(id, step.decide(Trigger::stay_end, id), Trigger::stay_end);
      }
      break;
    }
    case kReview: {
      const Person& p = st.people[id];
      if (p.active && p.has_coordinator && e.data == p.review_epoch) {
        step.apply(id, step.decide(Trigger::review, id), Trigger::review);
        if (st.people[id].active) step.schedule_review(id);
      }
      break;
    }
    case kDropout: {
      const Person& p = st.people[id];
      if (p.active && p.wait_mode == WaitMode::in_queue && e.data == p.wait_epoch) {
        if (st.observing) ++st.totals.dropouts[p.waiting_for];
        step.leave_queue(id);
        step.apply(id, step.decide(Trigger::dropout, id), Trigger::dropout);
      }
      break;
    }
    case kRemission: {
      const Person& p = st.people[id];
      const double days = scenario_.groups[p.group].remission_exit_days;
      if (p.active && e.data == p.remission_epoch && p.acuity == 0 &&
          ctx.now() - p.acuity_since >= days - 1e-9) {
        step.leave_system(id);
      }
      break;
    }
    case kReferralRequest: {  // at the host: queue the request with the local ones
      const std::uint32_t level = referral_level(e.data);
      st.levels[level].remote.push(
          Ticket{id, referral_epoch(e.data), ctx.now(), sim::order_source(e.order)});
      st.freed.push_back(level);
      break;
    }
    case kReferralGrant: {  // at home: take the place, or give it back if no longer wanted
      const std::uint32_t level = referral_level(e.data);
      const Person& p = st.people[id];
      if (p.active && p.waiting_for == level &&
          (p.wait_epoch & kEpochMask) == referral_epoch(e.data)) {
        const double waited = ctx.now() - p.waiting_since;
        step.leave_queue(id);
        step.move(id, level, waited);
      } else {
        ctx.send(sim::order_source(e.order), st.levels[level].referral_delay, kReferralRelease, id,
                 level);
      }
      break;
    }
    case kReferralRelease: {  // at the host: the place is free again
      CareLevel& level = st.levels[e.data];
      level.occupied_tw.set(ctx.now(), --level.occupied);
      --level.remote_here;
      st.freed.push_back(e.data);
      break;
    }
    case kDaily:
      for (std::uint32_t l = 0; l < scenario_.levels.size(); ++l) {
        const CareLevel& level = st.levels[l];
        if (!level.offered()) continue;
        ctx.record(occupancy_table_,
                   {ctx.now(), double(st.region), double(l), double(level.occupied),
                    double(level.queued), double(level.blocked_here),
                    level.capacity == kUnlimited ? HUGE_VAL : double(level.capacity)});
      }
      ctx.schedule(1.0, kDaily);
      break;
    case kWarmupEnd:
      st.observing = true;
      for (auto& level : st.levels) {
        level.occupied_tw.reset(ctx.now());
        level.queued_tw.reset(ctx.now());
        level.in_place_tw.reset(ctx.now());
        level.blocked_here_tw.reset(ctx.now());
      }
      st.active.reset(ctx.now());
      st.coordinated_tw.reset(ctx.now());
      st.awaiting_coordinator_tw.reset(ctx.now());
      for (std::uint32_t i = 0; i < st.people.size(); ++i) {
        if (!st.people[i].active) continue;
        step.advance_functioning(i);
        st.people[i].functioning_start = static_cast<float>(st.people[i].functioning);
      }
      break;
    default:
      throw std::logic_error("care model: unknown event kind " + std::to_string(e.kind));
  }
  step.serve_freed();
  // A full check is a pass over the region's people: after every event in small regions,
  // after every 1,024th in large ones, so debug runs of the default region stay usable.
  if (check_invariants_ && (st.people.size() <= 2000 || (++st.events_since_check & 1023) == 0)) {
    enforce_invariants(st, ctx.now());
  }
}

void CareModel::enforce_invariants(const RegionState& st, double t) const {
  const auto broken = invariant_violations(scenario_, st);
  if (broken.empty()) return;
  throw std::logic_error("care model: region " + scenario_.regions[st.region].name + " at day " +
                         std::to_string(t) + ": " + broken.front() + " (and " +
                         std::to_string(broken.size() - 1) + " more)");
}

void CareModel::finish(sim::LpContext& ctx, RegionState& st, RunTotals& out) const {
  if (check_invariants_) enforce_invariants(st, ctx.now());
  Step step(*this, ctx, st);
  for (std::uint32_t i = 0; i < st.people.size(); ++i) {
    if (st.people[i].active) step.close_record(i, false);
  }
  const double t = ctx.now();
  RunTotals& r = st.totals;
  const RegionSpec& region = scenario_.regions[st.region];
  r.observed_days = st.observing ? t - scenario_.warmup_days : 0;
  r.population = static_cast<double>(region.population);
  r.person_days = st.active.integral(t);
  r.coordinators = region.coordinators;
  r.coordinated_days = st.coordinated_tw.integral(t);
  r.coordinator_wait_days = st.awaiting_coordinator_tw.integral(t);
  for (std::size_t l = 0; l < scenario_.levels.size(); ++l) {
    const CareLevel& level = st.levels[l];
    r.level_days[l] = level.occupied_tw.integral(t);
    r.capacity_days[l] =
        level.capacity == kUnlimited ? 0 : double(level.capacity) * r.observed_days;
    r.queued_days[l] = level.queued_tw.integral(t);
    r.in_place_days[l] = level.in_place_tw.integral(t);
    r.blocked_days[l] = level.blocked_here_tw.integral(t);
    r.cost[scenario_.levels[l].payer] += r.level_days[l] * scenario_.levels[l].cost_per_day;
  }
  if (policy_->caseload() > 0) {  // coordinators are salaried: paid whether busy or not
    r.cost[scenario_.coordinator_payer] +=
        region.coordinators * r.observed_days * scenario_.coordinator_cost_per_day;
  }
  out = r;
}

}  // namespace retzef::models
