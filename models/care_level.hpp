// A care level as it runs in one region, as a resource (in the manner of simmer's resource or
// SimPy's Resource): it owns its places, its two lines, the people waiting in place for it, and
// their counted gauges, and it is changed only through a small vocabulary — occupy, vacate,
// join, leave, serve the next — so that a count cannot change without its time average.
//
// Two lines wait for a level: the waiting list (people outside any level — at home, or in the
// level's buffer — limited by the queue limit, with an urgent front) and those waiting in place
// (people who stay in another level until a place frees here, the upstream blocking of Koizumi
// et al. 2005; not limited). A freed place goes to whoever asked first. Lines hold tickets; a
// ticket whose person has since moved on is stale and skipped when it reaches the front, so
// leaving a line costs nothing but the count.
//
// Referrals: a level this region does not offer may be referred to another region
// (referral_graph.hpp). Its people then wait here, in the lines above, and occupy a place at the
// host; a host keeps other regions' requests in a third line and counts the places it holds for
// them in its own occupancy.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/core/ring.hpp"
#include "sim/stats/counted_gauge.hpp"
#include "sim/stats/time_weighted.hpp"

namespace retzef::models {

struct Ticket {
  std::uint32_t person = 0;
  std::uint32_t epoch = 0;   ///< the person's wait_epoch when they joined
  double since = 0;          ///< when they asked: earlier tickets are served first
  std::uint32_t region = 0;  ///< the person's home region (remote tickets)
};

/// What the people of one region hold of a level, counted from their records; CareLevel::check
/// compares it with the level's own counts.
struct LevelHeadcount {
  std::uint32_t present = 0;   ///< this region's people in the level
  std::uint32_t queued = 0;    ///< on its waiting list
  std::uint32_t in_place = 0;  ///< waiting in place for it
  std::uint32_t blocked = 0;   ///< in it, waiting in place to step down
  std::uint32_t held = 0;      ///< in it, waiting in place for any next level
};

class CareLevel {
 public:
  /// The next to be given a free place, and whether it is held for another region's person.
  struct Served {
    Ticket ticket;
    bool remote = false;
  };

  // --- set-up ------------------------------------------------------------------------------

  /// Opens the level with `capacity` places (kUnlimited: no limit), `limit` usable ones
  /// (overflow included) and a waiting list of at most `queue_limit`, observed from time t.
  void open(std::uint32_t capacity, std::uint32_t limit, std::uint32_t queue_limit, double t) {
    capacity_ = capacity;
    limit_ = limit;
    staffed_limit_ = limit;
    staffed_.start(t, capacity == kUnlimited ? 0 : capacity);
    queue_limit_ = queue_limit;
    reachable_ = capacity;
    start_observing(t);
  }
  /// The region does not offer the level itself: its people are placed at `host`, whose
  /// capacity is `host_capacity`, messages taking `delay` days each way.
  void refer_to(std::uint32_t host, double delay, std::uint32_t host_capacity) {
    referred_to_ = host;
    referral_delay_ = delay;
    reachable_ = host_capacity;
  }
  /// Statistics start (at the start, and again at the end of the warm-up): every gauge
  /// forgets its past.
  void start_observing(double t) {
    staffed_.reset(t);
    occupied_.restart(t);
    over_capacity_.restart(t);
    queued_.restart(t);
    in_place_.restart(t);
    blocked_.restart(t);
    held_.restart(t);
  }

  // --- what anyone may ask ----------------------------------------------------------------

