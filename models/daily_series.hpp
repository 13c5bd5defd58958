// The daily occupancy and waiting of each care level of a region from day 0 of the run — the
// warm-up included, which the occupancy table leaves out — kept for the warm-up check: at the
// end of the run each series' MSER-5 truncation point (sim/stats/mser.hpp) says from which day
// on it looks settled, to compare with the scenario's warm-up. With them, the people waiting
// for a coordinator at the start of each day and the new cases of each group on each day,
// which the run writes to its `daily` table (docs/output.md) for the report's plots over time.
// Preallocated for the whole horizon when the region opens; sampling it adds no event (days are
// filled in as events pass them), so a run handles the same events with it as without.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "models/care_level.hpp"
#include "models/coordinator_pool.hpp"
#include "models/scenario.hpp"

namespace retzef::models {

class DailySeries {
 public:
  /// Room for days 0 .. floor(horizon) of `levels` levels and `groups` condition groups.
  void open(std::uint32_t levels, std::uint32_t groups, double horizon_days);

  /// Samples every whole day up to `t` not sampled yet from the levels and coordinators as they
  /// stand. Called before the events at `t` are handled, so day d holds the state day d began
  /// with; cheap when no day is due (one comparison: it runs before every event).
  void catch_up(double t, const std::array<CareLevel, kMaxLevels>& levels,
                const CoordinatorPool& coordinators) {
    if (t >= next_at_) fill(t, levels, coordinators);
  }

  /// A new case of `group` now: counted on the day catch_up last reached, the day of the event
  /// being handled. People of no group (pathway runs without groups) are not counted.
  void count_new_case(std::uint32_t group) {
    if (group < groups_ && sampled_ > 0) new_cases_[std::size_t{group} * days_ + sampled_ - 1] += 1;
  }

  /// People at the level at the start of each day sampled so far.
  std::span<const float> occupancy(std::uint32_t level) const { return row(0, level); }
  /// People waiting for the level (on its list or in place) at the start of each day.
  std::span<const float> waiting(std::uint32_t level) const { return row(1, level); }
  /// People waiting for a coordinator at the start of each day.
  std::span<const float> coordinator_waiting() const {
    return {values_.data() + std::size_t{2} * levels_ * days_, sampled_};
  }
  /// New cases of the group on each day sampled so far (the last one may be under way).
  std::span<const std::uint32_t> new_cases(std::uint32_t group) const {
    return {new_cases_.data() + std::size_t{group} * days_, sampled_};
  }
  std::uint32_t groups() const { return groups_; }

  /// The MSER-5 truncation point, in days from the start of the run, of the level's occupancy
  /// and waiting series.
  /// (0 when what the rule would delete — beyond the warm-up, if the point is past it — is not
  /// biased: by less than a person, 1% of the level's mean, or four standard errors:
  /// sim::material_truncation; docs/model.md, "Warm-up check").
  std::array<double, 2> truncation_days(std::uint32_t level, double warmup_days) const;

 private:
  void fill(double t, const std::array<CareLevel, kMaxLevels>& levels,
            const CoordinatorPool& coordinators);
  std::span<const float> row(std::uint32_t series, std::uint32_t level) const {
    return {values_.data() + (std::size_t{series} * levels_ + level) * days_, sampled_};
  }

  std::uint32_t levels_ = 0;
  std::uint32_t groups_ = 0;
  std::uint32_t days_ = 0;
  std::uint32_t sampled_ = 0;  ///< days sampled: 0 .. sampled_ − 1
  double next_at_ = std::numeric_limits<double>::infinity();
  /// [series][level][day]; series 0 occupancy, 1 waiting; then [day] waiting for a coordinator
  std::vector<float> values_;
  std::vector<std::uint32_t> new_cases_;  ///< [group][day]
};

}  // namespace retzef::models
