// A region's care coordinators as a resource: a pool of caseload places (coordinators ×
// caseload), the people whose case is open — by the acuity they are at (counted gauges, for
// contacts per person-month) and by the acuity the coordinator knows of (the priority rule
// shares the coordinators' time by it) — and the line of people waiting for a coordinator.
// Changed only through take on, close a case, a change of acuity, reassess, wait and the next
// waiting, so that the counts and their time averages cannot part.
#pragma once

#include <array>
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
    staffed_ = places;
    start_observing(t);
  }
  /// The caseload places the coordinators in post can carry (workforce.hpp): fewer than funded
  /// while posts stand empty. Nobody's case is closed when they fall; no case is taken on
  /// until fewer are open.
  void set_staffed(std::uint32_t places) { staffed_ = places; }
  std::uint32_t staffed() const { return staffed_; }
  /// Statistics start (again at the end of the warm-up).
  void start_observing(double t) {
    open_cases_.restart(t);
    awaiting_.restart(t);
    for (auto& g : at_acuity_)
      g.restart(t);
  }

  std::uint32_t places() const { return places_; }
  std::uint32_t open_cases() const { return open_cases_.count(); }
  std::uint32_t awaiting() const { return awaiting_.count(); }
  /// A newcomer can be taken on now: a free place, and nobody waiting ahead.
  bool has_place() const { return open_cases() < staffed_ && awaiting() == 0; }
  double open_case_days(double t) const { return open_cases_.integral(t); }
  double awaiting_days(double t) const { return awaiting_.integral(t); }

  /// Person-days of open cases at `acuity`.
  double open_case_days(std::uint8_t acuity, double t) const {
    return at_acuity_[acuity].integral(t);
  }
  /// The open cases weighed by the priority of the acuity their coordinator knows of.
  double priority_weight(const std::array<double, kAcuityLevels>& priority) const {
    double w = 0;
    for (std::size_t a = 0; a < kAcuityLevels; ++a)
      w += known_[a] * priority[a];
    return w;
  }

  /// A coordinator takes the case on (the caller has checked there is room), knowing the
  /// person's acuity.
  void take_on(double t, std::uint8_t acuity) {
    open_cases_.add(t);
    at_acuity_[acuity].add(t);
    ++known_[acuity];
  }
  /// A case is closed; its place may go to the next waiting (next_waiting).
  void close_case(double t, std::uint8_t acuity, std::uint8_t known) {
    open_cases_.remove(t);
    at_acuity_[acuity].remove(t);
    --known_[known];
  }
  /// A person with an open case is now at another acuity.
  void change_acuity(std::uint8_t from, std::uint8_t to, double t) {
    at_acuity_[from].remove(t);
    at_acuity_[to].add(t);
  }
  /// The coordinator now knows another acuity for one of their people.
  void reassess(std::uint8_t from, std::uint8_t to) {
    --known_[from];
    ++known_[to];
  }
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
    while (open_cases() < staffed_ && !line_.empty()) {
      const Ticket t = line_.pop();
      if (current(t)) return t;
    }
    return std::nullopt;
  }

  /// Compares the counts with the people's records: `open_cases` people with a coordinator
  /// (`at` and `known` of them at each acuity, as they are and as their coordinator knows) and
  /// `awaiting` waiting for one.
  void check(std::uint32_t open_cases, const std::array<std::uint32_t, kAcuityLevels>& at,
             const std::array<std::uint32_t, kAcuityLevels>& known, std::uint32_t awaiting,
             std::vector<std::string>& out) const {
    if (this->open_cases() != open_cases) out.push_back("coordinated people are miscounted");
    for (std::size_t a = 0; a < kAcuityLevels; ++a) {
      if (at_acuity_[a].count() != at[a]) out.push_back("coordinated people by acuity miscounted");
      if (known_[a] != known[a]) out.push_back("acuities known to coordinators are miscounted");
    }
    if (this->awaiting() != awaiting) out.push_back("people awaiting a coordinator are miscounted");
    if (this->open_cases() > places_) out.push_back("coordinators carry more than their caseload");
  }

 private:
  std::uint32_t places_ = 0;   ///< funded: coordinators × caseload
  std::uint32_t staffed_ = 0;  ///< of them, those the coordinators in post can carry
  sim::CountedGauge open_cases_;
  sim::CountedGauge awaiting_;
  std::array<sim::CountedGauge, kAcuityLevels> at_acuity_{};
  std::array<std::uint32_t, kAcuityLevels> known_{};
  sim::Ring<Ticket> line_;
};

}  // namespace retzef::models
