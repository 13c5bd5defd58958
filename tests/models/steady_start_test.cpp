// The start near the steady state (models/steady_start.cpp, a region's `initial_occupancy`):
// the reader refuses a fill that cannot be placed, naming the file, line, key and bound; a run
// starts with exactly the asked number of people in the level, all of them people it can treat
// and serves (or every such person, when there are fewer), part-way through their stays; and a
// filled run is the same for any thread count.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "models/care_model.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/output/memory_sink.hpp"
#include "tests/support/recorded_table.hpp"

using namespace retzef;
using models::Scenario;

namespace {

const std::string kFill = std::string(RETZEF_TEST_SCENARIOS) + "/steady_fill.toml";

std::vector<std::string> problems_of_text(const std::string& text) {
  try {
    models::load_scenario_text(text, "fill.toml");
  } catch (const models::ScenarioError& e) {
    return e.problems();
  }
  FAIL("the text loaded without a problem");
  return {};
}

/// A one-region scenario whose region table ends with `fill` (line 29 of the text).
std::string with_fill(const std::string& fill) {
  return R"([scenario]
name = "fill"

[[groups]]
name = "smi"
prevalence = 0.01
incidence_per_1000 = 0.3
initial_acuity = [0.2, 0.3, 0.3, 0.15, 0.05]
onset_acuity = [0, 0.2, 0.4, 0.3, 0.1]
worsen_per_year = [1, 2, 3, 4]
improve_per_year = [1, 2, 3, 4]
crisis_per_year = [0.01, 0.05, 0.1, 0.5]

[[levels]]
name = "inpatient"
kind = "inpatient"
length_of_stay = { distribution = "lognormal", mean = 37, sd = 30 }

[[levels]]
name = "primary_care"
kind = "primary_care"
capacity_unit = "unlimited"
length_of_stay = { distribution = "exponential", mean = 180 }

[[regions]]
name = "north"
population = 50000
capacity = { inpatient = 25 }
)" + fill +
         "\n\n[policy]\nname = \"recovery\"\n";
}

std::uint32_t level_index(const Scenario& s, const std::string& name) {
  for (std::uint32_t i = 0; i < s.levels.size(); ++i) {
    if (s.levels[i].name == name) return i;
  }
  FAIL("no level " << name);
  return models::kNoLevel;
}

using Table = testing::RecordedTable;

Table table(const sim::MemorySink& sink, const std::string& name, std::uint32_t lps) {
  return testing::recorded_table(sink, name, lps);
}

struct FilledRun {
  sim::RunResult<models::RunTotals> result;
  sim::MemorySink sink;
};

/// `s` run once with every bookkeeping rule checked after every event (the remit among them).
void run_checked(const Scenario& s, FilledRun& out, int threads = 1) {
  models::CareModel model(s);
  model.check_invariants(true);
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  o.sink = &out.sink;
  if (threads > 1) {
    o.scheduler = sim::Scheduler::threads;
    o.threads = threads;
  }
  REQUIRE_NOTHROW(out.result = sim::simulate(model, o));
}

/// People occupying `level` in each region on day 0 (the first occupancy row).
std::map<double, double> occupied_at_start(const Table& occupancy, std::uint32_t level) {
  std::map<double, double> out;
  for (const auto& row : occupancy.rows) {
    if (row[occupancy.column("t")] != 0 || row[occupancy.column("level")] != level) continue;
    out[row[occupancy.column("region")]] = row[occupancy.column("occupied")];
  }
  return out;
}

}  // namespace

