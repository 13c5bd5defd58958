// Experiment files and the replication parts a batch writes: an experiment expands into its
// cases in file order with overrides and sweep points applied; every bad experiment fixture is
// refused with every problem in the scenario files' form (FILE:LINE:COL: key.path: expected …)
// and the messages its `# expect:` lines name; a range's values are exact; too many cases,
// cases of one name and cases that would not pair up are refused at their design; common random
// numbers make replication k of two designs with the same scenario identical; a part file appears
// whole or not at all, and a stale or damaged one is recognised; parts are finished on a thread of
// their own, and the result file is assembled from them in any order, appearing only when complete.
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "experiments/experiment.hpp"
#include "experiments/group_name.hpp"
#include "experiments/part_finisher.hpp"
#include "experiments/replication_part.hpp"
#include "experiments/result_file.hpp"
#include "models/care_model.hpp"
#include "models/scenario_loader.hpp"
#include "sim/output/hdf5/file.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef;
using experiments::group_name_problem;
using experiments::load_experiment;
using experiments::shown_name;

namespace {

const std::filesystem::path kFixtures = RETZEF_TEST_EXPERIMENTS;

std::filesystem::path scratch(const std::string& name) {
  return testing::scratch_path("retzef-experiment-test", name);
}

/// What a bad fixture's `# expect: ` lines say its message must contain.
std::vector<std::string> expected_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  const std::string prefix = "# expect: ";
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) out.push_back(line.substr(prefix.size()));
  }
  return out;
}

/// The problems of loading `file`, which must fail.
std::vector<std::string> problems_of(const std::filesystem::path& file) {
  try {
    load_experiment(file);
  } catch (const models::ScenarioError& e) {
    return e.problems();
  }
  FAIL("accepted " << file);
  return {};
}

std::filesystem::path write_experiment(const std::string& name, const std::string& text) {
  const auto file = scratch(name);
  std::ofstream(file) << text;
  return file;
}

/// True when `text` has `name:LINE:COL: ` somewhere.
bool has_position(const std::string& text, const std::string& name) {
  for (auto at = text.find(name + ":"); at != std::string::npos;
       at = text.find(name + ":", at + 1)) {
    std::size_t i = at + name.size() + 1;
    int fields = 0;
    while (fields < 2) {
      const std::size_t start = i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0)
        ++i;
      if (i == start || i >= text.size() || text[i] != ':') break;
      ++i;
      ++fields;
    }
    if (fields == 2 && i < text.size() && text[i] == ' ') return true;
  }
  return false;
}

}  // namespace

TEST_CASE("experiment: designs in file order, overrides and a factorial sweep", "[experiment]") {
  const auto ex = load_experiment(kFixtures / "sweep.toml");
  CHECK(ex.name == "sweep-test");
  CHECK(ex.seed == 99);
  CHECK(ex.replications == 2);
  std::vector<std::string> names;
  for (const auto& c : ex.cases)
    names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"medical", "same_again",
                                          "more_beds@follow_up_probability=0.5,clinic=1000",
                                          "more_beds@follow_up_probability=0.9,clinic=1000",
                                          "more_beds@follow_up_probability=0.5,clinic=3000",
                                          "more_beds@follow_up_probability=0.9,clinic=3000"});
  for (const auto& c : ex.cases) {
    INFO(c.name);
    const auto& s = c.scenario;
    CHECK(s.horizon_days == 500);
    CHECK(s.warmup_days == 100);
    CHECK(s.regions.at(0).population == 20000);
    CHECK(s.seed == 99);
    CHECK(s.replications == 2);
    CHECK(s.trace == models::TraceLevel::transitions);
    // The scenario text the case keeps is the scenario it ran: it loads to the same values.
    const auto again = models::load_scenario_text(s.source_text, "again.toml");
    CHECK(again.regions.at(0).population == 20000);
    CHECK(again.policy.params == s.policy.params);
  }
  const auto& swept = ex.cases[5];
  CHECK(swept.design == "more_beds");
  CHECK(swept.sweep ==
        "{\"policy.follow_up_probability\":0.9,\"regions.catchment.capacity.clinic\":3000}");
  CHECK(swept.scenario.policy.params.at("follow_up_probability") == 0.9);
  CHECK(ex.cases[0].sweep == "{}");
  // The design's own override applies to each of its points, not to the others.
  std::size_t inpatient = 0;
  for (std::size_t l = 0; l < swept.scenario.levels.size(); ++l) {
    if (swept.scenario.levels[l].name == "inpatient") inpatient = l;
  }
  CHECK(swept.scenario.regions[0].capacity.at(inpatient) == 250);
  CHECK(ex.cases[0].scenario.regions[0].capacity.at(inpatient) == 125);
}

