// Out-of-hours crises under the recovery policy (`out_of_hours_share`): a coordinated person's
// crisis at home, or in a level that cannot treat it, reaches the emergency room with that
// probability, as anyone's would; the rest are placed by the coordinator, and a crisis in a
// level that treats it is met there. On a region where everyone is coordinated throughout,
// with share 0 nobody passes through the ER; with share 1 every such crisis does.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "models/care_model.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/output/memory_sink.hpp"

using namespace retzef;
using models::Scenario;

namespace {

struct Moves {
  std::uint64_t er_entries = 0;    ///< from the run's totals
  std::uint64_t ward_entries = 0;  ///< crises the ward met
  std::uint64_t home_to_er = 0;    ///< from the events table
  std::uint64_t clinic_to_er = 0;
  std::uint64_t ward_to_er = 0;
  double waited_for_coordinator = 0;
};

Moves run(double share) {
  Scenario s = models::load_scenario(std::string(RETZEF_TEST_SCENARIOS) + "/out_of_hours.toml");
  s.policy.params.at("out_of_hours_share") = share;
  const models::CareModel model(s);
  sim::MemorySink sink;
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  o.sink = &sink;
  const auto r = sim::simulate(model, o);
  Moves m;
  m.er_entries = r.summary.entries[0];
  m.ward_entries = r.summary.entries[1];
  m.waited_for_coordinator = r.summary.coordinator_wait_days;
  const sim::TableId events = sink.table("events");
  const std::size_t width = sink.tables()[events].columns.size();
  const auto& v = sink.values(events, 0);
  // Columns: t, region, person, kind, from_level, to_level, acuity.
  for (std::size_t i = 0; i < v.size(); i += width) {
    if (v[i + 3] != double(models::kMove) || v[i + 5] != 0) continue;
    const double from = v[i + 4];
    if (from < 0) ++m.home_to_er;
    if (from == 2) ++m.clinic_to_er;
    if (from == 1) ++m.ward_to_er;
  }
  return m;
}

}  // namespace

TEST_CASE("recovery: coordinated people's crises reach the ER only out of hours",
          "[care][policy]") {
  const Moves never = run(0);
  const Moves always = run(1);
  // Everyone was coordinated from the start: nobody's crisis reached the ER as a stranger's.
  CHECK(never.waited_for_coordinator == 0);
  CHECK(always.waited_for_coordinator == 0);
  // Share 0: the coordinator places every crisis (in the ward); nobody passes through the ER.
  CHECK(never.ward_entries > 0);
  CHECK(never.er_entries == 0);
  CHECK(never.home_to_er == 0);
  CHECK(never.clinic_to_er == 0);
  // Share 1: crises at home and in the clinic (which cannot treat them) go to the ER; those
  // in the ward are met there.
  CHECK(always.er_entries > 10);
  CHECK(always.home_to_er > 0);
  CHECK(always.clinic_to_er > 0);
  CHECK(always.ward_to_er == 0);
  CHECK(always.er_entries == always.home_to_er + always.clinic_to_er);
}
