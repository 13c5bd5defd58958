// The determinism fingerprint. Each LP chains a hash over the events it commits, in the order
// it handles them; the run's checksum folds the LP chains in LP order. Equal checksums mean
// (with overwhelming probability) that every LP saw the same events in the same order.
#pragma once

#include <bit>
#include <cstdint>

#include "sim/core/event.hpp"

namespace retzef::sim {

inline constexpr std::uint64_t kChecksumSeed = 0x72657a7a65662d31ULL;

/// A 64-bit finaliser with full avalanche (the MurmurHash3 fmix64 constants).
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

/// Extends an LP's chain by one committed event: its time, order key and kind. One multiply
/// and a rotation per event (this runs for every event); the chain is finished with mix64 when
/// it is folded, which gives the avalanche.
constexpr std::uint64_t chain(std::uint64_t h, const Event& e) {
  const std::uint64_t x =
      std::bit_cast<std::uint64_t>(e.time) ^ std::rotl(e.order, 17) ^ (std::uint64_t{e.kind} << 40);
  return std::rotl((h ^ x) * 0x9e3779b97f4a7c15ULL, 29);
}

/// Folds LP `lp`'s chain into the run's checksum (called in increasing LP order).
constexpr std::uint64_t fold(std::uint64_t run, std::uint64_t lp, std::uint64_t lp_hash) {
  return mix64(run * 0x9e3779b97f4a7c15ULL + (mix64(lp_hash) ^ (lp << 32 | lp >> 32)));
}

}  // namespace retzef::sim
