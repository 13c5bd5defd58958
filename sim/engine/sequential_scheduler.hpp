// The reference scheduler: one event queue for all LPs, events handled strictly in the total
// order. Simple enough to trust; the windowed schedulers must give exactly its results.
#pragma once

#include <vector>

#include "sim/engine/run_setup.hpp"
#include "sim/output/sink.hpp"

namespace retzef::sim {

template <Model M>
RunResult<typename M::Summary> run_sequential(const M& model, const RunOptions& options) {
  using Summary = typename M::Summary;
  const RunFrame frame = make_frame(model, options);
  const std::vector<TableSpec> tables = model_tables(model);
  if (options.sink != nullptr) options.sink->begin(tables);

  constexpr std::uint64_t kProgressEvents = 1 << 20;

  std::vector<typename M::LpState> states(frame.lp_count);
  std::vector<LpRuntime> lps(frame.lp_count);
  EventQueue queue;
  for (LpId id = 0; id < frame.lp_count; ++id) {
    lps[id].prepare(frame, id, tables);
    if (options.sink != nullptr) lps[id].records.spill_to(*options.sink, id, kSpillValues);
    LpContext ctx(frame, id, lps[id], queue, nullptr, 0.0);
    model.init(ctx, states[id]);
  }

  Time last = 0;
  std::uint64_t handled = 0;
  while (!queue.empty()) {
    const Event e = queue.pop();
    // Three handlers ahead, and the second again in case an event pushed since stood in
    // between (docs/kernel.md, "Asked for three events ahead").
    if (const Event* far = queue.ahead()) prefetch_next(model, states[far->target], *far);
    if (const Event* after = queue.second()) prefetch_next(model, states[after->target], *after);
    LpRuntime& lp = lps[e.target];
    lp.commit(e);
    LpContext ctx(frame, e.target, lp, queue, nullptr, e.time);
    model.handle(ctx, states[e.target], e);
    last = e.time;
    if (++handled % kProgressEvents == 0 && options.progress) options.progress(e.time);
  }

  RunResult<Summary> result;
  result.final_time = final_time(frame.end, last);
  std::vector<LpOutcome<Summary>> outcomes(frame.lp_count);
  for (LpId id = 0; id < frame.lp_count; ++id) {
    LpContext ctx(frame, id, lps[id], queue, nullptr, result.final_time);
    model.finish(ctx, states[id], outcomes[id].summary);
    outcomes[id].hash = lps[id].hash;
    outcomes[id].events = lps[id].events;
    if (options.sink != nullptr) lps[id].records.flush(*options.sink, id);
  }
  fold_outcomes<Summary>(outcomes, result);
  if (options.sink != nullptr) options.sink->end();
  return result;
}

}  // namespace retzef::sim
