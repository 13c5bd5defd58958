// A synthetic person with a mental-health need, as the care model keeps them: who they are
// (group, age band, entry point, risk, family support), where they are (a care level, or none)
// and what they wait for, the state of their illness (acuity, functioning) and the history the
// indicators need. Plain data in one vector per region, indexed by a 32-bit id; events refer to
// a person by that id and carry an epoch so that a superseded event (a stay end after the
// person already moved, say) is recognised and ignored. The id is a slot, reused after the
// person leaves; `number` identifies the person in output.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "models/household.hpp"
#include "models/idle_contacts.hpp"
#include "models/scenario.hpp"
#include "sim/core/prefetch.hpp"
#include "sim/random/random_stream.hpp"

namespace retzef::models {

enum class WaitMode : std::uint8_t {
  none,
  in_queue,  ///< on the level's waiting list, outside any level (at home, or in its buffer)
  in_place,  ///< in their current level until a place frees (blocked, if stepping down)
};

/// Fields in three parts. The first 128 bytes, two cache lines on their boundary, are what most
/// events read and write: the state of the illness, where the person is and waits, the epochs,
/// the random streams' positions, the coordinator's knowledge. The third line starts with the
/// course and contact streams' kept draws, which course and contact events read, and ends with
/// the times a move reads. The rest is touched at moves and for the history the indicators
/// need. The events' prefetch asks for all four lines (CareModel::prefetch); the order still
/// keeps what the most common events, course changes and contacts, read in the fewest lines.
/// The days at each level, which only the trace's row per person reads, are kept apart
/// (PersonLevelDays): in the record they were a fifth line that every event's prefetch fetched.
struct alignas(64) Person {
  // --- hot: the first 128 bytes, two cache lines ---
  std::uint64_t key = 0;  ///< random-stream entity: region << 48 | group << 40 | serial
  std::uint8_t group = 0;
  std::uint8_t age_band = 0;
  std::uint8_t entry = 0;
  std::uint8_t acuity = 0;
  /// What the coordinator knows (contact_rule.hpp): the acuity found at intake or at the last
  /// contact (and, below, since when a rise above it has gone unnoticed).
  std::uint8_t known_acuity = 0;
  bool involuntary = false;     ///< their crises need involuntary care
  bool family_support = false;  ///< a supporting adult at home
  bool active = false;          ///< still in the system
  bool has_coordinator = false;
  bool awaiting_coordinator = false;
  bool ever_treated = false;
  bool remitted = false;           ///< has reached acuity 0 at least once
  bool follow_up_pending = false;  ///< discharged; community contact not yet made
  bool in_crisis_care = false;     ///< in 24-hour crisis care (crisis_care.hpp), as last noted
  WaitMode wait_mode = WaitMode::none;
  bool held_this_stay = false;  ///< has waited in place for a next level since entering this one

  std::uint32_t level = kNoLevel;        ///< where they are; kNoLevel = outside every service
  std::uint32_t waiting_for = kNoLevel;  ///< the level they wait for, if any
  std::uint32_t stay_epoch = 0;          ///< bumps when they move
  std::uint32_t wait_epoch = 0;          ///< bumps when they join or leave a queue
  std::uint32_t review_epoch = 0;        ///< bumps when a review is rescheduled
  std::uint32_t remission_epoch = 0;     ///< bumps when acuity changes
  std::uint32_t contact_epoch = 0;       ///< bumps when the next contact is redrawn or dropped
  /// Bumps when the course's rates change or the person leaves: the one epoch checked most
  /// often, since about half of all course events are superseded ones, told by this alone.
  std::uint32_t course_epoch = 0;
  std::array<std::uint32_t, 5> draws{};  ///< draws taken from each of the person's streams
  /// The acuity at which the person's contacts are counted rather than simulated, since none
  /// could change anything (idle_contacts.hpp); kNotIdle otherwise, and without a coordinator.
  std::uint8_t idle_contacts_at = kNotIdle;
  /// A closed case: a coordinator closed it (or the person was known to the services and stable
  /// at the start). They stay in the least restrictive care that fits, renewed there, until they
  /// deteriorate; a coordinator's taking the case on again clears it.
  bool case_closed = false;

  double course_rate = 0;  ///< total rate of the pending acuity change (0: none pending)
  double functioning = 0;  ///< 0..1, as of `functioning_at`
  double functioning_at = 0;
  double acuity_since = 0;   ///< reached the current acuity
  double stable_since = -1;  ///< acuity 1 or below since then; < 0 while above
  double rise_since = -1;    ///< an unnoticed rise in need since then; < 0 if none

  // --- warm: the rests of the course and contact streams' last blocks (the prefetch brings
  // this line with the first two) ---
  /// The last three draws of the block the person's course stream last drew from: a course
  /// event and the draw of the next one take one draw each, so keeping them spares enciphering
  /// the block again for three draws out of four (sim::RandomStream::keep_rest).
  sim::RandomStream::Rest course_rest{};
  /// The same for the contact stream: a contact takes about two draws (what it does, and the
  /// time of the next), so a block serves two contacts.
  sim::RandomStream::Rest contact_rest{};

  // --- cold: moves and history ---
  double level_since = 0;      ///< arrived at the current level
  double waiting_since = 0;    ///< joined the current queue
  double onset = 0;            ///< entered the system (day)
  double last_discharge = -1;  ///< last inpatient discharge; < 0 if none
  double crisis_left = -1;     ///< last departure from 24-hour crisis care; < 0 if none
  /// A departure from crisis care not yet confirmed: a return at the same instant is a move
  /// within crisis care (the ER to a bed, a ward to a balancing house), not a departure.
  double crisis_leaving = -1;
  std::uint32_t number = 0;     ///< the region's count of people before this one
  float functioning_start = 0;  ///< at onset, or at the end of the warm-up
  float first_care_wait = -1;   ///< days from onset to the first care; < 0 if none yet
  float remission_time = -1;    ///< days from onset to the first remission; < 0 if none
  std::uint16_t admissions = 0;
  std::uint16_t readmissions_30 = 0;
  std::uint16_t readmissions_90 = 0;
  /// Their family's slot (household.hpp), if any.
  std::uint32_t household = kNoHousehold;
};

static_assert(offsetof(Person, rise_since) + sizeof(double) <= 128,
              "the fields most events touch must fit in the record's first two cache lines");
static_assert(offsetof(Person, course_rest) == 128 &&
                  offsetof(Person, contact_rest) + sizeof(sim::RandomStream::Rest) <= 192,
              "the course and contact streams' rests must lie in the record's third line");
static_assert(sizeof(Person) == 256, "a person's record is four cache lines");

/// Days of the observation period a person has spent at each level, beside their record (a slot
/// of RegionState::level_days per person slot), kept only when the trace writes a row per person.
using PersonLevelDays = std::array<float, kMaxLevels>;

/// Asks for the whole record, its four lines, ahead of its use: at national scale it is hundreds
/// of megabytes away, and a move reads or writes every line of it (docs/kernel.md, "The whole
/// record asked for").
[[gnu::always_inline]] inline void prefetch_record(const Person& p) {
  const char* record = reinterpret_cast<const char*>(&p);
  for (std::size_t line = 0; line < sizeof(Person); line += 64)
    sim::prefetch_line(record + line);
}

}  // namespace retzef::models
