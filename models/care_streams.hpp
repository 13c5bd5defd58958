// The care model's random streams: one purpose per kind of chance (sim::kFirstModelPurpose and
// up), keyed by the person (or, for arrivals, by region and group), so that a person draws the
// same numbers in every design wherever their paths agree (docs/random-numbers.md). Changing
// these values changes every result.
#pragma once

#include <cstddef>

#include "sim/random/random_stream.hpp"

namespace retzef::models {

enum Purpose : sim::StreamPurpose {
  kArrivalStream = sim::kFirstModelPurpose,  // entity: region × kMaxGroups + group
  kTraitStream,                              // entity: person key
  kCourseStream,
  kStayStream,
  kDecisionStream,
  kLifeStream,
  kStartStream,        // entity: person key; drawn only at the start (the steady-state fill)
  kContactStream,      // a coordinator's contacts: their times, kinds and what they find
  kWorkforceStream,    // entity: region; posts filling and emptying (workforce.hpp)
  kIdleContactStream,  // entity: region; the counts of contacts that changed nothing
                       // (idle_contacts.hpp)
};

/// Index into Person::draws of each per-person stream that is drawn from more than once.
enum PersonStreamIndex : std::size_t {
  kCourseDraws,
  kStayDraws,
  kDecisionDraws,
  kLifeDraws,
  kContactDraws,
  kPersonStreams,
};

/// One of a person's streams as last opened in their region, kept from event to event for the
/// run (a region's state lives for one run, so one seed and replication): its block of four
/// draws is a pure function of its key and block index, so reopening the same person's same
/// stream (the course's, after a decision drew from its own, or at the person's next event) can
/// reuse the block instead of enciphering it again, and no draw can change. Told apart by the
/// person's key, not their slot id, which a newcomer may take.
struct OpenStream {
  std::uint64_t person_key = 0;
  Purpose purpose = kArrivalStream;  ///< no person's stream has it: the first use re-keys
  sim::RandomStream rng;
};

}  // namespace retzef::models
