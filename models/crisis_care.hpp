// What "24-hour crisis care" means for a care level: round-the-clock care a person in crisis is
// given instead of (or as) an admission — the inpatient ward, the balancing house and crisis care
// at home (hospital-level treatment at home, with a supporting adult there around the clock) —
// and boarding in the emergency room, waiting there for a place in one of them. The designs
// treat crises at different levels, so a readmission counted only at the inpatient ward would
// count a design's crises where it sends them rather than how often they recur; the crisis
// readmission indicators count a return to any of these. This is the one definition; the care
// model and the documentation (docs/model.md) ask it.
#pragma once

#include "models/scenario.hpp"

namespace retzef::models {

/// True for inpatient, balancing-house and home-care levels: a stay there is 24-hour crisis
/// care by itself.
constexpr bool is_crisis_care_level(LevelKind kind) {
  return kind == LevelKind::inpatient || kind == LevelKind::balancing_house ||
         kind == LevelKind::home_care;
}

/// True for a person at a level of kind `at` waiting in place for one of kind `waiting_for`:
/// boarding in the emergency room for a crisis place, which is crisis care while it lasts.
constexpr bool is_er_boarding(LevelKind at, LevelKind waiting_for) {
  return at == LevelKind::emergency && is_crisis_care_level(waiting_for);
}

}  // namespace retzef::models
