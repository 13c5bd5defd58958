#include "experiments/occupancy_series.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/output/hdf5/column_table.hpp"
#include "sim/output/hdf5/file.hpp"

namespace retzef::experiments {
namespace h5 = sim::h5;

void add_occupancy_rows(std::span<const double> rows, const std::string& where,
                        std::size_t first_row, std::size_t rep, std::size_t reps,
                        OccupancySeries& out) {
  constexpr std::size_t t = 0, region = 1, level = 2, occupied = 3, waiting = 4;
  constexpr std::size_t width = kOccupancyFields.size();
  const std::size_t n = rows.size() / width;
  if (n == 0) return;
  if (std::isnan(out.first_day)) out.first_day = rows[t];
  struct Slot {
    long region, level;
    std::array<std::vector<double>*, 2> series;  ///< occupancy, waiting of this replication
  };
  std::vector<Slot> slots;
  std::size_t guess = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* row = rows.data() + i * width;
    const double day = row[t] - out.first_day;
    // Days are whole days from the first; anything else is not the daily table we know.
    if (!(day >= 0) || day > 1e7 || day != std::floor(day)) {
      throw std::runtime_error(where + ": row " + std::to_string(first_row + i) +
                               " is not a day after the first");
    }
    const auto r = static_cast<long>(row[region]);
    const auto l = static_cast<long>(row[level]);
    if (guess >= slots.size() || slots[guess].region != r || slots[guess].level != l) {
      guess = static_cast<std::size_t>(
          std::find_if(slots.begin(), slots.end(),
                       [&](const Slot& s) { return s.region == r && s.level == l; }) -
          slots.begin());
      if (guess == slots.size()) {
        Slot slot{r, l, {}};
        for (int s = 0; s < 2; ++s) {
          auto& per_rep = out.by_key[{r, l, s}];
          per_rep.resize(reps);
          slot.series[static_cast<std::size_t>(s)] = &per_rep[rep];
        }
        slots.push_back(slot);
      }
    }
    const auto d = static_cast<std::size_t>(day);
    for (std::size_t s = 0; s < 2; ++s) {
      std::vector<double>& v = *slots[guess].series[s];
      if (v.size() <= d) v.resize(d + 1, 0.0);
      v[d] = row[s == 0 ? occupied : waiting];
    }
    guess = guess + 1 == slots.size() ? 0 : guess + 1;
  }
}

void fit_replication(OccupancySeries& series, std::size_t rep) {
  for (auto& [key, per_rep] : series.by_key) {
    if (rep < per_rep.size()) per_rep[rep].shrink_to_fit();
  }
}

OccupancySeries read_occupancy_series(hid_t file, const std::string& case_name) {
  OccupancySeries out;
  const std::string runs_path = "runs/" + case_name;
  const h5::Id runs = h5::open_group(file, runs_path);
  if (h5::exists(file, "designs/" + case_name + "/levels")) {
    out.levels = h5::read_strings(h5::open_group(file, "designs/" + case_name), "levels");
  }
  if (h5::exists(file, "designs/" + case_name + "/regions")) {
    out.regions = h5::read_strings(h5::open_group(file, "designs/" + case_name), "regions");
  }
  const auto reps = h5::members(runs);
  for (std::size_t r = 0; r < reps.size(); ++r) {
    const h5::Id g = h5::open_group(runs, reps[r]);
    if (!h5::exists(g, "occupancy")) return OccupancySeries{};
    const std::string where = runs_path + "/" + reps[r] + "/occupancy";
    const h5::NumberRows rows = h5::read_number_rows(g, "occupancy", kOccupancyFields);
    if (rows.fields.size() != kOccupancyFields.size()) {
      throw h5::Error(where + ": not the occupancy fields");
    }
    try {
      add_occupancy_rows(rows.values, where, 0, r, reps.size(), out);
    } catch (const std::runtime_error& e) {
      throw h5::Error(e.what());
    }
    fit_replication(out, r);
  }
  out.replications = reps.size();
  return out;
}

}  // namespace retzef::experiments
