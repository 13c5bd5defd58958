// The warm-up check's one verdict per design: the per-replication warning when the replications
// cannot be re-judged, a warning when a transient remains after the re-judgement or in their
// mean, and an info line when every late point is within the spread of the replications.
#include <catch2/catch.hpp>
#include <string>

#include "experiments/ensemble_warmup.hpp"
#include "experiments/warmup_warning.hpp"

using namespace retzef::experiments;

namespace {

/// A design of six replications whose ward's point lies past a warm-up of 365 days in two.
DesignResult design() {
  DesignResult d;
  d.name = "medical";
  for (const char* name : {"mser_truncation_days", "mser_truncation_days_ward"}) {
    retzef::models::IndicatorSpec spec;
    spec.name = name;
    d.catalogue.push_back(spec);
    d.values.push_back({100, 700, 0, 900, 200, 0});
  }
  return d;
}

/// The check of that design's six replications, re-judged, with two flagged.
EnsembleWarmup rejudged() {
  EnsembleWarmup e;
  e.replications = 6;
  e.series = 2;
  e.rejudged = true;
  e.flagged = 2;
  return e;
}

/// The mean of the replications' `series` still settling 120 days after the warm-up, at `before`
/// over those days against `after`, of 1,200 days measured.
void settling(EnsembleWarmup& e, const std::string& series, double before, double after) {
  e.worst = series;
  e.worst_days = 120;
  e.worst_before = before;
  e.worst_after = after;
  e.measured_days = 1200;
}

bool has(const std::string& line, const std::string& part) {
  return line.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("Warm-up verdict: without a re-judgement the replications' own warning stands",
          "[warmup]") {
  EnsembleWarmup e;  // no daily table
  WarmupVerdict v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::unjudged);
  CHECK(v.line.starts_with(warmup_warning(design(), 365)));
  CHECK(has(v.line, "in 2 of 6 replications"));
  CHECK(has(v.line,
            "the indicators may include part of the start-up transient, or the level "
            "may only swing slowly"));
  CHECK(has(v.line, "; the file has no daily occupancy table to re-judge it"));
  // Too few replications to re-judge: the same warning, then the check on their mean.
  e.replications = 4;
  e.series = 2;
  e.flagged = e.transient = 2;
  v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::unjudged);
  CHECK(has(v.line, "in 2 of 6 replications"));
  CHECK(has(v.line,
            "; 4 replications are too few to re-judge it against their spread (5 or more "
            "are needed); warm-up check on the mean of 4 replications: no start-up "
            "transient"));
  // Their mean still settling: too few to average a slow swing away, so no claim either.
  settling(e, "ward occupancy (region 0)", 40, 30);
  v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::unjudged);
  CHECK(has(v.line,
            "; warm-up check on the mean of 4 replications: ward occupancy (region 0) still "
            "settling 120 days after the warm-up (40 in those days against 30 after, +33.3%; "
            "+3.33% on its average over the 1200 days measured); with fewer than 5 replications "
            "that may be a slow swing as well as the start-up "
            "transient"));
  CHECK_FALSE(has(v.line, "the indicators include part of the start-up transient"));
  e.worst.clear();
  // One replication: its own series, not a "mean of 1 replications".
  e.replications = 1;
  v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::unjudged);
  CHECK(v.warmup_days == 365);
  CHECK(has(v.line,
            "; 1 replication is too few to re-judge it against their spread (5 or more are "
            "needed); warm-up check on the one replication's daily series: no start-up "
            "transient"));
}

TEST_CASE("Warm-up warning of a run under mpirun: says how to have it re-judged", "[warmup]") {
  const std::string line = unjudged_warmup_warning(
      design(), 365, "under mpirun each rank keeps only its own regions' daily series");
  CHECK(line.starts_with(warmup_warning(design(), 365)));
  CHECK(has(line,
            "; under mpirun each rank keeps only its own regions' daily series, so write a "
            "result file (`-o`) to have it re-judged against the spread of 5 replications or "
            "more and on their mean"));
  // Nothing to say when every replication's point lies within the warm-up.
  CHECK(unjudged_warmup_warning(design(), 1000, "under mpirun").empty());
}

TEST_CASE("Warm-up verdict: late points within the spread give an info line", "[warmup]") {
  EnsembleWarmup e = rejudged();
  e.largest = {"ward occupancy (region 0)", 3, 900, -2.54};
  WarmupVerdict v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::passed);
  CHECK(has(v.line,
            "medical: warm-up of 365 days: the MSER-5 truncation point lies beyond it "
            "in 2 of 6 replications, all within the spread of the 6 replications "
            "(largest |z| 2.5, below 4: ward occupancy (region 0), replication 3, day "
            "900)"));
  // No late gap is even a person and 1% of the level: nothing to quote a z for.
  EnsembleWarmup small = e;
  small.largest = {};
  v = warmup_verdict(design(), 365, small);
  CHECK(v.check == WarmupCheck::passed);
  CHECK(has(v.line,
            "all within the spread of the 6 replications (no gap of a person and 1% of "
            "the level)"));
  // A transient left in the mean of the replications is a warning all the same.
  settling(e, "ward waiting (region 0)", 13.05, 10);
  v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::transient);
  CHECK(has(v.line,
            "ward waiting (region 0) still settling 120 days after the warm-up (13.05 in those "
            "days against 10 after, +30.5%; +3.05% on its average over the 1200 days measured)"));
}

