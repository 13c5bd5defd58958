// The coordinators' contacts that can change nothing, counted from their rates instead of
// simulated one by one. With no unnoticed rise in need and no effect a contact could have (the
// contact effect is 0 by default, docs/parameters.md), a contact only adds to the counts of
// contacts by acuity and by kind: in the cost-target design half of all events were such
// contacts. A person whose contacts change nothing is kept here, by acuity, with no contact in
// the queue; the region's contacts over that time are a Poisson process whose rate is the sum
// of these people's rates, which change only when the coordinators' pool does. So the expected
// contacts of each acuity and kind are integrated from change to change (the caller brings
// them up to date before every change of the pool or of who is here), and the counts are drawn
// once, at the end of the run, as Poisson counts of those means. A person leaves as soon as a
// contact could matter (a rise goes unnoticed), and their next contact is then drawn at their
// rate of that moment, which a memoryless rhythm allows (docs/model.md, "Coordinators'
// contacts").
#pragma once

#include <array>
#include <cstdint>

#include "models/contact_rule.hpp"
#include "models/scenario.hpp"

namespace retzef::models {

/// Marks a person who is not counted here (Person::idle_contacts_at).
inline constexpr std::uint8_t kNotIdle = 0xff;

class IdleContacts {
 public:
  /// A region's contact rates for a person whose coordinator knows them at each acuity, a day.
  struct Rates {
    std::array<double, kAcuityLevels> need{};
    double target = 0;
  };

  /// Only contacts from `t` on count (the end of the warm-up); who is here stays.
  void restart(double t) {
    since_ = t;
    need_ = {};
    target_ = {};
  }
  /// True when nothing needs accruing up to `t`: no time has passed since the last change.
  bool current(double t) const { return t == since_; }
  /// Adds the expected contacts from the last change to `t`, at the rates in force since then.
  void accrue(double t, const Rates& rates) {
    const double dt = t - since_;
    since_ = t;
    if (!(dt > 0)) return;
    for (std::size_t a = 0; a < kAcuityLevels; ++a) {
      if (people_[a] == 0) continue;
      need_[a] += people_[a] * rates.need[a] * dt;
      target_[a] += people_[a] * rates.target * dt;
    }
  }
  void add(std::uint8_t acuity) { ++people_[acuity]; }
  void remove(std::uint8_t acuity) { --people_[acuity]; }

  std::uint32_t people(std::uint8_t acuity) const { return people_[acuity]; }
  /// Expected contacts so far, by the acuity of the person seen and the contact's kind.
  double expected(std::uint8_t acuity, ContactKind kind) const {
    return kind == ContactKind::target ? target_[acuity] : need_[acuity];
  }

 private:
  std::array<std::uint32_t, kAcuityLevels> people_{};
  double since_ = 0;
  std::array<double, kAcuityLevels> need_{};
  std::array<double, kAcuityLevels> target_{};
};

}  // namespace retzef::models
