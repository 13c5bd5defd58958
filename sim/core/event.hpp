// The event: the one record every scheduler moves around, and the total order among events
// that makes a run repeatable. An event is 32 bytes of plain data so that queues and message
// buffers copy it with memcpy and MPI can ship it as bytes.
//
// Order: events are handled in increasing (time, priority class, source LP, source sequence).
// The last three are packed into one 64-bit `order` word so that a comparison is two compares:
//
//   bit 63..60  priority class  (0 first; 16 classes)
//   bit 59..36  source LP       (the LP that scheduled the event; 2^24 LPs)
//   bit 35..0   source sequence (per source LP, counts every event it schedules; 2^36)
//
// Every field is decided by the model's own deterministic execution, never by pointers, hash
// order, threads or ranks, so the order is the same under every scheduler.
#pragma once

#include <cstdint>
#include <type_traits>

#include "sim/core/time.hpp"

namespace retzef::sim {

using LpId = std::uint32_t;
using EventKind = std::uint32_t;
using Priority = std::uint32_t;

namespace order_bits {
inline constexpr int kSequenceBits = 36;
inline constexpr int kSourceBits = 24;
inline constexpr int kPriorityBits = 4;
inline constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequenceBits) - 1;
inline constexpr std::uint64_t kMaxSource = (std::uint64_t{1} << kSourceBits) - 1;
inline constexpr std::uint64_t kMaxPriority = (std::uint64_t{1} << kPriorityBits) - 1;
}  // namespace order_bits

/// Packs (priority, source, sequence) into the order word. Callers check the ranges.
constexpr std::uint64_t make_order(Priority priority, LpId source, std::uint64_t sequence) {
  using namespace order_bits;
  return (std::uint64_t{priority} << (kSequenceBits + kSourceBits)) |
         (std::uint64_t{source} << kSequenceBits) | sequence;
}
constexpr Priority order_priority(std::uint64_t order) {
  return static_cast<Priority>(order >> (order_bits::kSequenceBits + order_bits::kSourceBits));
}
constexpr LpId order_source(std::uint64_t order) {
  return static_cast<LpId>((order >> order_bits::kSequenceBits) & order_bits::kMaxSource);
}
constexpr std::uint64_t order_sequence(std::uint64_t order) {
  return order & order_bits::kMaxSequence;
}

struct Event {
  Time time = 0;             ///< when it happens
  std::uint64_t order = 0;   ///< tie-break key, see above
  LpId target = 0;           ///< the LP that handles it
  EventKind kind = 0;        ///< the model's event type (an index into its handler table)
  std::uint32_t entity = 0;  ///< model payload: usually the entity the event is about
  std::uint32_t data = 0;    ///< model payload: a small value (an epoch, a level, ...)
};
static_assert(sizeof(Event) == 32);
static_assert(std::is_trivially_copyable_v<Event>);

/// The total order: true if `a` is handled before `b`. (A branch-free 128-bit comparison of
/// the time's bits and the order word was measured and costs more instructions here.)
constexpr bool before(const Event& a, const Event& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

}  // namespace retzef::sim
