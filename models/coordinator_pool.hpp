// A region's care coordinators as a resource: a pool of caseload places (coordinators ×
// caseload), the people whose case is open, and the line of people waiting for a coordinator,
// with their counted gauges. Changed only through take on, close a case, wait and the next
// waiting, so that the counts and their time averages cannot part.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/care_level.hpp"
#include "sim/core/ring.hpp"
#include "sim/stats/counted_gauge.hpp"

namespace retzef::models {

class CoordinatorPool {
 public:
  /// Opens the pool with `places` cases at once (coordinators × caseload), observed from t.
  void open(std::uint32_t places, double t) {
    places_ = places;
    start_observing(t);
  }
  /// Statistics start (again at the end of the warm-up).
  void start_observing(double t) {
    open_cases_.restart(t);
    awaiting_.restart(t);
  }

  std::uint32_t places() const { return places_; }
  std::uint32_t open_cases() const { return open_cases_.count(); }
  std::uint32_t awaiting() const { return awaiting_.count(); }
  /// A newcomer can be taken on now: a free place, and nobody waiting ahead.
  bool has_place() const { return open_cases() < places_ && awaiting() == 0; }
  double open_case_days(double t) const { return open_cases_.integral(t); }
  double awaiting_days(double t) const { return awaiting_.integral(t); }

  /// A coordinator takes the case on (the caller has checked there is room).
  void take_on(double t) { open_cases_.add(t); }
  /// A case is closed; its place may go to the next waiting (next_waiting).
  void close_case(double t) { open_cases_.remove(t); }
  /// Joins the line for a coordinator. The ticket's epoch is the person's number, since
  /// slots are reused.
  void wait(const Ticket& ticket, double t) {
    line_.push(ticket);
    awaiting_.add(t);
  }
  /// Someone stops waiting (taken on, or gone); their ticket goes stale in the line.
  void stop_waiting(double t) { awaiting_.remove(t); }
  /// The next current ticket in line while a place is free, stale ones dropped.
  template <class IsCurrent>
  std::optional<Ticket> next_waiting(IsCurrent current) {
    while (open_cases() < places_ && !line_.empty()) {
      const Ticket t = line_.pop();
      if (current(t)) return t;
    }
    return std::nullopt;
  }

  /// Compares the counts with the people's records: `open_cases` people with a coordinator and
  /// `awaiting` waiting for one.
  void check(std::uint32_t open_cases, std::uint32_t awaiting,
             std::vector<std::string>& out) const {
    if (this->open_cases() != open_cases) out.push_back("coordinated people are miscounted");
    if (this->awaiting() != awaiting) out.push_back("people awaiting a coordinator are miscounted");
    if (this->open_cases() > places_) out.push_back("coordinators carry more than their caseload");
  }

 private:
  std::uint32_t places_ = 0;
  sim::CountedGauge open_cases_;
  sim::CountedGauge awaiting_;
  sim::Ring<Ticket> line_;
};

}  // namespace retzef::models
