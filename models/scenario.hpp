// A scenario: one design of one set of regions, as plain data. This is what a scenario file
// (TOML) becomes after validation, and what the care model is built from. The TOML layout
// mirrors these structs one to one: a table per struct, a key per field, with the same
// snake_case names; docs/scenario.md lists every key with its unit, default and meaning.
// Names (levels, groups, payers, entry points, regions) are resolved to indices here, so the
// model never looks anything up by string while it runs.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retzef::models {

/// The most of each kind a scenario may declare: fixed so that per-run summaries are plain
/// data of known size (they travel between threads and MPI ranks as bytes).
inline constexpr std::size_t kMaxLevels = 16;
inline constexpr std::size_t kMaxGroups = 8;
inline constexpr std::size_t kMaxPayers = 4;
inline constexpr std::size_t kMaxAgeBands = 64;
inline constexpr std::size_t kAcuityLevels =
    5;  ///< 0 remission, 1 stable, 2 unstable, 3 acute, 4 crisis
inline constexpr std::uint32_t kNoLevel = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint32_t kUnlimited = std::numeric_limits<std::uint32_t>::max();

/// A distribution of a duration, in days.
struct DurationSpec {
  enum class Kind : std::uint8_t {
    fixed,
    exponential,
    lognormal,
    gamma,
    weibull,
    uniform,
    empirical
  };
  Kind kind = Kind::exponential;
  double mean = 1;                 ///< days (fixed, exponential, lognormal, gamma)
  double sd = 0;                   ///< days (lognormal, gamma)
  double shape = 1;                ///< weibull k
  double scale = 1;                ///< weibull λ, days
  double min = 0;                  ///< uniform, days
  double max = 1;                  ///< uniform, days
  std::vector<double> values;      ///< empirical: days, increasing
  std::vector<double> cumulative;  ///< empirical: cumulative probability, 0 … 1
};

/// What kind of care a level gives; it decides nothing by itself but lets policies and
/// indicators know which level is "inpatient" or "in the community".
enum class LevelKind : std::uint8_t {
  none,                 ///< no care: people outside every service
  emergency,            ///< psychiatric emergency room
  inpatient,            ///< full admission
  day_care,             ///< about six hours a day
  balancing_house,      ///< small 24/7 crisis house
  home_care,            ///< hospital-level treatment at home
  act,                  ///< assertive community treatment
  clinic,               ///< mental-health clinic (appointments, waiting list)
  primary_care,         ///< community / primary-care clinic, family doctor
  rehabilitation,       ///< rehabilitation basket: employment, housing, mentoring, family guidance
  placement,            ///< a child's out-of-home placement (residential or foster care)
  family_intervention,  ///< intensive home intervention for a family (instead of placement)
};

/// The name a scenario file uses for a level kind ("inpatient", "balancing_house", ...).
std::string_view level_kind_name(LevelKind kind);

/// The unit a level's capacity is counted in. The model counts people in care against it,
/// except in `families`: a household takes one place however many of its members are in the
/// level (household.hpp), as a family intervention's caseload counts families.
enum class CapacityUnit : std::uint8_t { beds, places, caseload, unlimited, families };

/// Professions a scenario may name (Scenario::professions).
inline constexpr std::size_t kMaxProfessions = 8;

/// Full-time staff a level needs per unit of capacity, by profession (Scenario::professions).
struct StaffMix {
  std::array<double, kMaxProfessions> per_place{};
  bool any() const {
    return std::any_of(per_place.begin(), per_place.end(), [](double x) { return x > 0; });
  }
};

/// Sets of groups and of age bands, one bit per index: small enough to test on every decision.
using GroupSet = std::uint8_t;
using AgeBandSet = std::uint64_t;
static_assert(kMaxGroups <= 8 * sizeof(GroupSet));
static_assert(kMaxAgeBands <= 8 * sizeof(AgeBandSet));
inline constexpr GroupSet kAllGroups = static_cast<GroupSet>(~GroupSet{0});
inline constexpr AgeBandSet kAllAgeBands = ~AgeBandSet{0};

