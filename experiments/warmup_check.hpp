// What the warm-up check concluded of a design, kept with the design's results so that every
// output showing its indicators can show the verdict beside them: `run`, `batch` and `inspect`
// log its line, and their `--json` gives it in the line per design, for a script that reads the
// indicators and would otherwise not know that they may include the start-up transient
// (docs/experiments.md). warmup_warning.hpp forms it; docs/model.md, "Warm-up check", says what
// the check does.
#pragma once

#include <limits>
#include <string>
#include <string_view>

namespace retzef::experiments {

enum class WarmupCheck {
  /// Not made: the design's demand changes after its warm-up, whose daily series are not meant
  /// to settle, or a file written before the check.
  not_made,
  /// No start-up transient left: every replication's MSER-5 truncation point lies within the
  /// warm-up, or those beyond it are within the spread of the replications, and their mean has
  /// settled.
  passed,
  /// Truncation points beyond the warm-up (or, with fewer than five replications, a mean still
  /// settling) that could not be told apart from a slow level's swings: fewer than five
  /// replications, or daily series not kept (`run` under mpirun, or too many to keep).
  unjudged,
  /// Re-judged against the spread of five replications or more, a start-up transient remains in
  /// some replication or in their mean.
  transient,
};

/// The name a script reads: "not_made", "passed", "unjudged" or "transient".
constexpr std::string_view warmup_check_name(WarmupCheck check) {
  switch (check) {
    case WarmupCheck::not_made:
      return "not_made";
    case WarmupCheck::passed:
      return "passed";
    case WarmupCheck::unjudged:
      return "unjudged";
    case WarmupCheck::transient:
      return "transient";
  }
  return "not_made";
}

struct WarmupVerdict {
  WarmupCheck check = WarmupCheck::not_made;
  std::string line;  ///< what the log says, "" when there is nothing to say
  /// The design's warm-up; NaN where it is not known (a file written before it was kept).
  double warmup_days = std::numeric_limits<double>::quiet_NaN();
  /// Logged as a warning, not as information.
  bool warning() const { return check == WarmupCheck::unjudged || check == WarmupCheck::transient; }
};

}  // namespace retzef::experiments
