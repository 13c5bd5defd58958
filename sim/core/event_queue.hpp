// The pending-event set of one scheduler or one LP. It hands events out in exactly the total
// order of event.hpp, so a run's results do not depend on how it is built; it is built for
// speed on the populations discrete-event models reach (tens of thousands of pending events,
// most far in the future), where one big heap spends its time on cache misses.
//
// Small populations live in one 4-ary heap (EventHeap). Past kSpreadAbove events the queue
// switches to a calendar (a "bucket wheel", after Brown's calendar queue): time from an origin
// is cut into buckets of equal width; the heap ("near") holds only the events of the current
// bucket, later buckets are unsorted arrays appended to in O(1), and events beyond the last
// bucket wait unsorted in "far". When the heap runs dry the next non-empty bucket is poured
// into it; when the wheel runs out, far is spread over a new wheel whose width is chosen from a
// sample of the pending times so that the wheel covers about half of them. The heap therefore
// stays a few events deep and cache-resident, whatever the total population.
//
// Which structure an event sits in depends only on its time and the queue's own history, never
// on its order word, and within the heap the full order decides: the output order is the same
// as one heap's. All storage only grows, so once a run has reached its largest population, push
// and pop allocate nothing.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <vector>

#include "sim/core/event.hpp"
#include "sim/core/event_heap.hpp"

namespace retzef::sim {

class EventQueue {
 public:
  /// A heap of more events than this is spread over a wheel...
  static constexpr std::size_t kSpreadAbove = 4096;
  /// ...and a wheel rebuilt for this many or fewer falls back to one heap (hysteresis).
  static constexpr std::size_t kHeapAtMost = 1024;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void clear() {
    near_.clear();
    for (std::size_t b = 0; b < bucket_count_; ++b)
      buckets_[b].clear();
    far_.clear();
    size_ = 0;
    use_heap_only();
  }
  void reserve(std::size_t n) {
    near_.reserve(std::min(n, kSpreadAbove + 1));
    far_.reserve(n);
  }

  /// Time of the next event, or kNever.
  Time next_time() const { return size_ == 0 ? kNever : near_.top().time; }

  const Event& top() const {
    assert(size_ > 0);
    return near_.top();
  }

  [[gnu::always_inline]] void push(const Event& e) {
    if (size_++ == 0) use_heap_only();  // an empty queue starts afresh from this event
    if (heap_only_) {
      near_.push(e);
      if (near_.size() > kSpreadAbove) [[unlikely]]
        spread();
      return;
    }
    const double slot = bucket_position(e.time);
    if (slot < near_limit_) {
      near_.push(e);
    } else if (slot < static_cast<double>(bucket_count_)) {
      buckets_[static_cast<std::size_t>(slot)].push_back(e);
    } else {
      far_.push_back(e);
    }
  }

  /// Removes and returns the first event in the total order.
  [[gnu::always_inline]] Event pop() {
    assert(size_ > 0);
    const Event first = near_.pop();
    if (--size_ > 0 && near_.empty()) [[unlikely]]
      advance();
    return first;
  }

 private:
  static constexpr std::size_t kMinBuckets = 16;
  static constexpr std::size_t kMaxBuckets = 1 << 14;
  static constexpr std::size_t kEventsPerBucket = 8;  // over the whole population; ~4 per bucket
                                                      // inside the wheel, which holds about half
  static constexpr std::size_t kWidthSamples = 64;

  /// Where a time falls on the wheel, as a real number: bucket floor(position). Monotone in
  /// time (a subtraction and a multiplication by a positive constant), which is all the order
  /// needs; comparing positions, never recomputed bucket bounds, keeps edges consistent.
  double bucket_position(Time t) const { return (t - origin_) * inverse_width_; }

  void use_heap_only() {
    heap_only_ = true;
    next_bucket_ = bucket_count_;
  }

  /// The heap has grown past kSpreadAbove: hand every event to far and build a wheel.
  [[gnu::noinline]] void spread() {
    while (!near_.empty())
      far_.push_back(near_.pop());
    heap_only_ = false;
    next_bucket_ = bucket_count_;
    advance();
  }

  /// The heap is empty and events remain: pour the next non-empty bucket into it, building a
  /// new wheel from far when the current one is used up.
  [[gnu::noinline]] void advance() {
    for (;;) {
      while (next_bucket_ < bucket_count_) {
        std::vector<Event>& bucket = buckets_[next_bucket_++];
        if (bucket.empty()) continue;
        for (const Event& e : bucket)
          near_.push(e);
        bucket.clear();
        // Positions below the next bucket's index belong to the bucket just poured.
        near_limit_ = static_cast<double>(next_bucket_);
        return;
      }
      rebuild();
      if (heap_only_) return;
    }
  }

  /// Every pending event is in far. Chooses a width and spreads far over a new wheel, or goes
  /// back to one heap when few events remain or their times defeat a wheel (all infinite).
  void rebuild() {
    assert(near_.empty() && !far_.empty());
    Time earliest = kNever;
    for (const Event& e : far_)
      earliest = std::min(earliest, e.time);
    if (far_.size() <= kHeapAtMost || !std::isfinite(earliest)) {
      for (const Event& e : far_)
        near_.push(e);
      far_.clear();
      use_heap_only();
      return;
    }
    // Width: the wheel spans from the earliest time to the median of a sample of pending
    // times, so it holds about half the events and far is rescanned about once per half
    // population handled. Ties at the front fall back to the sample's latest time.
    std::array<Time, kWidthSamples> sample{};
    const std::size_t step = far_.size() / kWidthSamples;
    for (std::size_t i = 0; i < kWidthSamples; ++i)
      sample[i] = far_[i * step].time;
    std::nth_element(sample.begin(), sample.begin() + kWidthSamples / 2, sample.end());
    Time span = sample[kWidthSamples / 2] - earliest;
    if (!(span > 0)) span = *std::max_element(sample.begin(), sample.end()) - earliest;

    const std::size_t wanted = std::bit_ceil(far_.size() / kEventsPerBucket);
    const std::size_t buckets = std::clamp(wanted, kMinBuckets, kMaxBuckets);
    if (buckets > buckets_.size()) buckets_.resize(buckets);
    bucket_count_ = buckets;
    double width = span / static_cast<double>(buckets);
    if (!(width > 0) || !std::isfinite(width)) width = 1.0;
    origin_ = earliest;
    inverse_width_ = 1.0 / width;
    near_limit_ = 0;
    next_bucket_ = 0;
    heap_only_ = false;

    std::size_t kept = 0;
    for (const Event& e : far_) {
      const double slot = bucket_position(e.time);
      if (slot < static_cast<double>(bucket_count_)) {
        buckets_[static_cast<std::size_t>(slot)].push_back(e);
      } else {
        far_[kept++] = e;
      }
    }
    far_.resize(kept);
  }

  EventHeap near_;                           // the current bucket's events, in exact order
  std::vector<std::vector<Event>> buckets_;  // the wheel; only the first bucket_count_ in use
  std::vector<Event> far_;                   // beyond the wheel, unsorted
  std::size_t size_ = 0;
  std::size_t bucket_count_ = 0;
  std::size_t next_bucket_ = 0;  // the first bucket not yet poured into near
  double near_limit_ = 0;        // positions below this go to near
  Time origin_ = 0;
  double inverse_width_ = 0;
  bool heap_only_ = true;
};

}  // namespace retzef::sim
