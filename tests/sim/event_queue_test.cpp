// The event queue hands events out in the documented total order, whatever order they went
// in and whichever of its structures (one heap, or the calendar wheel with its sorted run and
// heap at the bottom) holds them, shows the next two at every step and, as a hint, the fourth,
// and stops allocating once it has grown.
#include "sim/core/event_queue.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <iterator>
#include <random>
#include <set>
#include <tuple>
#include <vector>

using namespace retzef::sim;

namespace {

auto key(const Event& e) {
  return std::tuple(e.time, e.order);
}

struct AheadHits {
  int asked = 0;  ///< steps with at least four events pending
  int exact = 0;  ///< of those, steps where ahead() was the fourth
};

/// ahead(), the scheduler's prefetch hint, is null while fewer than four events are pending and
/// otherwise, when given, a pending event no earlier than the fourth in the reference's order;
/// how often it is exactly the fourth is counted.
void check_ahead(const EventQueue& q, const std::set<std::tuple<double, std::uint64_t>>& reference,
                 AheadHits& hits) {
  const Event* ahead = q.ahead();
  if (reference.size() < 4) {
    REQUIRE(ahead == nullptr);
    return;
  }
  ++hits.asked;
  if (ahead == nullptr) return;
  REQUIRE(reference.count(key(*ahead)) == 1);
  const auto fourth = *std::next(reference.begin(), 3);
  REQUIRE(key(*ahead) >= fourth);
  if (key(*ahead) == fourth) ++hits.exact;
}

/// Drives a queue and an ordered reference set with the same pushes and pops: `delay(gen)`
/// gives each pushed event's time after the last popped one; a push happens with probability
/// `push_share`. Every pop must give the reference's first element.
template <class Delay>
void check_against_reference(Delay delay, double push_share, int steps, std::uint64_t seed,
                             bool spread_times = true) {
  std::mt19937_64 gen(seed);
  std::bernoulli_distribution push(push_share);
  EventQueue q;
  std::set<std::tuple<double, std::uint64_t>> reference;
  std::uint64_t seq = 0;
  double now = 0;
  std::size_t largest = 0;
  AheadHits ahead_hits;
  for (int step = 0; step < steps; ++step) {
    if (push(gen) || q.empty()) {
      const Event e{now + delay(gen),
                    make_order(static_cast<Priority>(seq % 3), static_cast<LpId>(seq % 5), seq),
                    0,
                    0,
                    0,
                    0};
      ++seq;
      q.push(e);
      reference.insert(key(e));
    } else {
      const Event e = q.pop();
      REQUIRE(key(e) == *reference.begin());
      reference.erase(reference.begin());
      now = e.time;
    }
    REQUIRE(q.size() == reference.size());
    REQUIRE(q.next_time() == (reference.empty() ? kNever : std::get<0>(*reference.begin())));
    // The top and the second, which a scheduler prefetches, are the next two in the order.
    if (!reference.empty()) REQUIRE(key(q.top()) == *reference.begin());
    if (reference.size() >= 2) {
      REQUIRE(q.second() != nullptr);
      REQUIRE(key(*q.second()) == *std::next(reference.begin()));
    } else {
      REQUIRE(q.second() == nullptr);
    }
    check_ahead(q, reference, ahead_hits);
    largest = std::max(largest, q.size());
  }
  CHECK(largest > EventQueue::kSpreadAbove);  // the wheel was used
  // Popping only, the bottom's heap empties and ahead() is the fourth nearly every time, when
  // times are spread (tied or infinite times keep the queue a heap, where there is no hint).
  AheadHits drained;
  while (!q.empty()) {
    REQUIRE(key(q.pop()) == *reference.begin());
    reference.erase(reference.begin());
    check_ahead(q, reference, drained);
  }
  CHECK(reference.empty());
  if (spread_times) {
    CHECK(drained.exact > 0.99 * drained.asked);
    // With pushes among the pops, most of the time too (about nine times in ten): a miss
    // costs a prefetch, never the order.
    CHECK(ahead_hits.exact > 0.8 * ahead_hits.asked);
  }
}

}  // namespace

TEST_CASE("order key packs priority, source and sequence in that significance", "[queue]") {
  const auto o = make_order(3, 1234567, 60123456789ULL);
  CHECK(order_priority(o) == 3);
  CHECK(order_source(o) == 1234567);
  CHECK(order_sequence(o) == 60123456789ULL);
  // Priority outranks source, source outranks sequence.
  CHECK(make_order(0, order_bits::kMaxSource, order_bits::kMaxSequence) < make_order(1, 0, 0));
  CHECK(make_order(0, 1, 0) > make_order(0, 0, order_bits::kMaxSequence));
}

