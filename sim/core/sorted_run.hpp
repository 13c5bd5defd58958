// The event queue's sorted run: the events of the buckets poured last, in the total order,
// handed out from the front. A bucket's events all come after every event still in the run (the
// ladder's invariant), so a pour sorts just the bucket and appends it, and a pop is a read and an
// increment where a heap's pop sifts. Events pushed into the time the run covers go to the
// queue's small heap beside it (event_queue.hpp), which the queue's pop merges with the run.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <memory>

#include "sim/core/event.hpp"

namespace retzef::sim {

class SortedRun {
 public:
  bool empty() const { return head_ == end_; }
  std::size_t size() const { return end_ - head_; }
  void clear() { head_ = end_ = 0; }

  const Event& front() const {
    assert(!empty());
    return events_[head_];
  }
  /// The event `k` places after the front, or null if the run is shorter.
  const Event* beyond_front(std::size_t k) const {
    return size() > k ? &events_[head_ + k] : nullptr;
  }
  [[gnu::always_inline]] Event pop_front() {
    assert(!empty());
    return events_[head_++];
  }

  /// Appends `n` events, which `fill(out)` writes to out[0..n), and sorts them. Every one of them
  /// must come after every event in the run.
  template <class Fill>
  void pour(std::size_t n, Fill&& fill) {
    // What is left of the run (a pour comes while it still holds an event or so) moves to the
    // front, so the storage is reused from the start.
    const std::size_t left = size();
    if (head_ > 0) {
      std::copy(events_.get() + head_, events_.get() + end_, events_.get());
      head_ = 0;
      end_ = left;
    }
    if (left + n > capacity_) grow(std::max(left + n, 2 * capacity_));
    Event* out = events_.get() + end_;
    fill(out);
    std::sort(out, out + n, [](const Event& a, const Event& b) { return before(a, b); });
    assert(left == 0 || !before(out[0], events_[end_ - 1]));
    end_ += n;
  }

 private:
  /// Only from pour, once what is left has moved to the front (head_ is 0).
  [[gnu::noinline]] void grow(std::size_t capacity) {
    capacity = std::max<std::size_t>(capacity, 128);
    auto bigger = std::make_unique_for_overwrite<Event[]>(capacity);
    std::copy(events_.get(), events_.get() + end_, bigger.get());
    events_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<Event[]> events_;
  std::size_t head_ = 0;
  std::size_t end_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace retzef::sim
