// A 4-ary min-heap of Events in one array: the event queue's exact-order part, and on its own
// the whole queue while few events are pending. A 4-ary heap halves the depth of a binary heap
// and keeps a node's children in one cache line; moving a "hole" instead of swapping halves the
// writes. The array only grows (by doubling, out of line), so once it has reached the largest
// population of a run, push and pop allocate nothing and inline to a few dozen instructions.
#pragma once

#include <cassert>
#include <cstddef>
#include <memory>

#include "sim/core/event.hpp"

namespace retzef::sim {

class EventHeap {
 public:
  EventHeap() = default;
  EventHeap(const EventHeap& other) { *this = other; }
  EventHeap& operator=(const EventHeap& other) {
    if (this != &other) {
      reserve(other.size_);
      size_ = other.size_;
      for (std::size_t i = 0; i < size_; ++i)
        heap_[i] = other.heap_[i];
    }
    return *this;
  }
  EventHeap(EventHeap&&) noexcept = default;
  EventHeap& operator=(EventHeap&&) noexcept = default;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  void clear() { size_ = 0; }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(n);
  }

  const Event& top() const {
    assert(size_ > 0);
    return heap_[0];
  }

  /// The event after the top (the least of the root's children), or null if there is none.
  const Event* second() const {
    if (size_ < 2) return nullptr;
    const std::size_t end = size_ < kArity + 1 ? size_ : kArity + 1;
    std::size_t best = 1;
    for (std::size_t c = 2; c < end; ++c) {
      if (before(heap_[c], heap_[best])) best = c;
    }
    return &heap_[best];
  }

  [[gnu::always_inline]] void push(const Event& e) {
    if (size_ == capacity_) grow(capacity_ == 0 ? 64 : 2 * capacity_);
    std::size_t hole = size_++;
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }

  /// Removes and returns the first event in the total order.
  [[gnu::always_inline]] Event pop() {
    assert(size_ > 0);
    const Event first = heap_[0];
    const std::size_t n = --size_;
    if (n > 0) sift_down_from_root(heap_[n], n);
    return first;
  }

 private:
  static constexpr std::size_t kArity = 4;

  void sift_down_from_root(const Event moving, std::size_t n) {
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

  [[gnu::noinline]] void grow(std::size_t capacity) {
    auto bigger = std::make_unique_for_overwrite<Event[]>(capacity);
    for (std::size_t i = 0; i < size_; ++i)
      bigger[i] = heap_[i];
    heap_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<Event[]> heap_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace retzef::sim
