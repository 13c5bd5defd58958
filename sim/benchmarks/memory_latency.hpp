// A machine-speed reference for memory, beside `retzef bench mm1`'s reference for the core: the
// time of one read from a random place in an array of a given size, each read's address taken
// from the one before ("pointer chasing"), so that no two reads overlap and each costs what a
// miss in the caches and in the translation cache costs. M/M/1's few customers stay in the
// first-level cache, so its speed says nothing of memory; a care-model event at national scale
// waits for a person's record, hundreds of megabytes away (docs/kernel.md), so a ratio to mm1
// alone mixes the model's cost with the machine's memory. The array is read on 2 MiB pages (as
// the model's records are) and on 4 KiB pages; the gap is what address translation costs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace retzef::benchmarks {

enum class PageSize { huge, normal };

struct MemoryLatency {
  std::size_t bytes = 0;         ///< the slots read over
  std::size_t mapped_bytes = 0;  ///< the mapping that holds them: whole 2 MiB pages
  PageSize pages = PageSize::huge;
  /// How much of the mapping the kernel did put on huge pages (Linux's AnonHugePages): asking
  /// is a hint, and a kernel or hypervisor may decline.
  std::size_t huge_bytes = 0;
  std::uint64_t reads = 0;
  double seconds = 0;
  /// The slot the chase ended on: depends on every read, so none can be left out.
  std::uint32_t end = 0;
  double ns_per_read() const { return reads == 0 ? 0 : seconds * 1e9 / static_cast<double>(reads); }
};

/// A random order of `n` slots with one cycle (Sattolo's algorithm): `next[i]` is the slot read
/// after slot i, and following it from any slot visits every slot once before coming back.
std::vector<std::uint32_t> chase_cycle(std::uint32_t n, std::uint64_t seed);

/// The largest array measured: half the machine's physical memory, so that the benchmark is
/// refused with a message rather than ended by the kernel for want of memory.
std::size_t memory_latency_limit();

/// Lays one 64-byte slot per cache line over `bytes` (rounded up to whole 2 MiB pages) linked
/// in the order of chase_cycle, reads one whole cycle untimed, then times `reads` dependent
/// reads along it from slot 0. Throws std::invalid_argument for fewer than 2 slots, for 2^32
/// or more, or for more than memory_latency_limit(); std::bad_alloc when the memory cannot be
/// had.
MemoryLatency measure_memory_latency(std::size_t bytes, PageSize pages, std::uint64_t reads,
                                     std::uint64_t seed);

}  // namespace retzef::benchmarks
