// The pending-event set of one scheduler or one LP. It hands events out in exactly the total
// order of event.hpp, so a run's results do not depend on how it is built; it is built for
// speed on the populations discrete-event models reach (tens of thousands of pending events,
// most far in the future), where one big heap spends its time on cache misses.
//
// Small populations live in one 4-ary heap (EventHeap). Past kSpreadAbove events the queue
// becomes a ladder queue (Tang, Goh and Thng, 2005): a "top" of unsorted events, a few "rungs"
// of time buckets, and a bottom. The top rung cuts the span of the pending times into kBuckets
// equal buckets; when the first non-empty bucket of the lowest rung holds more than kPourAtMost
// events it is cut again into a rung of kBuckets finer buckets, otherwise it is sorted and
// poured into the bottom's sorted run (SortedRun), from whose front pops are taken. A push goes
// to the highest rung whose unconsumed buckets cover its time, or to the top beyond the top
// rung, or, before every rung, to a small heap beside the run, which pop merges with it: O(1),
// and only a few dozen bucket ends are written to, so they stay in cache. The bottom stays a
// few dozen events deep whatever the total population.
//
// Which structure an event sits in depends only on its time and the queue's own history, never
// on its order word, and within the bottom the full order decides: the output order is the
// same as one heap's. All storage only grows, so once a run has reached its largest population,
// push and pop allocate nothing but, rarely, a longer list of block ids for a bucket that holds
// more blocks than it ever has. Buckets are lists of small blocks from one pool, handed back when a
// bucket is poured or cut: the queue holds about as much memory as it has events, and a freed
// block, still in cache, is the next one written to.
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/block_ids.hpp"
#include "sim/core/event.hpp"
#include "sim/core/event_heap.hpp"
#include "sim/core/huge_page_allocator.hpp"
#include "sim/core/prefetch.hpp"
#include "sim/core/sorted_run.hpp"

namespace retzef::sim {

class EventQueue {
 public:
  /// A heap of more events than this becomes a ladder...
  static constexpr std::size_t kSpreadAbove = 4096;
  /// ...and a ladder rebuilt for this many or fewer goes back to one heap (hysteresis).
  static constexpr std::size_t kHeapAtMost = 1024;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void clear() {
    near_.clear();
    run_.clear();
    for (auto& bucket : buckets_)
      release(bucket);
    top_.clear();
    size_ = 0;
    use_heap_only();
  }
  void reserve(std::size_t n) {
    near_.reserve(std::min(n, kSpreadAbove + 1));
    top_.reserve(n);
  }

  /// Time of the next event, or kNever.
  Time next_time() const { return size_ == 0 ? kNever : top().time; }

  const Event& top() const {
    assert(size_ > 0);
    if (run_.empty()) return near_.top();
    if (near_.empty() || before(run_.front(), near_.top())) return run_.front();
    return near_.top();
  }

  /// The event after the top, null if there is none: for prefetching. The bottom is refilled
  /// before it falls below kKeepInBottom events (pop, advance), so the second is always in it.
  const Event* second() const {
    if (run_.empty()) return near_.second();
    if (near_.empty()) return run_.beyond_front(1);
    const Event& run_first = run_.front();
    const Event& heap_first = near_.top();
    if (before(run_first, heap_first)) {
      const Event* run_second = run_.beyond_front(1);
      return run_second != nullptr && before(*run_second, heap_first) ? run_second : &heap_first;
    }
    const Event* heap_second = near_.second();
    return heap_second != nullptr && before(*heap_second, run_first) ? heap_second : &run_first;
  }

  /// An event kAhead places after the top, or null: for asking for its memory three handlers
  /// before its own. It is the sorted run's, so it is exactly that event unless some pushed
  /// since the last pour fall between, and then a later one: a hint, never used for the order.
  const Event* ahead() const { return run_.beyond_front(kAhead); }

  [[gnu::always_inline]] void push(const Event& e) {
    if (size_++ == 0) use_heap_only();  // an empty queue starts afresh from this event
    if (rung_count_ == 0) {
      near_.push(e);
      if (near_.size() > kSpreadAbove) [[unlikely]]
        spread();
      return;
    }
    const double first = rungs_[0].position(e.time);
    if (!(first < static_cast<double>(kBuckets))) {  // beyond the top rung (or never)
      top_.push_back(e);
      return;
    }
    if (first >= static_cast<double>(rungs_[0].next)) {
      append(bucket(0, first), e);
      return;
    }
    for (std::size_t r = 1; r < rung_count_; ++r) {
      const double position = rungs_[r].position(e.time);
      if (position >= static_cast<double>(rungs_[r].next)) {
        append(bucket(r, position), e);
        return;
      }
    }
    near_.push(e);  // before every unconsumed bucket: in the current one, or earlier
  }

