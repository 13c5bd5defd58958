#include "sim/benchmarks/memory_latency.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/core/huge_page_allocator.hpp"
#include "sim/random/random_stream.hpp"

namespace retzef::benchmarks {
namespace {

constexpr std::size_t kSlot = 64;  // one cache line

/// Anonymous memory on a 2 MiB boundary, a whole number of 2 MiB pages long, with the page
/// size asked for; unmapped when it goes.
class Mapping {
 public:
  Mapping(std::size_t bytes, PageSize pages) : length_(rounded(bytes)) {
    // Map one huge page more than needed and trim both ends, so that the mapping starts on a
    // 2 MiB boundary: the kernel can use huge pages only for aligned 2 MiB ranges.
    const std::size_t asked = length_ + sim::kHugePage;
    void* p = ::mmap(nullptr, asked, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    auto* raw = static_cast<char*>(p);
    const auto address = reinterpret_cast<std::uintptr_t>(raw);
    const std::size_t lead = (sim::kHugePage - address % sim::kHugePage) % sim::kHugePage;
    if (lead > 0) ::munmap(raw, lead);
    ::munmap(raw + lead + length_, asked - lead - length_);
    base_ = raw + lead;
#if defined(MADV_HUGEPAGE) && defined(MADV_NOHUGEPAGE)
    ::madvise(base_, length_, pages == PageSize::huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
#else
    (void)pages;
#endif
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    ::munmap(base_, length_);
  }

  char* base() const {
    return base_;
  }
  std::size_t length() const {
    return length_;
  }

 private:
  static std::size_t rounded(std::size_t bytes) {
    return (bytes + sim::kHugePage - 1) / sim::kHugePage * sim::kHugePage;
  }
  char* base_ = nullptr;
  std::size_t length_ = 0;
};

/// AnonHugePages of the mapping that holds `address`, from /proc/self/smaps (0 where there is
/// no such file).
std::size_t huge_bytes_at(const char* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto wanted = reinterpret_cast<std::uintptr_t>(address);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    unsigned long long from = 0;
    unsigned long long to = 0;
    char dash = 0;
    // A mapping's first line starts with its range, "from-to", in hexadecimal.
    if (std::sscanf(line.c_str(), "%llx%c%llx", &from, &dash, &to) == 3 && dash == '-') {
      inside = from <= wanted && wanted < to;
      continue;
    }
    std::size_t kb = 0;
    if (inside && std::sscanf(line.c_str(), "AnonHugePages: %zu kB", &kb) == 1) return kb << 10;
  }
  return 0;
}

}  // namespace

std::size_t memory_latency_limit() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return std::size_t{1} << 30;  // unknown: a gigabyte
  return static_cast<std::size_t>(pages) / 2 * static_cast<std::size_t>(page);
}

std::vector<std::uint32_t> chase_cycle(std::uint32_t n, std::uint64_t seed) {
  std::vector<std::uint32_t> next(n);
  for (std::uint32_t i = 0; i < n; ++i)
    next[i] = i;
  sim::RandomStream rng(sim::StreamKey{seed, 0, 0, 0});
  // Sattolo: swapping each slot with one strictly before it makes a single cycle. The index is
  // the top 32 bits of a draw scaled to [0, i), whose bias (below 2^-32 of a slot's chance) a
  // benchmark can bear.
  for (std::uint32_t i = n; i-- > 1;) {
    const auto j = static_cast<std::uint32_t>(((rng.next_u64() >> 32) * i) >> 32);
    std::swap(next[i], next[j]);
  }
  return next;
}

MemoryLatency measure_memory_latency(std::size_t bytes, PageSize pages, std::uint64_t reads,
                                     std::uint64_t seed) {
  const std::size_t slots = bytes / kSlot;
  if (slots < 2 || slots >= std::size_t{1} << 32) {
    throw std::invalid_argument("memory latency: the array must hold 2 to 2^32 - 1 slots of " +
                                std::to_string(kSlot) + " bytes, got " + std::to_string(bytes) +
                                " bytes");
  }
  if (bytes > memory_latency_limit()) {
    throw std::invalid_argument("memory latency: " + std::to_string(bytes >> 20) +
                                " MB is more than half of this machine's memory (" +
                                std::to_string(memory_latency_limit() >> 20) + " MB)");
  }
  const Mapping memory(bytes, pages);
  char* const base = memory.base();
  {
    const std::vector<std::uint32_t> next = chase_cycle(static_cast<std::uint32_t>(slots), seed);
    // Each slot holds the address of the next: the read's result is the next read's address.
    for (std::size_t i = 0; i < slots; ++i) {
      char* const to = base + next[i] * kSlot;
      std::memcpy(base + i * kSlot, &to, sizeof to);
    }
  }
  MemoryLatency m;
  m.bytes = slots * kSlot;
  m.mapped_bytes = memory.length();
  m.pages = pages;
  m.huge_bytes = huge_bytes_at(base);
  m.reads = reads;
  const auto chase = [](char* at, std::uint64_t steps) {
    for (std::uint64_t r = 0; r < steps; ++r) {
      char* to;
      std::memcpy(&to, at, sizeof to);
      at = to;
    }
    return at;
  };
  // One whole cycle untimed first, so that an array that fits in a cache is timed from it, as
  // a run meets it; a whole cycle ends where it began.
  char* at = chase(base, slots);
  const auto start = std::chrono::steady_clock::now();
  at = chase(at, reads);
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.end = static_cast<std::uint32_t>(static_cast<std::size_t>(at - base) / kSlot);
  return m;
}

}  // namespace retzef::benchmarks
