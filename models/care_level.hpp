// A care level as it runs in one region: its capacity, the people in it, and who waits for it.
// Two lines wait for a level: the waiting list (people outside any level — at home, or in the
// level's buffer — limited by the level's queue limit) and the blocked (people who stay in
// another level until a place frees here, the upstream blocking of Koizumi et al. 2005, not
// limited). A freed place goes to whoever asked first. Lines hold tickets; a ticket whose
// person has since moved on is stale and skipped when it reaches the front, so leaving a line
// costs nothing.
#pragma once

#include <cstdint>

#include "models/scenario.hpp"
#include "sim/core/ring.hpp"
#include "sim/stats/time_weighted.hpp"

namespace retzef::models {

struct Ticket {
  std::uint32_t person = 0;
  std::uint32_t epoch = 0;   ///< the person's wait_epoch when they joined
  double since = 0;          ///< when they asked: earlier tickets are served first
  std::uint32_t region = 0;  ///< the person's home region (remote tickets)
};

struct CareLevel {
  std::uint32_t capacity = 0;  ///< places in this region (kUnlimited: no limit)
  std::uint32_t limit = 0;     ///< places usable, overflow included (kUnlimited: no limit)
  std::uint32_t queue_limit = kUnlimited;
  std::uint32_t occupied = 0;
  std::uint32_t queued = 0;        ///< valid tickets on the waiting list
  std::uint32_t blocked = 0;       ///< valid tickets of people waiting in place
  std::uint32_t blocked_here = 0;  ///< people in this level blocked from stepping down
  sim::Ring<Ticket> urgent;        ///< the front of the waiting list: served before `queue`
  sim::Ring<Ticket> queue;
  sim::Ring<Ticket> in_place;
  // Referrals. A level this region does not offer may be referred to another region
  // (referral_graph.hpp): its people then wait here, in the lines above, and occupy a place
  // there. A region that takes referrals keeps their requests in `remote`.
  std::uint32_t referred_to = kNoLevel;  ///< the host region, or kNoLevel
  double referral_delay = 0;
  std::uint32_t reachable = 0;    ///< capacity here, or the host's for a referred level
  std::uint32_t remote_in = 0;    ///< (referred) this region's people at the host
  std::uint32_t remote_here = 0;  ///< (host) other regions' people in this level
  sim::Ring<Ticket> remote;       ///< (host) other regions' requests, first come first served
  sim::TimeWeighted occupied_tw;
  sim::TimeWeighted queued_tw;
  sim::TimeWeighted in_place_tw;  ///< people waiting in place for this level
  sim::TimeWeighted blocked_here_tw;

  bool offered() const { return capacity > 0 || referred(); }
  bool referred() const { return referred_to != kNoLevel; }
  bool has_free_place() const { return limit == kUnlimited || occupied < limit; }
  /// A place for a newcomer: free, and nobody waiting ahead.
  bool has_place() const { return has_free_place() && queued == 0 && blocked == 0; }
  bool queue_has_room() const { return queue_limit == kUnlimited || queued < queue_limit; }
};

}  // namespace retzef::models
