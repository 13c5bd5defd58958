// What the engine asks of a model, after ROSS: a model is its per-LP state, its events and a
// handful of handlers. The model object itself holds the parameters and is shared read-only
// by all threads; everything that changes lives in an LpState, which only its own LP's
// handlers touch. Handlers are called directly (the model is a template parameter), so a
// dispatch costs no virtual call; a model switches on Event::kind to pick its handler.
//
//   struct MyModel {
//     struct LpState { ... };                       // default-constructible
//     struct Summary { ...; void merge(const Summary&); };   // trivially copyable
//     LpId lp_count() const;
//     Time lookahead() const;                       // minimum delay of a message between LPs
//     void init(LpContext&, LpState&) const;        // at time 0: first events
//     void handle(LpContext&, LpState&, const Event&) const;
//     void finish(LpContext&, LpState&, Summary&) const;   // at the final time
//     std::vector<TableSpec> tables() const;        // optional: what it records
//     void prefetch(const LpState&, const Event&) const;   // optional, see below
//     std::vector<double> lp_weights() const;       // optional: each LP's work, and
//     std::vector<LpLink> lp_links() const;         //   who sends to whom (rank_partition.hpp)
//   };
//
// `prefetch` is called with the event that comes next while the current one is handled, so a
// model can ask the CPU for the memory that event will touch (the entity's record, typically)
// and the miss overlaps the current handler instead of stalling the next one. It must not
// change anything: it is a hint, and schedulers may skip it.
//
// Summaries are merged in LP order, so floating-point sums come out the same under every
// scheduler.
#pragma once

#include <concepts>
#include <type_traits>
#include <vector>

#include "sim/engine/lp_context.hpp"
#include "sim/engine/rank_partition.hpp"

namespace retzef::sim {

template <class M>
concept Model = std::default_initializable<typename M::LpState> &&
    std::is_trivially_copyable_v<typename M::Summary> &&
    requires(const M& m, LpContext& ctx, typename M::LpState& s, const Event& e,
             typename M::Summary& sum, const typename M::Summary& other) {
  { m.lp_count() } -> std::convertible_to<LpId>;
  { m.lookahead() } -> std::convertible_to<Time>;
  m.init(ctx, s);
  m.handle(ctx, s, e);
  m.finish(ctx, s, sum);
  sum.merge(other);
};

/// The tables a model records, or none if it declares no `tables()`.
template <class M>
std::vector<TableSpec> model_tables(const M& model) {
  if constexpr (requires { model.tables(); }) {
    return model.tables();
  } else {
    return {};
  }
}

/// The rank of every LP over `ranks` ranks: from the model's LP weights and links if it gives
/// them, else contiguous blocks.
template <class M>
std::vector<int> model_partition(const M& model, int ranks) {
  std::vector<double> weights;
  std::vector<LpLink> links;
  if constexpr (requires { model.lp_weights(); }) weights = model.lp_weights();
  if constexpr (requires { model.lp_links(); }) links = model.lp_links();
  return partition_lps(model.lp_count(), ranks, weights, links);
}

/// Hints the model about the next event, if the model has a `prefetch`.
template <class M>
[[gnu::always_inline]] inline void prefetch_next(const M& model, const typename M::LpState& state,
                                                 const Event& next) {
  if constexpr (requires { model.prefetch(state, next); }) model.prefetch(state, next);
}

}  // namespace retzef::sim
