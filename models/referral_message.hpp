// What a referral message between regions carries in its 32-bit data: the level (4 bits, since
// kMaxLevels is 16) and the low 28 bits of the person's wait epoch, enough to tell a current
// request from a superseded one.
#pragma once

#include <cstdint>

#include "models/scenario.hpp"

namespace retzef::models {

constexpr std::uint32_t kReferralEpochMask = (1u << 28) - 1;

inline std::uint32_t referral_data(std::uint32_t level, std::uint32_t epoch) {
  static_assert(kMaxLevels <= 16);
  return ((epoch & kReferralEpochMask) << 4) | level;
}
inline std::uint32_t referral_level(std::uint32_t data) {
  return data & 0xf;
}
inline std::uint32_t referral_epoch(std::uint32_t data) {
  return data >> 4;
}

}  // namespace retzef::models