TEST_CASE("Warm-up verdict: a gap a later stretch matches is an excursion, in an info line",
          "[warmup]") {
  EnsembleWarmup e = rejudged();
  e.excursions = 1;
  e.largest = {"ward occupancy (region 0)", 3, 900, 3.96};
  e.matched = {{"ward occupancy (region 0)", 1, 700, -6.3}, 4, 2100, -13.5};
  WarmupVerdict v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::passed);
  // |z| 3.96 is cut to 3.9, not rounded to a "4.0, below 4".
  CHECK(has(v.line,
            "in 2 of 6 replications, 1 within the spread of the 6 replications (largest |z| "
            "3.9, below 4: ward occupancy (region 0), replication 3, day 900); 1 has a "
            "material gap that a later stretch of the same length matches, as far from the "
            "rest of its run the same way: an excursion the design also makes at its steady "
            "state (largest: ward occupancy (region 0), replication 1, day 700, z -6.3; as far "
            "in replication 4 from day 2100)"));
  // Beside a transient that no later stretch matches, it is said as well.
  e.transient = 1;
  e.worst_transient = {"ward waiting (region 0)", 5, 900, 8.1};
  v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::transient);
  CHECK(has(v.line, "1 of them still carries a material gap"));
  CHECK(has(v.line, "; 1 has a material gap that a later stretch of the same length matches"));
}

TEST_CASE("Warm-up verdict: a transient kept against the spread is a warning", "[warmup]") {
  EnsembleWarmup e = rejudged();
  e.transient = 1;
  e.worst_transient = {"ward occupancy (region 0)", 1, 700, 7.62};
  const WarmupVerdict v = warmup_verdict(design(), 365, e);
  CHECK(v.check == WarmupCheck::transient);
  CHECK(has(v.line,
            "in 2 of 6 replications, and 1 of them still carries a material gap "
            "against the spread of the 6 replications, farther from the rest than any later "
            "stretch of the same length (worst: ward occupancy (region 0), replication 1, day "
            "700, z 7.6): a start-up transient of those replications, which the mean of the "
            "replications does not show"));
  CHECK(has(v.line, "no start-up transient left in any of 2 daily series"));
}

TEST_CASE("Warm-up verdict: no late point, and a settled mean, is an info line", "[warmup]") {
  DesignResult d = design();
  d.values[0] = d.values[1] = {0, 0, 0, 0, 0, 0};
  EnsembleWarmup e;
  e.replications = 6;
  e.series = 2;
  e.rejudged = true;
  const WarmupVerdict v = warmup_verdict(d, 365, e);
  CHECK(v.check == WarmupCheck::passed);
  CHECK(has(v.line, "medical: warm-up of 365 days: no replication's MSER-5 truncation point"));
  // Nothing at all to say: no late point and no daily table.
  const WarmupVerdict quiet = warmup_verdict(d, 365, EnsembleWarmup{});
  CHECK(quiet.line.empty());
  CHECK(quiet.check == WarmupCheck::passed);
  CHECK_FALSE(quiet.warning());
  // Fewer than five replications with no late point whose mean still settles: unjudged, since
  // so few cannot tell a slow swing from the transient.
  EnsembleWarmup few;
  few.replications = 3;
  few.series = 2;
  settling(few, "ward occupancy (region 0)", 40, 30);
  const WarmupVerdict hedged = warmup_verdict(d, 365, few);
  CHECK(hedged.check == WarmupCheck::unjudged);
  CHECK(hedged.warning());
  CHECK(has(hedged.line, "medical: warm-up check on the mean of 3 replications"));
}

TEST_CASE("Warm-up verdict of a run that keeps no series, and of a design whose demand changes",
          "[warmup]") {
  const WarmupVerdict late = unjudged_warmup_verdict(design(), 365, "under mpirun");
  CHECK(late.check == WarmupCheck::unjudged);
  CHECK(late.line == unjudged_warmup_warning(design(), 365, "under mpirun"));
  CHECK(late.warmup_days == 365);
  const WarmupVerdict long_enough = unjudged_warmup_verdict(design(), 1000, "under mpirun");
  CHECK(long_enough.check == WarmupCheck::passed);
  CHECK(long_enough.line.empty());
  const WarmupVerdict surge = demand_change_verdict("surge", 730, 1095);
  CHECK(surge.check == WarmupCheck::not_made);
  CHECK_FALSE(surge.warning());
  CHECK(surge.line == demand_change_note("surge", 1095));
  CHECK(surge.warmup_days == 730);
  CHECK(warmup_check_name(WarmupCheck::not_made) == "not_made");
  CHECK(warmup_check_name(WarmupCheck::passed) == "passed");
  CHECK(warmup_check_name(WarmupCheck::unjudged) == "unjudged");
  CHECK(warmup_check_name(WarmupCheck::transient) == "transient");
}
