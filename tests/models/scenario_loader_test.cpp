// The scenario loader: the good fixtures in tests/models/scenarios load into the Scenario they
// describe, names resolved and defaults filled in; every bad fixture is refused, and each
// problem names the file, the line and column, and the key path the author has to fix.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "models/policy.hpp"
#include "models/policy_registry.hpp"
#include "models/scenario_file/pathway_traps.hpp"
#include "models/scenario_loader.hpp"

using namespace retzef::models;

namespace {

const std::string kScenarios = RETZEF_TEST_SCENARIOS;

std::string bad_file(const std::string& name) {
  return kScenarios + "/bad/" + name + ".toml";
}

std::vector<std::string> problems_of_file(const std::string& file) {
  try {
    load_scenario(file);
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  FAIL(file << " loaded without a problem");
  return {};
}

std::vector<std::string> problems_of_text(const std::string& text) {
  try {
    load_scenario_text(text, "text.toml");
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  FAIL("the text loaded without a problem");
  return {};
}

// The bad fixture `name` has exactly one problem, at `line_col` and `key_path`, saying `what`.
void check_only_problem(const std::string& name, const std::string& line_col,
                        const std::string& key_path, const std::string& what) {
  const auto problems = problems_of_file(bad_file(name));
  INFO(name << ":\n" << Catch::Detail::stringify(problems));
  REQUIRE(problems.size() == 1);
  const std::string prefix = bad_file(name) + ":" + line_col + ": " + key_path + ": ";
  CHECK(problems[0].rfind(prefix, 0) == 0);
  CHECK(problems[0].find(what) != std::string::npos);
}

std::size_t level_index(const Scenario& s, const std::string& name) {
  for (std::size_t i = 0; i < s.levels.size(); ++i) {
    if (s.levels[i].name == name) return i;
  }
  FAIL("no level " << name);
  return 0;
}

}  // namespace

TEST_CASE("scenario file: a complete care scenario loads with names resolved", "[scenario]") {
  const Scenario s = load_scenario(kScenarios + "/valid_care.toml");
  CHECK(s.name == "valid-care");
  CHECK(s.source_path == kScenarios + "/valid_care.toml");
  CHECK(s.source_text.find("[[referrals]]") != std::string::npos);
  CHECK(s.horizon_days == 3650);
  CHECK(s.warmup_days == 365);
  CHECK(s.seed == 7);
  CHECK(s.replications == 5);
  CHECK(s.trace == TraceLevel::summary);
  CHECK(s.waiting_worsen_factor == 1.5);
  REQUIRE(s.payers.size() == 3);
  REQUIRE(s.groups.size() == 3);
  REQUIRE(s.levels.size() == 5);
  REQUIRE(s.regions.size() == 2);

  const GroupSpec& smi = s.groups[0];
  CHECK(smi.name == "smi");
  CHECK(smi.initial_acuity[4] == 0.05);
  CHECK(smi.functioning_per_year[4] == -0.3);
  CHECK(smi.entry_mix == std::vector<double>{0.3, 0.3, 0.1, 0.1, 0.2});
  // Unwritten mixes are uniform over the scenario's lists.
  CHECK(s.groups[1].age_mix == std::vector<double>(4, 0.25));
  CHECK(s.groups[1].entry_mix == std::vector<double>(5, 0.2));
  CHECK(s.groups[1].family_support == 0.5);

  const auto inpatient = level_index(s, "inpatient");
  const auto clinic = level_index(s, "clinic");
  const auto primary = level_index(s, "primary_care");
  const LevelSpec& ward = s.levels[inpatient];
  CHECK(ward.kind == LevelKind::inpatient);
  CHECK(ward.capacity_unit == CapacityUnit::beds);
  CHECK(ward.restrictiveness == 7);  // the default for an inpatient level
  CHECK(ward.acuity == std::array<std::uint8_t, 2>{3, 4});
  CHECK(ward.length_of_stay.kind == DurationSpec::Kind::lognormal);
  CHECK(ward.length_of_stay.mean == 37);
  CHECK(ward.length_of_stay.sd == 30);
  CHECK(ward.payer == 1);  // ministry_of_health
  CHECK(ward.queue_limit == kUnlimited);
  CHECK(ward.staff.per_place[1] == 0.8);  // nurses, the second profession
  CHECK(s.levels[clinic].length_of_stay.kind == DurationSpec::Kind::empirical);
  CHECK(s.levels[clinic].length_of_stay.cumulative.back() == 1);
  CHECK(s.levels[clinic].payer == 0);
  CHECK(s.levels[level_index(s, "day_care")].queue_limit == 20);

  CHECK(s.regions[0].capacity[inpatient] == 125);
  CHECK(s.regions[1].capacity[level_index(s, "day_care")] == 0);  // not written: none
  CHECK(s.regions[0].capacity[primary] == kUnlimited);            // unit "unlimited"
  CHECK(s.regions[1].incidence_factor == 1.2);

  REQUIRE(s.referrals.size() == 1);
  CHECK(s.referrals[0].from == 0);
  CHECK(s.referrals[0].to == 1);
  CHECK(s.referrals[0].levels == std::vector<std::uint32_t>{static_cast<std::uint32_t>(inpatient)});
  REQUIRE(s.surges.size() == 1);
  CHECK(s.surges[0].groups == std::vector<std::uint32_t>{1});
  CHECK(s.surges[0].points.size() == 3);
}

TEST_CASE("scenario file: policy parameters are complete, defaults filled in", "[scenario]") {
  const Scenario s = load_scenario(kScenarios + "/valid_care.toml");
  CHECK(s.policy.name == "recovery");
  const PolicyInfo* info = find_policy("recovery");
  REQUIRE(info != nullptr);
  CHECK(s.policy.params.size() == info->params.size());
  for (const auto& p : info->params) {
    REQUIRE(s.policy.params.count(p.name) == 1);
    if (p.name == "review_days") {
      CHECK(s.policy.params.at(p.name) == 60);
    } else if (p.name == "caseload") {
      CHECK(s.policy.params.at(p.name) == 25);
    } else {
      CHECK(s.policy.params.at(p.name) == p.default_value);
    }
  }
}

TEST_CASE("scenario file: a pathway tandem with a finite second buffer loads", "[scenario]") {
  const Scenario s = load_scenario(kScenarios + "/valid_pathway.toml");
  CHECK(s.policy.name == "pathway");
  CHECK(s.policy.params.empty());
  CHECK(s.groups.empty());
  REQUIRE(s.levels.size() == 2);
  CHECK(s.levels[1].queue_limit == 5);
  CHECK(s.pathway.block_after_service);
  REQUIRE(s.pathway.arrivals.size() == 1);
  CHECK(s.pathway.arrivals[0].level == 0);
  CHECK(s.pathway.arrivals[0].per_day == 0.9);
  REQUIRE(s.pathway.routes.size() == 1);
  CHECK(s.pathway.routes[0].from == 0);
  REQUIRE(s.pathway.routes[0].to.size() == 1);
  CHECK(s.pathway.routes[0].to[0] == std::pair<std::uint32_t, double>{1, 0.7});
  CHECK(s.regions[0].capacity[0] == 1);
  CHECK(s.regions[0].capacity[1] == 2);
}

TEST_CASE("scenario file: a TOML syntax error is reported at toml++'s position", "[scenario]") {
  check_only_problem("syntax_error", "12:1", "TOML syntax", "expected comma or closing ']'");
}

TEST_CASE("scenario file: an unknown key is reported with a suggestion", "[scenario]") {
  check_only_problem("unknown_key", "4:1", "scenario.horizon_day",
                     "unknown key (did you mean horizon_days?)");
  const auto problems = problems_of_text("[scenario]\nname = \"x\"\nfrobnicate = 1\n");
  CHECK(std::count(problems.begin(), problems.end(),
                   "text.toml:1:1: groups: missing; expected at least one [[groups]] table") == 1);
  const auto far = std::find_if(problems.begin(), problems.end(), [](const std::string& p) {
    return p.rfind("text.toml:3:1: scenario.frobnicate: unknown key; expected one of: name,", 0) ==
           0;
  });
  CHECK(far != problems.end());
}

TEST_CASE("scenario file: a value of the wrong type", "[scenario]") {
  check_only_problem("wrong_type", "4:16", "scenario.horizon_days",
                     "expected a number in (0, 73000], got \"ten years\"");
}

TEST_CASE("scenario file: a missing required key points at the table that should hold it",
          "[scenario]") {
  check_only_problem("missing_key", "20:1", "levels[1].length_of_stay",
                     "missing; expected a table");
}

TEST_CASE("scenario file: negative and absurd capacities", "[scenario]") {
  check_only_problem("negative_capacity", "33:26", "regions[1].capacity.inpatient",
                     "expected an integer in [0, 10000000], got -80");
  check_only_problem("absurd_capacity", "28:26", "regions[0].capacity.inpatient",
                     "expected an integer in [0, 10000000], got 125000000");
}

TEST_CASE("scenario file: weights must have the right length and sum to 1", "[scenario]") {
  check_only_problem("initial_acuity_sum", "9:18", "groups[0].initial_acuity",
                     "expected 5 weights ≥ 0 summing to 1 (within 1e-6), got sum 0.9");
  check_only_problem("onset_acuity_length", "10:16", "groups[0].onset_acuity",
                     "expected 5 weights ≥ 0 summing to 1, got 4 values");
  check_only_problem("age_mix_sum", "14:11", "groups[0].age_mix", "got sum 1.1");
  check_only_problem("entry_mix_length", "14:13", "groups[0].entry_mix",
                     "expected 5 weights ≥ 0 summing to 1, got 3 values");
}

TEST_CASE("scenario file: pathway route probabilities summing above 1", "[scenario]") {
  check_only_problem("route_sum", "35:6", "pathway.routes[0].to",
                     "expected probabilities summing to at most 1 (the rest leaves), got sum 1.2");
}

TEST_CASE("scenario file: names nobody declared", "[scenario]") {
  check_only_problem("unknown_level", "41:11", "referrals[0].levels[0]",
                     "unknown level \"inpatients\"; expected one of: inpatient, clinic (did you "
                     "mean inpatient?)");
  check_only_problem("unknown_payer", "18:9", "levels[0].payer",
                     "unknown payer \"ministry_of_finance\"; expected one of: health_fund, "
                     "ministry_of_health, ministry_of_welfare");
  check_only_problem("unknown_group", "39:11", "surges[0].groups[0]",
                     "unknown group \"ptsd\"; expected one of: smi");
  check_only_problem("unknown_region", "40:6", "referrals[0].to",
                     "unknown region \"centre\"; expected one of: north, south");
  check_only_problem("unknown_policy", "36:8", "policy.name",
                     "unknown policy \"recovering\"; expected one of: medical, recovery");
  check_only_problem("duplicate_name", "31:8", "regions[1].name",
                     "duplicate name \"north\" (also regions[0].name)");
}

TEST_CASE("scenario file: policy parameters are checked against the registry", "[scenario]") {
  check_only_problem("unknown_policy_param", "37:1", "policy.review_day",
                     "unknown parameter of policy recovery; expected one of: review_days, "
                     "caseload");
  check_only_problem("unknown_policy_param", "37:1", "policy.review_day",
                     "(did you mean review_days?)");
  check_only_problem("policy_param_out_of_range", "37:15", "policy.review_days",
                     "expected a number in [1, 180] (unit: day), got 400");
}

TEST_CASE("scenario file: a pathway cycle nobody can leave names its levels", "[scenario]") {
  check_only_problem("pathway_trap", "37:1", "pathway.routes[1]",
                     "people who reach b, c can never leave");
}

TEST_CASE("scenario file: a pathway stream's arrival schedule", "[scenario]") {
  const auto pathway = [](const std::string& schedule) {
    return "[scenario]\nname = \"p\"\n[[levels]]\nname = \"a\"\nkind = \"clinic\"\n"
           "length_of_stay = { distribution = \"fixed\", mean = 1 }\n"
           "[[regions]]\nname = \"r\"\npopulation = 1\ncapacity = { a = 1 }\n"
           "[policy]\nname = \"pathway\"\n[pathway]\n[[pathway.arrivals]]\nlevel = \"a\"\n"
           "per_day = 20\n" +
           schedule;
  };
  const Scenario s =
      load_scenario_text(pathway("schedule = [[0, 1], [100, 3], [200, 0]]\n"), "p.toml");
  REQUIRE(s.pathway.arrivals.size() == 1);
  CHECK(s.pathway.arrivals[0].schedule ==
        std::vector<std::array<double, 2>>{{0, 1}, {100, 3}, {200, 0}});
  CHECK(load_scenario_text(pathway(""), "p.toml").pathway.arrivals[0].schedule.empty());
  // A network has no population: its region may leave it out (one person stands for it); the
  // care model's regions may not.
  std::string without = pathway("");
  without.erase(without.find("population = 1\n"), std::string("population = 1\n").size());
  CHECK(load_scenario_text(without, "p.toml").regions[0].population == 1);
  std::string care = without;
  care.replace(care.find("name = \"pathway\"\n[pathway]"), std::string("name = \"pathway\"").size(),
               "name = \"medical\"");
  const auto care_problems = problems_of_text(care);
  CHECK(std::any_of(care_problems.begin(), care_problems.end(), [](const std::string& p) {
    return p.find("regions[0].population") != std::string::npos;
  }));
  // Days must rise; a multiplier is 0 … 1,000; the rate at the peak is bounded as per_day is.
  auto problems = problems_of_text(pathway("schedule = [[0, 1], [0, 2]]\n"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("pathway.arrivals[0].schedule[1][0]: expected a day > the one before") !=
        std::string::npos);
  problems = problems_of_text(pathway("schedule = [[0, -1]]\n"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("pathway.arrivals[0].schedule[0][1]") != std::string::npos);
  problems = problems_of_text(pathway("schedule = [[0, 1], [10, 1000]]\n"));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("pathway.arrivals[0].schedule: expected per_day times the schedule's "
                         "largest multiplier to be at most 10000 arrivals a day, got 20000") !=
        std::string::npos);
}

TEST_CASE("scenario file: the pathway table belongs to policy pathway only", "[scenario]") {
  check_only_problem("pathway_with_other_policy", "38:1", "pathway",
                     "only allowed with policy \"pathway\", but policy.name is \"recovery\"");
  check_only_problem("pathway_without_arrivals", "28:1", "pathway.arrivals",
                     "missing; expected at least one [[pathway.arrivals]] table");
  const auto problems = problems_of_text(
      "[scenario]\nname = \"p\"\n[[levels]]\nname = \"a\"\nkind = \"clinic\"\n"
      "length_of_stay = { distribution = \"fixed\", mean = 1 }\n"
      "[[regions]]\nname = \"r\"\npopulation = 1\n[policy]\nname = \"pathway\"\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind("text.toml:1:1: pathway: missing;", 0) == 0);
}

TEST_CASE("scenario file: sizes that would exhaust memory", "[scenario]") {
  check_only_problem("population_too_large", "32:14", "regions[1].population",
                     "expected an integer in [1, 1000000000], got 3000000000");
  check_only_problem("too_many_people", "27:14", "regions[0].population",
                     "expected at most 50000000 people in the system per region, got 53000000");
  check_only_problem("too_many_levels", "95:1", "levels[16]", "at most 16 levels, got 17");
  check_only_problem("too_many_groups", "78:1", "groups[8]", "at most 8 groups, got 9");
  check_only_problem(
      "too_many_payers", "4:10", "scenario.payers",
      "expected 1 to 4 distinct names of ASCII letters, digits, _ and -, got 5 names");
  check_only_problem("horizon_too_long", "4:16", "scenario.horizon_days",
                     "expected a number in (0, 73000], got 100000");
}

TEST_CASE("scenario file: more than 4096 regions", "[scenario]") {
  std::string text =
      "[scenario]\nname = \"many\"\n[[levels]]\nname = \"a\"\nkind = \"clinic\"\n"
      "length_of_stay = { distribution = \"fixed\", mean = 1 }\n"
      "[[groups]]\nname = \"g\"\ninitial_acuity = [1, 0, 0, 0, 0]\n"
      "onset_acuity = [1, 0, 0, 0, 0]\nworsen_per_year = [0, 0, 0, 0]\n"
      "improve_per_year = [0, 0, 0, 0]\ncrisis_per_year = [0, 0, 0, 0]\n"
      "[policy]\nname = \"medical\"\n";
  for (int i = 0; i <= 4096; ++i) {
    text += "[[regions]]\nname = \"r" + std::to_string(i) + "\"\npopulation = 10\n";
  }
  const auto problems = problems_of_text(text);
  REQUIRE(problems.size() == 1);
  const int line = 16 + 3 * 4096;
  CHECK(problems[0] == "text.toml:" + std::to_string(line) +
                           ":1: regions[4096]: too many: a scenario may declare at most 4096 "
                           "regions, got 4097");
}

TEST_CASE("scenario file: timing rules", "[scenario]") {
  check_only_problem("warmup_not_before_horizon", "5:15", "scenario.warmup_days",
                     "expected a number < horizon_days (365), got 365");
  check_only_problem("referral_delay_below_lookahead", "43:14", "referrals[0].delay_days",
                     "expected a number ≥ lookahead_days (2), got 1");
}

TEST_CASE("scenario file: lengths of stay take exactly their distribution's parameters",
          "[scenario]") {
  check_only_problem("foreign_distribution_parameter", "23:62", "levels[1].length_of_stay.sd",
                     "not a parameter of the exponential distribution (it takes mean)");
  check_only_problem("empirical_cumulative", "23:95", "levels[1].length_of_stay.cumulative[2]",
                     "expected exactly 1 (the last cumulative probability), got 0.9");
}

TEST_CASE("scenario file: implausible numbers that would hang or break a run", "[scenario]") {
  // Each was accepted once and then hung the run, made event times NaN or exhausted memory.
  check_only_problem("stay_too_short", "23:57", "levels[1].length_of_stay.mean",
                     "expected a number in [0.0006944444444, 73000], got 1e-09");
  check_only_problem("rate_too_high", "11:26", "groups[0].worsen_per_year[2]",
                     "expected a number in [0, 10000], got 1000000000");
  check_only_problem("lognormal_sd_too_large", "23:64", "levels[1].length_of_stay.sd",
                     "expected a number in (0, 73000], got 1e+308");
  check_only_problem("surge_too_large", "35:27", "surges[0].points[1][1]",
                     "expected a number in [0, 1000], got 1000000");
  // The population guard counts the surges at their peak.
  check_only_problem("surge_too_many_people", "27:14", "regions[0].population",
                     "expected at most 50000000 people in the system per region, got 100500000");
  // Event times of 1e308 days: infinite once added to the clock.
  check_only_problem("max_wait_too_long", "24:17", "levels[1].max_wait_days",
                     "expected a number in [0, 73000], got 1e+308");
  check_only_problem("referral_delay_too_long", "43:14", "referrals[0].delay_days",
                     "expected a number ≤ 73000, got 1e+308");
}

TEST_CASE("scenario file: every problem in a file is reported, in file order", "[scenario]") {
  const std::string file = bad_file("several_problems");
  const auto problems = problems_of_file(file);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == file + ":4:8: scenario.seed: expected an integer ≥ 0, got -1");
  CHECK(problems[1] == file + ":8:14: groups[0].prevalence: expected a number in [0, 1], got 1.5");
  CHECK(problems[2].rfind(file + ":23:8: levels[1].kind: expected one of none,", 0) == 0);
  CHECK(problems[2].find("(did you mean clinic?)") != std::string::npos);
  CHECK(problems[3] ==
        file + ":33:14: regions[1].population: expected an integer in [1, 1000000000], got 0");
  try {
    load_scenario(file);
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()) ==
          problems[0] + "\n" + problems[1] + "\n" + problems[2] + "\n" + problems[3]);
  }
}

TEST_CASE("scenario file: a file that cannot be read", "[scenario]") {
  const auto missing = problems_of_file(kScenarios + "/no_such_file.toml");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0] == kScenarios + "/no_such_file.toml: cannot read: No such file or directory");
  const auto directory = problems_of_file(kScenarios);
  REQUIRE(directory.size() == 1);
  CHECK(directory[0] == kScenarios + ": cannot read: is a directory, expected a regular file");
  // Read forever before: a device is refused before it is opened.
  CHECK(problems_of_file("/dev/zero") ==
        std::vector<std::string>{
            "/dev/zero: cannot read: is a character device, expected a regular file"});
}

