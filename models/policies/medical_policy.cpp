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

namespace {

class MedicalPolicy final : public Policy {
 public:
  explicit MedicalPolicy(const Scenario& s)
      : er_(first_level_of_kind(s, LevelKind::emergency)),
        inpatient_(first_level_of_kind(s, LevelKind::inpatient)),
        clinic_(first_level_of_kind(s, LevelKind::clinic)),
        rehabilitation_(first_level_of_kind(s, LevelKind::rehabilitation)),
        book_(s.policy.params.at("book_clinic_probability")),
        follow_up_(s.policy.params.at("follow_up_probability")),
        er_acuity_(static_cast<std::uint8_t>(s.policy.params.at("er_acuity"))),
        admit_acuity_(static_cast<std::uint8_t>(s.policy.params.at("admit_acuity"))),
        rehabilitation_probability_(s.policy.params.at("rehabilitation_probability")),
        levels_(&s.levels) {
    if (inpatient_ == kNoLevel) {
      throw std::invalid_argument("policy medical needs a level of kind inpatient");
    }
  }

  Decision decide(Trigger trigger, const Person& p, const RegionView&,
                  sim::RandomStream& rng) const override {
    switch (trigger) {
      case Trigger::onset:
        if (p.acuity >= er_acuity_) return crisis();
        return sim::bernoulli(rng, book_) ? to_clinic() : Decision{kStay};
      case Trigger::acuity_change:
        if (p.level == er_ && p.waiting_for == inpatient_ && p.acuity < admit_acuity_) {
          return leave_er(p, rng);  // settled while waiting for a bed: sent home
        }
        if (p.level == er_ || p.level == inpatient_) return {kStay};
        if (p.acuity >= er_acuity_) return crisis();
        return {kStay};
      case Trigger::stay_end:
        if (p.level == er_ && er_ != kNoLevel) {
          if (p.acuity >= admit_acuity_) {
            return {inpatient_, WaitMode::in_place, Fallback::in_place};  // boarding in the ER
          }
          return leave_er(p, rng);
        }
        if (p.level == inpatient_) {
          if (p.acuity >= admit_acuity_) return {kStay};  // nobody is discharged in crisis
          // Medical discharge when the stay is over, unstable or not; the person must book.
          // Both draws are always taken, so the stream does not depend on which applies.
          const bool rehabilitation = sim::bernoulli(rng, rehabilitation_probability_);
          const bool follow_up = sim::bernoulli(rng, follow_up_);
          if (rehabilitation && rehabilitation_ != kNoLevel &&
              can_treat((*levels_)[rehabilitation_], p)) {
            return {rehabilitation_, WaitMode::in_queue, Fallback::no_care};
          }
          if (!follow_up) return {kNoLevel};
          Decision d = to_clinic();
          d.urgent = true;  // a discharge letter gets the next appointment
          return d;
        }
        if (p.level == clinic_ && p.acuity >= 2) return {kStay};  // another course of sessions
        if (p.level == rehabilitation_ && p.acuity <= 2) return {kStay};  // renewed yearly
        return {kNoLevel};
      case Trigger::dropout:
      case Trigger::review:
      case Trigger::coordinator_assigned:
        return {kStay};
    }
    return {kStay};
  }

 private:
  Decision crisis() const {
    if (er_ != kNoLevel) return {er_, WaitMode::in_queue, Fallback::stay};
    return {inpatient_, WaitMode::in_queue, Fallback::stay};
  }
  Decision leave_er(const Person&, sim::RandomStream& rng) const {
    return sim::bernoulli(rng, book_) ? to_clinic() : Decision{kNoLevel};
  }
  Decision to_clinic() const {
    if (clinic_ == kNoLevel) return {kNoLevel};
    return {clinic_, WaitMode::in_queue, Fallback::no_care};
  }

  std::uint32_t er_;
  std::uint32_t inpatient_;
  std::uint32_t clinic_;
  std::uint32_t rehabilitation_;
  double book_;
  double follow_up_;
  std::uint8_t er_acuity_;
  std::uint8_t admit_acuity_;
  double rehabilitation_probability_;
  const std::vector<LevelSpec>* levels_;
};

}  // namespace

std::unique_ptr<Policy> make_medical_policy(const Scenario& scenario) {
  return std::make_unique<MedicalPolicy>(scenario);
}

}  // namespace retzef::models
