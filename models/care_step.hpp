// The care model's working set for one handler call — the model, the engine context and the
// region's state — and every mechanic of moving people, grouped by concept across the files
// named in each section below. Internal to the care model (only models/care_*.cpp include it).
// The care levels and the coordinator pool are resources (care_level.hpp, coordinator_pool.hpp)
// that keep their own lines and counts; this class decides what to ask of them, keeps each
// person's record, and writes the totals and trace rows.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "models/care_model.hpp"
#include "models/care_streams.hpp"
#include "sim/engine/lp_context.hpp"

namespace retzef::models {

inline constexpr double kDaysPerYear = 365.0;
inline constexpr double kYearsPerDay = 1.0 / kDaysPerYear;  // a multiply: rates are hot
inline constexpr std::uint8_t kCrisis = kAcuityLevels - 1;

/// Row or column of RunTotals::moves: 0 for no care, level + 1 otherwise.
inline std::size_t flow_index(std::uint32_t level) {
  return level == kNoLevel ? 0 : level + 1;
}

class CareModel::Step {
 public:
  Step(const CareModel& m, sim::LpContext& ctx, RegionState& st) : m_(m), ctx_(ctx), st_(st) {}

  Person& person(std::uint32_t id) { return st_.people[id]; }
  /// While on, the people placed are the prevalent ones at the start of the run: found at a
  /// random moment of their stays and review cycles (steady_start.cpp).
  void starting(bool on) { starting_ = on; }
  double now() const { return ctx_.now(); }
  bool observing() const { return st_.observing; }
  /// Days of [from, now) that fall in the observation period.
  double observed_since(double from) const {
    const double start = std::max(from, m_.scenario_.warmup_days);
    return now() > start ? now() - start : 0.0;
  }
  /// Counts the observed days since `since` at `level` to person `id`, under a trace with a row
  /// per person, the only reader of them (PersonLevelDays).
  void count_level_days(std::uint32_t id, std::uint32_t level, double since) {
    if (m_.scenario_.trace == TraceLevel::summary) return;
    st_.level_days[id][level] += static_cast<float>(observed_since(since));
  }

  // --- one handler per event kind (care_handlers.cpp) -----------------------------------

  void on_onset(const sim::Event& e);
  void on_course(const sim::Event& e);
  void on_stay_end(const sim::Event& e);
  void on_review(const sim::Event& e);
  void on_dropout(const sim::Event& e);
  void on_remission(const sim::Event& e);
  void on_referral_request(const sim::Event& e);
  void on_referral_grant(const sim::Event& e);
  void on_referral_release(const sim::Event& e);
  void on_daily(const sim::Event& e);
  void on_warmup_end(const sim::Event& e);
  void on_contact(const sim::Event& e);
  void on_staff_change(const sim::Event& e);

  // --- staff (staffed_places.cpp) ----------------------------------------------------------

  /// Gives every staffed level the places its present staff can run; a level that gained
  /// usable places is served.
  void staff_levels();
  /// Draws the time of the region's next post filling or emptying, if any ever does, from the
  /// region's workforce stream (`rng`, at its position; the overload opens it).
  void schedule_staff_change();
  void schedule_staff_change(sim::RandomStream& rng);
  /// Each profession's turnover multiplier now (burnout: the pressure on its places), 1 without.
  std::array<double, kMaxProfessions> turnover_now() const;

  // --- arrivals (care_arrivals.cpp) -------------------------------------------------------

  /// A new person: prevalent at the start, or a new case; pathway people take their arrival
  /// stream as their entry point.
  void create_person(std::uint32_t group, bool prevalent, std::uint8_t entry_override = 0xff,
                     bool decide_now = true, std::uint32_t household = kNoHousehold);
  /// A new case or a prevalent person of `group`: a household of its `household_size` where the
  /// group forms households (household.hpp), else one person.
  void create_case(std::uint32_t group, bool prevalent, bool decide_now);
  /// The start near the steady state (steady_start.cpp): places `initial_occupancy` of the
  /// prevalent people [first, end) in each level that has one, then lets the policy place the
  /// rest.
  void place_prevalent(std::uint32_t first, std::uint32_t end);
  /// An arrival event: a care group's new case (thinned for surges) or a pathway arrival.
  void arrival(std::uint32_t stream, bool pathway);

  // --- the course of the illness (illness_course.cpp) ---------------------------------------

  void schedule_course(std::uint32_t id, bool force = false);
  /// Schedules the course event held back, if it is still its person's (see held_course_).
  /// Called when the handler ends; nothing else may schedule it.
  void release_course() {
    if (held_course_) schedule_held_course();
  }
  const CourseRates& course_rates(const Person& p) const {
    return m_.course_rates_.at(p.group, p.acuity, p.level, p.waiting_for);
  }
  void course_event(std::uint32_t id);
  /// The person's acuity is now `to`: its bookkeeping, the next change drawn, and a decision
  /// (once the coordinator, if any, knows).
  void set_acuity(std::uint32_t id, std::uint8_t to);
  void schedule_remission(std::uint32_t id);
  void advance_functioning(std::uint32_t id);