TEST_CASE("steady start: the reader refuses a fill that cannot be placed", "[scenario][steady]") {
  const auto only = [](const std::vector<std::string>& problems, const std::string& prefix,
                       const std::string& what) {
    INFO(Catch::Detail::stringify(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].rfind(prefix, 0) == 0);
    CHECK(problems[0].find(what) != std::string::npos);
  };
  const auto loads =
      models::load_scenario_text(with_fill("initial_occupancy = { inpatient = 25 }"), "fill.toml");
  CHECK(loads.regions[0].initial_occupancy[0] == 25);
  CHECK(loads.regions[0].initial_occupancy[1] == 0);
  only(problems_of_text(with_fill("initial_occupancy = { ward = 5 }")),
       "fill.toml:29:23: regions[0].initial_occupancy.ward: ", "inpatient");
  only(problems_of_text(with_fill("initial_occupancy = { primary_care = 5 }")),
       "fill.toml:29:23: regions[0].initial_occupancy.primary_care: ", "is unlimited");
  only(problems_of_text(with_fill("initial_occupancy = { inpatient = 26 }")),
       "fill.toml:29:", "regions[0].initial_occupancy.inpatient");
  only(problems_of_text(with_fill("initial_occupancy = { inpatient = 26 }")),
       "fill.toml:29:", "25");
  only(problems_of_text(with_fill("initial_occupancy = { inpatient = -1 }")),
       "fill.toml:29:", "regions[0].initial_occupancy.inpatient");
}

TEST_CASE("steady start: the level starts with exactly the fill, people it can treat",
          "[care][steady]") {
  const Scenario s = models::load_scenario(kFill);
  const std::uint32_t clinic = level_index(s, "clinic");
  REQUIRE(s.regions[0].initial_occupancy[clinic] == 40);
  REQUIRE(s.regions[1].initial_occupancy[clinic] == 30);
  FilledRun run;
  run_checked(s, run);
  const Table occupancy = table(run.sink, "occupancy", 2);
  const auto start = occupied_at_start(occupancy, clinic);
  REQUIRE(start.size() == 2);
  CHECK(start.at(0) == 40);
  CHECK(start.at(1) == 30);  // the west's fill is its capacity

  // Who went in at t = 0: the severe group (the clinic's remit), at acuity 1 (its range); the
  // common group, also at acuity 1, is outside the remit and never chosen.
  const Table patients = table(run.sink, "patients", 2);
  std::map<std::pair<double, double>, double> group_of;
  for (const auto& row : patients.rows)
    group_of[{row[patients.column("region")], row[patients.column("person")]}] =
        row[patients.column("group")];
  const Table events = table(run.sink, "events", 2);
  std::vector<std::size_t> placed(2, 0);
  for (const auto& row : events.rows) {
    if (row[events.column("kind")] != double(models::kMove) ||
        row[events.column("to_level")] != clinic) {
      continue;
    }
    CHECK(row[events.column("t")] == 0);  // the policy sends nobody to the clinic
    CHECK(row[events.column("acuity")] == 1);
    const double region = row[events.column("region")];
    CHECK(group_of.at({region, row[events.column("person")]}) == 0);
    ++placed[static_cast<std::size_t>(region)];
  }
  CHECK(placed == std::vector<std::size_t>{40, 30});
}

TEST_CASE("steady start: coordinators take the filled people on where they are", "[care][steady]") {
  // Under the recovery policy, primary care (less restrictive than the clinic, and unlimited)
  // fits everyone at acuity 1: a coordinator deciding afresh at the start would
  // move every filled person out of the clinic at once. They are taken on where they are, and
  // reconsidered at their first review.
  std::ifstream in(kFill);
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  toml = toml.substr(0, toml.find("[policy]"));
  toml += "[policy]\nname = \"recovery\"\nreview_days = 60\n";
  Scenario s = models::load_scenario_text(toml, "fill_recovery.toml");
  for (auto& r : s.regions)
    r.coordinators = 10;
  const std::uint32_t clinic = level_index(s, "clinic");
  FilledRun run;
  run_checked(s, run);
  const auto start = occupied_at_start(table(run.sink, "occupancy", 2), clinic);
  REQUIRE(start.size() == 2);
  CHECK(start.at(0) == 40);
  CHECK(start.at(1) == 30);
  CHECK(run.result.summary.coordinated_days > 0);
}

TEST_CASE("steady start: with fewer people the level can take than the fill, all are placed",
          "[care][steady]") {
  Scenario s = models::load_scenario(kFill);
  const std::uint32_t clinic = level_index(s, "clinic");
  s.groups[0].initial_acuity = {0, 1, 0, 0, 0};  // every severe person fits: 200 and 100
  for (auto& r : s.regions) {
    r.capacity[clinic] = 500;
    r.initial_occupancy[clinic] = 500;
  }
  FilledRun run;
  run_checked(s, run);
  const auto start = occupied_at_start(table(run.sink, "occupancy", 2), clinic);
  REQUIRE(start.size() == 2);
  CHECK(start.at(0) == 200);
  CHECK(start.at(1) == 100);
}

