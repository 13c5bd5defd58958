// The care model: synthetic people moving through a region's mental-health care levels, as a
// sim::Model. Each region is a logical process holding its population, care levels and
// coordinators (RegionState). The course of each person's illness is a continuous-time Markov
// chain over acuity whose rates depend on their condition group, the level they are at and
// whether they wait untreated; a policy (policy.hpp) decides where they should be whenever a
// decision falls due; this model carries decisions out against capacities and waiting lists
// and keeps the totals the indicators need.
//
// Random numbers: every person has their own streams keyed by a person key that does not depend
// on the design (region, group, serial number within the group), one per purpose — traits,
// course, stays, decisions, life events — so a person draws the same numbers in every design of
// an experiment (common random numbers) wherever their paths agree.
#pragma once

#include <memory>
#include <vector>

#include "models/contact_rule.hpp"
#include "models/course_rates.hpp"
#include "models/duration.hpp"
#include "models/policy.hpp"
#include "models/referral_graph.hpp"
#include "models/region_state.hpp"
#include "models/run_totals.hpp"
#include "models/scenario.hpp"
#include "sim/core/prefetch.hpp"
#include "sim/engine/model.hpp"

namespace retzef::models {

/// The care model's event kinds (Event::kind), also the `kind` column of the events table.
enum EventKind : sim::EventKind {
  kOnset,            ///< a new case (entity: group); pathway: an arrival (entity: stream)
  kCourse,           ///< the next change of acuity (entity: person, data: course epoch)
  kStayEnd,          ///< the end of a stay (person, stay epoch)
  kReview,           ///< a coordinator's review (person, review epoch)
  kDropout,          ///< giving up on a waiting list (person, wait epoch)
  kExit,             ///< (events table only) leaving the system
  kRemission,        ///< long enough in remission to leave care (person)
  kDaily,            ///< a daily occupancy sample
  kWarmupEnd,        ///< statistics start
  kMove,             ///< (events table only) a move between levels
  kReferralRequest,  ///< (message to the host) a place is asked for (person, level and epoch)
  kReferralGrant,    ///< (message home) a place is held for the person
  kReferralRelease,  ///< (message to the host) the person has left the place (data: level)
  kContact,          ///< a coordinator's contact (person, contact epoch)
  kBlockStart,       ///< (events table only) starts waiting in place, in a level, for a full next
  kBlockEnd,         ///< (events table only) stops waiting in place (moved on or gave up)
  kStaffChange,      ///< a post fills or empties (workforce.hpp)
  kEventKindCount,
};

/// Names of the event kinds, for output name tables.
const std::vector<std::string>& event_kind_names();

class CareModel {
 public:
  using LpState = RegionState;
  using Summary = RunTotals;

  /// Builds the model from a validated scenario; throws std::invalid_argument if the policy
  /// cannot work with the scenario's levels.
  explicit CareModel(Scenario scenario);

  sim::LpId lp_count() const { return static_cast<sim::LpId>(scenario_.regions.size()); }
  sim::Time lookahead() const { return scenario_.lookahead_days; }
  void init(sim::LpContext& ctx, RegionState& st) const;
  void handle(sim::LpContext& ctx, RegionState& st, const sim::Event& e) const;
  void finish(sim::LpContext& ctx, RegionState& st, RunTotals& out) const;
  std::vector<sim::TableSpec> tables() const;
  /// For spreading regions over MPI ranks (sim/engine/rank_partition.hpp): each region's work
  /// is taken as its population, and the regions that refer people to each other are linked.
  std::vector<double> lp_weights() const;
  std::vector<sim::LpLink> lp_links() const { return referrals_.links(); }

  /// Asks for the record of the person the next event is about, so that its cache misses
  /// overlap the current event (sim::Model). A new case's is the slot it will most likely be
  /// built in, the last one freed (create_person), whose old epochs it reads first. Other events
  /// whose entity is not a local person (referral requests) may prefetch an unrelated record,
  /// which is harmless.
  void prefetch(const RegionState& st, const sim::Event& e) const {
    if (e.kind == kOnset) {
      if (!st.free_slots.empty()) prefetch_record(st.people[st.free_slots.back()]);
      return;
    }
    if (e.entity >= st.people.size()) return;
    // The whole record for every event: the first three lines are what most events read
    // (person.hpp), and a move also writes the last; a test of the kind costs more than the
    // line. The course epoch is in the record, so it needs no line of its own.
    prefetch_record(st.people[e.entity]);
  }

  const Scenario& scenario() const { return scenario_; }
  /// Checks the bookkeeping rules (invariants.hpp) after every event and at the end, throwing
  /// std::logic_error on the first breach. On by default in debug builds; slow (a pass over
  /// the region's people per event).
  void check_invariants(bool on) { check_invariants_ = on; }
  /// Simulates every coordinator's contact as an event, as before contacts that change nothing
  /// were counted from their rates (idle_contacts.hpp): for the tests that hold the two to the
  /// same contacts, detection and results. Off by default.
  void simulate_every_contact(bool on) {
    count_idle_contacts_ = !on && contacts_.modelled && !contacts_.instant;
  }
  const Policy& policy() const { return *policy_; }

 private:
  class Step;
  friend class Step;

  struct GroupTables {
    sim::DiscreteDistribution initial_acuity;
    sim::DiscreteDistribution onset_acuity;
    sim::DiscreteDistribution age;
    sim::DiscreteDistribution entry;
    std::vector<std::size_t> surges;  ///< indices of the surges that name the group
    std::vector<double> surge_max;    ///< per region: the largest multiplier they reach there
    bool households = false;          ///< its people come in households (household.hpp)
  };

  double surge_multiplier(std::size_t group, std::uint32_t region, double t) const;
  double referral_delay(std::uint32_t region, std::uint32_t level) const {
    return referrals_.referral(region, level).delay_days;
  }
  void enforce_invariants(const RegionState& st, double t) const;

  Scenario scenario_;
  std::unique_ptr<Policy> policy_;
  ContactRule contacts_;         ///< coordinators' contacts (instant, as before, unless modelled)
  std::vector<Duration> stays_;  ///< per level
  std::vector<double> cost_per_day_;  ///< per level, contiguous for the patients' rows
  ReferralGraph referrals_;
  std::vector<GroupTables> groups_;
  CourseRateTable course_rates_;
  std::vector<bool> community_;            ///< per level: a level outside hospital
  std::vector<bool> treating_;             ///< per level: counts as care (not none, not the ER)
  std::vector<bool> could_serve_crisis_;   ///< per level: a non-hospital level (avoidability)
  std::vector<bool> crisis_care_;          ///< per level: 24-hour crisis care (crisis_care.hpp)
  bool move_blocked_into_buffer_ = false;  ///< pathway blocking after service
  /// The policy's follows_course(), read once: the course's handlers ask on every event, and a
  /// virtual call there costs more than the question.
  bool follows_course_ = true;
  /// Contacts that change nothing are counted, not simulated (idle_contacts.hpp): where
  /// contacts are modelled, unless every contact is simulated.
  bool count_idle_contacts_ = false;
#ifdef NDEBUG
  bool check_invariants_ = false;
#else
  bool check_invariants_ = true;
#endif
  // Table ids in the order tables() lists them; patients and events exist only when the trace
  // level records them.
  sim::TableId occupancy_table_ = 0;
  sim::TableId daily_table_ = 1;
  sim::TableId patients_table_ = 2;
  sim::TableId events_table_ = 3;
};

static_assert(sim::Model<CareModel>);

}  // namespace retzef::models
