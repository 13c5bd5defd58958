// Referrals between regions: a region without beds sends its people to the region its
// referral edge names, through messages that take the transfer time; the host holds a place per
// referred person and counts them in its occupancy. Checked: referred people are admitted (and
// only with the edge), the bookkeeping rules hold in both regions throughout, and the run is
// bit-identical under every scheduler and thread count, records included.
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "models/care_model.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/output/memory_sink.hpp"

using namespace retzef;

namespace {

std::string two_regions(bool with_referral) {
  std::string text = R"(
[scenario]
name = "referrals"
horizon_days = 700
warmup_days = 100
seed = 5
lookahead_days = 1.0
trace = "transitions"

[[groups]]
name = "smi"
prevalence = 0.01
incidence_per_1000 = 0.5
initial_acuity = [0.3, 0.4, 0.15, 0.1, 0.05]
onset_acuity = [0.0, 0.1, 0.3, 0.35, 0.25]
worsen_per_year = [0.2, 0.35, 0.4, 14.0]
improve_per_year = [1.0, 1.0, 1.5, 6.0]
crisis_per_year = [0.01, 0.02, 0.1, 0.0]
functioning_per_year = [0.06, 0.03, 0.0, -0.1, -0.3]
involuntary_share = 0.3
exit_per_year = 0.02

[[levels]]
name = "emergency_room"
kind = "emergency"
capacity_unit = "unlimited"
length_of_stay = { distribution = "fixed", mean = 0.3 }

[[levels]]
name = "inpatient"
kind = "inpatient"
capacity_unit = "beds"
acuity = [3, 4]
length_of_stay = { distribution = "lognormal", mean = 31, sd = 28 }
improve_factor = 5.0
worsen_factor = 0.2
crisis_factor = 0.2

[[levels]]
name = "clinic"
kind = "clinic"
capacity_unit = "caseload"
acuity = [1, 3]
length_of_stay = { distribution = "exponential", mean = 180 }

[[regions]]
name = "south"
population = 30000
capacity = { inpatient = 20, clinic = 150 }

[[regions]]
name = "north"
population = 20000
capacity = { clinic = 100 }

[policy]
name = "medical"
)";
  if (with_referral) {
    text += R"(
[[referrals]]
from = "north"
to = "south"
levels = ["inpatient"]
delay_days = 1.5
)";
  }
  return text;
}

struct Outcome {
  sim::RunResult<models::RunTotals> result;
  sim::MemorySink sink;
};

void run(const models::CareModel& model, sim::RunOptions options, Outcome& out) {
  options.end = model.scenario().horizon_days;
  options.seed = model.scenario().seed;
  options.sink = &out.sink;
  out.result = sim::simulate(model, options);
}

/// Bit-identical records. (Not ==: the patients table holds NaN for "never", and NaN != NaN.)
bool same_records(const sim::MemorySink& a, const sim::MemorySink& b) {
  if (a.all().size() != b.all().size()) return false;
  for (const auto& [key, values] : a.all()) {
    const auto it = b.all().find(key);
    if (it == b.all().end() || it->second.size() != values.size()) return false;
    if (std::memcmp(values.data(), it->second.data(), values.size() * sizeof(double)) != 0) {
      return false;
    }
  }
  return true;
}

/// Inpatient admissions of one region's people, from the events table.
std::size_t admissions_of(const sim::MemorySink& sink, std::uint32_t region) {
  const sim::TableId events = sink.table("events");
  const std::size_t columns = sink.tables()[events].columns.size();
  std::size_t n = 0;
  for (const auto& [key, values] : sink.all()) {
    if (key.first != events) continue;
    for (std::size_t row = 0; row + columns <= values.size(); row += columns) {
      // columns: t, region, person, kind, from_level, to_level, acuity
      if (values[row + 1] == region && values[row + 3] == double{models::kMove} &&
          values[row + 5] == 1) {
        ++n;
      }
    }
  }
  return n;
}

}  // namespace

TEST_CASE("a region without beds refers its people to the region its edge names", "[referral]") {
  models::CareModel with(models::load_scenario_text(two_regions(true), "referrals.toml"));
  models::CareModel without(models::load_scenario_text(two_regions(false), "referrals.toml"));
  with.check_invariants(true);
  without.check_invariants(true);
  Outcome a;
  Outcome b;
  REQUIRE_NOTHROW(run(with, sim::RunOptions{}, a));
  REQUIRE_NOTHROW(run(without, sim::RunOptions{}, b));
  const std::size_t north_referred = admissions_of(a.sink, 1);
  const std::size_t north_alone = admissions_of(b.sink, 1);
  INFO("north admissions with the referral " << north_referred << ", without " << north_alone);
  CHECK(north_referred > 10);
  CHECK(north_alone == 0);
  CHECK(admissions_of(a.sink, 0) > 10);
  // The hospital's beds (20, no overflow) are shared: never more than 20 in them.
  CHECK(a.result.summary.peak_occupied[1] <= 20);
}

TEST_CASE("referral messages give the same run under every scheduler",
          "[referral][determinism][threads]") {
  const models::CareModel model(models::load_scenario_text(two_regions(true), "referrals.toml"));
  Outcome reference;
  run(model, sim::RunOptions{}, reference);
  REQUIRE(reference.result.events > 3'000);
  for (const int threads : {1, 2, 4}) {
    sim::RunOptions options;
    options.scheduler = sim::Scheduler::threads;
    options.threads = threads;
    Outcome other;
    run(model, options, other);
    INFO("threads " << threads);
    CHECK(other.result.checksum == reference.result.checksum);
    CHECK(other.result.events == reference.result.events);
    CHECK(std::memcmp(&other.result.summary, &reference.result.summary,
                      sizeof(models::RunTotals)) == 0);
    CHECK(same_records(other.sink, reference.sink));
  }
}
