// The care level and the coordinator pool as resources: who a freed place goes to, how stale
// tickets are skipped, what the counts and their averages say, and what their checks catch.
#include <array>
#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "models/care_level.hpp"
#include "models/coordinator_pool.hpp"

using retzef::models::CareLevel;
using retzef::models::CoordinatorPool;
using retzef::models::kAcuityLevels;
using retzef::models::kUnlimited;
using retzef::models::LevelHeadcount;
using retzef::models::Ticket;

namespace {

Ticket ticket(std::uint32_t person, double since, std::uint32_t region = 0) {
  return Ticket{person, 1, since, region};
}

}  // namespace

TEST_CASE("care level: a freed place goes to the urgent front, then whoever asked first",
          "[care][resources]") {
  CareLevel level;
  level.open(1, 1, kUnlimited, 0);
  level.occupy(0);
  level.join_list(ticket(1, 1), false, 1);
  level.join_in_place(ticket(2, 2), 2);
  level.request_from_region(ticket(3, 0.5, 7));  // another region's, asked earliest
  level.join_list(ticket(4, 3), true, 3);        // urgent: ahead of everyone
  CHECK_FALSE(level.has_place());
  CHECK(level.waiting() == 3);  // the remote request waits at the host, not in these counts
  const auto all_current = [](const Ticket&) { return true; };
  CHECK_FALSE(level.serve_next(all_current, 4));  // no free place yet

  std::vector<std::uint32_t> served;
  for (int i = 0; i < 4; ++i) {
    REQUIRE(level.vacate(5 + i));
    const auto next = level.serve_next(all_current, 5 + i);
    REQUIRE(next);
    served.push_back(next->ticket.person);
    if (next->remote) {
      CHECK(next->ticket.region == 7);
      level.release_to_region(5 + i);  // the remote person's place, held then given back
      level.occupy(5 + i);             // ... and taken by nobody: keep the level full
    } else if (next->ticket.person == 2) {
      level.leave_in_place(5 + i);
      level.occupy(5 + i);
    } else {
      level.leave_list(5 + i);
      level.occupy(5 + i);
    }
  }
  CHECK(served == std::vector<std::uint32_t>{4, 3, 1, 2});
  CHECK(level.waiting() == 0);
}

TEST_CASE("care level: stale tickets are dropped, the current served", "[care][resources]") {
  CareLevel level;
  level.open(2, 2, kUnlimited, 0);
  level.occupy(0);
  level.occupy(0);
  level.join_list(ticket(1, 1), false, 1);
  level.join_list(ticket(2, 2), false, 2);
  level.leave_list(3);  // person 1 gave up: their ticket stays in the line, stale
  const std::set<std::uint32_t> gone{1};
  const auto current = [&](const Ticket& t) { return gone.count(t.person) == 0; };
  level.vacate(4);
  const auto next = level.serve_next(current, 4);
  REQUIRE(next);
  CHECK(next->ticket.person == 2);
  CHECK_FALSE(next->remote);
}

TEST_CASE("care level: counts and their day totals move together", "[care][resources]") {
  CareLevel level;
  level.open(3, 4, 1, 0);  // 3 places, one overflow place, a waiting list of one
  for (int i = 0; i < 4; ++i)
    level.occupy(0);
  CHECK_FALSE(level.has_free_place());
  CHECK(level.queue_has_room());
  level.join_list(ticket(9, 0), false, 0);
  CHECK_FALSE(level.queue_has_room());
  level.block(2);  // someone in it starts waiting to step down
  level.unblock(5);
  level.leave_list(10);
  CHECK(level.occupied_days(10) == Approx(40));
  CHECK(level.queued_days(10) == Approx(10));
  CHECK(level.blocked_days(10) == Approx(3));
  level.start_observing(10);  // the end of a warm-up
  CHECK(level.occupied_days(12) == Approx(8));
  CHECK(level.blocked_days(12) == 0);
}

TEST_CASE("care level: a referred level counts its people at the host", "[care][resources]") {
  CareLevel level;
  level.open(0, 0, kUnlimited, 0);
  CHECK_FALSE(level.offered());
  level.refer_to(3, 1.5, 40);
  CHECK(level.offered());
  CHECK(level.reachable() == 40);
  level.occupy(1);
  CHECK(level.occupied() == 0);  // counted at the host
  CHECK_FALSE(level.vacate(2));  // nothing freed here
  std::vector<std::string> problems;
  level.check(LevelHeadcount{}, "level x", problems);
  CHECK(problems.empty());
}

