#include "experiments/warmup_warning.hpp"

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "sim/stats/mser.hpp"
#include "sim/stats/replication_bias.hpp"

namespace retzef::experiments {
namespace {

constexpr std::string_view kOverall = "mser_truncation_days";
constexpr std::string_view kLevelPrefix = "mser_truncation_days_";

/// The flagged replications cleared as excursions, "" when none: what matched the largest.
std::string excursions_text(const EnsembleWarmup& e) {
  if (e.excursions == 0) return "";
  const MatchedExcursion& m = e.matched;
  return fmt::format(
      "{} {} a material gap that a later stretch of the same length matches, as far from the rest "
      "of its run the same way: an excursion the design also makes at its steady state "
      "(largest: {}, replication {}, day {:g}, z {:.1f}; as far in replication {} from day {:g})",
      e.excursions, e.excursions == 1 ? "has" : "have", m.cut.series, m.cut.replication,
      m.cut.point_days, m.cut.z, m.replication, m.day);
}

}  // namespace

std::string demand_change_note(const std::string& design, double demand_change_day) {
  if (std::isnan(demand_change_day)) return "";
  return fmt::format(
      "{}: demand changes after the warm-up (a surge or an arrival schedule, from day {:g}): the "
      "daily series follow it and are not meant to settle, so the warm-up check is not made; "
      "check the warm-up on the design with the demand held constant",
      design, demand_change_day);
}

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
  // Not "the indicators include part of the start-up transient": on a level whose people stay
  // for years one replication's own rule flags a slow swing as often as a transient, in both
  // directions (docs/model.md, "Against the spread of the replications").
  return fmt::format(
      "{}: warm-up of {:g} days is shorter than the MSER-5 truncation point in {} of {} "
      "replications (at most {:g} days, level {}, replication {}): the indicators may include "
      "part of the start-up transient, or the level may only swing slowly, which a "
      "replication's own series cannot tell apart",
      d.name, warmup_days, short_runs, points.size(), points[worst], level, worst);
}

std::string unjudged_warmup_warning(const DesignResult& d, double warmup_days,
                                    std::string_view why) {
  const std::string own = warmup_warning(d, warmup_days);
  if (own.empty()) return own;
  return fmt::format(
      "{}; {}, so write a result file (`-o`) to have it re-judged against the spread of {} "
      "replications or more and on their mean",
      own, why, sim::kMinReplicationsForSpread);
}

WarmupVerdict demand_change_verdict(const std::string& design, double warmup_days,
                                    double demand_change_day) {
  WarmupVerdict out;
  out.warmup_days = warmup_days;
  out.line = demand_change_note(design, demand_change_day);
  return out;
}

WarmupVerdict unjudged_warmup_verdict(const DesignResult& d, double warmup_days,
                                      std::string_view why) {
  WarmupVerdict out;
  out.warmup_days = warmup_days;
  out.line = unjudged_warmup_warning(d, warmup_days, why);
  out.check = out.line.empty() ? WarmupCheck::passed : WarmupCheck::unjudged;
  return out;
}

void log_warmup_verdict(const WarmupVerdict& v) {
  if (v.warning()) {
    spdlog::warn("{}", v.line);
  } else if (!v.line.empty()) {
    spdlog::info("{}", v.line);
  }
}

WarmupVerdict warmup_verdict(const DesignResult& d, double warmup_days, const EnsembleWarmup& e) {
  const std::string mean = ensemble_mean_text(e);
  const bool mean_settles = !e.worst.empty();
  WarmupVerdict out;
  if (!e.rejudged) {
    std::string own = warmup_warning(d, warmup_days);
    if (!own.empty()) {
      own += e.replications == 0
                 ? "; the file has no daily occupancy table to re-judge it against the spread of "
                   "the replications"
                 : fmt::format(
                       "; {} {} too few to re-judge it against their spread ({} or more "
                       "are needed)",
                       e.replications, e.replications == 1 ? "replication is" : "replications are",
                       sim::kMinReplicationsForSpread);
    }
    out.warmup_days = warmup_days;
    out.check = !own.empty() || mean_settles ? WarmupCheck::unjudged : WarmupCheck::passed;
    if (own.empty() && mean.empty()) return out;
    out.line = own.empty() ? d.name + ": " + mean : mean.empty() ? own : own + "; " + mean;
    return out;
  }
  const std::size_t n = e.replications;
  if (e.flagged == 0) {
    out.line = fmt::format(
        "{}: warm-up of {:g} days: no replication's MSER-5 truncation point "
        "lies beyond it; {}",
        d.name, warmup_days, mean);
  } else if (e.transient > 0) {
    const RejudgedCut& w = e.worst_transient;
    const std::string worst = w.series.empty()
                                  ? ""
                                  : fmt::format(" (worst: {}, replication {}, day {:g}, z {:.1f})",
                                                w.series, w.replication, w.point_days, w.z);
    const std::string matched = excursions_text(e);
    // A gap one replication keeps while the mean of them all settles, and that no later
    // stretch of any replication matches, is that replication's own start-up transient.
    out.line = fmt::format(
        "{}: warm-up of {:g} days is shorter than the MSER-5 truncation point in {} of {} "
        "replications, and {} of them still {} a material gap against the spread of the {} "
        "replications, farther from the rest than any later stretch of the same length{}: "
        "{}{}; {}",
        d.name, warmup_days, e.flagged, n, e.transient, e.transient == 1 ? "carries" : "carry", n,
        worst,
        mean_settles ? "the indicators include part of the start-up transient"
                     : "a start-up transient of those replications, which the mean of the "
                       "replications does not show",
        matched.empty() ? "" : "; " + matched, mean);
  } else {
    const RejudgedCut& l = e.largest;
    const std::string largest =
        l.series.empty()
            ? std::string("no gap of a person and 1% of the level")
            // Shown cut to one decimal, not rounded: a |z| of 3.96 is not "4.0, below 4".
            : fmt::format("largest |z| {:.1f}, below {:g}: {}, replication {}, day {:g}",
                          std::floor(std::abs(l.z) * 10) / 10, sim::kMaterialZ, l.series,
                          l.replication, l.point_days);
    const std::string matched = excursions_text(e);
    out.line = fmt::format(
        "{}: warm-up of {:g} days: the MSER-5 truncation point lies beyond it in {} of {} "
        "replications, {} ({}){}; {}",
        d.name, warmup_days, e.flagged, n,
        matched.empty() ? fmt::format("all within the spread of the {} replications", n)
                        : fmt::format("{} within the spread of the {} replications",
                                      e.flagged - e.excursions, n),
        largest, matched.empty() ? "" : "; " + matched, mean);
  }
  out.warmup_days = warmup_days;
  out.check = e.transient > 0 || mean_settles ? WarmupCheck::transient : WarmupCheck::passed;
  return out;
}

}  // namespace retzef::experiments