  /// Removes and returns the first event in the total order: the first of the sorted run or of
  /// the heap beside it (the bottom). The next bucket is poured while the bottom still holds
  /// kAhead events, not once it is empty: a scheduler asks for the memory of the second and of
  /// ahead() before their handling, and a bucket poured only when the bottom ran dry handed out
  /// events no one had asked for (buckets hold about two events). The bottom's events all
  /// precede the next bucket's, so pouring it early changes no order.
  [[gnu::always_inline]] Event pop() {
    assert(size_ > 0);
    const Event first = near_.empty() || (!run_.empty() && before(run_.front(), near_.top()))
                            ? run_.pop_front()
                            : near_.pop();
    --size_;
    const std::size_t bottom = run_.size() + near_.size();
    if (bottom < kKeepInBottom && size_ > bottom) [[unlikely]]
      advance();
    return first;
  }

 private:
  static constexpr std::size_t kBuckets = 64;        // per rung
  static constexpr std::size_t kMaxRungs = 8;        // then a bucket is poured whatever its size
  static constexpr std::size_t kPourAtMost = 64;     // a bigger bucket is cut into a finer rung
  static constexpr std::uint32_t kBlockEvents = 16;  // 512 bytes of events per block
  static constexpr std::uint32_t kNoBlock = ~std::uint32_t{0};
  /// How far ahead() looks; the bottom is kept one deeper, so that it has that event (pop).
  static constexpr std::size_t kAhead = 3;
  static constexpr std::size_t kKeepInBottom = kAhead + 1;

  /// Sixteen events, on cache-line boundaries; which blocks a bucket holds is kept apart, in the
  /// bucket, so that an append writes one line.
  struct alignas(64) Block {
    std::array<Event, kBlockEvents> events;
  };
  /// A bucket: its blocks in the order they were filled, the last (`tail`) appended to. The
  /// list, not a chain of links through the blocks, so that a cut reads the next blocks' places
  /// without waiting for each block in turn and can ask for them early. Its storage is kept
  /// when the bucket is emptied, so it grows only when the bucket holds more blocks than ever.
  struct Bucket {
    std::uint32_t tail = kNoBlock;
    std::size_t size = 0;
    BlockIds blocks;
  };

  /// One rung: kBuckets buckets of equal width from an origin; those below `next` are used up.
  struct Rung {
    Time origin = 0;
    double inverse_width = 0;
    double width = 0;
    std::size_t next = 0;
    /// Where a time falls, as a real number: bucket floor(position). Monotone in time (a
    /// subtraction and a multiplication by a positive constant), which is all the order needs;
    /// comparing positions, never recomputed bucket bounds, keeps the edges consistent.
    double position(Time t) const { return (t - origin) * inverse_width; }
  };

  /// The bucket of `rung` at `position`, clamped to the rung: rounding can put a time at the
  /// very edge of a cut bucket just outside its finer rung, and clamping keeps the mapping
  /// monotone, so the order holds.
  Bucket& bucket(std::size_t rung, double position) {
    const double clamped = std::clamp(position, 0.0, static_cast<double>(kBuckets - 1));
    return buckets_[rung * kBuckets + static_cast<std::size_t>(clamped)];
  }

  void use_heap_only() { rung_count_ = 0; }

  /// Every block of a bucket but the last is full, so the bucket's size says where the next
  /// event goes. Inlined into every push and cut (a call's saved registers cost more than the
  /// append), with the rare new block out of line.
  [[gnu::always_inline]] void append(Bucket& b, const Event& e) {
    const auto fill = static_cast<std::uint32_t>(b.size % kBlockEvents);
    if (fill == 0) [[unlikely]] {
      const std::uint32_t fresh = take_block();
      b.blocks.push_back(fresh);
      b.tail = fresh;
    }
    blocks_[b.tail].events[fill] = e;
    ++b.size;
  }

  /// A free block, the last freed (still in cache) first; the pool grows, out of line, only
  /// while the queue climbs to its largest population.
  [[gnu::always_inline]] std::uint32_t take_block() {
    if (free_.empty()) [[unlikely]]
      return new_block();
    return free_.pop_back();
  }
  [[gnu::noinline]] std::uint32_t new_block() {
    blocks_.emplace_back();
    return static_cast<std::uint32_t>(blocks_.size() - 1);
  }

  void prefetch_block(std::uint32_t id) const {
    const char* start = reinterpret_cast<const char*>(&blocks_[id]);
    for (std::size_t line = 0; line < sizeof(Block); line += 64)
      prefetch_line(start + line);
  }

  /// Calls `f` on every event of `b`, then empties it and hands its blocks back. `f` may
  /// append to other buckets (the pool may grow), so blocks are found by index.
  template <class F>
  void drain(Bucket& b, F&& f) {
    std::size_t left = b.size;
    const std::size_t count = b.blocks.size();
    for (std::size_t k = 0; k < count; ++k) {
      // A bucket's blocks lie anywhere in the pool, beyond the hardware prefetcher's guess: ask
      // for the one two ahead while this one is read (and, at the start, for the next too).
      if (k == 0 && count > 1) prefetch_block(b.blocks[1]);
      if (k + 2 < count) prefetch_block(b.blocks[k + 2]);
      const std::uint32_t id = b.blocks[k];
      const std::size_t n = std::min<std::size_t>(left, kBlockEvents);
      for (std::size_t i = 0; i < n; ++i) {
        const Event e = blocks_[id].events[i];  // a copy: `f` may move the pool
        f(e);
      }
      left -= n;
      free_.push_back(id);
    }
    b.blocks.clear();
    b.tail = kNoBlock;
    b.size = 0;
  }

