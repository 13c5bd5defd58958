// A first-in-first-out ring buffer of plain values that grows by doubling and never shrinks:
// the waiting line of a queue. Once it has reached the longest line of a run, push and pop
// allocate nothing and cost a few instructions each.
#pragma once

#include <cassert>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace retzef::sim {

template <class T>
class Ring {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  void clear() { head_ = size_ = 0; }

  void push(const T& value) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = value;
    ++size_;
  }

  T pop() {
    assert(size_ > 0);
    const T value = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return value;
  }

  const T& front() const {
    assert(size_ > 0);
    return slots_[head_];
  }

  /// The i-th value from the front (0 = front).
  const T& operator[](std::size_t i) const {
    assert(i < size_);
    return slots_[(head_ + i) & (slots_.size() - 1)];
  }

 private:
  void grow() {
    std::vector<T> bigger(slots_.empty() ? 64 : slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i)
      bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;  // size is always 0 or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace retzef::sim
