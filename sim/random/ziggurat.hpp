// The standard exponential by the ziggurat method (Marsaglia & Tsang, J. Stat. Softw. 5(8),
// 2000): 256 layers of equal area under exp(-x), so that about 99% of draws take one 64-bit
// value, one table look-up, one integer compare and one multiply, instead of a logarithm.
// Exponential delays are the commonest draw of a discrete-event model (arrivals, services,
// the course of an illness), so this is on every hot path. The draw still depends only on the
// stream's own values, so runs stay repeatable.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "sim/random/random_stream.hpp"

namespace retzef::sim {

namespace ziggurat {

inline constexpr int kLayers = 256;
/// Right edge of the base layer and the common area of every layer, for 256 layers.
inline constexpr double kR = 7.69711747013104972;
inline constexpr double kArea = 3.949659822581572e-3;

struct Tables {
  // Layer i (1 ≤ i < 256) is the rectangle [0, x[i]] × [f(x[i]), f(x[i+1])]; layer 0 is the
  // base strip [0, r] × [0, f(r)] plus the tail beyond r, with pseudo-width x[0] = area / f(r).
  std::array<double, kLayers + 1> x{};
  std::array<double, kLayers + 1> f{};          // exp(-x[i])
  std::array<std::uint64_t, kLayers> accept{};  // 2^53 · x[i+1] / x[i]: the fast-accept bound
  std::array<double, kLayers> scale{};          // x[i] / 2^53: turns 53 bits into a point

  Tables() {
    x[0] = kArea / std::exp(-kR);
    x[1] = kR;
    for (int i = 1; i < kLayers - 1; ++i)
      x[i + 1] = -std::log(kArea / x[i] + std::exp(-x[i]));
    x[kLayers] = 0.0;
    for (int i = 0; i <= kLayers; ++i)
      f[i] = std::exp(-x[i]);
    for (int i = 0; i < kLayers; ++i) {
      accept[i] = static_cast<std::uint64_t>(std::ldexp(x[i + 1] / x[i], 53));
      scale[i] = std::ldexp(x[i], -53);
    }
  }
};

/// Built once, before main, from the two constants above. At namespace scope rather than a
/// function's static, so that a draw does not test an initialisation guard first (0.4% of a
/// care-model run's instructions). Nothing in retzef draws before main; a variable defined
/// after this header in one file would still find the tables built, since a file's inline
/// variables are initialised in the order they are defined.
inline const Tables kTables{};

}  // namespace ziggurat

/// The rare rest of a draw from Exp(1): `bits` fell outside its layer's core. Out of line so
/// that the common path inlines into every caller.
[[gnu::noinline]] inline double standard_exponential_edge(RandomStream& rng, std::uint64_t bits) {
  const ziggurat::Tables& z = ziggurat::kTables;
  for (;;) {
    const auto layer = static_cast<unsigned>(bits & 0xff);
    const std::uint64_t u = bits >> 11;  // 53 bits
    const double x = static_cast<double>(u) * z.scale[layer];
    if (u < z.accept[layer]) return x;  // inside the layer's core: under the curve
    if (layer == 0) {
      // The tail beyond r is again exponential (memorylessness).
      return ziggurat::kR - std::log(rng.uniform01());
    }
    // In the wedge between x[layer+1] and x[layer]: accept if under exp(-x).
    const double y = z.f[layer] + rng.uniform01() * (z.f[layer + 1] - z.f[layer]);
    if (y < std::exp(-x)) return x;
    bits = rng.next_u64();
  }
}

/// A draw from Exp(1).
[[gnu::always_inline]] inline double standard_exponential(RandomStream& rng) {
  const ziggurat::Tables& z = ziggurat::kTables;
  const std::uint64_t bits = rng.next_u64();
  const auto layer = static_cast<unsigned>(bits & 0xff);
  const std::uint64_t u = bits >> 11;
  if (u < z.accept[layer]) [[likely]] {
    return static_cast<double>(u) * z.scale[layer];
  }
  return standard_exponential_edge(rng, bits);
}

}  // namespace retzef::sim
