// The built-in designs' results, pinned. Work on speed must change no result: the same draws in
// the same order, the same indicators to the last bit. This test holds each catchment design's
// indicators, on a short run of a smaller region, to a fingerprint of their bits, so that a
// change meant to be only faster and that moves any of them fails here, not in a reviewer's
// comparison by hand. The event count and the event-order checksum are deliberately not pinned:
// an event that does nothing may be spared (docs/kernel.md, "Redraws held back in the handler").
// A change to the model itself changes the fingerprints on purpose; the failure prints the new
// ones to put below, and the commit says why the results moved.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "models/care_model.hpp"
#include "models/indicators.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/simulate.hpp"
#include "tests/support/builtin_scenario_path.hpp"
#include "tests/support/scaled_region.hpp"

using namespace retzef;

namespace {

/// FNV-1a over the bits of every value, in the catalogue's order: equal only if every indicator
/// is bitwise equal (NaN included, which == would miss).
std::uint64_t fingerprint(const std::vector<double>& values) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const double v : values) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int byte = 0; byte < 8; ++byte) {
      h ^= (bits >> (8 * byte)) & 0xff;
      h *= 0x100000001b3ULL;
    }
  }
  return h;
}

/// The design on a region of `population` for three years, one of them warm-up (0.05-0.2 M
/// events each; the designs' own capacities scaled with the population).
std::vector<double> short_run_indicators(const std::string& design, std::uint64_t population) {
  models::Scenario s = models::load_scenario(testing::builtin_scenario_path(design));
  testing::scale_region(s.regions.at(0), s, population);
  s.horizon_days = 1095;
  s.warmup_days = 365;
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  models::CareModel model(s);
  model.check_invariants(false);  // other tests check them; a debug build stays quick here
  const auto run = sim::simulate(model, o);
  INFO(design << ": " << run.events << " events");
  REQUIRE(run.events > 40'000);
  return models::indicators(run.summary, s);
}

}  // namespace

TEST_CASE("care model: the built-in designs' results are pinned", "[care]") {
  struct Pin {
    const char* design;
    std::uint64_t population;
    std::uint64_t fingerprint;
  };
  const Pin pins[] = {
      // The three moved when a ward readmission came to count only against a discharge the
      // share's denominator holds (models/care_moves.cpp); recovery's before that, when contacts
      // that change nothing came to be counted from the region's rates (idle_contacts.hpp).
      {"medical", 100'000, 0x8414b924c41c848bULL},
      {"recovery", 100'000, 0x008441d3526dec38ULL},
      {"cost_target", 100'000, 0xe4fdf75b5b538df8ULL},
      {"families", 1'000'000,
       0x576a9e71197434e3ULL},  // its own region: a programme for few families
  };
  for (const Pin& pin : pins) {
    const std::uint64_t now = fingerprint(short_run_indicators(pin.design, pin.population));
    INFO(pin.design << ": fingerprint 0x" << std::hex << now << "; a change meant only to be "
                    << "faster must not move it, a change to the model puts the new one here");
    CHECK(now == pin.fingerprint);
  }
}