TEST_CASE("experiment: cases borrow their values from documents parsed once", "[experiment]") {
  // A sweep over a key that both override tables set, across two designs: each case must see
  // its own point's value, and each design its own overrides, as if both files were parsed
  // afresh for every case; a value a case borrowed is there again for the next one.
  // The experiment's seed replaces a swept seed (what [experiment] says decides), and the swept
  // value is still given back to its place for the next case.
  const auto seeds = write_experiment("borrowed-seed.toml",
                                      "[experiment]\n"
                                      "base = \"medical\"\n"
                                      "seed = 3\n"
                                      "[designs.b]\n"
                                      "[[sweeps]]\n"
                                      "key = \"scenario.seed\"\n"
                                      "values = [7, 8]\n"
                                      "[[sweeps]]\n"
                                      "key = \"policy.follow_up_probability\"\n"
                                      "values = [0.5, 0.9]\n");
  const auto seeded = load_experiment(seeds);
  REQUIRE(seeded.cases.size() == 4);
  CHECK(seeded.cases[3].name == "b@seed=8,follow_up_probability=0.9");
  for (const auto& c : seeded.cases)
    CHECK(c.scenario.seed == 3);

  const auto fine = write_experiment("borrowed-fine.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "seed = 3\n"
                                     "[overrides]\n"
                                     "\"policy.follow_up_probability\" = 0.1\n"
                                     "\"regions.catchment.population\" = 30000\n"
                                     "[designs.a]\n"
                                     "overrides = { \"regions.catchment.population\" = 40000 }\n"
                                     "[designs.b]\n"
                                     "[[sweeps]]\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "values = [0.5, 0.9]\n"
                                     "[[sweeps]]\n"
                                     "design = \"b\"\n"
                                     "key = \"regions.catchment.population\"\n"
                                     "range = [1000, 2000, 1000]\n");
  const auto ex = load_experiment(fine);
  std::vector<std::string> names;
  for (const auto& c : ex.cases)
    names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"a@follow_up_probability=0.5",
                                          "a@follow_up_probability=0.9",
                                          "b@follow_up_probability=0.5,population=1000",
                                          "b@follow_up_probability=0.9,population=1000",
                                          "b@follow_up_probability=0.5,population=2000",
                                          "b@follow_up_probability=0.9,population=2000"});
  const std::vector<double> follow_up{0.5, 0.9, 0.5, 0.9, 0.5, 0.9};
  const std::vector<std::int64_t> population{40000, 40000, 1000, 1000, 2000, 2000};
  for (std::size_t i = 0; i < ex.cases.size(); ++i) {
    INFO(ex.cases[i].name);
    const auto& s = ex.cases[i].scenario;
    CHECK(s.policy.params.at("follow_up_probability") == follow_up[i]);
    CHECK(static_cast<std::int64_t>(s.regions.at(0).population) == population[i]);
    CHECK(s.seed == 3);
    // The text kept is the scenario that ran, built afresh for the case.
    const auto again = models::load_scenario_text(s.source_text, "again.toml");
    CHECK(static_cast<std::int64_t>(again.regions.at(0).population) == population[i]);
    CHECK(again.policy.params.at("follow_up_probability") == follow_up[i]);
  }
  // Loaded again, the same: nothing borrowed was lost.
  const auto twice = load_experiment(fine);
  REQUIRE(twice.cases.size() == ex.cases.size());
  for (std::size_t i = 0; i < ex.cases.size(); ++i)
    CHECK(twice.cases[i].scenario.source_text == ex.cases[i].scenario.source_text);
}

