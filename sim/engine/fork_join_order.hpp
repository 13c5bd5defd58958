// Happens-before edges that ThreadSanitizer cannot see for itself across a TBB parallel loop.
// Debian's libtbb is not built with ThreadSanitizer, so the hand-over of work from the calling
// thread to TBB's workers, and the join back, happen inside code it does not watch: every
// write before a loop then looks like a race with the loop's tasks, and every write in a task
// like a race with what the caller reads after the join. A ForkJoinOrder states those edges
// explicitly (the caller's past is published to each task when the task starts; each task's
// work is published to the caller when the loop returns). Built without -fsanitize=thread
// every member is an empty inline function, so release code is unchanged. Tasks are not
// ordered with each other, so a race between two tasks is still reported. The loop's body is a
// third hand-over: TBB copies it into each task it splits off, on whichever thread splits, and
// another thread may run that copy; `body()` wraps a loop body so that this copy, too, is seen.
#pragma once

#include <concepts>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#define RETZEF_TSAN_ANNOTATIONS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RETZEF_TSAN_ANNOTATIONS 1
#endif
#endif

#ifdef RETZEF_TSAN_ANNOTATIONS
#include <sanitizer/tsan_interface.h>
#endif

namespace retzef::sim {

/// One fork/join: construct it just before handing work to a parallel loop (the fork), open a
/// Task at the start of each task body, and let it go out of scope after the loop has returned
/// (the join). Use one per loop call: its address names the edges.
class ForkJoinOrder {
 public:
  ForkJoinOrder() { release(&fork_); }
  ~ForkJoinOrder() { acquire(&join_); }
  ForkJoinOrder(const ForkJoinOrder&) = delete;
  ForkJoinOrder& operator=(const ForkJoinOrder&) = delete;

  template <class F>
  class Body;

  /// The loop's body, wrapped: `parallel_for(range, order.body([&](const auto& r) {...}))`.
  /// Each call of the wrapped body runs inside a Task.
  template <class F>
  Body<F> body(F f) {
    return Body<F>(*this, std::move(f));
  }

  /// Held for the whole of a task body: it sees the caller's writes before the fork, and the
  /// caller after the join sees the task's writes (also when the body throws).
  class Task {
   public:
    explicit Task(ForkJoinOrder& order) : order_(order) { acquire(&order_.fork_); }
    ~Task() { release(&order_.join_); }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;

   private:
    ForkJoinOrder& order_;
  };

  /// A loop body that publishes itself with every copy. TBB builds the copy a split-off task
  /// carries on the thread that splits (often a worker) and hands the task to the thread that
  /// steals it, through its own deques; the copy's bytes (the references the body captured) are
  /// then read by a thread ThreadSanitizer saw no order with. Each copy releases its own
  /// address once built and when destroyed (TBB's pool hands the memory on to the next task),
  /// and whoever builds a copy there or runs one acquires it first: the order TBB's hand-over
  /// gives, stated. Without -fsanitize=thread a Body is its F and a pointer.
  template <class F>
  class Body {
   public:
    Body(ForkJoinOrder& order, F f) : order_(&order), f_(std::move(f)) { release(this); }
    Body(const Body& other) : order_(seen(this, other).order_), f_(other.f_) { release(this); }
    Body& operator=(const Body&) = delete;
    ~Body() { release(this); }

    template <class... A>
    requires std::invocable<const F&, A...>
    void operator()(A&&... args) const {
      acquire(this);
      const Task task(*order_);
      f_(std::forward<A>(args)...);
    }

   private:
    // Before reading `other` (built by another thread) into memory a task of another thread
    // may have used last.
    static const Body& seen(const Body* self, const Body& other) {
      acquire(self);
      acquire(&other);
      return other;
    }

    ForkJoinOrder* order_;
    F f_;
  };

 private:
#ifdef RETZEF_TSAN_ANNOTATIONS
  static void release(const void* edge) {
    __tsan_release(const_cast<void*>(edge));
  }
  static void acquire(const void* edge) {
    __tsan_acquire(const_cast<void*>(edge));
  }
#else
  static void release(const void*) {}
  static void acquire(const void*) {}
#endif
  // Two edges, not one: tasks release into join_ only, so they never order each other.
  char fork_ = 0;
  char join_ = 0;
};

}  // namespace retzef::sim