  void release(Bucket& b) {
    drain(b, [](const Event&) {});
  }

  /// The heap has grown past kSpreadAbove: hand every event to the top and build a ladder.
  [[gnu::noinline]] void spread() {
    while (!near_.empty())
      top_.push_back(near_.pop());
    while (!run_.empty())  // left from the ladder before: maybe later than what the heap got
      top_.push_back(run_.pop_front());
    advance();
  }

  /// The bottom holds fewer than kKeepInBottom events and others remain beyond it: find the first
  /// non-empty bucket of the lowest rung, cutting it into a finer rung while it is big, and pour
  /// it into the sorted run, again until the bottom holds kKeepInBottom; a used-up rung is dropped,
  /// and when none is left the top is spread over a new top rung (or, when few events are left,
  /// poured into the heap). Everything beyond the bottom comes after everything in it, so the
  /// bottom's remaining events keep their place.
  [[gnu::noinline]] void advance() {
    for (;;) {
      if (rung_count_ == 0) {
        if (!build_top_rung()) return;  // back to one heap
        continue;
      }
      const std::size_t r = rung_count_ - 1;
      Rung& rung = rungs_[r];
      while (rung.next < kBuckets && buckets_[r * kBuckets + rung.next].size == 0)
        ++rung.next;
      if (rung.next == kBuckets) {
        --rung_count_;
        continue;
      }
      Bucket& chosen = buckets_[r * kBuckets + rung.next];
      const std::size_t index = rung.next++;
      if (chosen.size > kPourAtMost && rung_count_ < kMaxRungs) {
        Rung& finer = rungs_[rung_count_++];
        finer.origin = rung.origin + static_cast<double>(index) * rung.width;
        finer.width = rung.width / kBuckets;
        finer.inverse_width = rung.inverse_width * kBuckets;
        finer.next = 0;
        drain(chosen, [&](const Event& e) { append(bucket(r + 1, finer.position(e.time)), e); });
        continue;
      }
      run_.pour(chosen.size,
                [&](Event* out) { drain(chosen, [&](const Event& e) { *out++ = e; }); });
      // Until the bottom holds kKeepInBottom, so that second() is never missing and ahead()
      // rarely is.
      const std::size_t bottom = run_.size() + near_.size();
      if (bottom >= kKeepInBottom || bottom == size_) return;
    }
  }

  /// Every pending event beyond the heap is in the top. Spreads it over a new top rung spanning
  /// its finite times, or goes back to one heap when few events remain or none has a finite
  /// time. Returns whether a rung was built.
  bool build_top_rung() {
    assert(near_.size() + run_.size() < kKeepInBottom && !top_.empty());
    Time earliest = kNever;
    Time latest = -kNever;
    for (const Event& e : top_) {
      if (!std::isfinite(e.time)) continue;
      earliest = std::min(earliest, e.time);
      latest = std::max(latest, e.time);
    }
    if (top_.size() <= kHeapAtMost || !std::isfinite(earliest)) {
      for (const Event& e : top_)
        near_.push(e);
      top_.clear();
      use_heap_only();
      return false;
    }
    if (buckets_.empty()) buckets_.resize(kMaxRungs * kBuckets);
    Rung& rung = rungs_[0];
    // The latest time lands at position kBuckets exactly and stays in the top: one event,
    // taken up by the next top rung.
    double width = (latest - earliest) / static_cast<double>(kBuckets);
    if (!(width > 0) || !std::isfinite(width)) width = 1.0;
    rung.origin = earliest;
    rung.width = width;
    rung.inverse_width = 1.0 / width;
    rung.next = 0;
    rung_count_ = 1;
    std::size_t kept = 0;
    for (const Event& e : top_) {
      const double position = rung.position(e.time);
      if (position < static_cast<double>(kBuckets)) {
        append(bucket(0, position), e);
      } else {
        top_[kept++] = e;
      }
    }
    top_.resize(kept);
    return true;
  }

  SortedRun run_;                        // the bottom: the buckets poured, in exact order...
  EventHeap near_;                       // ...and what is pushed into their time since
  std::array<Rung, kMaxRungs> rungs_{};  // rung 0 is the coarsest
  std::size_t rung_count_ = 0;           // 0: everything is in near_
  std::vector<Bucket> buckets_;          // kBuckets per rung, rung by rung
  HugePageVector<Block> blocks_;         // the pool the buckets' blocks come from
  BlockIds free_;                        // the free blocks, last freed first
  HugePageVector<Event> top_;            // beyond the top rung, unsorted
  std::size_t size_ = 0;
};

}  // namespace retzef::sim