TEST_CASE("care level: its check finds counts that disagree with the people", "[care][resources]") {
  CareLevel level;
  level.open(2, 2, kUnlimited, 0);
  level.occupy(0);
  std::vector<std::string> problems;
  level.check(LevelHeadcount{1, 0, 0, 0}, "level x", problems);
  CHECK(problems.empty());
  level.check(LevelHeadcount{2, 0, 0, 0}, "level x", problems);  // one more seen than counted
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind("level x counts 1 people but holds 2", 0) == 0);
  problems.clear();
  level.block(0);
  level.check(LevelHeadcount{1, 0, 0, 0}, "level x", problems);  // the blocked not seen
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "level x miscounts those blocked in it");
  problems.clear();
  level.join_list(ticket(5, 0), false, 0);  // waiting while a place is free
  level.check(LevelHeadcount{1, 1, 0, 1}, "level x", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "level x has a free place while people wait for it");
}

TEST_CASE("coordinator pool: cases up to its places, then a line served in order",
          "[care][resources]") {
  CoordinatorPool pool;
  pool.open(2, 0);
  CHECK(pool.has_place());
  pool.take_on(0, 1);
  pool.take_on(1, 2);
  CHECK_FALSE(pool.has_place());
  pool.wait(ticket(7, 2), 2);
  pool.wait(ticket(8, 3), 3);
  const auto all_current = [](const Ticket&) { return true; };
  CHECK_FALSE(pool.next_waiting(all_current));  // no place free
  pool.close_case(4, 1, 1);
  const auto next = pool.next_waiting(all_current);
  REQUIRE(next);
  CHECK(next->person == 7);
  pool.stop_waiting(4);
  pool.take_on(4, 1);
  CHECK(pool.awaiting() == 1);
  CHECK_FALSE(pool.has_place());  // full, and someone waits
  CHECK(pool.open_case_days(5) == Approx(1 + 2 * 3 + 2 * 1));
  CHECK(pool.awaiting_days(5) == Approx(1 + 2 * 1 + 1 * 1));
  // By acuity: one at 1 over [0, 4) and [4, 5), one at 2 over [1, 5).
  CHECK(pool.open_case_days(1, 5) == Approx(4 + 1));
  CHECK(pool.open_case_days(2, 5) == Approx(4));
  std::vector<std::string> problems;
  const std::array<std::uint32_t, kAcuityLevels> at{0, 1, 1, 0, 0};
  pool.check(2, at, at, 1, problems);
  CHECK(problems.empty());
  pool.check(3, at, at, 1, problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "coordinated people are miscounted");
  problems.clear();
  pool.take_on(5, 1);  // beyond its places
  const std::array<std::uint32_t, kAcuityLevels> three{0, 2, 1, 0, 0};
  pool.check(3, three, three, 1, problems);
  CHECK(problems == std::vector<std::string>{"coordinators carry more than their caseload"});
}

TEST_CASE("coordinator pool: acuities as they are and as coordinators know them",
          "[care][resources]") {
  CoordinatorPool pool;
  pool.open(3, 0);
  pool.take_on(0, 1);
  pool.take_on(0, 3);
  const std::array<double, kAcuityLevels> priority{0.5, 1, 2, 3, 3};
  CHECK(pool.priority_weight(priority) == Approx(1 + 3));
  pool.change_acuity(1, 2, 2);  // a rise the coordinator has not seen yet
  CHECK(pool.priority_weight(priority) == Approx(1 + 3));
  std::vector<std::string> problems;
  pool.check(2, {0, 0, 1, 1, 0}, {0, 1, 0, 1, 0}, 0, problems);
  CHECK(problems.empty());
  pool.reassess(1, 2);  // found
  CHECK(pool.priority_weight(priority) == Approx(2 + 3));
  pool.check(2, {0, 0, 1, 1, 0}, {0, 1, 0, 1, 0}, 0, problems);
  CHECK(problems == std::vector<std::string>{"acuities known to coordinators are miscounted",
                                             "acuities known to coordinators are miscounted"});
  CHECK(pool.open_case_days(1, 4) == Approx(2));
  CHECK(pool.open_case_days(2, 4) == Approx(2));
  CHECK(pool.open_case_days(3, 4) == Approx(4));
}