TEST_CASE("ties are broken by priority class, then source LP, then sequence", "[queue]") {
  EventQueue q;
  // All at time 5, pushed in scrambled order.
  q.push(Event{5.0, make_order(1, 0, 0), 0, 10, 0, 0});
  q.push(Event{5.0, make_order(0, 2, 1), 0, 11, 0, 0});
  q.push(Event{5.0, make_order(0, 1, 7), 0, 12, 0, 0});
  q.push(Event{5.0, make_order(0, 2, 0), 0, 13, 0, 0});
  q.push(Event{4.5, make_order(15, 9, 9), 0, 14, 0, 0});
  std::vector<EventKind> kinds;
  while (!q.empty())
    kinds.push_back(q.pop().kind);
  CHECK(kinds == std::vector<EventKind>{14, 12, 13, 11, 10});
}

TEST_CASE("random pushes and pops come out sorted like a reference ordered set", "[queue]") {
  // Coarse times so that ties happen often, broken by priority, source and sequence.
  std::uniform_real_distribution<double> time(0, 100);
  check_against_reference([&](std::mt19937_64& g) { return std::floor(time(g)) / 4; }, 2.0 / 3,
                          200'000, 42);
}

TEST_CASE("the wheel keeps the order under heavy-tailed, tied and far-off times", "[queue]") {
  SECTION("exponential delays mixed with long ones, as a care model schedules") {
    std::exponential_distribution<double> soon(1.0), late(1.0 / 400);
    std::bernoulli_distribution far(0.3);
    check_against_reference([&](std::mt19937_64& g) { return far(g) ? late(g) : soon(g); }, 0.6,
                            300'000, 7);
  }
  SECTION("many events at the same time (a zero-width wheel)") {
    std::bernoulli_distribution later(0.01);
    check_against_reference([&](std::mt19937_64& g) { return later(g) ? 1.0 : 0.0; }, 0.7, 100'000,
                            8, false);
  }
  SECTION("some events never happen (infinite time)") {
    std::uniform_real_distribution<double> u(0, 10);
    std::bernoulli_distribution never(0.2);
    check_against_reference([&](std::mt19937_64& g) { return never(g) ? kNever : u(g); }, 0.6,
                            100'000, 9, false);
  }
}

TEST_CASE("the queue grows into a wheel, shrinks back to a heap and grows again", "[queue]") {
  EventQueue q;
  std::mt19937_64 gen(3);
  std::uniform_real_distribution<double> u(0, 1000);
  std::uint64_t seq = 0;
  double last = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 20'000; ++i)
      q.push(Event{last + u(gen), make_order(0, 0, seq++), 0, 0, 0, 0});
    while (q.size() > 10) {
      const Event e = q.pop();
      REQUIRE(e.time >= last);
      last = e.time;
      if (q.size() % 5000 == 0) {
        // Earlier than anything pending, as a message from another LP may be: it is next.
        q.push(Event{last - 1, make_order(0, 0, seq++), 0, 42, 0, 0});
        REQUIRE(q.pop().kind == 42);
      }
    }
  }
  q.clear();
  CHECK(q.empty());
  CHECK(q.next_time() == kNever);
}

TEST_CASE("a ladder's last events stay in order when a heap refilled before them spreads again",
          "[queue]") {
  // The ladder used up leaves its last bucket's last event at the bottom, beside a heap of the
  // few events left; pushes earlier than all of them then grow the heap past kSpreadAbove, and
  // the new ladder must take that event up too, or it is handed out before earlier ones.
  EventQueue q;
  std::mt19937_64 gen(11);
  std::uniform_real_distribution<double> u(0, 1);
  std::uint64_t seq = 0;
  for (int round = 0; round < 4; ++round) {
    const double start = q.empty() ? 1000.0 * round : q.next_time();
    for (int i = 0; i < 6000; ++i)
      q.push(Event{start + 1000 * u(gen), make_order(0, 0, seq++), 0, 0, 0, 0});
    double last = -1;
    while (q.size() > 2) {
      const Event e = q.pop();
      REQUIRE(e.time >= last);
      last = e.time;
    }
    // Earlier than the two left, enough to spread the heap into a ladder again.
    const double before_rest = q.next_time();
    for (int i = 0; i < 5000; ++i)
      q.push(Event{last + (before_rest - last) * u(gen), make_order(0, 0, seq++), 0, 0, 0, 0});
    double previous = last;
    std::size_t popped = 0;
    while (q.size() > 3000) {
      const Event e = q.pop();
      REQUIRE(e.time >= previous);
      previous = e.time;
      ++popped;
    }
    CHECK(popped > 0);
  }
  while (!q.empty()) {
    const double t = q.pop().time;
    CHECK(t >= 0);
  }
}

TEST_CASE("next_time is kNever on an empty queue", "[queue]") {
  EventQueue q;
  CHECK(q.next_time() == kNever);
  q.push(Event{2.5, 0, 0, 0, 0, 0});
  CHECK(q.next_time() == 2.5);
}
