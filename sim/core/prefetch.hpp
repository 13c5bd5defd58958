// Asking the CPU for a cache line ahead of its use, in a way the compiler keeps. GCC counts
// __builtin_prefetch as free of side effects, so a function whose only work is prefetching is
// found pure, and every call to it is deleted as having no effect: a model's `prefetch` hint
// (sim::Model) written with the bare builtin compiles to nothing once it is not inlined by hand.
// The empty volatile asm that names the address is a side effect the optimizer must keep, and
// costs no instruction; the test `targets.model_prefetch_compiled` checks the instructions are
// in the scheduler's loop.
#pragma once

namespace retzef::sim {

[[gnu::always_inline]] inline void prefetch_line(const void* address) {
  __builtin_prefetch(address);
  asm volatile("" : : "r"(address));
}

}  // namespace retzef::sim