  // --- decisions (care_decisions.cpp) ----------------------------------------------------

  Decision decide(Trigger trigger, std::uint32_t id);
  /// Carries a decision out against the levels' places and lines.
  void apply(std::uint32_t id, Decision d, Trigger why);
  void decide_and_apply(std::uint32_t id, Trigger why) { apply(id, decide(why, id), why); }

  // --- waiting lines (waiting_lines.cpp) ---------------------------------------------------

  void join(std::uint32_t id, std::uint32_t target, WaitMode mode, bool urgent = false);
  void leave_queue(std::uint32_t id);
  /// Gives the level's free places to whoever asked first; then (pathway blocking after
  /// service) lets those blocked into the buffer as it gets room.
  void serve(std::uint32_t level);
  /// Serves every level where a place or room came free during the event.
  void serve_freed();

  // --- households (household_places.cpp) --------------------------------------------------

  /// A new household of `group`, counted from now if observing.
  std::uint32_t open_household(std::uint32_t group);
  /// The person has left the system: their household closes when nobody of it is left.
  void leave_household(std::uint32_t id);
  /// True if the person's household holds a place at `level` (counted in families) they can
  /// share.
  bool shares_family_place(std::uint32_t id, std::uint32_t level) const;
  /// The person enters (leaves) a level counted in families; on leaving, true if they were the
  /// last of their household there, so that its place is freed.
  void enter_family_place(std::uint32_t id, std::uint32_t level);
  bool leave_family_place(std::uint32_t id, std::uint32_t level);
  /// Counts the households present when the observation starts.
  void count_households();

  // --- moving between levels (care_moves.cpp) -----------------------------------------------

  /// Moves the person to `to` (a level or kNoLevel), which must have a place; `waited` is how
  /// long they waited for it.
  void move(std::uint32_t id, std::uint32_t to, double waited);
  /// Draws the stay at the person's level and schedules its end; `share` < 1 is the part of it
  /// still to run (someone already in the level when the run starts).
  void start_stay(std::uint32_t id, double share = 1.0);
  void leave_system(std::uint32_t id);

  // --- 24-hour crisis care (crisis_episodes.cpp) ---------------------------------------------

  /// Notes whether the person is now in 24-hour crisis care: a departure, or a return (a
  /// readmission if within 30 or 90 days of an observed departure). Called after every change
  /// of level or wait, so a person passing through no care within one instant is not counted.
  void note_crisis_care(std::uint32_t id);
  /// Counts the person's pending departure from crisis care, if any, as a departure.
  void confirm_crisis_departure(std::uint32_t id);
  /// Boarding in the ER: waiting in place there for a 24-hour crisis place.
  bool boarding(const Person& p) const;

  // --- coordinators (coordination.cpp) ------------------------------------------------------

  bool request_coordinator(std::uint32_t id);
  void release_coordinator(std::uint32_t id);
  /// Takes on whoever waits for a coordinator while the pool has room.
  void serve_coordinator_line();
  void schedule_review(std::uint32_t id);
  /// After a coordinated person's acuity changed from `from`: true if their coordinator learns
  /// of it now (a fall; a rise found at once: instant detection, the person or family reaching
  /// out, the crisis itself), false if the rise waits for the next contact.
  bool coordinator_notices(std::uint32_t id, std::uint8_t from);
  /// The person's unnoticed rise in need, if any, is found now, by `who`.
  void found(std::uint32_t id, FoundBy who);
  struct ContactRates {
    double need = 0;    ///< contacts by need a day
    double target = 0;  ///< target contacts a day
  };
  /// Draws the person's next contact at their contact rates now.
  void schedule_contact(std::uint32_t id) {
    if (!m_.contacts_.instant) schedule_contact_at(id, contact_rates(person(id)));
  }
  /// The same, at `rates` the caller has just worked out and nothing they depend on has
  /// changed since.
  void schedule_contact_at(std::uint32_t id, ContactRates rates);
  void contact(std::uint32_t id);
  /// Brings the expected counts of the contacts that change nothing up to now, at the rates in
  /// force since the last change: called before anything they depend on changes (the pool's
  /// cases and what their coordinators know, or who is counted).
  void accrue_idle_contacts();
  /// After a change to a coordinated person: counts their contacts from now on rather than
  /// simulating them if none could change anything, or draws their next contact if one now
  /// could and they were counted until now (idle_contacts.hpp).
  void note_idle_contacts(std::uint32_t id);
  /// At the end of the run: the counted contacts, drawn as Poisson counts of their means.
  void count_idle_contacts();

  // --- output (care_records.cpp) ---------------------------------------------------------

