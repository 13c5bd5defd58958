// The daily occupancy a run without a file keeps for the warm-up check: handed over in chunks,
// with other tables' rows among them, it must give the series a file of the same rows gives.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiments/occupancy_keeper.hpp"
#include "experiments/occupancy_series.hpp"

using namespace retzef;
using namespace retzef::experiments;

namespace {

/// The model's tables as the keeper sees them: another table first, and the occupancy table's
/// columns in the model's order, with columns the check does not read among them.
std::vector<sim::TableSpec> tables() {
  std::vector<sim::TableSpec> t(2);
  t[0].name = "daily";
  t[0].columns = {{"t"}, {"region"}, {"waiting"}};
  t[1].name = "occupancy";
  for (const char* c : {"t", "region", "level", "occupied", "waiting", "blocked", "capacity"})
    t[1].columns.push_back({c});
  return t;
}

/// Replication r's occupancy rows (seven columns): 4 days from day 30, two regions, two levels.
std::vector<double> rows(int r) {
  std::vector<double> out;
  for (int day = 30; day < 34; ++day) {
    for (int region = 0; region < 2; ++region) {
      for (int level = 0; level < 2; ++level) {
        const double occupied = 10 * r + day + region + 0.5 * level;
        out.insert(out.end(),
                   {double(day), double(region), double(level), occupied, occupied / 2, -1, 99});
      }
    }
  }
  return out;
}

/// The same rows cut to the five fields the check reads, as a file's reader gives them.
std::vector<double> five(const std::vector<double>& seven) {
  std::vector<double> out;
  for (std::size_t i = 0; i < seven.size(); i += 7)
    out.insert(out.end(), seven.begin() + long(i), seven.begin() + long(i) + 5);
  return out;
}

}  // namespace

TEST_CASE("Occupancy keeper: chunks of a run give the series of a file", "[warmup]") {
  const auto specs = tables();
  std::vector<OccupancyKeeper> kept;
  OccupancySeries expected;
  for (int r = 0; r < 3; ++r) {
    kept.emplace_back(r);
    kept.back().begin(specs);
    const std::vector<double> all = rows(r);
    // Region by region in two chunks, a day's rows split between them, another table's between.
    const std::size_t cut = 7 * 5;
    kept.back().append(1, 0, {all.data(), cut});
    const std::vector<double> daily{30, 0, 4};
    kept.back().append(0, 0, daily);
    kept.back().append(1, 1, {all.data() + cut, all.size() - cut});
    kept.back().end();
    add_occupancy_rows(five(all), "file", 0, std::size_t(r), 3, expected);
  }
  expected.levels = {"ward", "clinic"};
  expected.regions = {"north", "south"};
  expected.replications = 3;
  const OccupancySeries got = merge_occupancy(kept, {"ward", "clinic"}, {"north", "south"});
  CHECK(got.replications == 3);
  CHECK(got.first_day == 30);
  CHECK(got.levels == expected.levels);
  CHECK(got.regions == expected.regions);
  CHECK(got.by_key == expected.by_key);
  REQUIRE(got.by_key.size() == 8);  // 2 regions × 2 levels × occupancy and waiting
  CHECK(got.by_key.at({1, 1, 0})[2] == std::vector<double>{51.5, 52.5, 53.5, 54.5});
  CHECK(got.by_key.at({1, 1, 1})[2] == std::vector<double>{25.75, 26.25, 26.75, 27.25});
}

TEST_CASE("Occupancy keeper: no table gives no series, and a row off the days is named",
          "[warmup]") {
  std::vector<OccupancyKeeper> kept;
  kept.emplace_back(0);
  kept.back().begin(std::vector<sim::TableSpec>{tables()[0]});
  CHECK_FALSE(kept.back().has_table());
  CHECK(merge_occupancy(kept, {"ward"}).replications == 0);

  OccupancyKeeper keeper(4);
  const auto specs = tables();
  keeper.begin(specs);
  std::vector<double> all = rows(0);
  all[7 * 3] = 30.5;  // row 3's day
  try {
    keeper.append(1, 0, all);
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "replication 4, occupancy: row 3 is not a day after the first");
  }
}

TEST_CASE("Occupancy keeper: what the kept series of a run can take", "[warmup]") {
  models::Scenario s;
  s.horizon_days = 4745.5;  // days 1,095 to 4,745 in the table: 3,651
  s.warmup_days = 1095;
  s.levels.resize(10);
  s.regions.resize(7);
  // Occupancy and waiting of every level of every region, a double a day.
  CHECK(kept_occupancy_bytes(s, 1) == 3651ull * 2 * 10 * 7 * 8);
  CHECK(kept_occupancy_bytes(s, 30) == 30 * kept_occupancy_bytes(s, 1));
  // The national flagship's 30 are kept; the most replications a run takes are not.
  CHECK(kept_occupancy_bytes(s, 30) < kKeptOccupancyLimit);
  CHECK(kept_occupancy_bytes(s, models::kMaxReplications) > kKeptOccupancyLimit);
  s.warmup_days = 5000;  // a warm-up past the horizon keeps nothing
  CHECK(kept_occupancy_bytes(s, 30) == 0);
}
