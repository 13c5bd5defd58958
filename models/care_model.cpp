#include "models/care_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/care_step.hpp"
#include "models/crisis_care.hpp"
#include "models/hospital_level.hpp"
#include "models/household.hpp"
#include "models/invariants.hpp"
#include "models/piecewise_curve.hpp"
#include "models/policy_registry.hpp"
#include "sim/engine/lp_context.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

const std::vector<std::string>& event_kind_names() {
  static const std::vector<std::string> names{"onset",
                                              "course",
                                              "stay_end",
                                              "review",
                                              "dropout",
                                              "exit",
                                              "remission",
                                              "daily",
                                              "warmup_end",
                                              "move",
                                              "referral_request",
                                              "referral_grant",
                                              "referral_release",
                                              "contact",
                                              "block_start",
                                              "block_end",
                                              "staff_change"};
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
  if (policy_->caseload() > 0) contacts_ = contact_rule(s);
  count_idle_contacts_ = contacts_.modelled && !contacts_.instant;
  for (const auto& level : s.levels) {
    stays_.emplace_back(level.length_of_stay);
    cost_per_day_.push_back(level.cost_per_day);
    const LevelKind k = level.kind;
    community_.push_back(!is_hospital_level(k));
    treating_.push_back(k != LevelKind::none && k != LevelKind::emergency);
    could_serve_crisis_.push_back(!is_hospital_level(k) && k != LevelKind::none);
    crisis_care_.push_back(is_crisis_care_level(k));
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
    t.surge_max.assign(s.regions.size(), 1.0);
    for (std::size_t i = 0; i < s.surges.size(); ++i) {
      const auto& groups = s.surges[i].groups;
      if (std::find(groups.begin(), groups.end(), g) == groups.end()) continue;
      t.surges.push_back(i);
      for (std::uint32_t r = 0; r < s.regions.size(); ++r) {
        if (s.surges[i].applies_in(r)) t.surge_max[r] *= curve_peak(s.surges[i].points);
      }
    }
    t.households = forms_households(s, g);
    groups_.push_back(std::move(t));
  }
  course_rates_ = CourseRateTable(s);
  follows_course_ = policy_->follows_course();
  move_blocked_into_buffer_ = !follows_course_ && s.pathway.block_after_service;
}

std::vector<double> CareModel::lp_weights() const {
  std::vector<double> weights;
  for (const auto& region : scenario_.regions)
    weights.push_back(static_cast<double>(region.population));
  return weights;
}

double CareModel::surge_multiplier(std::size_t group, std::uint32_t region, double t) const {
  double m = 1;
  for (const auto i : groups_[group].surges) {
    if (scenario_.surges[i].applies_in(region)) m *= curve_value(scenario_.surges[i].points, t);
  }
  return m;
}

