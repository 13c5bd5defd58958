// A region's share of the scenario's [provision]: the places, starting occupancy and
// coordinators given there for so many residents, scaled to the people a region serves. Kept
// in whole numbers throughout, so that a share is the same on every machine and a region of
// exactly the provision's residents gets exactly its figures.
#pragma once

#include <cstdint>
#include <optional>

namespace retzef::models {

/// `figure` for `residents` people, scaled to `served` people and rounded to the nearest whole
/// (a half up); nothing when the product would not fit in 64 bits (no plausible scenario's).
std::optional<std::uint64_t> share_of(std::uint64_t figure, std::uint64_t served,
                                      std::uint64_t residents);

}  // namespace retzef::models
