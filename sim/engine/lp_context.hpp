// A model's handle on the engine while one of its handlers runs: the current time, which LP
// it is, its random streams, and the two ways to make things happen later — `schedule` (to
// itself, any delay ≥ 0) and `send` (to another LP, at least `lookahead` later, which is what
// lets LPs run in parallel inside a window); `make` takes an event's place in the order now and
// leaves scheduling it, or dropping it, to later in the handler. All calls are inline and
// allocation-free in the steady state; misuse (an event in the past, a message faster than the
// lookahead) throws std::logic_error naming the LP and time, because it would silently break
// determinism.
#pragma once

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include "sim/engine/inbox.hpp"
#include "sim/engine/lp_runtime.hpp"

namespace retzef::sim {

class LpContext {
 public:
  /// Built by schedulers. `post` is null when the scheduler has one queue for all LPs.
  LpContext(const RunFrame& frame, LpId id, LpRuntime& lp, EventQueue& queue,
            const PostOffice* post, Time now)
      : frame_(&frame), lp_(&lp), queue_(&queue), post_(post), id_(id), now_(now) {}

  Time now() const { return now_; }
  LpId id() const { return id_; }
  LpId lp_count() const { return frame_->lp_count; }
  Time lookahead() const { return frame_->lookahead; }
  Time end_time() const { return frame_->end; }
  std::uint64_t seed() const { return frame_->seed; }
  std::uint32_t replication() const { return frame_->replication; }

  /// This LP's own stream (key purpose kLpStreamPurpose, entity = LP id).
  RandomStream& rng() { return lp_->rng; }
  /// A stream keyed by (seed, replication, purpose, entity): the same in every design of an
  /// experiment, so an entity's draws are common random numbers.
  RandomStream stream(StreamPurpose purpose, std::uint64_t entity) const {
    return RandomStream(StreamKey{frame_->seed, frame_->replication, purpose, entity});
  }

  /// An event for this LP after `delay` ≥ 0.
  [[gnu::always_inline]] void schedule(Time delay, EventKind kind, std::uint32_t entity = 0,
                                       std::uint32_t data = 0, Priority priority = 0) {
    schedule_at(now_ + delay, kind, entity, data, priority);
  }

  /// An event for this LP at absolute time `t` ≥ now.
  [[gnu::always_inline]] void schedule_at(Time t, EventKind kind, std::uint32_t entity = 0,
                                          std::uint32_t data = 0, Priority priority = 0) {
    if (!(t >= now_)) fail("scheduled an event in the past or at a non-number time", t);
    const Event e = make_event(t, id_, kind, entity, data, priority);
    if (t < frame_->end) queue_->push(e);
  }

  /// An event for this LP after `delay` ≥ 0, made but not yet scheduled: it takes its place in
  /// the order now, as if scheduled now, and is scheduled later in the same handler by
  /// `schedule(const Event&)`, or dropped. This is for a model that may supersede what it just
  /// scheduled before the handler ends (a redraw under new rates): a dropped event costs the
  /// queue nothing, and since its order word was taken when it was made, whether it was dropped
  /// moves no other event in the order.
  [[gnu::always_inline]] Event make(Time delay, EventKind kind, std::uint32_t entity = 0,
                                    std::uint32_t data = 0, Priority priority = 0) {
    const Time t = now_ + delay;
    if (!(t >= now_)) fail("scheduled an event in the past or at a non-number time", t);
    return make_event(t, id_, kind, entity, data, priority);
  }

  /// Schedules an event made by `make` in this handler.
  [[gnu::always_inline]] void schedule(const Event& made) {
    if (made.target != id_ || !(made.time >= now_))
      fail("scheduled a made event of another LP or handler", made.time);
    if (made.time < frame_->end) queue_->push(made);
  }

  /// A message to LP `target` after `delay` ≥ lookahead (any delay ≥ 0 to itself).
  void send(LpId target, Time delay, EventKind kind, std::uint32_t entity = 0,
            std::uint32_t data = 0, Priority priority = 0) {
    if (target == id_) return schedule(delay, kind, entity, data, priority);
    if (target >= frame_->lp_count) fail("sent a message to a non-existent LP", now_ + delay);
    if (!(delay >= frame_->lookahead))
      fail("sent a message sooner than the lookahead", now_ + delay);
    const Time t = now_ + delay;
    const Event e = make_event(t, target, kind, entity, data, priority);
    if (!(t < frame_->end)) return;
    if (post_ == nullptr) {
      queue_->push(e);
      return;
    }
    // Windowed: the target may be running on another thread now, so the message goes to its
    // inbox (or, on another rank, to this LP's outbox), and the scheduler learns the earliest
    // time sent so that the next window starts early enough.
    if (t < lp_->earliest_sent) lp_->earliest_sent = t;
    if (const std::uint32_t slot = post_->slot[target]; slot != PostOffice::kElsewhere) {
      post_->inboxes[slot].put(e);
    } else {
      lp_->outbox.push_back(e);
    }
  }

  /// Appends a row to one of the model's tables (see Sink).
  void record(TableId table, std::initializer_list<double> fields) {
    lp_->records.record(table, {fields.begin(), fields.size()});
  }
  void record(TableId table, std::span<const double> fields) { lp_->records.record(table, fields); }
  /// Appends a row to fill in place, every column of it (it starts uninitialised); valid until
  /// the next record or add_row.
  std::span<double> add_row(TableId table) { return lp_->records.add_row(table); }

 private:
  [[gnu::always_inline]] Event make_event(Time t, LpId target, EventKind kind, std::uint32_t entity,
                                          std::uint32_t data, Priority priority) {
    const std::uint64_t seq = lp_->next_sequence++;
    if (seq > order_bits::kMaxSequence) fail("scheduled more than 2^36 events", t);
    if (priority > order_bits::kMaxPriority) fail("used a priority class above 15", t);
    return Event{t, make_order(priority, id_, seq), target, kind, entity, data};
  }

  [[noreturn, gnu::cold, gnu::noinline]] void fail(const char* what, Time t) const {
    throw std::logic_error("LP " + std::to_string(id_) + " at time " + std::to_string(now_) + " " +
                           what + " (event time " + std::to_string(t) + ", lookahead " +
                           std::to_string(frame_->lookahead) + ")");
  }

  const RunFrame* frame_;
  LpRuntime* lp_;
  EventQueue* queue_;
  const PostOffice* post_;
  LpId id_;
  Time now_;
};

}  // namespace retzef::sim