  void record_event(std::uint32_t id, sim::EventKind kind, std::uint32_t from, std::uint32_t to);
  /// Under trace `full`: a row for an event the model handled for person `id` (their level as
  /// both levels: what it changed follows in its own rows).
  void record_handled(std::uint32_t id, sim::EventKind kind);
  /// The daily occupancy rows: one per level the region offers.
  void record_occupancy();
  /// The daily table from the day series, at the end of the run: the whole days of the run.
  void record_daily();
  /// Closes a person's account: at exit, or at the end of the run for those still in.
  void close_record(std::uint32_t id, bool exited);

 private:
  void leave_level(std::uint32_t id, std::uint32_t from);
  /// The person gives up their place at `level`: true if a place frees (at a level counted in
  /// families, when they are the last of their household there), whose days, once observing,
  /// are counted to their group's care.
  bool release_place(std::uint32_t id, std::uint32_t level);
  void enter_level(std::uint32_t id, std::uint32_t to, double waited);
  void admit(std::uint32_t id);
  void assign_coordinator(std::uint32_t id);
  /// The coordinators' time of this moment before it is shared out by acuity: worked out once
  /// where the rates of every acuity are wanted.
  struct ContactShare {
    double target = 0;   ///< target contacts a day, a person
    double by_need = 0;  ///< the coordinators' time a day left for contacts by need
    double weight = 0;   ///< the open cases' priorities, summed (coordinator_pool.hpp)
  };
  ContactShare contact_share() const;
  ContactRates contact_rates(const Person& p) const { return contact_rates(p.known_acuity); }
  /// The contact rates of a person whose coordinator knows them at `known` acuity.
  ContactRates contact_rates(std::uint8_t known) const {
    return contact_rates(contact_share(), known);
  }
  ContactRates contact_rates(const ContactShare& share, std::uint8_t known) const;
  /// No contact of the person's could change anything: no rise in need is unnoticed and a
  /// contact has no effect at their acuity. False when every contact is simulated.
  bool contacts_change_nothing(const Person& p) const;
  bool blocked_stepping_down(const Person& p) const;
  /// The ticket is its person's current wait for `level`.
  bool current(const Ticket& t, std::uint32_t level) const {
    const Person& p = st_.people[t.person];
    return p.active && p.waiting_for == level && p.wait_epoch == t.epoch;
  }

  /// The person's stream for `purpose`, at the position they have reached: the region's slot
  /// for that stream (OpenStream), re-keyed unless it holds this person's; the position always
  /// comes from the record, so what the slot held before cannot change a draw. The course and
  /// contact streams take back the rest of the block the person keeps (kept_rest) unless the
  /// slot holds the block their next draw is in.
  sim::RandomStream& stream(std::uint32_t id, Purpose purpose, PersonStreamIndex index) {
    Person& p = person(id);
    OpenStream& open = st_.open_streams[index];
    if (open.person_key != p.key || open.purpose != purpose) {
      open.rng = ctx_.stream(purpose, p.key);
      open.person_key = p.key;
      open.purpose = purpose;
    }
    open.rng.seek(p.draws[index]);
    if (sim::RandomStream::Rest* rest = kept_rest(p, index)) open.rng.resume_rest(*rest);
    return open.rng;
  }
  void save(std::uint32_t id, PersonStreamIndex index) {
    Person& p = person(id);
    const sim::RandomStream& rng = st_.open_streams[index].rng;
    p.draws[index] = static_cast<std::uint32_t>(rng.draws());
    if (sim::RandomStream::Rest* rest = kept_rest(p, index)) rng.keep_rest(*rest);
  }
  /// The streams whose last block's rest the record keeps: those drawn once or twice an event,
  /// at the events that happen most (Person::course_rest, Person::contact_rest).
  static sim::RandomStream::Rest* kept_rest(Person& p, PersonStreamIndex index) {
    if (index == kCourseDraws) return &p.course_rest;
    if (index == kContactDraws) return &p.contact_rest;
    return nullptr;
  }

  /// The share of a stay or review interval still to run for someone found in it at the
  /// start: uniform, from the person's start stream (draw `which`, after the fill's).
  double start_share(std::uint32_t id, std::uint32_t which);

  const CareModel& m_;
  sim::LpContext& ctx_;
  RegionState& st_;
  bool starting_ = false;
  /// The course event drawn last in this handler, made but not yet scheduled: the decision
  /// that follows a change of acuity or an onset often moves the person, which changes the
  /// rates and redraws it at once. Held back, a redrawn event is dropped instead of waiting in
  /// the queue to be found superseded (7-11% of all events). It is scheduled when the handler
  /// ends, or when another person's course event is drawn; its place in the order was taken
  /// when it was made (sim::LpContext::make), so holding it moves nothing.
  std::optional<sim::Event> held_course_;  // only its flag is set when a handler starts
  void schedule_held_course();
};

}  // namespace retzef::models