TEST_CASE("experiment: every bad fixture is refused with file:line:col and its message",
          "[experiment]") {
  // The scenario files' form, for every line: FILE:LINE:COL: key.path: what was expected.
  const std::string form(R"(^[^:]+\.toml[^:]*:[0-9]+:[0-9]+: (TOML syntax|[^ ]+): .+$)");
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures / "bad")) {
    const auto file = entry.path();
    INFO(file.string());
    const auto problems = problems_of(file);
    REQUIRE(!problems.empty());
    for (const auto& p : problems)
      CHECK_THAT(p, Catch::Matches(form));
    const std::string what = models::ScenarioError(problems).what();
    CHECK(has_position(what, file.filename().string()));
    const auto expected = expected_lines(file);
    CHECK(!expected.empty());
    for (const auto& expect : expected)
      CHECK_THAT(what, Catch::Contains(expect));
    ++checked;
  }
  CHECK(checked >= 18);
}

TEST_CASE("experiment: the report's minimum differences are checked and kept as JSON",
          "[experiment]") {
  const auto none = load_experiment(kFixtures / "sweep.toml");
  CHECK(none.minimum_difference_json.empty());
  const auto file = write_experiment("report-minimum.toml",
                                     "[experiment]\nbase = \"medical\"\nreplications = 2\n\n"
                                     "[designs.medical]\n\n[report.minimum_difference]\n"
                                     "readmission_30 = 0.02\nbed_days_per_1000 = \" 5 %\"\n"
                                     "wait_first_care = 3\n");
  const auto ex = load_experiment(file);
  // toml++ keeps keys sorted; the percentage is kept without its spaces.
  CHECK(ex.minimum_difference_json ==
        R"({"bed_days_per_1000":"5%","readmission_30":0.02,"wait_first_care":3})");
}

TEST_CASE("experiment: a percentage past the largest number is a problem at its line",
          "[experiment]") {
  // Found by the experiment-loader fuzzer: std::stod threw out_of_range on 400 digits, and
  // `retzef validate` said only "FILE: stod". 200,000 digits overflowed the stack inside
  // std::regex (exit 139).
  for (const std::size_t digits : {400, 200'000}) {
    INFO(digits);
    const auto file = write_experiment("huge-percentage.toml",
                                       "[experiment]\nbase = \"medical\"\n\n[designs.medical]\n\n"
                                       "[report.minimum_difference]\nreadmission_30 = \"" +
                                           std::string(digits, '7') + " %\"\n");
    const auto problems = problems_of(file);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0],
               Catch::StartsWith(file.string() + ":7:18: report.minimum_difference.readmission_30: "
                                                 "expected a number >= 0"));
  }
  // The forms the report reads still pass, and only they.
  const auto file = write_experiment(
      "percentages.toml",
      "[experiment]\nbase = \"medical\"\n\n[designs.medical]\n\n"
      "[report.minimum_difference]\na = \"\\t12.5%\"\nb = \"3.%\"\nc = \"7 % \"\nd = \".5%\"\n"
      "e = \"5%%\"\nf = \"5\"\ng = \"-5%\"\nh = \"5 x%\"\n");
  const auto problems = problems_of(file);
  REQUIRE(problems.size() == 5);
  for (std::size_t i = 0; i < problems.size(); ++i) {
    std::string where = ":";  // appended: g++ 12 warns falsely on ":" + a temporary string
    where += std::to_string(10 + i);
    where += ":5: ";
    CHECK_THAT(problems[i], Catch::Contains(where));
  }
}