TEST_CASE("scenario file: text is checked like a file, under the name given", "[scenario]") {
  const auto problems = problems_of_text("");
  REQUIRE(problems.size() >= 4);
  CHECK(problems[0] == "text.toml:1:1: scenario: missing; expected a [scenario] table");
  const auto bad_float = problems_of_text("[scenario]\nname = \"x\"\nhorizon_days = nan\n");
  CHECK(bad_float.back() ==
        "text.toml:3:16: scenario.horizon_days: expected a number in (0, 73000], got nan");
}

TEST_CASE("scenario file: trapped pathway levels are found on the route graph", "[scenario]") {
  PathwaySpec p;
  p.arrivals = {{0, 1.0, {}}};
  // 0 → 1 (0.5, rest leaves); 1 → 2 always; 2 → 1 always; 3 → 3 always but unreachable.
  p.routes = {{0, {{1, 0.5}}}, {1, {{2, 1.0}}}, {2, {{1, 1.0}}}, {3, {{3, 1.0}}}};
  CHECK(trapped_levels(p, 4) == std::vector<std::uint32_t>{1, 2});
  p.routes[2].to = {{1, 0.9}};  // 2 now leaves with probability 0.1
  CHECK(trapped_levels(p, 4).empty());
}

namespace {

// A good fixture with lines inserted after each of some lines (each present once), loaded as
// text.toml: for variations whose positions the test can count.
std::string fixture_with(const std::string& name,
                         const std::vector<std::pair<std::string, std::string>>& edits) {
  std::ifstream in(kScenarios + "/" + name + ".toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  for (const auto& [after, lines] : edits) {
    const auto pos = out.find(after + "\n");
    REQUIRE(pos != std::string::npos);
    out.insert(pos + after.size() + 1, lines + "\n");
  }
  return out;
}

}  // namespace

