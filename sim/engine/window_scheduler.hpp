// Conservative window-parallel execution, on threads and across MPI ranks. Every message
// between LPs arrives at least `lookahead` after it was sent, so all events earlier than
// T + lookahead (T = the earliest pending event anywhere) can be handled with no LP waiting
// for another: each LP handles its own, in parallel. A message for an LP on this rank goes
// straight into that LP's inbox, which the LP empties into its queue at the start of its next
// turn; messages for other ranks collect in per-LP outboxes and travel in one all-to-all at
// the window's end. The next window starts at the earliest of every LP's next event and every
// message sent. Queues order events by the total order, so delivery order does not matter and
// each LP sees exactly the events, in exactly the order, that the sequential scheduler gives
// it. Each LP notes its own next time at the end of its turn, so the only serial work per
// window (on one rank) is a pass over those times to find the next start. On one rank, records
// reach the sink in the sequential scheduler's order (held_spills.hpp), so a file written with
// threads is the same, to the bit, as one written on one core.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "sim/engine/fork_join_order.hpp"
#include "sim/engine/held_spills.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/engine/mpi_comm.hpp"
#include "sim/engine/run_setup.hpp"
#include "sim/output/sink.hpp"

namespace retzef::sim {

template <Model M>
RunResult<typename M::Summary> run_windowed(const M& model, const RunOptions& options,
                                            const Comm& comm) {
  using Summary = typename M::Summary;
  const RunFrame frame = make_frame(model, options);
  const std::vector<TableSpec> tables = model_tables(model);
  if (options.sink != nullptr) options.sink->begin(tables);

  const int ranks = comm.size();
  // Which rank runs which LP (rank_partition.hpp); this rank's LPs in increasing id, and each
  // LP's place among them (slot) if it is here.
  const std::vector<int> owner =
      ranks == 1 ? std::vector<int>(frame.lp_count, 0) : model_partition(model, ranks);
  std::vector<LpId> ids;
  std::vector<std::uint32_t> slot(frame.lp_count, PostOffice::kElsewhere);
  for (LpId lp = 0; lp < frame.lp_count; ++lp) {
    if (owner[lp] != comm.rank()) continue;
    slot[lp] = static_cast<std::uint32_t>(ids.size());
    ids.push_back(lp);
  }
  const std::size_t local = ids.size();

  std::vector<typename M::LpState> states(local);
  std::vector<LpRuntime> lps(local);
  std::vector<Inbox> inboxes(local);
  const PostOffice post{slot.data(), inboxes.data()};
  tbb::task_arena arena(std::max(1, options.threads));
  // Records wait with the events they were spilled in and go to the sink in one queue's order.
  // (Across ranks each rank has its own sink, and they go to it window by window.)
  const bool hold = options.sink != nullptr && ranks == 1;
  std::vector<HeldSpills> held(hold ? local : 0);
  std::vector<std::uint64_t> merge;

  const auto for_each_lp = [&](auto&& body) {
    ForkJoinOrder order;
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, local),
                        order.body([&](const tbb::blocked_range<std::size_t>& range) {
                          for (std::size_t i = range.begin(); i != range.end(); ++i)
                            body(i);
                        }));
    });
  };

  std::vector<std::vector<std::byte>> to_rank(static_cast<std::size_t>(ranks));
  std::vector<std::byte> received;
  // After a window (or init): sends the outboxes to other ranks, puts what arrives into the
  // inboxes, and returns the earliest pending event or message over all ranks.
  // Each LP's earliest pending event or message of the last window, written by its own task so
  // that the only serial work per window is a pass of loads over this array.
  std::vector<Time> lp_next(local, kNever);
  const auto settle = [&](std::size_t i) {
    lp_next[i] = std::min(lps[i].queue.next_time(), lps[i].earliest_sent);
    lps[i].earliest_sent = kNever;
  };
  // After a window (or init): sends the outboxes to other ranks, puts what arrives into the
  // inboxes, and returns the earliest pending event or message over all ranks.
  const auto next_start = [&] {
    Time next = kNever;
    for (const Time t : lp_next)
      next = std::min(next, t);
    if (ranks == 1) return next;
    for (auto& buffer : to_rank)
      buffer.clear();
    for (auto& lp : lps) {
      for (const Event& e : lp.outbox) {
        const auto* bytes = reinterpret_cast<const std::byte*>(&e);
        auto& buffer = to_rank[static_cast<std::size_t>(owner[e.target])];
        buffer.insert(buffer.end(), bytes, bytes + sizeof(Event));
      }
      lp.outbox.clear();
    }
    comm.alltoallv(to_rank, received);
    for (std::size_t off = 0; off + sizeof(Event) <= received.size(); off += sizeof(Event)) {
      Event e;
      std::memcpy(&e, received.data() + off, sizeof(Event));
      inboxes[slot[e.target]].put(e);
      next = std::min(next, e.time);
    }
    return comm.allreduce_min(next);
  };

  for_each_lp([&](std::size_t i) {
    const LpId id = ids[i];
    lps[i].prepare(frame, id, tables);
    if (hold) {
      held[i].at(-kNever, 0);  // before every event, in LP order
      lps[i].records.spill_to(held[i], id, kSpillValues);
    }
    LpContext ctx(frame, id, lps[i], lps[i].queue, &post, 0.0);
    model.init(ctx, states[i]);
    settle(i);
  });

  RunResult<Summary> result;
  result.threads = std::max(1, options.threads);
  result.ranks = ranks;
  result.rank = comm.rank();

  for (Time start = next_start(); start < kNever; start = next_start()) {
    const Time window_end = std::min(start + frame.lookahead, frame.end);
    for_each_lp([&](std::size_t i) {
      LpRuntime& lp = lps[i];
      const LpId id = ids[i];
      inboxes[i].drain_into(lp.queue);
      while (lp.queue.next_time() < window_end) {
        const Event e = lp.queue.pop();
        if (const Event* far = lp.queue.ahead()) prefetch_next(model, states[i], *far);
        if (const Event* after = lp.queue.second()) prefetch_next(model, states[i], *after);
        lp.commit(e);
        if (hold) held[i].at(e.time, e.order);
        LpContext ctx(frame, id, lp, lp.queue, &post, e.time);
        model.handle(ctx, states[i], e);
      }
      settle(i);
    });
    ++result.windows;
    if (hold) {
      HeldSpills::deliver(held, *options.sink, merge);
    } else if (options.sink != nullptr) {
      for (std::size_t i = 0; i < local; ++i) {
        lps[i].records.flush(*options.sink, ids[i]);
      }
    }
    if (options.progress && comm.rank() == 0) options.progress(window_end);
  }

  Time last = 0;
  for (const auto& lp : lps)
    last = std::max(last, lp.last_time);
  result.final_time = final_time(frame.end, comm.allreduce_max(last));

  // What the LPs spilled while being built, if no window followed.
  if (hold) HeldSpills::deliver(held, *options.sink, merge);
  std::vector<LpOutcome<Summary>> mine(local);
  for_each_lp([&](std::size_t i) {
    const LpId id = ids[i];
    if (hold) held[i].at(kNever, 0);
    LpContext ctx(frame, id, lps[i], lps[i].queue, &post, result.final_time);
    model.finish(ctx, states[i], mine[i].summary);
    mine[i].hash = lps[i].hash;
    mine[i].events = lps[i].events;
  });
  // One queue finishes the LPs one by one, each spilling as it finishes and then handing over
  // what is left; so here, LP by LP.
  if (options.sink != nullptr) {
    for (std::size_t i = 0; i < local; ++i) {
      if (hold) held[i].deliver(*options.sink);
      lps[i].records.flush(*options.sink, ids[i]);
    }
  }

  const auto* bytes = reinterpret_cast<const std::byte*>(mine.data());
  const std::vector<std::byte> all =
      comm.allgatherv({bytes, mine.size() * sizeof(LpOutcome<Summary>)});
  // Gathered rank by rank, each rank's LPs in increasing id: put back in LP order.
  std::vector<LpOutcome<Summary>> outcomes(frame.lp_count);
  std::size_t gathered = 0;
  for (int r = 0; r < ranks; ++r) {
    for (LpId lp = 0; lp < frame.lp_count; ++lp) {
      if (owner[lp] != r) continue;
      std::memcpy(&outcomes[lp], all.data() + gathered * sizeof(LpOutcome<Summary>),
                  sizeof(LpOutcome<Summary>));
      ++gathered;
    }
  }
  fold_outcomes<Summary>(outcomes, result);
  if (options.sink != nullptr) options.sink->end();
  return result;
}

}  // namespace retzef::sim
