// Indicators of several designs side by side, as `retzef run` prints them and `retzef inspect
// --indicators` prints them from a file: each design's mean with its 95% interval, and each
// design's paired difference from the first (the baseline), as a table or as JSON lines.
// Replications pair up by number (common random numbers); a value that could not be formed in
// a replication (NaN) is left out of that replication's pair.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "experiments/warmup_check.hpp"
#include "models/indicator_catalogue.hpp"

namespace retzef::experiments {

/// What one design gave: its name, and each indicator's value in every replication.
struct DesignResult {
  std::string name;
  std::vector<models::IndicatorSpec> catalogue;  ///< what each indicator is, in `values` order
  std::vector<std::vector<double>> values;       ///< [indicator][replication]
  std::uint64_t events = 0;
  double seconds = 0;
  /// The warm-up check's verdict, once made (run_command, inspect_command).
  WarmupVerdict warmup;
};

/// `x` to `significant` digits as the table prints it: as `%g` where that has no exponent, and
/// from 10^significant up (where `%g` would write one) as a whole number in groups of three (a
/// budget of 147,500,000 NIS a year, not 1.475e+08), up to 10^15.
std::string table_number(double x, int significant);

/// A whole number in groups of three, as the tables print counts: 1,209,700.
std::string grouped(std::uint64_t n);

/// A table: one row per indicator, a column per design and per difference from the first. A
/// design's cell is its mean ± the half-width of its 95% interval, or a share's interval cut at 0
/// (`[0, upper]`) where ± would reach below it.
void print_table(const std::vector<DesignResult>& designs, std::FILE* out = stdout);
/// JSON lines: one per design and indicator, one per difference, one per design with timings
/// and the warm-up check's verdict.
void print_json(const std::vector<DesignResult>& designs);
/// The last of those lines, for one design: its replications, events and timings (null where
/// not known, as for a result file) and the warm-up check's verdict.
void print_design_json(const DesignResult& d);

}  // namespace retzef::experiments
