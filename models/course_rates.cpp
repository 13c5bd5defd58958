#include "models/course_rates.hpp"

#include "models/care_step.hpp"  // kCrisis, kYearsPerDay

namespace retzef::models {
namespace {

/// The rates per day; `level` and `waiting_for` as in CourseRateTable::at.
CourseRates rates(const Scenario& s, std::size_t group, std::uint8_t a, std::uint32_t level,
                  std::uint32_t waiting_for) {
  const GroupSpec& g = s.groups[group];
  double worsen = 0;
  double improve = 0;
  double crisis = 0;
  if (a < kCrisis) worsen = g.worsen_per_year[a];
  if (a > 0) improve = g.improve_per_year[a - 1];
  if (a + 1 < kCrisis) crisis = g.crisis_per_year[a];  // a = 3: worsening is the crisis
  if (a + 1 == kCrisis) worsen += g.crisis_per_year[a];
  if (level != kNoLevel) {
    const LevelSpec& l = s.levels[level];
    worsen *= l.worsen_factor;
    improve *= l.improve_factor;
    crisis *= l.crisis_factor;
  } else if (waiting_for != kNoLevel) {
    worsen *= s.waiting_worsen_factor;
    crisis *= s.waiting_worsen_factor;
  }
  worsen *= kYearsPerDay;
  improve *= kYearsPerDay;
  crisis *= kYearsPerDay;
  const double leave = g.exit_per_year * kYearsPerDay;
  CourseRates r;
  r.worsen = worsen;
  r.worsen_or_improve = worsen + improve;
  r.change = r.worsen_or_improve + crisis;
  r.total = r.change + leave;
  return r;
}

}  // namespace

CourseRateTable::CourseRateTable(const Scenario& s) : levels_(s.levels.size()) {
  rates_.reserve(s.groups.size() * (levels_ + 2) * kAcuityLevels);
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    for (std::size_t place = 0; place < levels_ + 2; ++place) {
      const std::uint32_t level = place < levels_ ? static_cast<std::uint32_t>(place) : kNoLevel;
      // Waiting for which level does not matter, only that they wait.
      const std::uint32_t waiting_for = place == levels_ ? 0 : kNoLevel;
      for (std::uint8_t a = 0; a < kAcuityLevels; ++a)
        rates_.push_back(rates(s, g, a, level, waiting_for));
    }
  }
}

}  // namespace retzef::models
