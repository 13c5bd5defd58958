// PHOLD, the standard benchmark of parallel discrete-event simulators (Fujimoto 1990): N LPs,
// each starting with a population of events; handling an event schedules one new event
// `lookahead + Exp(mean)` later, for a uniformly chosen other LP with probability `remote`,
// else for itself. It has no meaning, only a known shape, so it measures what the kernel
// costs per event and how windows scale with threads and ranks.
#pragma once

#include <cstdint>
#include <stdexcept>

#include "sim/engine/model.hpp"
#include "sim/random/distributions.hpp"

namespace retzef::benchmarks {

struct PholdParams {
  sim::LpId lps = 1024;
  std::uint32_t population = 16;  ///< initial events per LP
  double remote = 0.1;            ///< probability that an event goes to another LP
  sim::Time lookahead = 1.0;
  double mean = 1.0;       ///< mean of the exponential part of the delay
  std::uint32_t work = 0;  ///< extra arithmetic per event, to mimic heavier models
};

class Phold {
 public:
  enum Kind : sim::EventKind { kPing };

  struct LpState {
    std::uint64_t remote_sent = 0;
    double sink = 0;  // keeps `work` from being optimised away
  };
  struct Summary {
    std::uint64_t remote_sent = 0;
    double work_result = 0;
    void merge(const Summary& o) {
      remote_sent += o.remote_sent;
      work_result += o.work_result;
    }
  };

  explicit Phold(PholdParams p) : p_(p) {
    if (p_.lps == 0) throw std::invalid_argument("PHOLD needs at least one LP");
    if (!(p_.remote >= 0 && p_.remote <= 1))
      throw std::invalid_argument("remote must be in [0, 1]");
    if (!(p_.lookahead > 0)) throw std::invalid_argument("lookahead must be > 0");
    if (!(p_.mean > 0)) throw std::invalid_argument("mean must be > 0");
  }

  sim::LpId lp_count() const { return p_.lps; }
  sim::Time lookahead() const { return p_.lookahead; }

  void init(sim::LpContext& ctx, LpState&) const {
    for (std::uint32_t i = 0; i < p_.population; ++i) {
      ctx.schedule(sim::exponential_mean(ctx.rng(), p_.mean), kPing);
    }
  }

  void handle(sim::LpContext& ctx, LpState& s, const sim::Event&) const {
    auto& rng = ctx.rng();
    const sim::Time delay = p_.lookahead + sim::exponential_mean(rng, p_.mean);
    if (p_.lps > 1 && rng.uniform01() < p_.remote) {
      // A uniformly chosen LP other than this one.
      auto target = static_cast<sim::LpId>(sim::uniform_int(rng, p_.lps - 1));
      if (target >= ctx.id()) ++target;
      ++s.remote_sent;
      ctx.send(target, delay, kPing);
    } else {
      ctx.schedule(delay, kPing);
    }
    double x = s.sink;
    for (std::uint32_t i = 0; i < p_.work; ++i)
      x = x * 0.999999 + 1e-6;
    s.sink = x;
  }

  void finish(sim::LpContext&, LpState& s, Summary& out) const {
    out.remote_sent = s.remote_sent;
    out.work_result = s.sink;
  }

  const PholdParams& params() const { return p_; }

 private:
  PholdParams p_;
};

static_assert(sim::Model<Phold>);

}  // namespace retzef::benchmarks
