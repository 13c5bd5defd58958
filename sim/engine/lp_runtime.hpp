// What the engine keeps for each LP beside the model's own state: its sequence counter, its
// random stream, its determinism chain, its record buffer, and (for windowed schedulers) its
// own event queue, its outbox for other ranks and the earliest message it sent in the current
// window. Schedulers own these; models see them only through LpContext.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/event_queue.hpp"
#include "sim/engine/checksum.hpp"
#include "sim/output/record_buffer.hpp"
#include "sim/random/random_stream.hpp"

namespace retzef::sim {

/// Constants of one run that every LP context reads.
struct RunFrame {
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  Time end = kNever;
  Time lookahead = kNever;
  LpId lp_count = 0;
};

struct LpRuntime {
  std::uint64_t next_sequence = 0;
  std::uint64_t events = 0;
  std::uint64_t hash = kChecksumSeed;
  Time last_time = 0;
  RandomStream rng;
  RecordBuffer records;
  EventQueue queue;             // windowed schedulers only
  std::vector<Event> outbox;    // windowed schedulers only: messages for LPs on other ranks
  Time earliest_sent = kNever;  // windowed schedulers only: earliest message of this window

  void prepare(const RunFrame& frame, LpId id, std::span<const TableSpec> tables) {
    rng = RandomStream(StreamKey{frame.seed, frame.replication, kLpStreamPurpose, id});
    records.configure(tables);
  }

  /// Book-keeping for one committed event, before its handler runs.
  void commit(const Event& e) {
    hash = chain(hash, e);
    ++events;
    last_time = e.time;
  }
};

/// What each LP contributes to a run's result; plain bytes so ranks can exchange it.
template <class Summary>
struct LpOutcome {
  std::uint64_t hash = 0;
  std::uint64_t events = 0;
  Summary summary{};
};

}  // namespace retzef::sim
