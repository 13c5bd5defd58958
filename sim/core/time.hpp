// Simulated time. The kernel counts time in days since the start of a run, as a double: the
// care model's natural unit, with sub-second resolution over centuries. Nothing in the kernel
// depends on the unit; benchmark models treat it as an abstract time unit.
#pragma once

#include <limits>

namespace retzef::sim {

using Time = double;

/// A time later than any event: "no next event".
inline constexpr Time kNever = std::numeric_limits<Time>::infinity();

}  // namespace retzef::sim
