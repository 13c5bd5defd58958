// Happens-before edges that ThreadSanitizer cannot see for itself across a TBB parallel loop.
// Debian's libtbb is not built with ThreadSanitizer, so the hand-over of work from the calling
// thread to TBB's workers, and the join back, happen inside code it does not watch: every
// write before a loop then looks like a race with the loop's tasks, and every write in a task
// like a race with what the caller reads after the join. A ForkJoinOrder states those edges
// explicitly (the caller's past is published to each task when the task starts; each task's
// work is published to the caller when the loop returns). Built without -fsanitize=thread
// every member is an empty inline function, so release code is unchanged. Tasks are not
// ordered with each other, so a race between two tasks is still reported.
#pragma once

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

 private:
#ifdef RETZEF_TSAN_ANNOTATIONS
  static void release(char* edge) {
    __tsan_release(edge);
  }
  static void acquire(char* edge) {
    __tsan_acquire(edge);
  }
#else
  static void release(char*) {}
  static void acquire(char*) {}
#endif
  // Two edges, not one: tasks release into join_ only, so they never order each other.
  char fork_ = 0;
  char join_ = 0;
};

}  // namespace retzef::sim