void CareModel::init(sim::LpContext& ctx, RegionState& st) const {
  const Scenario& s = scenario_;
  st.region = ctx.id();
  for (std::uint32_t g = 0; g < kMaxGroups; ++g)
    st.arrivals[g] = ctx.stream(kArrivalStream, std::uint64_t{st.region} * kMaxGroups + g);
  const RegionSpec& region = s.regions[st.region];
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    const LevelSpec& spec = s.levels[l];
    const std::uint32_t capacity =
        spec.capacity_unit == CapacityUnit::unlimited ? kUnlimited : region.capacity[l];
    const std::uint32_t limit =
        capacity == kUnlimited
            ? kUnlimited
            : capacity + static_cast<std::uint32_t>(std::floor(capacity * spec.overflow));
    CareLevel& level = st.levels[l];
    level.open(capacity, limit, spec.queue_limit, 0);
    const Referral& referral = referrals_.referral(st.region, static_cast<std::uint32_t>(l));
    if (capacity == 0 && referral.to != kNoRegion) {
      level.refer_to(referral.to, referral.delay_days, s.regions[referral.to].capacity[l]);
    }
  }
  const double caseload = policy_->caseload();
  st.series.open(static_cast<std::uint32_t>(s.levels.size()),
                 static_cast<std::uint32_t>(s.groups.size()), s.horizon_days);
  st.coordinators.open(static_cast<std::uint32_t>(std::floor(region.coordinators * caseload)), 0);
  st.active.start(0);
  st.observing = !(s.warmup_days > 0);
  if (!st.observing) ctx.schedule_at(s.warmup_days, kWarmupEnd);
  ctx.schedule_at(std::ceil(s.warmup_days), kDaily);  // occupancy is written at every trace level

  Step step(*this, ctx, st);
  step.starting(true);
  // Staff at the start at the steady state's share of posts filled; with no vacancy anywhere
  // every level keeps all its places and nothing is scheduled.
  st.workforce.open(s, region, caseload > 0 ? region.coordinators : 0, 0);
  step.staff_levels();
  step.schedule_staff_change();
  if (policy_->follows_course()) {
    const auto prevalent = [&](const GroupSpec& g) {
      return static_cast<std::uint64_t>(
          std::llround(static_cast<double>(region.population) * g.prevalence));
    };
    // Households of siblings: the prevalence counts people, so there are a size-th as many.
    const auto prevalent_cases = [&](std::uint32_t g) {
      const GroupSpec& spec = s.groups[g];
      if (spec.household_size <= 1) return prevalent(spec);
      return static_cast<std::uint64_t>(std::llround(static_cast<double>(region.population) *
                                                     spec.prevalence / spec.household_size));
    };
    std::uint64_t expected = 0;
    for (const auto& g : s.groups)
      expected += prevalent(g);
    st.people.reserve(expected + expected / 4 + 16);
    // Without a fill each person is placed as they are created, as new cases are.
    const bool fill = std::any_of(region.initial_occupancy.begin(), region.initial_occupancy.end(),
                                  [](auto n) { return n > 0; });
    for (std::uint32_t g = 0; g < s.groups.size(); ++g) {
      const std::uint64_t n = prevalent_cases(g);
      for (std::uint64_t i = 0; i < n; ++i)
        step.create_case(g, true, !fill);
      ctx.schedule(0, kOnset, g);  // the first new case is drawn by the arrival handler
    }
    if (fill) step.place_prevalent(0, static_cast<std::uint32_t>(st.people.size()));
  } else {
    for (std::uint32_t a = 0; a < s.pathway.arrivals.size(); ++a)
      ctx.schedule(0, kOnset, a, 1);
  }
  step.serve_freed();
  step.release_course();
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
  st.series.catch_up(ctx.now(), st.levels, st.coordinators);
  Step step(*this, ctx, st);
  step.record_daily();
  for (std::uint32_t i = 0; i < st.people.size(); ++i) {
    if (st.people[i].active) step.close_record(i, false);
  }
  step.count_idle_contacts();
  const double t = ctx.now();
  RunTotals& r = st.totals;
  const RegionSpec& region = scenario_.regions[st.region];
  r.observed_days = st.observing ? t - scenario_.warmup_days : 0;
  r.population = static_cast<double>(region.population);
  r.person_days = st.active.integral(t);
  // Coordinators count (and are paid, in spending and budget alike) only where the policy
  // employs them: a region's coordinators are idle staff a design without them does not hire.
  const bool employs_coordinators = policy_->caseload() > 0;
  r.coordinators = employs_coordinators ? region.coordinators : 0;
  r.coordinated_days = st.coordinators.open_case_days(t);
  r.coordinator_wait_days = st.coordinators.awaiting_days(t);
  for (std::uint8_t a = 0; a < kAcuityLevels; ++a)
    r.coordinated_days_at[a] = st.coordinators.open_case_days(a, t);
  for (std::size_t l = 0; l < scenario_.levels.size(); ++l) {
    const CareLevel& level = st.levels[l];
    r.level_days[l] = level.occupied_days(t);
    r.capacity_days[l] = level.unlimited() ? 0 : double(level.capacity()) * r.observed_days;
    r.staffed_days[l] = level.unlimited() || !st.observing ? 0 : level.staffed_days(t);
    r.overflow_days[l] = level.overflow_days(t);
    r.queued_days[l] = level.queued_days(t);
    r.in_place_days[l] = level.in_place_days(t);
    r.blocked_days[l] = level.blocked_days(t);
    r.queueing[l].blocked_days = level.held_days(t);
    r.cost[scenario_.levels[l].payer] += r.level_days[l] * scenario_.levels[l].cost_per_day;
  }
  if (employs_coordinators) {  // coordinators are salaried: paid whether busy or not
    r.cost[scenario_.coordinator_payer] +=
        r.coordinators * r.observed_days * scenario_.coordinator_cost_per_day;
  }
  for (std::size_t p = 0; p < scenario_.professions.size(); ++p) {
    r.post_days[p] = st.observing ? st.workforce.post_days(p, t) : 0;
    r.vacant_post_days[p] = st.observing ? st.workforce.vacant_post_days(p, t) : 0;
  }
  if (st.observing) {
    add_staff_cost(scenario_, region, st.workforce, employs_coordinators ? region.coordinators : 0,
                   t, r.staff_cost);
  }
  // The warm-up check: this region's truncation points; merging keeps the worst region's.
  for (std::uint32_t l = 0; l < scenario_.levels.size(); ++l) {
    const auto days = st.series.truncation_days(l, scenario_.warmup_days);
    r.mser_occupancy_days[l] = days[0];
    r.mser_waiting_days[l] = days[1];
  }
  out = r;
}

}  // namespace retzef::models
