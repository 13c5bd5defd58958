// How care coordinators see their people: the rhythm of contacts and what a contact finds.
// Coordinators spend their working time (contacts per coordinator-month) on the people whose
// case is open, shared by a priority rule on the acuity the coordinator knows of; the time
// between a person's contacts is exponential at their share, so a heavier caseload means rarer
// contacts and a rise in need found later. A rise is found at the next contact, earlier when
// the person or their family reaches out (a probability by acuity: the soft entry points), or
// by the crisis itself. A contact target ("a contact every 7 days") spends time on short
// recorded contacts that find less, taken from the time left for contacts by need. The rule is
// read once from the policy's parameters (docs/model.md, "Coordinators' contacts"); with
// `instant_detection` the coordinator knows at once, as before contacts were modelled.
#pragma once

#include <array>
#include <cstdint>

#include "models/scenario.hpp"

namespace retzef::models {

/// What a coordinator's contact was: by need (the rhythm), a short contact to meet a target,
/// or the person or family reaching out.
enum class ContactKind : std::uint8_t { need, target, reach_out };
inline constexpr std::size_t kContactKinds = 3;

/// Who found a rise in need: the coordinator (at a contact or a review), the person or family
/// reaching out, the crisis itself, or the level's staff at the end of a stay.
enum class FoundBy : std::uint8_t { coordinator, reach_out, crisis, service };
inline constexpr std::size_t kFoundBy = 4;

struct ContactRule {
  bool modelled = false;   ///< the policy has coordinators and contacts are modelled
  bool instant = true;     ///< the coordinator knows of every change at once
  double per_day = 0;      ///< contacts a full-time coordinator makes in a day
  double max_per_day = 1;  ///< at most one contact by need a day per person
  std::array<double, kAcuityLevels> priority{};   ///< relative share of time, by known acuity
  std::array<double, kAcuityLevels> reach_out{};  ///< P(reaching out) on a rise to each acuity
  double effect = 0;            ///< P(a contact by need brings acuity one step down)
  double target_per_day = 0;    ///< target contacts per person per day (0: no target)
  double target_time = 0;       ///< a target contact's time, in contacts by need
  double target_detection = 0;  ///< P(a target contact finds a rise)

  /// The time of a contact of this kind, in contacts by need.
  double time(ContactKind kind) const { return kind == ContactKind::target ? target_time : 1.0; }
};

/// The rule of the scenario's policy: not modelled (and instant) when the policy has no
/// coordinators' contact parameters.
ContactRule contact_rule(const Scenario& s);

}  // namespace retzef::models