TEST_CASE("experiment: names that cannot be HDF5 groups are refused", "[experiment]") {
  CHECK(!group_name_problem("recovery-2"));
  CHECK(!group_name_problem("design@beds=0.5,name=a b"));
  CHECK(group_name_problem("") == "empty");
  CHECK(group_name_problem("..").has_value());
  CHECK(group_name_problem("a/b").has_value());
  CHECK(group_name_problem(std::string_view("a\0b", 3)) == "contains NUL");
  CHECK(group_name_problem("a\tb") == "contains a control character");
  CHECK(shown_name(std::string_view("a\0b", 3)) == "\"a\\x00b\"");
  // A NUL written as an escape in a quoted key reaches the design name.
  const auto file = write_experiment("nul-design.toml",
                                     "[experiment]\nbase = \"medical\"\nreplications = 2\n\n"
                                     "[designs.\"a\\u0000b\"]\n");
  const auto problems = problems_of(file);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("got \"a\\x00b\": contains NUL"));
}

TEST_CASE("experiment: every problem of a file at once, in file order", "[experiment]") {
  const auto problems = problems_of(kFixtures / "bad" / "several_problems.toml");
  const auto expected = expected_lines(kFixtures / "bad" / "several_problems.toml");
  REQUIRE(problems.size() == expected.size());
  for (std::size_t i = 0; i < problems.size(); ++i)
    CHECK_THAT(problems[i], Catch::Contains(expected[i]));
}