TEST_CASE("scenario file: a level's remit is read as sets of groups and age bands", "[scenario]") {
  const Scenario s =
      load_scenario_text(fixture_with("valid_care", {{R"(name = "day_care")",
                                                      "serves = [\"smi\", \"ptsd\"]\n"
                                                      "serves_age_bands = [\"18-24\", \"65+\"]"}}),
                         "text.toml");
  const LevelSpec& day_care = s.levels[level_index(s, "day_care")];
  CHECK(day_care.serves_groups == 0b011);
  CHECK(day_care.serves_age_bands == 0b1001);
  // Absent: every group and age band.
  const LevelSpec& clinic = s.levels[level_index(s, "clinic")];
  CHECK(clinic.serves_groups == kAllGroups);
  CHECK(clinic.serves_age_bands == kAllAgeBands);
  Person p;
  p.acuity = 2;
  p.group = 1;  // ptsd
  p.age_band = 3;
  CHECK(serves(day_care, p));
  CHECK(can_treat(day_care, p));
  p.group = 2;  // common
  CHECK_FALSE(serves(day_care, p));
  CHECK_FALSE(can_treat(day_care, p));
  p.group = 0;
  p.age_band = 1;  // 25-44
  CHECK_FALSE(can_treat(day_care, p));
}

TEST_CASE("scenario file: a remit names declared groups and age bands", "[scenario]") {
  const auto group = problems_of_text(
      fixture_with("valid_care", {{R"(name = "day_care")", R"(serves = ["ptsd", "smii"])"}}));
  REQUIRE(group.size() == 1);
  CHECK(group[0] ==
        "text.toml:70:19: levels[1].serves[1]: unknown group \"smii\"; expected one "
        "of: smi, ptsd, common (did you mean smi?)");
  const auto band = problems_of_text(
      fixture_with("valid_care", {{R"(name = "clinic")", R"(serves_age_bands = ["65"])"}}));
  REQUIRE(band.size() == 1);
  CHECK(band[0].rfind("text.toml:91:21: levels[3].serves_age_bands[0]: unknown age band \"65\"",
                      0) == 0);
  const auto pathway = problems_of_text(
      fixture_with("valid_pathway", {{R"(kind = "inpatient")", R"(serves = ["smi"])"}}));
  REQUIRE(pathway.size() == 1);
  CHECK(pathway[0].find("levels[1].serves: a pathway network's arrivals have no group") !=
        std::string::npos);
}

