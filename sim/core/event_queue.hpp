// The pending-event set of one scheduler or one LP: a 4-ary min-heap of Events in one vector.
// A 4-ary heap halves the depth of a binary heap and keeps a node's children in one cache
// line; moving a "hole" instead of swapping halves the writes. Once the vector has grown to
// the largest population seen, push and pop allocate nothing.
#pragma once

#include <cassert>
#include <cstddef>
#include <vector>

#include "sim/core/event.hpp"

namespace retzef::sim {

class EventQueue {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  void reserve(std::size_t n) { heap_.reserve(n); }
  void clear() { heap_.clear(); }

  /// Time of the next event, or kNever.
  Time next_time() const { return heap_.empty() ? kNever : heap_.front().time; }

  const Event& top() const {
    assert(!heap_.empty());
    return heap_.front();
  }

  void push(const Event& e) {
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }

  /// Removes and returns the first event in the total order.
  Event pop() {
    assert(!heap_.empty());
    const Event first = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n > 0) sift_down_from_root(last, n);
    return first;
  }

 private:
  static constexpr std::size_t kArity = 4;

  void sift_down_from_root(const Event& moving, std::size_t n) {
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first_child = hole * kArity + 1;
      if (first_child >= n) break;
      const std::size_t end = first_child + kArity < n ? first_child + kArity : n;
      std::size_t best = first_child;
      for (std::size_t c = first_child + 1; c < end; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      if (!before(heap_[best], moving)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = moving;
  }

  std::vector<Event> heap_;
};

}  // namespace retzef::sim