TEST_CASE("experiment: a misspelt design gets a did-you-mean, and sweeps are checked whole",
          "[experiment]") {
  const auto file = write_experiment("near-misses.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "seed = 3\n"
                                     "[designs.medical]\n"
                                     "[[sweeps]]\n"
                                     "designs = [\"medicl\"]\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "values = [0.5]\n"
                                     "[[sweeps]]\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "points = [[1]]\n");
  const std::string name = file.string();
  CHECK(problems_of(file) ==
        std::vector<std::string>{
            name + ":6:12: sweeps[0].designs[0]: unknown design \"medicl\"; expected one of: "
                   "medical (did you mean medical?)",
            name + ":9:1: sweeps[1]: expected either `values = [...]` or `range = [from, to, "
                   "step]` with `key`",
            name + ":11:10: sweeps[1].points: expected no points with `key`: points go with "
                   "`keys = [...]`"});
}

TEST_CASE("experiment: too many cases are refused at the design that makes them", "[experiment]") {
  const auto file = write_experiment("too-many.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "[designs.medical]\n"
                                     "[designs.again]\n"
                                     "[[sweeps]]\n"
                                     "design = \"again\"\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "range = [0, 1, 0.01]\n"
                                     "[[sweeps]]\n"
                                     "design = \"again\"\n"
                                     "key = \"scenario.seed\"\n"
                                     "range = [1, 100, 1]\n");
  CHECK(problems_of(file) ==
        std::vector<std::string>{file.string() +
                                 ":4:10: designs.again: expected at most 10000 cases in the "
                                 "experiment, got 10101 with this design's sweep points"});
}

TEST_CASE("experiment: a caller's lower case limit is kept as the 10,000 is", "[experiment]") {
  // The fuzz harness loads with fewer cases allowed; the limit is checked where the 10,000 is.
  const auto file = write_experiment("limit.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "[designs.medical]\n"
                                     "[designs.again]\n"
                                     "[[sweeps]]\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "values = [0.2, 0.4, 0.6]\n");
  experiments::ExperimentOverrides limits;
  limits.max_cases = 6;
  CHECK(load_experiment(file, limits).cases.size() == 6);
  limits.max_cases = 5;
  try {
    load_experiment(file, limits);
    FAIL("accepted 6 cases with a limit of 5");
  } catch (const models::ScenarioError& e) {
    CHECK(e.problems() ==
          std::vector<std::string>{file.string() +
                                   ":4:10: designs.again: expected at most 5 cases in the "
                                   "experiment, got 6 with this design's sweep points"});
  }
}

TEST_CASE("experiment: a key swept twice for one design, or too many keys, is refused",
          "[experiment]") {
  // Two sweeps of one key gave cases that differed in name only; 200,000 one-point sweeps were
  // accepted as one case after 76 s, its name 200,000 labels long.
  const auto file = write_experiment("swept-twice.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "[designs.a]\n"
                                     "[designs.b]\n"
                                     "[[sweeps]]\n"
                                     "design = \"a\"\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "values = [0.2, 0.4]\n"
                                     "[[sweeps]]\n"
                                     "design = \"b\"\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "values = [0.6]\n"
                                     "[[sweeps]]\n"
                                     "keys = [\"policy.admit_acuity\", \"policy.admit_acuity\"]\n"
                                     "points = [[3, 4]]\n"
                                     "[[sweeps]]\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "values = [0.8]\n");
  const std::string name = file.string();
  // Sweeps 0 and 1 set the key for different designs: no problem there.
  CHECK(problems_of(file) ==
        std::vector<std::string>{
            name + ":14:32: sweeps[2].keys[1]: expected a key no other sweep sets for the same "
                   "design, got \"policy.admit_acuity\", which sweeps[2].keys[0] sweeps too: its "
                   "cases would differ in name only, the later value overwriting the earlier",
            name + ":17:7: sweeps[3].key: expected a key no other sweep sets for the same design, "
                   "got \"policy.follow_up_probability\", which sweeps[0].key sweeps too: its "
                   "cases would differ in name only, the later value overwriting the earlier"});
  std::string text = "[experiment]\nbase = \"medical\"\n[designs.m]\n";
  for (int i = 0; i < 70; ++i) {
    text += "[[sweeps]]\nkey = \"policy.p" + std::to_string(i) + "\"\nvalues = [1]\n";
  }
  const auto many = write_experiment("many-keys.toml", text);
  CHECK(problems_of(many) ==
        std::vector<std::string>{many.string() +
                                 ":197:7: sweeps[64].key: expected at most 64 swept keys in an "
                                 "experiment, got 70"});
}

TEST_CASE("experiment: cases that would not pair up are refused at the design", "[experiment]") {
  const auto file = write_experiment("unpaired.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "[designs.medical]\n"
                                     "[designs.other_seed]\n"
                                     "overrides = { \"scenario.seed\" = 2 }\n");
  CHECK(problems_of(file) ==
        std::vector<std::string>{
            file.string() +
            ":4:10: designs.other_seed: expected seed 20261123 and 30 replications, as in case "
            "medical, got "
            "seed 2 and 30 replications; set seed and replications in [experiment] so that the "
            "cases pair up"});
}

TEST_CASE("experiment: two cases of one name are refused at their design", "[experiment]") {
  const auto file = write_experiment("same-names.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "[designs.medical]\n"
                                     "[[sweeps]]\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "values = [0.5, 0.5]\n");
  CHECK(problems_of(file) ==
        std::vector<std::string>{file.string() +
                                 ":3:10: designs.medical: expected distinct case names, got "
                                 "\"medical@follow_up_probability=0.5\" twice: give the sweeps "
                                 "distinct values"});
}

TEST_CASE("experiment: a range's values are exact and reported where the range is",
          "[experiment]") {
  const auto file = write_experiment("range.toml",
                                     "[experiment]\n"
                                     "base = \"medical\"\n"
                                     "[designs.medical]\n"
                                     "[[sweeps]]\n"
                                     "key = \"policy.follow_up_probability\"\n"
                                     "range = [0.1, 0.8, 0.3]\n");
  const auto ex = load_experiment(file);
  REQUIRE(ex.cases.size() == 3);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(ex.cases[k].scenario.policy.params.at("follow_up_probability") ==
          0.1 + static_cast<double>(k) * 0.3);
  }
  const auto bad = write_experiment("range-bad.toml",
                                    "[experiment]\n"
                                    "base = \"medical\"\n"
                                    "[designs.medical]\n"
                                    "[[sweeps]]\n"
                                    "key = \"policy.follow_up_probability\"\n"
                                    "range = [0.5, 1.5, 1]\n");
  const auto problems = problems_of(bad);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(
      problems[0],
      Catch::StartsWith(bad.string() + ":6:9: policy.follow_up_probability: "
                                       "expected a number in [0, 1] (unit: probability), got 1.5"));
  CHECK_THAT(problems[0], Catch::EndsWith("(in case medical@follow_up_probability=1.5)"));
}

TEST_CASE("experiment: a missing file is a clear error", "[experiment]") {
  CHECK_THROWS_WITH(load_experiment(kFixtures / "no-such.toml"), Catch::Contains("no-such.toml"));
}

TEST_CASE("experiment: replication k of two designs with one scenario is the same run",
          "[experiment]") {
  const auto ex = load_experiment(kFixtures / "sweep.toml");
  const models::CareModel a(ex.cases[0].scenario);
  const models::CareModel b(ex.cases[1].scenario);
  for (std::uint32_t r = 0; r < 2; ++r) {
    const auto pa = scratch("crn-a.h5");
    const auto pb = scratch("crn-b.h5");
    const auto ra = experiments::write_part(ex.cases[0], a, ex.seed, r, "k", pa, {});
    const auto rb = experiments::write_part(ex.cases[1], b, ex.seed, r, "k", pb, {});
    CHECK(ra.events == rb.events);
    const sim::h5::Id fa = sim::h5::open_file(pa);
    const sim::h5::Id fb = sim::h5::open_file(pb);
    const sim::h5::Id ga = sim::h5::open_group(fa, "run");
    const sim::h5::Id gb = sim::h5::open_group(fb, "run");
    CHECK(sim::h5::read_string_attribute(ga, "checksum") ==
          sim::h5::read_string_attribute(gb, "checksum"));
    CHECK(sim::h5::dataset_rows(ga, "events") == sim::h5::dataset_rows(gb, "events"));
  }
}

TEST_CASE("experiment: a part file appears whole or not at all", "[experiment]") {
  const auto ex = load_experiment(kFixtures / "sweep.toml");
  const models::CareModel model(ex.cases[0].scenario);
  const auto key = experiments::part_key(ex.cases[0], ex.seed, 1);
  CHECK(key != experiments::part_key(ex.cases[0], ex.seed, 0));
  CHECK(key != experiments::part_key(ex.cases[2], ex.seed, 1));
  const auto path = scratch("part.h5");
  std::filesystem::remove(path);
  experiments::write_part(ex.cases[0], model, ex.seed, 1, key, path, {});
  CHECK(experiments::part_is_complete(path, key));
  CHECK_FALSE(experiments::part_is_complete(path, "another experiment"));
  CHECK_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  const sim::h5::Id file = sim::h5::open_file(path);
  for (const char* table : {"summary", "flows", "occupancy", "patients", "events"}) {
    CHECK(sim::h5::exists(file, std::string("run/") + table));
  }

  // Cut short (a copy that lost its end): not complete, so a batch would run it again.
  const auto cut = scratch("cut.h5");
  std::filesystem::copy_file(path, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) * 2 / 3);
  CHECK_FALSE(experiments::part_is_complete(cut, key));

  // A part that cannot be written leaves nothing behind and says where.
  const auto nowhere = scratch("no-such-folder") / "part.h5";
  CHECK_THROWS_WITH(experiments::write_part(ex.cases[0], model, ex.seed, 1, key, nowhere, {}),
                    Catch::Contains("no-such-folder"));
  CHECK_FALSE(std::filesystem::exists(nowhere.string() + ".tmp"));
  CHECK_FALSE(std::filesystem::exists(nowhere));
}

TEST_CASE("experiment: parts finished on the finisher's thread, in order, errors reported",
          "[experiment][threads]") {
  const auto ex = load_experiment(kFixtures / "sweep.toml");
  const models::CareModel model(ex.cases[0].scenario);
  const auto path = scratch("finished.h5");
  std::filesystem::remove(path);
  std::vector<int> order;
  {
    experiments::PartFinisher finisher;
    const auto key = experiments::part_key(ex.cases[0], ex.seed, 0);
    experiments::write_part(ex.cases[0], model, ex.seed, 0, key, path, {}, &finisher);
    // Jobs run after the part's own finishing, in the order given.
    finisher.post([&] { order.push_back(experiments::part_is_complete(path, key) ? 1 : -1); });
    finisher.post([&] { order.push_back(2); });
    finisher.wait();
    CHECK(order == std::vector<int>{1, 2});
    CHECK_FALSE(std::filesystem::exists(path.string() + ".tmp"));

    // A part whose folder is gone fails on the finisher's thread: the temporary file goes, and
    // the error comes back from wait(), naming the file, and from the next hand-over.
    const auto gone = scratch("gone");
    std::filesystem::create_directories(gone);
    const auto tmp = gone / "part.h5.tmp";
    std::ofstream(tmp) << "whole";
    finisher.finish(tmp, scratch("no-such-folder") / "part.h5");
    CHECK_THROWS_WITH(finisher.wait(), Catch::Contains("part.h5"));
    CHECK_FALSE(std::filesystem::exists(tmp));
    CHECK_THROWS(finisher.post([] {}));
  }
}

TEST_CASE("experiment: the result is assembled in any order and appears only when complete",
          "[experiment]") {
  const auto ex = load_experiment(kFixtures / "sweep.toml");
  REQUIRE(ex.cases.size() >= 2);
  std::vector<std::vector<std::filesystem::path>> parts(ex.cases.size());
  for (std::size_t c = 0; c < ex.cases.size(); ++c) {
    const models::CareModel model(ex.cases[c].scenario);
    for (std::uint32_t r = 0; r < ex.replications; ++r) {
      parts[c].push_back(
          scratch("assembly-c" + std::to_string(c) + "-r" + std::to_string(r) + ".h5"));
      experiments::write_part(ex.cases[c], model, ex.seed, r, "k", parts[c].back(), {});
    }
  }
  const auto out = scratch("assembled.h5");
  std::filesystem::remove(out);
  {
    // Unfinished: no output, and the temporary file goes with the assembly.
    experiments::ResultAssembly result(ex, out);
    result.add(1, 0, parts[1][0]);
    CHECK(std::filesystem::exists(out.string() + ".tmp"));
    CHECK_THROWS_AS(result.complete("key", {}), std::logic_error);
  }
  CHECK_FALSE(std::filesystem::exists(out.string() + ".tmp"));
  CHECK_FALSE(std::filesystem::exists(out));
  {
    experiments::ResultAssembly result(ex, out);
    for (std::size_t c = ex.cases.size(); c-- > 0;) {  // backwards, and each part twice
      for (std::uint32_t r = ex.replications; r-- > 0;) {
        result.add(c, r, parts[c][r]);
        result.add(c, r, parts[c][r]);
        CHECK(result.has(c, r));
      }
    }
    result.complete("key", {});
  }
  CHECK(experiments::result_is_complete(out, "key"));
  CHECK_FALSE(std::filesystem::exists(out.string() + ".tmp"));
  const sim::h5::Id file = sim::h5::open_file(out);
  for (const auto& c : ex.cases) {
    for (std::uint32_t r = 0; r < ex.replications; ++r) {
      const std::string rep =
          "runs/" + c.name + "/" + experiments::replication_name(r, ex.replications) + "/summary";
      CHECK(sim::h5::exists(file, rep));
    }
  }
}
