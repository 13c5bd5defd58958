// What "hospital" means for a care level: the inpatient ward and the psychiatric emergency room.
// The reform this model studies moves care out of them, so the indicators count hospital days
// against community days, and entering a hospital level is what the better direction of its
// entries indicator is judged by. This is the one definition; everything that splits levels
// into hospital and community care asks it.
#pragma once

#include "models/scenario.hpp"

namespace retzef::models {

/// True for inpatient and emergency levels; every other kind (none included) is not hospital.
constexpr bool is_hospital_level(LevelKind kind) {
  return kind == LevelKind::inpatient || kind == LevelKind::emergency;
}

}  // namespace retzef::models
