#include "experiments/warmup_warning.hpp"

#include <cmath>
#include <cstddef>
#include <string_view>

#include <spdlog/fmt/fmt.h>

namespace retzef::experiments {
namespace {

constexpr std::string_view kOverall = "mser_truncation_days";
constexpr std::string_view kLevelPrefix = "mser_truncation_days_";

}  // namespace

std::string warmup_warning(const DesignResult& d, double warmup_days) {
  std::size_t overall = d.catalogue.size();
  for (std::size_t i = 0; i < d.catalogue.size(); ++i) {
    if (d.catalogue[i].name == kOverall) overall = i;
  }
  if (overall == d.catalogue.size() || overall >= d.values.size()) return "";
  const std::vector<double>& points = d.values[overall];
  std::size_t short_runs = 0;
  std::size_t worst = points.size();
  for (std::size_t r = 0; r < points.size(); ++r) {
    if (!(points[r] > warmup_days)) continue;
    ++short_runs;
    if (worst == points.size() || points[r] > points[worst]) worst = r;
  }
  if (short_runs == 0) return "";
  // The level whose series gave the worst replication's truncation point.
  std::string level = "?";
  for (std::size_t i = 0; i < d.catalogue.size() && i < d.values.size(); ++i) {
    const std::string& name = d.catalogue[i].name;
    if (name.rfind(kLevelPrefix, 0) != 0 || worst >= d.values[i].size()) continue;
    if (d.values[i][worst] == points[worst]) {
      level = name.substr(kLevelPrefix.size());
      break;
    }
  }
  return fmt::format(
      "{}: warm-up of {:g} days is shorter than the MSER-5 truncation point in {} of {} "
      "replications (at most {:g} days, level {}, replication {}): the indicators include part "
      "of the start-up transient",
      d.name, warmup_days, short_runs, points.size(), points[worst], level, worst);
}

}  // namespace retzef::experiments
