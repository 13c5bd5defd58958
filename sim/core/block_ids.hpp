// A growable list of 32-bit ids for the event queue's blocks: the pool's free list and each
// bucket's blocks. std::vector's push_back did not inline into the queue's hot paths, and its
// call saved and restored six registers around a four-byte store, about once for every event
// poured or cut. Here an append and a removal inline to a few instructions; growth, which
// happens only while a run climbs to its largest population, is out of line.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace retzef::sim {

class BlockIds {
 public:
  BlockIds() = default;
  BlockIds(const BlockIds& other) { *this = other; }
  BlockIds& operator=(const BlockIds& other) {
    if (this != &other) {
      size_ = 0;
      if (other.size_ > capacity_) grow_to(other.size_);
      std::copy_n(other.ids_.get(), other.size_, ids_.get());
      size_ = other.size_;
    }
    return *this;
  }
  BlockIds(BlockIds&& other) noexcept
      : ids_(std::move(other.ids_)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  BlockIds& operator=(BlockIds&& other) noexcept {
    ids_ = std::move(other.ids_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    return *this;
  }

  bool empty() const { return size_ == 0; }
  std::uint32_t size() const { return size_; }
  std::uint32_t operator[](std::size_t i) const {
    assert(i < size_);
    return ids_[i];
  }
  std::uint32_t back() const {
    assert(size_ > 0);
    return ids_[size_ - 1];
  }

  [[gnu::always_inline]] void push_back(std::uint32_t id) {
    if (size_ == capacity_) [[unlikely]]
      grow_to(capacity_ == 0 ? 8 : 2 * capacity_);
    ids_[size_++] = id;
  }
  [[gnu::always_inline]] std::uint32_t pop_back() {
    assert(size_ > 0);
    return ids_[--size_];
  }
  /// Empties the list and keeps its storage.
  void clear() { size_ = 0; }

 private:
  [[gnu::noinline]] void grow_to(std::uint32_t capacity) {
    auto bigger = std::make_unique_for_overwrite<std::uint32_t[]>(capacity);
    std::copy_n(ids_.get(), size_, bigger.get());
    ids_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<std::uint32_t[]> ids_;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
};

}  // namespace retzef::sim
