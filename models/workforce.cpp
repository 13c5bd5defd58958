#include "models/workforce.hpp"

#include <algorithm>
#include <cmath>

namespace retzef::models {

void Workforce::open(const Scenario& s, const RegionSpec& region, std::uint32_t coordinator_posts,
                     double t) {
  count_ = s.professions.size();
  origin_ = t;
  burnout_ = region.burnout;
  most_turnover_ = turnover_at(kMaxPressure);
  coordinators_ = kMaxProfessions;
  for (std::size_t p = 0; p < count_; ++p) {
    if (s.professions[p] == "coordinators") coordinators_ = p;
  }
  for (std::size_t p = 0; p < count_; ++p) {
    double need = p == coordinators_ ? coordinator_posts : 0;
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      if (s.levels[l].capacity_unit == CapacityUnit::unlimited) continue;
      need += s.levels[l].staff.per_place[p] * region.capacity[l];
    }
    Profession& prof = professions_[p];
    // A need of 12.0000001 posts is 12 posts, not 13.
    prof.needed = static_cast<std::uint32_t>(std::ceil(need - 1e-9));
    const WorkforceSpec& w = region.workforce[p];
    prof.posts = w.posts == WorkforceSpec::kPostsAsNeeded ? prof.needed : w.posts;
    prof.filled = static_cast<std::uint32_t>(std::llround(prof.posts * (1 - w.vacancy)));
    if (w.vacancy > 0 && prof.posts > 0) {
      prof.fill_rate = 1 / w.fill_days;
      // At the steady state the filled posts that empty equal the empty ones that fill:
      // leave · (1 − v) = fill · v.
      prof.leave_rate = prof.fill_rate * w.vacancy / (1 - w.vacancy);
    }
    prof.vacant.start(t, prof.posts - prof.filled);
  }
}

void Workforce::start_observing(double t) {
  origin_ = t;
  for (std::size_t p = 0; p < count_; ++p)
    professions_[p].vacant.reset(t);
}

double Workforce::change_rate() const {
  double rate = 0;
  for (std::size_t p = 0; p < count_; ++p)
    rate += professions_[p].rate(most_turnover_);
  return rate;
}

std::size_t Workforce::change(double u, double t,
                              const std::array<double, kMaxProfessions>& turnover) {
  double left = u * change_rate();
  // The profession whose share of the rate holds `left`; rounding past the end falls to the
  // last one that changes at all.
  std::size_t chosen = count_;
  for (std::size_t p = 0; p < count_; ++p) {
    const double r = professions_[p].rate(most_turnover_);
    if (r <= 0) continue;
    chosen = p;
    if (left < r) break;
    left -= r;
  }
  Profession& prof = professions_[chosen];
  // Within it, a filled post empties (at the turnover of now) or an empty one fills, in
  // proportion to their rates; the rest of the most turnover burnout could reach is no change.
  const double leaving = prof.leave_rate * prof.filled;
  bool leaves = false;
  if (prof.filled == prof.posts) {  // nothing to fill
    if (left >= leaving * turnover[chosen] && most_turnover_ > 1) return count_;
    leaves = true;
  } else if (prof.filled > 0 && left < leaving * turnover[chosen]) {
    leaves = true;
  } else if (prof.filled > 0 && left < leaving * most_turnover_) {
    return count_;
  }
  if (leaves) {
    --prof.filled;
  } else {
    ++prof.filled;
  }
  prof.vacant.set(t, prof.posts - prof.filled);
  return chosen;
}

std::uint32_t Workforce::staffed_places(const LevelSpec& level, std::uint32_t funded) const {
  double share = 1;
  for (std::size_t p = 0; p < count_; ++p) {
    const Profession& prof = professions_[p];
    if (level.staff.per_place[p] <= 0) continue;
    share = std::min(share, prof.staffed_share());
  }
  if (share >= 1) return funded;
  // A share of exactly k/n must give its places, not one fewer by rounding.
  return static_cast<std::uint32_t>(std::floor(funded * share + 1e-9));
}

std::uint32_t Workforce::staffed_caseload(std::uint32_t funded) const {
  if (coordinators_ >= count_) return funded;
  const double share = professions_[coordinators_].staffed_share();
  if (share >= 1) return funded;
  return static_cast<std::uint32_t>(std::floor(funded * share + 1e-9));
}

double Workforce::post_days(std::size_t p, double t) const {
  return professions_[p].posts * (t - origin_);
}

double Workforce::vacant_post_days(std::size_t p, double t) const {
  return professions_[p].vacant.integral(t);
}

void add_staff_cost(const Scenario& s, const RegionSpec& region, const Workforce& workforce,
                    std::uint32_t coordinator_posts, double t,
                    std::array<double, kMaxPayers>& cost) {
  for (std::size_t p = 0; p < s.professions.size(); ++p) {
    // What the posts are for, by payer, in the proportions Workforce::open funds them.
    std::array<double, kMaxPayers> need{};
    if (p == workforce.coordinators()) need[s.coordinator_payer] += coordinator_posts;
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      if (s.levels[l].capacity_unit == CapacityUnit::unlimited) continue;
      need[s.levels[l].payer] += s.levels[l].staff.per_place[p] * region.capacity[l];
    }
    double total = 0;
    for (const double n : need)
      total += n;
    if (total <= 0) continue;
    const double filled_days = workforce.post_days(p, t) - workforce.vacant_post_days(p, t);
    const double salaries = filled_days * s.salaries[p] / 365.0;
    for (std::size_t payer = 0; payer < kMaxPayers; ++payer)
      cost[payer] += salaries * need[payer] / total;
  }
}

}  // namespace retzef::models
