// The rates of a person's illness course (docs/model.md), worked out once per scenario for
// every group, place and acuity, so that the course's handlers, which run at nearly every
// event, look them up instead of multiplying the group's rates by the level's factors each
// time. A person's rates depend only on their group, their acuity and where they are: at a
// level (its factors), waiting for one untreated (the waiting factor) or at home. The table
// holds the same sums of the same products in the same order as working them out per event
// would, so a lookup gives the same bits and no result changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/scenario.hpp"

namespace retzef::models {

/// The next acuity change's competing rates, per day, as cumulative thresholds: a uniform
/// draw times `total` below `worsen` worsens, below `worsen_or_improve` improves, below
/// `change` is a crisis, and from `change` up is leaving the population (death, moving away),
/// a constant rate from every state that keeps a far-future event per person out of the queue.
struct CourseRates {
  double worsen = 0;
  double worsen_or_improve = 0;
  double change = 0;  ///< worsen + improve + crisis
  double total = 0;   ///< change + leaving
};

class CourseRateTable {
 public:
  CourseRateTable() = default;
  explicit CourseRateTable(const Scenario& s);

  /// The rates of a person of `group` at `acuity`, at `level`, or (kNoLevel) waiting for
  /// `waiting_for` untreated, or at home when that is kNoLevel too.
  const CourseRates& at(std::uint8_t group, std::uint8_t acuity, std::uint32_t level,
                        std::uint32_t waiting_for) const {
    const std::size_t place = level != kNoLevel         ? level
                              : waiting_for != kNoLevel ? levels_
                                                        : levels_ + 1;
    return rates_[(group * (levels_ + 2) + place) * kAcuityLevels + acuity];
  }

 private:
  std::size_t levels_ = 0;
  std::vector<CourseRates> rates_;  ///< by group, then place (levels, waiting, home), then acuity
};

}  // namespace retzef::models
