// The care model as a whole, on the default scenarios: the bookkeeping rules hold through long
// runs of every design (and of several regions referring to each other); nobody is created or
// lost without being counted, and per-person records add up to the run's totals; a run is a
// pure function of its seed, bit for bit, under every scheduler and thread count; and the
// designs differ in the directions they are built to (a sanity check on the model's wiring,
// not a calibration test: the numbers themselves belong to docs/parameters.md).
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/care_model.hpp"
#include "models/indicators.hpp"
#include "models/invariants.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/replications.hpp"
#include "sim/output/memory_sink.hpp"
#include "sim/stats/confidence.hpp"
#include "tests/support/builtin_scenario_path.hpp"
#include "tests/support/recorded_table.hpp"
#include "tests/support/scaled_region.hpp"

using namespace retzef;
using models::RunTotals;
using models::Scenario;

namespace {

using testing::scale_region;

/// A default design on a small region, for runs that must be quick.
Scenario small_design(const std::string& name, std::uint64_t population, double horizon_days) {
  Scenario s = models::load_scenario(testing::builtin_scenario_path(name));
  scale_region(s.regions[0], s, population);
  s.horizon_days = horizon_days;
  // A third of a short run as warm-up (the defaults' warm-up is sized for their own horizon).
  s.warmup_days = std::min(s.warmup_days, horizon_days / 3);
  return s;
}

std::uint32_t level_index(const Scenario& s, const std::string& name) {
  for (std::uint32_t i = 0; i < s.levels.size(); ++i) {
    if (s.levels[i].name == name) return i;
  }
  FAIL("no level " << name);
  return models::kNoLevel;
}

/// Three regions of the recovery design, of different sizes: the north has no beds and sends
/// admissions to the centre, which also takes the south's balancing-house referrals.
Scenario three_regions(std::uint64_t scale) {
  Scenario s = models::load_scenario(testing::builtin_scenario_path("recovery"));
  const models::RegionSpec base = s.regions[0];
  s.regions.clear();
  const std::pair<const char*, std::uint64_t> regions[] = {
      {"north", 4 * scale}, {"centre", 8 * scale}, {"south", 3 * scale}};
  for (const auto& [name, population] : regions) {
    models::RegionSpec r = base;
    r.name = name;
    scale_region(r, s, population);
    s.regions.push_back(r);
  }
  const std::uint32_t inpatient = level_index(s, "inpatient");
  const std::uint32_t house = level_index(s, "balancing_house");
  s.regions[0].capacity[inpatient] = 0;
  s.regions[2].capacity[house] = 0;
  s.regions[1].capacity[inpatient] += 2;  // room for the north's patients
  s.regions[1].capacity[house] += 2;      // and for the south's
  s.referrals.push_back({0, 1, {inpatient}, 1.0});
  s.referrals.push_back({2, 1, {house}, 2.5});
  return s;
}

sim::RunOptions options_for(const Scenario& s) {
  sim::RunOptions o;
  o.end = s.horizon_days;
  o.seed = s.seed;
  return o;
}

template <class T>
bool same_bytes(const T& a, const T& b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

/// Two sinks hold the same rows, bit for bit (NaN included, so not by ==).
bool same_records(const sim::MemorySink& a, const sim::MemorySink& b) {
  if (a.all().size() != b.all().size()) return false;
  auto i = a.all().begin();
  for (auto j = b.all().begin(); j != b.all().end(); ++i, ++j) {
    if (i->first != j->first || i->second.size() != j->second.size()) return false;
    if (std::memcmp(i->second.data(), j->second.data(), i->second.size() * sizeof(double)) != 0) {
      return false;
    }
  }
  return true;
}

/// The values of one run's indicators, by name.
using NamedValues = std::vector<std::pair<std::string, double>>;

NamedValues named_indicators(const models::RunTotals& totals, const Scenario& s) {
  const auto catalogue = models::indicator_catalogue(s);
  const auto values = models::indicators(totals, s, catalogue);
  NamedValues out;
  for (std::size_t i = 0; i < catalogue.size(); ++i)
    out.emplace_back(catalogue[i].name, values[i]);
  return out;
}

double indicator(const NamedValues& all, const std::string& name) {
  for (const auto& [n, value] : all) {
    if (n == name) return value;
  }
  FAIL("no indicator " << name);
  return NAN;
}

using Table = testing::RecordedTable;

Table table(const sim::MemorySink& sink, const std::string& name, std::uint32_t lps) {
  return testing::recorded_table(sink, name, lps);
}

}  // namespace

TEST_CASE("care model: the invariant checker reports a broken state", "[care]") {
  // The long runs below only mean something if the checker can see a breach.
  const Scenario s = small_design("medical", 1000, 365);
  models::RegionState st;
  st.levels[1].open(1, 1, models::kUnlimited, 0);
  CHECK(models::invariant_violations(s, st).empty());
  st.levels[1].occupy(0);  // counted, but nobody is there
  CHECK_FALSE(models::invariant_violations(s, st).empty());
  models::Person p;
  p.active = true;
  p.level = 1;
  p.waiting_for = 1;  // waits for where they are
  p.wait_mode = models::WaitMode::in_place;
  st.people.push_back(p);
  st.levels[1].join_in_place(models::Ticket{}, 0);
  st.levels[1].hold(0);  // waiting in place in a level, as join() counts it
  st.active.start(0, 1);
  const auto broken = models::invariant_violations(s, st);
  INFO(Catch::Detail::stringify(broken));
  CHECK(broken.size() == 1);
}

namespace {

/// Runs the default design `name` over its full eleven years with every bookkeeping rule
/// checked: on a small region, after every event, whose tight capacities fill every waiting
/// line and blocking path (three replications); and on the default region, after every
/// 1,024th event, which mixes every group and the coordinators' queue at full scale.
void check_invariants_of(const std::string& name) {
  const Scenario defaults = models::load_scenario(testing::builtin_scenario_path(name));
  const std::uint64_t full = defaults.regions[0].population;
  for (const std::uint64_t population : {std::uint64_t{5'000}, full}) {
    INFO(name << ", population " << population);
    const Scenario s = small_design(name, population, defaults.horizon_days);
    models::CareModel model(s);
    model.check_invariants(true);
    const std::uint32_t replications = population == full ? 1 : 3;
    std::vector<sim::RunResult<RunTotals>> runs;
    REQUIRE_NOTHROW(runs = sim::run_replications(model, options_for(s), 0, replications, 2));
    for (const auto& r : runs) {
      // The run did what the design does: people came, were admitted and discharged.
      CHECK(r.summary.onsets > 0);
      CHECK(r.summary.exits > 0);
      CHECK(r.summary.admissions > 0);
      CHECK(r.summary.discharges > 0);
      if (name != "medical") CHECK(r.summary.coordinated_days > 0);
    }
  }
}

}  // namespace

TEST_CASE("care model: the medical design keeps its invariants over a long run", "[care]") {
  check_invariants_of("medical");
}

TEST_CASE("care model: the recovery design keeps its invariants over a long run", "[care]") {
  check_invariants_of("recovery");
}

TEST_CASE("care model: the cost_target design keeps its invariants over a long run", "[care]") {
  check_invariants_of("cost_target");
}

TEST_CASE("care model: several regions with referrals keep their invariants", "[care][threads]") {
  Scenario s = three_regions(2'000);
  s.horizon_days = 3 * 365;
  s.warmup_days = 365;
  models::CareModel model(s);
  model.check_invariants(true);
  sim::RunOptions o = options_for(s);
  o.scheduler = sim::Scheduler::threads;
  o.threads = 2;
  sim::RunResult<RunTotals> r;
  REQUIRE_NOTHROW(r = sim::simulate(model, o));
  CHECK(r.summary.admissions > 0);
  CHECK(r.summary.population == 30'000);
}

namespace {

/// Narrows `level`'s remit to `groups` (by name).
void restrict_remit(Scenario& s, const std::string& level, const std::vector<std::string>& groups) {
  for (auto& l : s.levels) {
    if (l.name != level) continue;
    l.serves_groups = 0;
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
      if (std::find(groups.begin(), groups.end(), s.groups[g].name) != groups.end()) {
        l.serves_groups |= static_cast<models::GroupSet>(1u << g);
      }
    }
    return;
  }
  FAIL("no level " << level);
}

/// The services' remits as the issue describes them: ACT, the rehabilitation basket and the
/// balancing house for the severe groups (the basket with PTSD); and, for the age bands, day
/// care for the young alone.
Scenario with_remits(const std::string& name, std::uint64_t population, double horizon_days) {
  Scenario s = small_design(name, population, horizon_days);
  const std::vector<std::string> severe{"smi", "first_episode", "dual_diagnosis"};
  restrict_remit(s, "act", severe);
  restrict_remit(s, "balancing_house", severe);
  restrict_remit(s, "rehabilitation", {"smi", "first_episode", "dual_diagnosis", "ptsd"});
  for (auto& l : s.levels) {
    if (l.name == "day_care") l.serves_age_bands = 0b011;
  }
  return s;
}

}  // namespace

TEST_CASE("care model: the invariant checker reports someone outside a level's remit", "[care]") {
  Scenario s = small_design("recovery", 1000, 365);
  restrict_remit(s, "act", {"smi"});
  std::uint32_t act = 0;
  while (s.levels[act].name != "act")
    ++act;
  models::RegionState st;
  st.levels[act].open(2, 2, models::kUnlimited, 0);
  models::Person p;
  p.active = true;
  p.level = act;
  p.group = 0;  // smi: in the remit
  st.people.push_back(p);
  st.levels[act].occupy(0);
  st.active.start(0, 1);
  CHECK(models::invariant_violations(s, st).empty());
  st.people[0].group = 1;  // non_severe: outside it
  const auto broken = models::invariant_violations(s, st);
  INFO(Catch::Detail::stringify(broken));
  REQUIRE(broken.size() == 1);
  CHECK(broken[0].find("does not serve their group") != std::string::npos);
}

TEST_CASE("care model: nobody is ever in a level outside its remit", "[care]") {
  for (const std::string name : {"medical", "recovery", "cost_target"}) {
    INFO(name);
    const Scenario s = with_remits(name, 5'000, 3 * 365);
    models::CareModel model(s);
    model.check_invariants(true);  // the remit is one of the rules checked after every event
    std::vector<sim::RunResult<RunTotals>> runs;
    REQUIRE_NOTHROW(runs = sim::run_replications(model, options_for(s), 0, 2, 2));
    for (const auto& r : runs) {
      CHECK(r.summary.admissions > 0);
      CHECK(r.summary.discharges > 0);
    }
    // The remits change who goes where (a run with them is not the run without); the medical
    // design, which offers neither ACT nor balancing houses, sends too few of a small region's
    // people to the basket for a short run to show it.
    if (name == "medical") continue;
    const Scenario plain = small_design(name, 5'000, 3 * 365);
    CHECK(sim::simulate(models::CareModel(plain), options_for(plain)).checksum != runs[0].checksum);
  }
}

TEST_CASE("care model: a remit of every group and age band is the run without one", "[care]") {
  Scenario plain = small_design("recovery", 5'000, 3 * 365);
  for (auto& l : plain.levels) {  // the defaults narrow some remits: open them all
    l.serves_groups = models::kAllGroups;
    l.serves_age_bands = models::kAllAgeBands;
  }
  Scenario every = plain;
  for (auto& l : every.levels) {
    l.serves_groups = static_cast<models::GroupSet>((1u << every.groups.size()) - 1);
    l.serves_age_bands = (models::AgeBandSet{1} << every.age_bands.size()) - 1;
  }
  const auto a = sim::simulate(models::CareModel(plain), options_for(plain));
  const auto b = sim::simulate(models::CareModel(every), options_for(every));
  CHECK(a.checksum == b.checksum);
  CHECK(a.events == b.events);
  CHECK(same_bytes(a.summary, b.summary));
}

TEST_CASE("care model: people are conserved and records add up to the totals", "[care]") {
  std::vector<std::pair<std::string, Scenario>> designs;
  for (const std::string name : {"medical", "recovery", "cost_target"})
    designs.emplace_back(name, small_design(name, 20'000, 3 * 365));
  designs.emplace_back("three regions", three_regions(6'000));
  designs.back().second.horizon_days = 3 * 365;
  for (auto& [name, s] : designs) {
    INFO(name);
    // No warm-up: everyone present at the start is known from the scenario alone.
    s.warmup_days = 0;
    s.trace = models::TraceLevel::transitions;
    std::uint64_t prevalent = 0;
    for (const auto& r : s.regions) {
      for (const auto& g : s.groups)
        prevalent += static_cast<std::uint64_t>(std::llround(double(r.population) * g.prevalence));
    }
    const auto lps = static_cast<std::uint32_t>(s.regions.size());
    const models::CareModel model(s);
    sim::MemorySink sink;
    sim::RunOptions o = options_for(s);
    o.sink = &sink;
    const RunTotals t = sim::simulate(model, o).summary;
    const Table patients = table(sink, "patients", lps);
    REQUIRE(t.onsets > 1'000);
    REQUIRE(t.exits > 1'000);

    // One row per person ever present, present at the end or gone.
    std::set<std::pair<double, double>> ids;
    std::uint64_t exited = 0, present = 0;
    double person_days = 0;
    std::vector<double> level_days(s.levels.size(), 0);
    for (const auto& row : patients.rows) {
      ids.emplace(row[patients.column("region")], row[patients.column("person")]);
      const bool gone = row[patients.column("exited")] == 1;
      exited += gone;
      present += !gone;
      if (!gone) CHECK(row[patients.column("end")] == s.horizon_days);
      person_days += row[patients.column("end")] - row[patients.column("onset")];
      for (std::size_t l = 0; l < s.levels.size(); ++l)
        level_days[l] += row[patients.column("days_" + s.levels[l].name)];
    }
    CHECK(ids.size() == patients.rows.size());
    CHECK(exited == t.exits);
    if (s.regions.size() > 1) {
      // The north has no beds and the south no balancing house: their people were referred.
      const auto referred_stays = [&](double region, const std::string& level) {
        return std::count_if(patients.rows.begin(), patients.rows.end(), [&](const auto& row) {
          return row[patients.column("region")] == region &&
                 row[patients.column("days_" + level)] > 0;
        });
      };
      CHECK(referred_stays(0, "inpatient") > 0);
      CHECK(referred_stays(2, "balancing_house") > 0);
    }
    // Onsets + people present at the start = people present at the end + exits.
    CHECK(prevalent + t.onsets == present + t.exits);
    // The time-weighted totals are the sums of what each person lived through (a referred
    // level's host also holds the place while the person travels, so only local levels).
    CHECK(person_days == Approx(t.person_days).epsilon(1e-9));
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      const bool referred = std::any_of(s.referrals.begin(), s.referrals.end(), [&](const auto& r) {
        return std::find(r.levels.begin(), r.levels.end(), l) != r.levels.end();
      });
      if (referred) continue;
      INFO(s.levels[l].name);
      CHECK(level_days[l] == Approx(t.level_days[l]).epsilon(1e-4).margin(1e-3));
    }
    // Every entry to a level is a recorded move into it.
    const Table events = table(sink, "events", lps);
    std::vector<std::uint64_t> moves_in(s.levels.size(), 0);
    for (const auto& row : events.rows) {
      if (row[events.column("kind")] != double(models::kMove)) continue;
      const double to = row[events.column("to_level")];
      if (to >= 0) ++moves_in[static_cast<std::size_t>(to)];
    }
    for (std::size_t l = 0; l < s.levels.size(); ++l) {
      INFO(s.levels[l].name);
      CHECK(moves_in[l] == t.entries[l]);
    }
    // The daily table: every whole day of every region; its new cases are the onsets, group by
    // group, and its coordinators' line sampled each morning adds up to the line's days.
    const Table daily = table(sink, "daily", lps);
    REQUIRE(daily.rows.size() == lps * static_cast<std::size_t>(s.horizon_days));
    std::vector<double> new_cases(s.groups.size(), 0), onsets(s.groups.size(), 0);
    double waiting_days = 0;
    for (const auto& row : daily.rows) {
      CHECK(row[daily.column("t")] == std::floor(row[daily.column("t")]));
      waiting_days += row[daily.column("coordinator_waiting")];
      for (std::size_t g = 0; g < s.groups.size(); ++g)
        new_cases[g] += row[daily.column("new_cases_" + s.groups[g].name)];
    }
    for (const auto& row : patients.rows) {
      if (row[patients.column("onset")] > 0) ++onsets[std::size_t(row[patients.column("group")])];
    }
    CHECK(new_cases == onsets);
    CHECK(std::accumulate(new_cases.begin(), new_cases.end(), 0.0) == double(t.onsets));
    CHECK(waiting_days == Approx(t.coordinator_wait_days).epsilon(0.1).margin(s.horizon_days));
    // The moves by condition group add up to the moves.
    for (std::size_t from = 0; from <= s.levels.size(); ++from) {
      for (std::size_t to = 0; to <= s.levels.size(); ++to) {
        std::uint64_t by_group = 0;
        for (std::size_t g = 0; g < s.groups.size(); ++g)
          by_group += t.groups[g].moves[from][to];
        CHECK(by_group == t.moves[from][to]);
      }
    }
  }
}

TEST_CASE("care model: the same seed gives the same run, another seed another", "[care]") {
  const Scenario s = small_design("recovery", 20'000, 3 * 365);
  const models::CareModel model(s);
  const auto o = options_for(s);
  const auto a = sim::simulate(model, o);
  const auto b = sim::simulate(model, o);
  REQUIRE(a.events > 10'000);
  CHECK(a.checksum == b.checksum);
  CHECK(a.events == b.events);
  CHECK(same_bytes(a.summary, b.summary));

  sim::RunOptions other = o;
  other.seed = o.seed + 1;
  const auto c = sim::simulate(model, other);
  CHECK(c.checksum != a.checksum);
  CHECK_FALSE(same_bytes(c.summary, a.summary));
  sim::RunOptions next = o;
  next.replication = 1;
  CHECK(sim::simulate(model, next).checksum != a.checksum);
}

TEST_CASE("care model: identical results under every scheduler and thread count",
          "[care][threads]") {
  Scenario s = three_regions(3'000);
  s.horizon_days = 3 * 365;
  s.warmup_days = 180;
  s.trace = models::TraceLevel::transitions;
  const models::CareModel model(s);
  sim::MemorySink ref_sink;
  sim::RunOptions o = options_for(s);
  o.sink = &ref_sink;
  const auto ref = sim::simulate(model, o);
  REQUIRE(ref.events > 10'000);
  REQUIRE(ref_sink.rows(ref_sink.table("events")) > 1'000);
  for (const int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    sim::MemorySink sink;
    sim::RunOptions w = options_for(s);
    w.scheduler = sim::Scheduler::threads;
    w.threads = threads;
    w.sink = &sink;
    const auto r = sim::simulate(model, w);
    CHECK(r.windows > 100);
    CHECK(r.checksum == ref.checksum);
    CHECK(r.events == ref.events);
    CHECK(same_bytes(r.summary, ref.summary));
    CHECK(same_records(sink, ref_sink));
  }
}

TEST_CASE("care model: the designs differ in the directions they are built to", "[care]") {
  // The default region, three years with one of warm-up, four replications of each design,
  // paired by replication (common random numbers).
  constexpr std::uint32_t kReplications = 4;
  const auto run = [&](const std::string& name) {
    Scenario s = models::load_scenario(testing::builtin_scenario_path(name));
    s.horizon_days = 3 * 365;
    s.warmup_days = 365;
    const models::CareModel model(s);
    std::vector<NamedValues> out;
    for (const auto& r : sim::run_replications(model, options_for(s), 0, kReplications, 2))
      out.push_back(named_indicators(r.summary, s));
    return out;
  };
  const auto medical = run("medical");
  const auto recovery = run("recovery");
  const auto cost_target = run("cost_target");
  const auto values = [](const auto& runs, const std::string& name) {
    std::vector<double> v;
    for (const auto& r : runs)
      v.push_back(indicator(r, name));
    return v;
  };
  // The paired difference a − b and its 95% interval.
  const auto difference = [&](const auto& a, const auto& b, const std::string& name) {
    return sim::paired_difference(values(a, name), values(b, name));
  };
  const auto beds = difference(recovery, medical, "bed_days_per_1000");
  const auto admissions = difference(recovery, medical, "admissions_per_1000");
  const auto community = difference(recovery, medical, "community_share");
  const auto first_care = difference(recovery, medical, "wait_first_care");
  const auto readmission = difference(cost_target, recovery, "readmission_90");
  const auto functioning = difference(cost_target, recovery, "functioning_gain");
  const auto show = [](const sim::ConfidenceInterval& ci) {
    return std::to_string(ci.mean) + " [" + std::to_string(ci.lower) + ", " +
           std::to_string(ci.upper) + "]";
  };
  INFO("recovery - medical: bed days per 1,000 "
       << show(beds) << ", admissions per 1,000 " << show(admissions) << ", community share "
       << show(community) << ", wait for first care " << show(first_care));
  INFO("cost_target - recovery: 90-day readmission " << show(readmission) << ", functioning gain "
                                                     << show(functioning));
  // Recovery against medical: fewer beds used, fewer admissions, more care in the community,
  // first care sooner.
  CHECK(beds.upper < 0);
  CHECK(admissions.upper < 0);
  CHECK(community.lower > 0);
  CHECK(first_care.upper < 0);
  // Cost targets against recovery: people discharged early relapse and come back. (The design
  // could show it as lost functioning instead; the model shows it as readmissions, by a wide
  // margin, so that is what is held to.)
  CHECK(readmission.lower > 0);
}

TEST_CASE("care model: a surge restricted to some regions raises incidence only there", "[care]") {
  // Two equal regions of the medical design; on top of the design's national doubling of PTSD
  // incidence, a further fourfold surge in the second region alone.
  Scenario s = small_design("medical", 20'000, 2 * 365);
  s.warmup_days = 0;
  s.trace = models::TraceLevel::transitions;
  s.regions.push_back(s.regions[0]);
  s.regions[1].name = "border";
  std::uint32_t ptsd = 0;
  while (s.groups[ptsd].name != "ptsd")
    ++ptsd;
  models::SurgeSpec border;
  border.groups = {ptsd};
  border.points = {{{0, 4.0}}};
  border.regions = {1};
  s.surges.push_back(border);
  REQUIRE(s.surges[0].applies_in(1));
  REQUIRE_FALSE(s.surges[1].applies_in(0));
  const models::CareModel model(s);
  sim::MemorySink sink;
  sim::RunOptions o = options_for(s);
  o.sink = &sink;
  sim::simulate(model, o);
  const Table patients = table(sink, "patients", 2);
  std::array<double, 2> new_cases{};
  for (const auto& row : patients.rows) {
    if (row[patients.column("onset")] > 0 && row[patients.column("group")] == ptsd) {
      new_cases[static_cast<std::size_t>(row[patients.column("region")])] += 1;
    }
  }
  // ~80 a year in the first region (2 per 1,000, doubled), four times that in the second:
  // the ratio within the noise of a few hundred Poisson counts.
  INFO("new PTSD cases: " << new_cases[0] << " and " << new_cases[1]);
  REQUIRE(new_cases[0] > 100);
  CHECK(new_cases[1] / new_cases[0] > 3.2);
  CHECK(new_cases[1] / new_cases[0] < 5.0);
}