struct LevelSpec {
  std::string name;
  LevelKind kind = LevelKind::none;
  CapacityUnit capacity_unit = CapacityUnit::places;
  std::uint32_t restrictiveness = 0;           ///< order of restrictiveness, 0 = least (none)
  std::array<std::uint8_t, 2> acuity{0, 4};    ///< lowest and highest acuity it can treat
  bool voluntary_only = false;                 ///< cannot take involuntary patients
  bool needs_family_support = false;           ///< only for people with a supporting adult at home
  GroupSet serves_groups = kAllGroups;         ///< the groups in its remit (bit = group index)
  AgeBandSet serves_age_bands = kAllAgeBands;  ///< the age bands in its remit (bit = band index)
  DurationSpec length_of_stay;                 ///< days of one episode of care at this level
  double cost_per_day = 0;                     ///< NIS per person-day in care (visits converted)
  std::uint32_t payer = 0;                     ///< index into Scenario::payers
  std::uint32_t queue_limit = kUnlimited;      ///< most people waiting; 0 = nobody waits (loss)
  double overflow = 0;        ///< extra places beyond capacity, as a share of it (corridor beds)
  double max_wait_days = 0;   ///< mean days before a waiting person drops out; 0 = never
  double improve_factor = 1;  ///< multiplies the group's improvement rates while here
  double worsen_factor = 1;   ///< multiplies the group's deterioration rates while here
  double crisis_factor = 1;   ///< multiplies the group's crisis rates while here
  double functioning_factor = 1;  ///< multiplies functioning growth while here
  StaffMix staff;
};

/// True if the level's remit takes people of `group` in `age_band` (indices).
inline bool in_remit(const LevelSpec& level, std::size_t group, std::size_t age_band) {
  return ((level.serves_groups >> group) & 1u) != 0 &&
         ((level.serves_age_bands >> age_band) & 1u) != 0;
}

struct GroupSpec {
  std::string name;
  double prevalence = 0;          ///< share of the population in this group at the start
  double incidence_per_1000 = 0;  ///< new cases per 1,000 population per year
  std::array<double, kAcuityLevels> initial_acuity{};        ///< weights at the start, acuity 0..4
  std::array<double, kAcuityLevels> onset_acuity{};          ///< weights for new cases
  std::array<double, kAcuityLevels - 1> worsen_per_year{};   ///< rate a → a+1, a = 0..3
  std::array<double, kAcuityLevels - 1> improve_per_year{};  ///< rate a → a−1, a = 1..4
  std::array<double, kAcuityLevels - 1> crisis_per_year{};   ///< rate a → 4, a = 0..3
  std::array<double, kAcuityLevels> functioning_per_year{};  ///< functioning change at acuity a
  std::array<double, 2> functioning_start{0.3, 0.6};         ///< uniform range at onset, 0..1
  double involuntary_share = 0;    ///< share of people whose crises need involuntary care
  double family_support = 0.5;     ///< share with a supporting adult at home
  double exit_per_year = 0;        ///< leaving the population (death, moving away)
  double remission_exit_days = 0;  ///< days in remission before leaving care; 0 = never
  /// Share of the people present at the start who have been in care before (a long-term
  /// condition is diagnosed in treatment): known to the services, as they would be at the
  /// steady state (docs/model.md, "Starting near the steady state").
  double known_at_start = 0;
  std::vector<double> age_mix;    ///< weights over Scenario::age_bands
  std::vector<double> entry_mix;  ///< weights over Scenario::entry_points
  bool needs_coordinator = true;  ///< gets a care coordinator under coordinator-led policies
  /// People per household (siblings): new cases and the people present at the start come as
  /// households of this many, who share their arrival, their onset acuity, family support and a
  /// place at a level counted in families (household.hpp). 1: everyone on their own.
  std::uint32_t household_size = 1;
};

/// A region's staff in one profession (docs/model.md, "Staff"). Its funded posts are what the
/// region's levels need at their funded places unless `posts` says otherwise; a share `vacancy`
/// of them is empty at the steady state, each empty post filled after `fill_days` on average,
/// each filled one left at the rate that keeps that share (turnover = vacancy / ((1 − vacancy) ×
/// fill_days) a day).
struct WorkforceSpec {
  double vacancy = 0;
  double fill_days = 90;
  /// Funded posts, when funded apart from the places (more buffer vacancies, fewer cap the
  /// places at full strength); kPostsAsNeeded: what the places need.
  std::uint32_t posts = kPostsAsNeeded;
  static constexpr std::uint32_t kPostsAsNeeded = std::numeric_limits<std::uint32_t>::max();
};

/// [provision]: places at each level, people placed in them at the start and coordinators for
/// `residents` people. A region that leaves one of these figures out of its own table gets its
/// share by population, rounded to the nearest whole (docs/scenario.md, "Provision per
/// resident"): one set of per-resident figures instead of a computed copy in every region.
struct ProvisionSpec {
  std::uint64_t residents = 0;  ///< 0: no [provision]
  std::array<std::optional<std::uint32_t>, kMaxLevels> capacity{};
  std::array<std::optional<std::uint32_t>, kMaxLevels> initial_occupancy{};
  std::optional<std::uint32_t> coordinators;
};

