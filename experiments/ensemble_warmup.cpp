#include "experiments/ensemble_warmup.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <span>
#include <tuple>
#include <utility>

#include "sim/output/hdf5/handle.hpp"
#include "sim/stats/midrun_excursion.hpp"
#include "sim/stats/mser.hpp"
#include "sim/stats/replication_bias.hpp"

namespace retzef::experiments {
namespace h5 = sim::h5;
namespace {

/// How far the mean of the replications still settles: its level over the days still settling
/// and after them, the difference as a share of the latter, and what those days put on the
/// series' average over every day measured. A drift of 1% over a third of the run moves the
/// indicators that count the level's days by a third of 1%: the size a reader weighs against
/// a difference between designs.
std::string settling_size(const EnsembleWarmup& e) {
  std::string text =
      fmt::format("{:.4g} in those days against {:.4g} after", e.worst_before, e.worst_after);
  if (e.worst_after == 0) return text;
  const double gap = (e.worst_before - e.worst_after) / e.worst_after;
  text += fmt::format(", {:+.1f}%", 100.0 * gap);
  if (e.measured_days > 0) {
    text += fmt::format("; {:+.2f}% on its average over the {:g} days measured",
                        100.0 * gap * e.worst_days / e.measured_days, e.measured_days);
  }
  return text;
}

constexpr std::string_view kLevelPrefix = "mser_truncation_days_";

using Series = OccupancySeries;
using Key = OccupancySeries::Key;

/// "rehabilitation occupancy (southern)": the region by its name where the series has the
/// names, as the report's tables give it, else by its number.
std::string series_name(const Series& s, const Key& key) {
  const auto [region, level, which] = key;
  const std::string name = level >= 0 && static_cast<std::size_t>(level) < s.levels.size()
                               ? s.levels[static_cast<std::size_t>(level)]
                               : "level " + std::to_string(level);
  const std::string where = region >= 0 && static_cast<std::size_t>(region) < s.regions.size()
                                ? s.regions[static_cast<std::size_t>(region)]
                                : "region " + std::to_string(region);
  return fmt::format("{} {} ({})", name, which == 0 ? "occupancy" : "waiting", where);
}

/// MSER-5 on the mean over replications of each series (a replication without a day counts 0).
void mean_check(const Series& s, EnsembleWarmup& out) {
  const double reps = static_cast<double>(s.replications);
  for (const auto& [key, per_rep] : s.by_key) {
    ++out.series;
    std::vector<double> mean;
    for (const auto& v : per_rep) {
      if (mean.size() < v.size()) mean.resize(v.size(), 0.0);
      for (std::size_t d = 0; d < v.size(); ++d)
        mean[d] += v[d];
    }
    for (double& x : mean)
      x /= reps;
    // Every day of the table is measured: judged from its first day on (no warm-up left).
    const std::size_t point = sim::material_truncation(mean, sim::mser(mean), 0, 1.0);
    if (static_cast<double>(point) > out.worst_days) {
      out.worst = series_name(s, key);
      out.worst_days = static_cast<double>(point);
      out.measured_days = static_cast<double>(mean.size());
      const auto split = mean.begin() + static_cast<std::ptrdiff_t>(point);
      out.worst_before = std::accumulate(mean.begin(), split, 0.0) / static_cast<double>(point);
      out.worst_after = split == mean.end() ? 0.0
                                            : std::accumulate(split, mean.end(), 0.0) /
                                                  static_cast<double>(mean.end() - split);
    }
  }
}

/// Per level of the file's list, the row of `design` holding its MSER-5 points (none: npos).
std::vector<std::size_t> level_rows(const Series& s, const DesignResult& design) {
  std::vector<std::size_t> out(s.levels.size(), std::string::npos);
  for (std::size_t l = 0; l < s.levels.size(); ++l) {
    for (std::size_t i = 0; i < design.catalogue.size() && i < design.values.size(); ++i) {
      if (design.catalogue[i].name == std::string(kLevelPrefix) + s.levels[l]) out[l] = i;
    }
  }
  return out;
}

/// How one replication's cut on one level came out of the re-judgement.
struct LevelVerdict {
  bool transient = false;  ///< some series keeps a material gap no later stretch matches
  bool matched = false;    ///< some material gap is matched by a later stretch
};

/// Replication r's cut at `point_days` on every series of `level`. Keeps the design's largest
/// |z|, its worst transient and its largest matched excursion in `out`.
LevelVerdict rejudge_level(const Series& s, const std::string& case_name, std::size_t r, long level,
                           double point_days, EnsembleWarmup& out) {
  LevelVerdict verdict;
  std::vector<std::span<const double>> spans;
  for (const auto& [key, per_rep] : s.by_key) {
    if (std::get<1>(key) != level || per_rep[r].empty()) continue;
    spans.assign(per_rep.begin(), per_rep.end());
    const double n = static_cast<double>(per_rep[r].size());
    // The point is a day from the start of the run; the table starts at the warm-up.
    const auto cut =
        static_cast<std::size_t>(std::clamp(std::ceil(point_days - s.first_day), 0.0, n));
    sim::ReplicationBias b;
    sim::MidRunMatch m;
    try {
      b = sim::replication_bias(spans, r, cut, 1.0);
      if (b.material && b.judged) m = sim::midrun_match(spans, b.gap, cut);
    } catch (const std::invalid_argument& e) {
      throw h5::Error("runs/" + case_name + ": " + series_name(s, key) + ": " + e.what());
    }
    // Not judged (a cut at an end of the table): z means nothing, and the flag stands.
    const RejudgedCut c{series_name(s, key), r, point_days, b.z};
    // The largest |z| among gaps large enough to matter that the spread clears: a gap of a
    // tenth of a person can be many spreads wide and still change nothing.
    if (b.judged && b.large && !b.material &&
        (out.largest.series.empty() || std::abs(b.z) > std::abs(out.largest.z))) {
      out.largest = c;
    }
    if (!b.material) continue;
    if (m.matched()) {
      verdict.matched = true;
      if (out.matched.cut.series.empty() || std::abs(b.z) > std::abs(out.matched.cut.z)) {
        out.matched = {c, m.replication, s.first_day + static_cast<double>(m.start), m.gap};
      }
      continue;
    }
    verdict.transient = true;
    if (b.judged &&
        (out.worst_transient.series.empty() || std::abs(b.z) > std::abs(out.worst_transient.z))) {
      out.worst_transient = c;
    }
  }
  return verdict;
}

/// Re-judges every replication whose own MSER-5 point for a level lies past the warm-up.
void rejudge(const Series& s, const DesignResult& design, double warmup_days, EnsembleWarmup& out) {
  const std::vector<std::size_t> rows = level_rows(s, design);
  out.rejudged = s.replications >= sim::kMinReplicationsForSpread;
  for (std::size_t r = 0; r < s.replications; ++r) {
    bool flagged = false, transient = false, matched = false;
    for (std::size_t l = 0; l < rows.size(); ++l) {
      if (rows[l] == std::string::npos || r >= design.values[rows[l]].size()) continue;
      const double point = design.values[rows[l]][r];
      if (!(point > warmup_days)) continue;
      flagged = true;
      // Too few replications to measure their spread: the replication's own verdict stands.
      if (!out.rejudged) {
        transient = true;
        continue;
      }
      const LevelVerdict v = rejudge_level(s, design.name, r, static_cast<long>(l), point, out);
      transient = transient || v.transient;
      matched = matched || v.matched;
    }
    out.flagged += flagged ? 1 : 0;
    out.transient += transient ? 1 : 0;
    out.excursions += !transient && matched ? 1 : 0;
  }
}

}  // namespace

EnsembleWarmup ensemble_warmup(hid_t file, const DesignResult& design, double warmup_days) {
  return ensemble_warmup(read_occupancy_series(file, design.name), design, warmup_days);
}

EnsembleWarmup ensemble_warmup(const OccupancySeries& s, const DesignResult& design,
                               double warmup_days) {
  EnsembleWarmup out;
  if (s.replications == 0) return out;
  out.replications = s.replications;
  mean_check(s, out);
  rejudge(s, design, warmup_days, out);
  return out;
}

std::string ensemble_mean_text(const EnsembleWarmup& e) {
  if (e.replications == 0) return "";
  const std::string on =
      e.replications == 1
          ? std::string("warm-up check on the one replication's daily series")
          : fmt::format("warm-up check on the mean of {} replications", e.replications);
  if (e.worst.empty()) {
    return fmt::format("{}: no start-up transient left in any of {} daily series after the warm-up",
                       on, e.series);
  }
  // Fewer replications than measure their spread average a slow level's swings away no better
  // than they tell them apart (warmup_warning.hpp): the mean's point is no more a transient.
  const std::string what =
      e.replications >= sim::kMinReplicationsForSpread
          ? std::string("the indicators include part of the start-up transient")
          : fmt::format(
                "with fewer than {} replications that may be a slow swing as well as the "
                "start-up transient",
                sim::kMinReplicationsForSpread);
  return fmt::format("{}: {} still settling {:g} days after the warm-up ({}); {}", on, e.worst,
                     e.worst_days, settling_size(e), what);
}

}  // namespace retzef::experiments
