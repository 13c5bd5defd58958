// A region's staff, profession by profession (docs/model.md, "Staff"). The posts are funded
// for what the region's levels need at their funded places (LevelSpec::staff × places, summed
// over the levels, rounded up), or as many as the region funds apart from its places
// (WorkforceSpec::posts); each post is filled or empty. An empty post fills after an
// exponential time of mean `fill_days`, a filled one empties (turnover) at the rate that keeps
// the region's `vacancy` as the steady-state share of empty posts, and the run starts at that
// share. A level runs only the places its staff cover: its funded places times the filled share
// of the scarcest profession it needs, rounded down. With every vacancy at zero nothing ever
// changes, no event is scheduled and every level runs all its places.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "models/scenario.hpp"
#include "sim/stats/time_weighted.hpp"

namespace retzef::models {

/// The most pressure burnout answers to: three people to care for per place the staff can run.
inline constexpr double kMaxPressure = 3;

class Workforce {
 public:
  /// Posts and their filled share at time t for `region` of `s`; `coordinator_posts` are the
  /// region's coordinators where the design employs them, posts of the profession named
  /// "coordinators" (none in a scenario without it).
  void open(const Scenario& s, const RegionSpec& region, std::uint32_t coordinator_posts, double t);
  /// Statistics start (the end of the warm-up).
  void start_observing(double t);

  /// Changes a day, all professions together: posts filling and emptying (0: none ever); with
  /// burnout, at its most (the turnover of every profession at the highest pressure).
  double change_rate() const;
  /// One change at time t, chosen by `u` uniform in [0, 1): a post fills or empties in the
  /// profession returned. `turnover` multiplies each profession's leaving now (burnout, 1 … the
  /// most change_rate allows); the share of the rate it leaves unused changes nothing (thinning:
  /// the profession count is returned).
  std::size_t change(double u, double t, const std::array<double, kMaxProfessions>& turnover);
  std::size_t change(double u, double t) { return change(u, t, kNoBurnout); }
  /// Turnover's multiplier at `pressure` (people to care for per place the staff can run).
  double turnover_at(double pressure) const {
    return 1 + burnout_ * std::clamp(pressure - 1, 0.0, kMaxPressure - 1);
  }
  bool burns_out() const { return burnout_ > 0; }

  /// Places of `level` its present staff can run: `funded` while every profession it needs has
  /// the posts the places need filled, fewer, rounded down, as the scarcest one falls short.
  std::uint32_t staffed_places(const LevelSpec& level, std::uint32_t funded) const;

  /// Caseload places the coordinators in post can carry, of `funded`.
  std::uint32_t staffed_caseload(std::uint32_t funded) const;

  std::uint32_t posts(std::size_t p) const { return professions_[p].posts; }
  /// The profession named "coordinators" (Scenario::professions), or kMaxProfessions.
  std::size_t coordinators() const { return coordinators_; }
  std::uint32_t filled(std::size_t p) const { return professions_[p].filled; }
  /// Post-days and empty post-days since observation started.
  double post_days(std::size_t p, double t) const;
  double vacant_post_days(std::size_t p, double t) const;

 private:
  struct Profession {
    std::uint32_t needed = 0;  ///< posts the funded places need
    std::uint32_t posts = 0;   ///< posts funded: the needed ones unless funded apart
    std::uint32_t filled = 0;
    double fill_rate = 0;   ///< per empty post, a day
    double leave_rate = 0;  ///< per filled post, a day
    sim::TimeWeighted vacant;
    /// Changes a day with the turnover multiplied by `turnover`.
    double rate(double turnover) const {
      return fill_rate * (posts - filled) + leave_rate * filled * turnover;
    }
    /// The share of what the places need that the staff in post cover, at most 1 (1 where
    /// the places need none of them).
    double staffed_share() const {
      if (needed == 0 || filled >= needed) return 1;
      return static_cast<double>(filled) / needed;
    }
  };
  std::array<Profession, kMaxProfessions> professions_{};
  std::size_t count_ = 0;
  std::size_t coordinators_ = kMaxProfessions;  ///< the coordinators' profession, if any
  double origin_ = 0;
  double burnout_ = 0;
  double most_turnover_ = 1;  ///< turnover_at(kMaxPressure)
  static constexpr std::array<double, kMaxProfessions> kNoBurnout{1, 1, 1, 1, 1, 1, 1, 1};
};

/// Adds to `cost` (NIS by payer) the salaries of `region`'s staff in post from the start of
/// observation to t: each profession's filled post-days at its salary, shared among the payers
/// of what its posts are for (the levels' funded places, and the coordinators' payer for the
/// coordinators' posts, `coordinator_posts` where the design employs them).
void add_staff_cost(const Scenario& s, const RegionSpec& region, const Workforce& workforce,
                    std::uint32_t coordinator_posts, double t,
                    std::array<double, kMaxPayers>& cost);

}  // namespace retzef::models
