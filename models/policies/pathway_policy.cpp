// A fixed pathway network, as PathSimR or Ciw describe one: arrivals to given levels, and after
// each stay a move drawn from the level's route probabilities (the rest leave). A full next
// level with a full waiting list blocks the person in the level they finished (blocking after
// service) or turns them away, as the scenario says. People here have no illness course: this
// is the mode that checks the engine against queueing theory.
#include <vector>

#include "models/policies/builtin_policies.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::models {
namespace {

class PathwayPolicy final : public Policy {
 public:
  explicit PathwayPolicy(const Scenario& s) : scenario_(&s), routes_(s.levels.size()) {
    for (const auto& route : s.pathway.routes) {
      Route& r = routes_[route.from];
      std::vector<double> weights;
      double total = 0;
      for (const auto& [level, probability] : route.to) {
        r.targets.push_back(level);
        weights.push_back(probability);
        total += probability;
      }
      r.targets.push_back(kLeaveSystem);
      weights.push_back(total < 1 ? 1 - total : 0);
      r.next = sim::DiscreteDistribution(weights);
    }
  }

  Decision decide(Trigger trigger, const Person& p, const RegionView&,
                  sim::RandomStream& rng) const override {
    const Fallback full =
        scenario_->pathway.block_after_service ? Fallback::in_place : Fallback::leave_system;
    switch (trigger) {
      case Trigger::onset:
        // An arrival: `entry` is the index of its arrival stream.
        return {scenario_->pathway.arrivals[p.entry].level, WaitMode::in_queue,
                Fallback::leave_system};
      case Trigger::stay_end: {
        const Route& r = routes_[p.level];
        if (r.targets.empty()) return {kLeaveSystem};
        const std::uint32_t next = r.targets[r.next(rng)];
        if (next == kLeaveSystem) return {kLeaveSystem};
        return {next, WaitMode::in_queue, p.level == kNoLevel ? Fallback::leave_system : full};
      }
      default:
        return {kStay};
    }
  }

  bool follows_course() const override { return false; }

 private:
  struct Route {
    std::vector<std::uint32_t> targets;
    sim::DiscreteDistribution next;
  };
  const Scenario* scenario_;
  std::vector<Route> routes_;
};

}  // namespace

std::unique_ptr<Policy> make_pathway_policy(const Scenario& scenario) {
  return std::make_unique<PathwayPolicy>(scenario);
}

}  // namespace retzef::models
