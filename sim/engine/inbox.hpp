// Where messages for an LP wait while a window is being handled. Senders on other threads put
// events in under a short spin lock; the LP moves them into its queue at the start of its next
// turn. The order in which senders got the lock does not matter: the queue orders events by
// the total order, whose keys are unique, so the LP handles the same events in the same order
// whatever the interleaving. Aligned to a cache line so that one LP's lock never shares a line
// with another's.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "sim/core/event_queue.hpp"

namespace retzef::sim {

class alignas(64) Inbox {
 public:
  void put(const Event& e) {
    lock();
    events_.push_back(e);  // keeps its capacity across windows: no allocation once warm
    locked_.store(false, std::memory_order_release);
  }

  /// Moves everything waiting into `queue`.
  void drain_into(EventQueue& queue) {
    lock();
    for (const Event& e : events_)
      queue.push(e);
    events_.clear();
    locked_.store(false, std::memory_order_release);
  }

 private:
  void lock() {
    while (locked_.exchange(true, std::memory_order_acquire)) {
      while (locked_.load(std::memory_order_relaxed)) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();  // be gentle with the sibling hyper-thread while spinning
#endif
      }
    }
  }

  std::atomic<bool> locked_{false};
  std::vector<Event> events_;
};

/// The inboxes of the LPs on this process: LP `lp`'s is inboxes[slot[lp]], where slot[lp] is
/// kElsewhere for an LP on another rank.
struct PostOffice {
  static constexpr std::uint32_t kElsewhere = ~std::uint32_t{0};
  const std::uint32_t* slot = nullptr;
  Inbox* inboxes = nullptr;
};

}  // namespace retzef::sim