TEST_CASE("scenario file: a group no level serves at some acuity is reported at the group",
          "[scenario]") {
  check_only_problem("unserved_group", "37:8", "groups[1].name",
                     "no level serves group \"ptsd\" at acuity 2; add it to the serves");
  // Day care, home care and the clinic for smi alone: nothing treats ptsd or common at acuity
  // 2 (primary care stops at 1, the ward starts at 3).
  const auto problems =
      problems_of_text(fixture_with("valid_care", {{R"(name = "day_care")", R"(serves = ["smi"])"},
                                                   {R"(name = "home_care")", R"(serves = ["smi"])"},
                                                   {R"(name = "clinic")", R"(serves = ["smi"])"}}));
  INFO(Catch::Detail::stringify(problems));
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].rfind("text.toml:37:8: groups[1].name: no level serves group \"ptsd\" at "
                          "acuity 2;",
                          0) == 0);
  CHECK(problems[1].rfind("text.toml:47:8: groups[2].name: no level serves group \"common\" "
                          "at acuity 2;",
                          0) == 0);
  // An age band left out everywhere at one acuity is named.
  const auto bands = problems_of_text(
      fixture_with("valid_care", {{R"(name = "day_care")", R"(serves_age_bands = ["18-24"])"},
                                  {R"(name = "home_care")", R"(serves = ["smi"])"},
                                  {R"(name = "clinic")", R"(serves = ["smi"])"}}));
  INFO(Catch::Detail::stringify(bands));
  REQUIRE(bands.size() == 2);
  CHECK(bands[0].find("group \"ptsd\" at acuity 2 (age bands \"25-44\", \"45-64\", \"65+\")") !=
        std::string::npos);
  // Remission needs no level: primary care for smi only leaves the others nothing at acuity 0,
  // and that is no problem.
  CHECK_NOTHROW(load_scenario_text(
      fixture_with("valid_care", {{R"(name = "primary_care")", R"(serves = ["smi"])"}}),
      "text.toml"));
}