struct RegionSpec {
  std::string name;
  std::uint64_t population = 0;                      ///< people living in the region
  std::uint32_t coordinators = 0;                    ///< full-time care coordinators
  std::array<std::uint32_t, kMaxLevels> capacity{};  ///< per level, in the level's unit
  double incidence_factor = 1;                       ///< multiplies every group's incidence here
  /// People placed in each level at the start (docs/model.md, "Starting near the steady
  /// state"): for levels whose occupancy settles slower than any warm-up would allow.
  std::array<std::uint32_t, kMaxLevels> initial_occupancy{};
  std::array<WorkforceSpec, kMaxProfessions> workforce{};  ///< per Scenario::professions
  /// Per level, the regions whose residents this region's provision also counts: they have none
  /// of that level and are referred here for it (a ward serving a neighbour without one).
  std::array<std::vector<std::uint32_t>, kMaxLevels> provides_for{};
  /// Burnout (docs/model.md, "Staff"; 0: off): a profession's turnover is multiplied by
  /// 1 + burnout × (pressure − 1) while the people its places serve and wait for exceed what
  /// its staff in post can run (pressure: their ratio, capped at 3).
  double burnout = 0;
};

/// An edge of the referral graph: `from` sends people needing `levels` to `to`.
struct ReferralSpec {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::vector<std::uint32_t> levels;
  double delay_days = 1;  ///< transfer time; at least Scenario::lookahead_days
};

/// A time-varying incidence multiplier (a trauma surge): piecewise linear through the points,
/// constant before the first and after the last.
struct SurgeSpec {
  std::vector<std::uint32_t> groups;
  std::vector<std::array<double, 2>> points;  ///< (day, multiplier ≥ 0)
  std::vector<std::uint32_t> regions;         ///< the regions it applies in; empty: every one

  bool applies_in(std::uint32_t region) const {
    return regions.empty() || std::find(regions.begin(), regions.end(), region) != regions.end();
  }
};

/// Pathway-network routing (as PathSimR / Ciw): Poisson arrivals to levels, fixed transition
/// probabilities after each stay, blocking after service when the next level is full.
struct PathwaySpec {
  struct Arrival {
    std::uint32_t level = 0;
    double per_day = 0;
    /// The rate's multiplier over time (piecewise_curve.hpp); none: constant.
    std::vector<std::array<double, 2>> schedule;
  };
  struct Route {
    std::uint32_t from = 0;
    std::vector<std::pair<std::uint32_t, double>> to;  ///< (level, probability); rest leaves
  };
  std::vector<Arrival> arrivals;
  std::vector<Route> routes;
  bool block_after_service = true;  ///< wait in the level when the next is full (else: lost)
};

struct PolicySpec {
  std::string name;  ///< a registered policy: medical, recovery, cost_target, pathway
  std::map<std::string, double> params;  ///< checked against the policy's declared parameters
};

enum class TraceLevel : std::uint8_t { summary, transitions, full };

/// The names scenario files, experiment files and the command line use for the trace levels,
/// in the enum's order.
inline constexpr std::array<std::string_view, 3> kTraceLevelNames{"summary", "transitions", "full"};

/// The name a scenario file uses for a trace level ("summary", "transitions", "full").
std::string_view trace_level_name(TraceLevel level);

/// The most replications a scenario, an experiment or a command line may ask for: more is a
/// typo, not a study.
inline constexpr std::uint32_t kMaxReplications = 100'000;

struct Scenario {
  std::string name;
  std::string description;
  std::string source_text;  ///< the file as read, for the output's provenance
  std::string source_path;
  double horizon_days = 3650;
  double warmup_days = 365;
  std::uint64_t seed = 1;
  std::uint32_t replications = 1;
  double lookahead_days = 1;
  TraceLevel trace = TraceLevel::summary;
  double waiting_worsen_factor = 1;    ///< deterioration multiplier while waiting untreated
  double over_restrictive_factor = 1;  ///< functioning growth multiplier in care above need
  /// People placed at the start are part-way through their stays and review cycles
  /// (docs/model.md, "Starting near the steady state"); false: all start afresh at day 0.
  bool start_mid_stay = true;
  double coordinator_cost_per_day = 0;  ///< NIS per full-time coordinator per day (salaried)
  std::uint32_t coordinator_payer = 0;  ///< index into payers

  std::vector<std::string> payers;
  std::vector<std::string> entry_points;
  std::vector<std::string> age_bands;
  /// The professions levels are staffed by (LevelSpec::staff, RegionSpec::workforce).
  std::vector<std::string> professions;
  /// NIS a year per full-time post, by profession (employer's costs included): the staff
  /// cost indicators; a level's cost per day already includes its staff.
  std::array<double, kMaxProfessions> salaries{};
  std::vector<GroupSpec> groups;
  std::vector<LevelSpec> levels;
  ProvisionSpec provision;
  std::vector<RegionSpec> regions;
  std::vector<ReferralSpec> referrals;
  std::vector<SurgeSpec> surges;
  PolicySpec policy;
  PathwaySpec pathway;
};

}  // namespace retzef::models
