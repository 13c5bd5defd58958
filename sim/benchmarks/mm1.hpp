// The M/M/1 queue as lean as a model can be: one LP, two event kinds, a ring of arrival times.
// It is what `retzef bench mm1` runs, so that the figure measures the kernel (queue, events,
// random streams) rather than a general model's bookkeeping; the general QueueNetwork model
// checks the same theory in the tests with far more statistics per customer.
#pragma once

#include <cstdint>
#include <stdexcept>

#include "sim/core/ring.hpp"
#include "sim/engine/model.hpp"
#include "sim/random/distributions.hpp"
#include "sim/stats/time_weighted.hpp"
#include "sim/stats/welford.hpp"

namespace retzef::benchmarks {

struct Mm1Params {
  double arrival_rate = 0.9;
  double service_rate = 1.0;
  std::uint64_t customers = 1'000'000;  ///< arrivals generated; then the queue drains
};

class Mm1 {
 public:
  enum Kind : sim::EventKind { kArrival, kDeparture };

  struct LpState {
    sim::Ring<sim::Time> waiting;  // arrival times of those waiting, first come first served
    bool busy = false;
    std::uint64_t generated = 0;
    std::uint64_t served = 0;
    sim::Welford wait;
    sim::TimeWeighted in_queue;
  };

  struct Summary {
    sim::Welford wait;         ///< time from arrival to the start of service
    double mean_in_queue = 0;  ///< time-average number waiting
    std::uint64_t served = 0;
    void merge(const Summary& o) {
      wait.merge(o.wait);
      mean_in_queue += o.mean_in_queue;
      served += o.served;
    }
  };

  explicit Mm1(Mm1Params p) : p_(p) {
    if (!(p_.arrival_rate > 0) || !(p_.service_rate > 0)) {
      throw std::invalid_argument("M/M/1 rates must be > 0");
    }
  }

  sim::LpId lp_count() const { return 1; }
  sim::Time lookahead() const { return sim::kNever; }

  void init(sim::LpContext& ctx, LpState& s) const {
    s.in_queue.start(0, 0);
    if (p_.customers > 0) ctx.schedule(sim::exponential(ctx.rng(), p_.arrival_rate), kArrival);
  }

  void handle(sim::LpContext& ctx, LpState& s, const sim::Event& e) const {
    if (e.kind == kArrival) {
      if (++s.generated < p_.customers) {
        ctx.schedule(sim::exponential(ctx.rng(), p_.arrival_rate), kArrival);
      }
      if (!s.busy) {
        s.busy = true;
        s.wait.add(0);
        ctx.schedule(sim::exponential(ctx.rng(), p_.service_rate), kDeparture);
      } else {
        s.waiting.push(ctx.now());
        s.in_queue.add(ctx.now(), 1);
      }
      return;
    }
    ++s.served;
    if (s.waiting.empty()) {
      s.busy = false;
      return;
    }
    s.wait.add(ctx.now() - s.waiting.pop());
    s.in_queue.add(ctx.now(), -1);
    ctx.schedule(sim::exponential(ctx.rng(), p_.service_rate), kDeparture);
  }

  void finish(sim::LpContext& ctx, LpState& s, Summary& out) const {
    out.wait = s.wait;
    out.mean_in_queue = s.in_queue.mean(ctx.now());
    out.served = s.served;
  }

 private:
  Mm1Params p_;
};

static_assert(sim::Model<Mm1>);

}  // namespace retzef::benchmarks
