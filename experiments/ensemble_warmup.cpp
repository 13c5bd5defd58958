#include "experiments/ensemble_warmup.hpp"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "sim/output/hdf5/column_table.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/stats/mser.hpp"

namespace retzef::experiments {
namespace h5 = sim::h5;
namespace {

std::size_t field(const h5::NumberRows& rows, const std::string& name, const std::string& where) {
  const auto it = std::find(rows.fields.begin(), rows.fields.end(), name);
  if (it == rows.fields.end()) throw h5::Error(where + ": no column '" + name + "'");
  return static_cast<std::size_t>(it - rows.fields.begin());
}

}  // namespace

EnsembleWarmup ensemble_warmup(hid_t file, const std::string& case_name) {
  EnsembleWarmup out;
  const std::string runs_path = "runs/" + case_name;
  const h5::Id runs = h5::open_group(file, runs_path);
  std::vector<std::string> levels;
  if (h5::exists(file, "designs/" + case_name + "/levels")) {
    levels = h5::read_strings(h5::open_group(file, "designs/" + case_name), "levels");
  }
  // Sums over replications of each day's value, per (region, level, series); days are counted
  // from the first day of the table (the end of the warm-up).
  std::map<std::tuple<long, long, int>, std::vector<double>> sums;
  double first_day = NAN;
  for (const auto& rep : h5::members(runs)) {
    const h5::Id g = h5::open_group(runs, rep);
    if (!h5::exists(g, "occupancy")) return out;
    const std::string where = runs_path + "/" + rep + "/occupancy";
    const h5::NumberRows rows = h5::read_number_rows(g, "occupancy");
    const std::size_t width = rows.fields.size();
    const std::size_t t = field(rows, "t", where), region = field(rows, "region", where),
                      level = field(rows, "level", where),
                      occupied = field(rows, "occupied", where),
                      waiting = field(rows, "waiting", where);
    const std::size_t n = width == 0 ? 0 : rows.values.size() / width;
    if (n == 0) continue;
    if (std::isnan(first_day)) first_day = rows.values[t];
    for (std::size_t i = 0; i < n; ++i) {
      const double* row = rows.values.data() + i * width;
      const double day = row[t] - first_day;
      // Days are whole days from the first; anything else is not the daily table we know.
      if (!(day >= 0) || day > 1e7 || day != std::floor(day)) {
        throw h5::Error(where + ": row " + std::to_string(i) + " is not a day after the first");
      }
      const auto d = static_cast<std::size_t>(day);
      for (int s = 0; s < 2; ++s) {
        auto& v = sums[{static_cast<long>(row[region]), static_cast<long>(row[level]), s}];
        if (v.size() <= d) v.resize(d + 1, 0.0);
        v[d] += row[s == 0 ? occupied : waiting];
      }
    }
    ++out.replications;
  }
  if (out.replications == 0) return out;
  const double reps = static_cast<double>(out.replications);
  for (auto& [key, v] : sums) {
    ++out.series;
    for (double& x : v)
      x /= reps;
    // Every day of the table is measured: judged from its first day on (no warm-up left).
    const auto point = static_cast<double>(sim::material_truncation(v, sim::mser(v), 0, 1.0));
    if (point > out.worst_days) {
      const auto [region, level, s] = key;
      const std::string name = level >= 0 && static_cast<std::size_t>(level) < levels.size()
                                   ? levels[static_cast<std::size_t>(level)]
                                   : "level " + std::to_string(level);
      out.worst = fmt::format("{} {} (region {})", name, s == 0 ? "occupancy" : "waiting", region);
      out.worst_days = point;
    }
  }
  return out;
}

std::string ensemble_warmup_line(const std::string& case_name, const EnsembleWarmup& e) {
  if (e.replications == 0) return "";
  if (e.worst.empty()) {
    return fmt::format(
        "{}: warm-up check on the mean of {} replications: no start-up transient left in any of "
        "{} daily series after the warm-up",
        case_name, e.replications, e.series);
  }
  return fmt::format(
      "{}: warm-up check on the mean of {} replications: {} still settling {:g} days after the "
      "warm-up; the indicators include part of the start-up transient",
      case_name, e.replications, e.worst, e.worst_days);
}

}  // namespace retzef::experiments