  bool offered() const { return capacity_ > 0 || referred(); }
  bool referred() const { return referred_to_ != kNoLevel; }
  std::uint32_t referred_to() const { return referred_to_; }
  double referral_delay() const { return referral_delay_; }
  std::uint32_t capacity() const { return capacity_; }
  bool unlimited() const { return capacity_ == kUnlimited; }
  /// Capacity here, or the host's for a referred level (0: not available).
  std::uint32_t reachable() const { return reachable_; }
  std::uint32_t occupied() const { return occupied_.count(); }
  std::uint32_t queued() const { return queued_.count(); }
  std::uint32_t waiting_in_place() const { return in_place_.count(); }
  /// People in this level waiting in place to step down to a less restrictive one.
  std::uint32_t blocked() const { return blocked_.count(); }
  /// People in this level waiting in place for a full next level, whatever its kind: the
  /// blocking of a queueing network, of which blocked() is the part that steps down.
  std::uint32_t held() const { return held_.count(); }
  /// People waiting for the level, on its list or in place elsewhere.
  std::uint32_t waiting() const { return queued() + waiting_in_place(); }
  bool has_free_place() const {
    return limit_ == kUnlimited || occupied() < std::min(limit_, staffed_limit_);
  }
  /// The places the present staff can run (workforce.hpp), and those usable with the
  /// overflow they allow; nobody already in a place leaves when they fall.
  void set_staffed(std::uint32_t staffed, std::uint32_t usable, double t) {
    staffed_.set(t, staffed);
    staffed_limit_ = usable;
  }
  std::uint32_t staffed() const { return static_cast<std::uint32_t>(staffed_.value); }
  /// Staffed place-days since observation started (0 for an unlimited level).
  double staffed_days(double t) const { return staffed_.integral(t); }
  /// A place for a newcomer: free, and nobody waiting ahead.
  bool has_place() const { return has_free_place() && waiting() == 0; }
  bool queue_has_room() const { return queue_limit_ == kUnlimited || queued() < queue_limit_; }

  /// Days × people from the start of observation to t.
  double occupied_days(double t) const { return occupied_.integral(t); }
  /// Days × people beyond the funded places: the overflow in use (paid by use, docs/model.md).
  double overflow_days(double t) const { return over_capacity_.integral(t); }
  double queued_days(double t) const { return queued_.integral(t); }
  double in_place_days(double t) const { return in_place_.integral(t); }
  double blocked_days(double t) const { return blocked_.integral(t); }
  double held_days(double t) const { return held_.integral(t); }

  // --- places ---------------------------------------------------------------------------

  /// A person of this region takes a place: here, or at the host of a referred level (where
  /// it is counted).
  void occupy(double t) {
    if (referred()) {
      ++remote_in_;
    } else {
      take_place(t);
    }
  }
  /// A person of this region leaves their place; true if the place was here, to be served.
  bool vacate(double t) {
    if (referred()) {
      --remote_in_;
      return false;
    }
    free_place(t);
    return true;
  }

  // --- lines ----------------------------------------------------------------------------

  void join_list(const Ticket& ticket, bool urgent, double t) {
    (urgent ? urgent_ : list_).push(ticket);
    queued_.add(t);
  }
  void leave_list(double t) { queued_.remove(t); }
  void join_in_place(const Ticket& ticket, double t) {
    in_place_line_.push(ticket);
    in_place_.add(t);
  }
  void leave_in_place(double t) { in_place_.remove(t); }
  /// Someone in this level starts (stops) waiting in place to step down.
  void block(double t) { blocked_.add(t); }
  void unblock(double t) { blocked_.remove(t); }
  /// Someone in this level starts (stops) waiting in place for any next level.
  void hold(double t) { held_.add(t); }
  void release_hold(double t) { held_.remove(t); }

  /// Takes the ticket of whoever is next for a free place — the urgent front first, then the
  /// earliest request among the waiting list, those waiting in place and other regions'
  /// (ties: in that order) — or nothing if no place is free or nobody current waits. Tickets
  /// for which `current(ticket)` is false are dropped on the way. A remote request served holds
  /// the place for its person at once.
  template <class IsCurrent>
  std::optional<Served> serve_next(IsCurrent current, double t) {
    drop_stale(urgent_, current);
    drop_stale(list_, current);
    drop_stale(in_place_line_, current);
    if (!has_free_place()) return std::nullopt;
    sim::Ring<Ticket>* line = &urgent_;
    if (line->empty()) {
      line = nullptr;
      for (sim::Ring<Ticket>* candidate : {&list_, &in_place_line_, &remote_}) {
        if (!candidate->empty() &&
            (line == nullptr || candidate->front().since < line->front().since)) {
          line = candidate;
        }
      }
      if (line == nullptr) return std::nullopt;
    }
    const bool remote = line == &remote_;
    const Served next{line->pop(), remote};
    if (remote) {
      take_place(t);
      ++remote_here_;
    }
    return next;
  }