TEST_CASE("steady start: the filled people's stays end spread over the first stay",
          "[care][steady]") {
  // Fixed stays of a year: someone already in the level at the start has a uniform share of
  // it left, so the first stay ends fall over (0, 365], not all at 365.
  const Scenario s = models::load_scenario(kFill);
  const std::uint32_t clinic = level_index(s, "clinic");
  FilledRun run;
  run_checked(s, run);
  const Table events = table(run.sink, "events", 2);
  std::vector<double> ends;
  for (const auto& row : events.rows) {
    if (row[events.column("kind")] == double(models::kMove) &&
        row[events.column("from_level")] == clinic) {
      ends.push_back(row[events.column("t")]);
    }
  }
  REQUIRE(ends.size() == 70);  // each filled person leaves once, at the end of their stay
  const auto [low, high] = std::minmax_element(ends.begin(), ends.end());
  CHECK(*low > 0);
  CHECK(*high <= 365);
  // 70 uniform draws: the extremes near the ends, the mean near the middle (sd about 12.6).
  CHECK(*low < 60);
  CHECK(*high > 305);
  double mean = 0;
  for (const double t : ends)
    mean += t / static_cast<double>(ends.size());
  CHECK(mean == Approx(182.5).margin(50));
  CHECK(std::set<double>(ends.begin(), ends.end()).size() == ends.size());
}

TEST_CASE("steady start: a filled run is the same for one and two threads", "[care][steady]") {
  const Scenario s = models::load_scenario(kFill);
  FilledRun one, two;
  run_checked(s, one, 1);
  run_checked(s, two, 2);
  CHECK(one.result.checksum == two.result.checksum);
  CHECK(one.result.events == two.result.events);
  CHECK(std::memcmp(&one.result.summary, &two.result.summary, sizeof(models::RunTotals)) == 0);
  // The same rows, bit for bit (NaN included, so not by ==).
  const auto& a = one.sink.all();
  const auto& b = two.sink.all();
  REQUIRE(a.size() == b.size());
  for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
    REQUIRE(i->first == j->first);
    REQUIRE(i->second.size() == j->second.size());
    CHECK(std::memcmp(i->second.data(), j->second.data(), i->second.size() * sizeof(double)) == 0);
  }
}

TEST_CASE("steady start: people the policy places at the start are part-way through their stays",
          "[care][steady]") {
  // A yearly level with no fill: the policy places the prevalent people in it, and those in
  // remission at the end of their stay leave it. Started afresh, every first stay ends on day
  // 365 exactly; part-way through, the first ends are spread over the first year.
  std::string text = with_fill("");
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace(R"(name = "primary_care"
kind = "primary_care"
capacity_unit = "unlimited"
length_of_stay = { distribution = "exponential", mean = 180 })",
          R"(name = "act"
kind = "act"
acuity = [1, 3]
length_of_stay = { distribution = "fixed", mean = 365 })");
  replace("capacity = { inpatient = 25 }", "capacity = { inpatient = 25, act = 5000 }");
  for (const bool mid_stay : {false, true}) {
    INFO("start_mid_stay " << mid_stay);
    Scenario s = models::load_scenario_text(text, "yearly.toml");
    s.horizon_days = 400;
    s.warmup_days = 0;
    s.trace = models::TraceLevel::transitions;
    s.start_mid_stay = mid_stay;
    const std::uint32_t act = level_index(s, "act");
    FilledRun run;
    run_checked(s, run);
    const Table events = table(run.sink, "events", 1);
    std::size_t on_day_365 = 0, before = 0;
    for (const auto& row : events.rows) {
      if (row[events.column("kind")] != double(models::kMove) ||
          row[events.column("from_level")] != act) {
        continue;
      }
      const double t = row[events.column("t")];
      on_day_365 += t == 365 ? 1 : 0;
      before += t < 365 ? 1 : 0;
    }
    if (mid_stay) {
      CHECK(on_day_365 == 0);
      CHECK(before > 20);
    } else {
      CHECK(on_day_365 > 20);
    }
  }
}
