// Buffers that the output code fills completely before reading — a chunk being built, a
// compressed stream, a plane's tokens — and that are made again for every replication. A plain
// std::vector clears what it allocates, megabytes per replication that are overwritten at once;
// this allocator leaves new elements of trivial types uninitialised (default-initialised), so
// growing a buffer costs its allocation only.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace retzef::sim::h5 {

template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}

  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;  // default-initialisation: no zeroing
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    std::allocator_traits<std::allocator<T>>::construct(static_cast<std::allocator<T>&>(*this), p,
                                                        std::forward<Args>(args)...);
  }
};

/// A growable array whose new elements are not cleared: fill before reading.
template <class T>
using ScratchBuffer = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace retzef::sim::h5