  /// Calls `f(ticket, i)` on the first `n` tickets of each of this region's lines (i = 0 the
  /// first), those the next serve_next checks first.
  template <class F>
  void for_each_front(std::size_t n, F f) const {
    for (const sim::Ring<Ticket>* line : {&urgent_, &list_, &in_place_line_}) {
      for (std::size_t i = 0; i < n && i < line->size(); ++i)
        f((*line)[i], i);
    }
  }

  /// Blocking after service (pathway): the ticket of the first person waiting in place, once
  /// the waiting list (the buffer) has room for them; stale tickets dropped.
  template <class IsCurrent>
  std::optional<Ticket> next_into_buffer(IsCurrent current) {
    drop_stale(in_place_line_, current);
    if (in_place_line_.empty() || !queue_has_room()) return std::nullopt;
    return in_place_line_.pop();
  }

  // --- the host's side of a referral ----------------------------------------------------------

  /// Another region asks for a place for one of its people.
  void request_from_region(const Ticket& ticket) { remote_.push(ticket); }
  /// Another region's person has left the place held for them.
  void release_to_region(double t) {
    free_place(t);
    --remote_here_;
  }

  /// Compares the level's counts with what the region's people hold (`seen`), appending what
  /// is wrong to `out`, each prefixed with `name`.
  void check(const LevelHeadcount& seen, const std::string& name,
             std::vector<std::string>& out) const;

 private:
  template <class IsCurrent>
  static void drop_stale(sim::Ring<Ticket>& line, IsCurrent& current) {
    while (!line.empty() && !current(line.front()))
      line.pop();
  }

  // Every place taken or freed goes through these, so the overflow gauge cannot drift from the
  // occupancy: a person is "in the overflow" while the head count exceeds the funded places.
  void take_place(double t) {
    occupied_.add(t);
    if (capacity_ != kUnlimited && occupied_.count() > capacity_) over_capacity_.add(t);
  }
  void free_place(double t) {
    if (capacity_ != kUnlimited && occupied_.count() > capacity_) over_capacity_.remove(t);
    occupied_.remove(t);
  }

  std::uint32_t capacity_ = 0;  ///< places in this region (kUnlimited: no limit)
  std::uint32_t limit_ = 0;     ///< places usable, overflow included (kUnlimited: no limit)
  /// Places usable with the present staff, overflow included (limit_ when fully staffed).
  std::uint32_t staffed_limit_ = kUnlimited;
  sim::TimeWeighted staffed_;  ///< places the present staff can run
  std::uint32_t queue_limit_ = kUnlimited;
  std::uint32_t reachable_ = 0;
  std::uint32_t referred_to_ = kNoLevel;  ///< the host region, or kNoLevel
  double referral_delay_ = 0;
  std::uint32_t remote_in_ = 0;    ///< (referred) this region's people at the host
  std::uint32_t remote_here_ = 0;  ///< (host) other regions' people in this level
  sim::CountedGauge occupied_;
  sim::CountedGauge over_capacity_;  ///< people beyond `capacity_` (in overflow places)
  sim::CountedGauge queued_;         ///< valid tickets on the waiting list
  sim::CountedGauge in_place_;       ///< valid tickets of people waiting in place for this level
  sim::CountedGauge blocked_;        ///< people in this level waiting in place to step down
  sim::CountedGauge held_;           ///< people in this level waiting in place for any level
  sim::Ring<Ticket> urgent_;         ///< the front of the waiting list: served before `list_`
  sim::Ring<Ticket> list_;
  sim::Ring<Ticket> in_place_line_;
  sim::Ring<Ticket> remote_;  ///< (host) other regions' requests, first come first served
};

}  // namespace retzef::models
