// The parts of a run every scheduler shares: checking the model's declared shape, making the
// run's constants, and turning per-LP outcomes (in LP order) into the run's result.
#pragma once

#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

#include "sim/engine/lp_runtime.hpp"
#include "sim/engine/model.hpp"
#include "sim/engine/run_options.hpp"

namespace retzef::sim {

/// Where an LP's records may be handed over at any moment, it hands them to the sink once it
/// has buffered this many values (512 KiB: the rows are still in the second-level cache when
/// the sink packs them). Every scheduler that writes a file cuts them at the same points, so
/// that the file is the same under each (held_spills.hpp).
inline constexpr std::size_t kSpillValues = std::size_t{1} << 16;

template <Model M>
RunFrame make_frame(const M& model, const RunOptions& options) {
  const auto lps = static_cast<std::uint64_t>(model.lp_count());
  if (lps == 0) throw std::invalid_argument("a model needs at least one LP");
  if (lps > order_bits::kMaxSource + 1) {
    throw std::invalid_argument("a model may have at most 2^24 LPs, not " + std::to_string(lps));
  }
  const Time lookahead = model.lookahead();
  if (lps > 1 && !(lookahead > 0)) {
    throw std::invalid_argument("a model of several LPs needs a lookahead > 0");
  }
  if (!(options.end > 0)) throw std::invalid_argument("the end time must be > 0");
  return RunFrame{options.seed, options.replication, options.end, lookahead,
                  static_cast<LpId>(lps)};
}

/// Folds outcomes of LPs 0..n-1 (in that order) into `result`.
template <class Summary>
void fold_outcomes(std::span<const LpOutcome<Summary>> outcomes, RunResult<Summary>& result) {
  result.summary = Summary{};
  result.events = 0;
  result.checksum = kChecksumSeed;
  for (std::size_t lp = 0; lp < outcomes.size(); ++lp) {
    result.summary.merge(outcomes[lp].summary);
    result.events += outcomes[lp].events;
    result.checksum = fold(result.checksum, lp, outcomes[lp].hash);
  }
}

/// The time finish() sees: the end, or with no end the time of the last event of the run.
inline Time final_time(Time end, Time last_event) {
  return std::isfinite(end) ? end : last_event;
}

}  // namespace retzef::sim
