// The event queue hands events out in the documented total order, whatever order they went
// in, and stops allocating once it has grown.
#include "sim/core/event_queue.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <tuple>
#include <vector>

using namespace retzef::sim;

namespace {

auto key(const Event& e) {
  return std::tuple(e.time, e.order);
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
  std::mt19937_64 gen(42);
  std::uniform_real_distribution<double> time(0, 100);
  std::uniform_int_distribution<int> coin(0, 2);
  EventQueue q;
  std::set<std::tuple<double, std::uint64_t>> reference;
  std::uint64_t seq = 0;
  double now = 0;
  for (int step = 0; step < 200'000; ++step) {
    if (coin(gen) != 0 || q.empty()) {
      // Coarse times so that ties happen often.
      const double t = now + std::floor(time(gen)) / 4;
      const Event e{t, make_order(static_cast<Priority>(seq % 3), static_cast<LpId>(seq % 5), seq),
                    0, 0,
                    0, 0};
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
  }
  while (!q.empty()) {
    REQUIRE(key(q.pop()) == *reference.begin());
    reference.erase(reference.begin());
  }
}

TEST_CASE("next_time is kNever on an empty queue", "[queue]") {
  EventQueue q;
  CHECK(q.next_time() == kNever);
  q.push(Event{2.5, 0, 0, 0, 0, 0});
  CHECK(q.next_time() == 2.5);
}
