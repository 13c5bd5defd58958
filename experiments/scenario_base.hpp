// A scenario file may start from another scenario and say only what differs: `base = "medical"`
// in its [scenario] table takes every section of the built-in medical design (or of the file
// of that name, from the folder of the file that names it), and the file's own sections then
// replace the base's. Tables ([scenario], [pathway]) are merged key by key, so a file can
// change one setting; [policy] is merged key by key when it keeps the base's policy and
// replaced whole when it names another (the other policy's parameters are not the base's);
// arrays of tables ([[groups]], [[levels]], [[regions]], [[referrals]], [[surges]]) are
// replaced whole, so a file that declares regions declares all of them. The national
// scenarios (experiments/scenarios/israel*.toml) are the region list and capacities of the
// country on top of the one-catchment designs, whose groups, levels and calibration they keep.
// Values keep the file and line they were written at, so a problem in either file is reported
// where it is. A built-in scenario's base is another built-in one.
#pragma once

#include <cstddef>
#include <string>

#include <toml++/toml.h>

#include "experiments/scenario_source.hpp"
#include "models/scenario.hpp"

namespace retzef::experiments {

/// A chain of bases longer than this is refused: it is a cycle, or a mistake.
inline constexpr std::size_t kMaxBaseDepth = 8;

struct ScenarioDocument {
  toml::table table;
  bool has_base = false;  ///< the text named a base, now merged into `table`
};

/// The document of `source`, its base (if it names one) filled in. Throws
/// models::ScenarioError: a syntax error in either file; a base that cannot be found, read or
/// is an experiment, or a chain of more than kMaxBaseDepth, at the `base` key.
ScenarioDocument scenario_document(const ScenarioSource& source, const ScenarioFinder& find);

/// scenario_document, then validated. The scenario's source text (written into result files)
/// is the file itself, or, with a base, the whole merged document, so that a run can be
/// repeated without the base. Throws models::ScenarioError.
models::Scenario load_scenario_with_base(const ScenarioSource& source, const ScenarioFinder& find);

}  // namespace retzef::experiments
