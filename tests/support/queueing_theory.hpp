// Closed forms of queueing theory that the kernel's and the care model's tests check against,
// and the one way they judge a simulated estimate against a closed form.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>

#include "sim/stats/confidence.hpp"

namespace retzef::testing {

/// Erlang B blocking probability for c servers and offered load a, by the stable recursion.
inline double erlang_b(unsigned c, double a) {
  double b = 1.0;
  for (unsigned k = 1; k <= c; ++k)
    b = a * b / (k + a * b);
  return b;
}

/// Erlang C probability that an arrival waits, from Erlang B.
inline double erlang_c(unsigned c, double a) {
  const double b = erlang_b(c, a);
  const double rho = a / c;
  return b / (1 - rho + rho * b);
}

/// The 95% interval over replications covers the theory, and is narrow enough to mean it.
inline void check_covers(const sim::ConfidenceInterval& ci, double theory) {
  INFO("estimate " << ci.mean << " ± " << ci.half_width << ", theory " << theory);
  REQUIRE(ci.available);
  CHECK(ci.lower <= theory);
  CHECK(theory <= ci.upper);
  // An interval so wide that it would cover anything proves nothing.
  CHECK(ci.half_width < 0.05 * std::abs(theory) + 1e-3);
}

}  // namespace retzef::testing
