// The hospital-centred design: the psychiatric emergency room is the front door; a crisis
// means the ER and, above the admission threshold, a bed; discharge is to a clinic waiting
// list that the person must book themselves (many never do); nobody follows up, so the next
// crisis comes back through the ER.
#include <stdexcept>
#include <vector>

#include "models/policies/builtin_policies.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {

std::uint32_t first_level_of_kind(const Scenario& scenario, LevelKind kind) {
  for (std::uint32_t i = 0; i < scenario.levels.size(); ++i) {
    if (scenario.levels[i].kind == kind) return i;
  }
  return kNoLevel;
}

std::uint32_t first_serving(const Scenario& scenario, LevelKind kind, const Person& p) {
  return first_serving(scenario, kind, p, 0);
}

std::uint32_t first_serving(const Scenario& scenario, LevelKind kind, const Person& p,
                            std::uint32_t first) {
  for (std::uint32_t i = first; i < scenario.levels.size(); ++i) {
    if (scenario.levels[i].kind == kind && serves(scenario.levels[i], p)) return i;
  }
  return kNoLevel;
}

namespace {

// Each destination is the first level of its kind whose remit takes the person (the ER, a
// bed, a clinic, the rehabilitation basket); where none does, the person does not go there:
// a crisis outside every ER's and ward's remit stays untreated, a discharge outside every
// clinic's goes home.
class MedicalPolicy final : public Policy {
 public:
  explicit MedicalPolicy(const Scenario& s)
      : scenario_(&s),
        er_(first_level_of_kind(s, LevelKind::emergency)),
        inpatient_(first_level_of_kind(s, LevelKind::inpatient)),
        clinic_(first_level_of_kind(s, LevelKind::clinic)),
        rehabilitation_(first_level_of_kind(s, LevelKind::rehabilitation)),
        book_(s.policy.params.at("book_clinic_probability")),
        follow_up_(s.policy.params.at("follow_up_probability")),
        er_acuity_(static_cast<std::uint8_t>(s.policy.params.at("er_acuity"))),
        admit_acuity_(static_cast<std::uint8_t>(s.policy.params.at("admit_acuity"))),
        rehabilitation_probability_(s.policy.params.at("rehabilitation_probability")) {
    if (inpatient_ == kNoLevel) {
      throw std::invalid_argument("policy medical needs a level of kind inpatient");
    }
  }

  Decision decide(Trigger trigger, const Person& p, const RegionView&,
                  sim::RandomStream& rng) const override {
    switch (trigger) {
      case Trigger::onset:
        if (p.acuity >= er_acuity_) return crisis(p);
        return sim::bernoulli(rng, book_) ? to_clinic(p) : Decision{kStay};
      case Trigger::acuity_change:
        if (at(p.level, er_, LevelKind::emergency) &&
            at(p.waiting_for, inpatient_, LevelKind::inpatient) && p.acuity < admit_acuity_) {
          return leave_er(p, rng);  // settled while waiting for a bed: sent home
        }
        if (at(p.level, er_, LevelKind::emergency) || at(p.level, inpatient_, LevelKind::inpatient))
          return {kStay};
        if (p.acuity >= er_acuity_) return crisis(p);
        return {kStay};
      case Trigger::stay_end:
        return end_of_stay(p, rng);
      case Trigger::dropout:
      case Trigger::review:
      case Trigger::coordinator_assigned:
        return {kStay};
    }
    return {kStay};
  }

 private:
  Decision end_of_stay(const Person& p, sim::RandomStream& rng) const {
    if (er_ != kNoLevel && at(p.level, er_, LevelKind::emergency)) {
      const std::uint32_t bed = first_serving(*scenario_, LevelKind::inpatient, p, inpatient_);
      if (p.acuity >= admit_acuity_ && bed != kNoLevel) {
        return {bed, WaitMode::in_place, Fallback::in_place};  // boarding in the ER
      }
      return leave_er(p, rng);
    }
    if (at(p.level, inpatient_, LevelKind::inpatient)) {
      if (p.acuity >= admit_acuity_) return {kStay};  // nobody is discharged in crisis
      // Medical discharge when the stay is over, unstable or not; the person must book.
      // Both draws are always taken, so the stream does not depend on which applies.
      const bool rehabilitation = sim::bernoulli(rng, rehabilitation_probability_);
      const bool follow_up = sim::bernoulli(rng, follow_up_);
      const std::uint32_t basket =
          first_serving(*scenario_, LevelKind::rehabilitation, p, rehabilitation_);
      if (rehabilitation && basket != kNoLevel && can_treat(scenario_->levels[basket], p)) {
        return {basket, WaitMode::in_queue, Fallback::no_care};
      }
      if (!follow_up) return {kNoLevel};
      Decision d = to_clinic(p);
      d.urgent = true;  // a discharge letter gets the next appointment
      return d;
    }
    if (at(p.level, clinic_, LevelKind::clinic) && p.acuity >= 2) {
      return {kStay};  // another course of sessions
    }
    if (at(p.level, rehabilitation_, LevelKind::rehabilitation) && p.acuity <= 2) {
      return {kStay};  // renewed yearly
    }
    return {kNoLevel};
  }

  /// True if `level` is `first` (the first level of `kind`: also true when both are kNoLevel,
  /// as it always was) or another level of that kind.
  bool at(std::uint32_t level, std::uint32_t first, LevelKind kind) const {
    return level == first || (level != kNoLevel && scenario_->levels[level].kind == kind);
  }
  Decision crisis(const Person& p) const {
    const std::uint32_t er = first_serving(*scenario_, LevelKind::emergency, p, er_);
    if (er != kNoLevel) return {er, WaitMode::in_queue, Fallback::stay};
    const std::uint32_t bed = first_serving(*scenario_, LevelKind::inpatient, p, inpatient_);
    if (bed != kNoLevel) return {bed, WaitMode::in_queue, Fallback::stay};
    return {kStay};
  }
  Decision leave_er(const Person& p, sim::RandomStream& rng) const {
    return sim::bernoulli(rng, book_) ? to_clinic(p) : Decision{kNoLevel};
  }
  Decision to_clinic(const Person& p) const {
    const std::uint32_t clinic = first_serving(*scenario_, LevelKind::clinic, p, clinic_);
    if (clinic == kNoLevel) return {kNoLevel};
    return {clinic, WaitMode::in_queue, Fallback::no_care};
  }

  const Scenario* scenario_;
  std::uint32_t er_;
  std::uint32_t inpatient_;
  std::uint32_t clinic_;
  std::uint32_t rehabilitation_;
  double book_;
  double follow_up_;
  std::uint8_t er_acuity_;
  std::uint8_t admit_acuity_;
  double rehabilitation_probability_;
};

}  // namespace

std::unique_ptr<Policy> make_medical_policy(const Scenario& scenario) {
  return std::make_unique<MedicalPolicy>(scenario);
}

}  // namespace retzef::models
