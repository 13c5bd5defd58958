// A benchmark model beside the kernel: Poisson arrivals to a line of M/M/c/K stations in
// tandem, on one LP. One station with c = 1 and no limit is the M/M/1 queue; c servers is
// M/M/c (Erlang C); c servers and room for c is the Erlang loss system M/M/c/c; two stations
// with no limits are a Jackson tandem. Its results have closed forms, which is how the tests
// check the kernel, its random numbers and its statistics against queueing theory.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/ring.hpp"
#include "sim/engine/model.hpp"
#include "sim/random/distributions.hpp"
#include "sim/stats/time_weighted.hpp"
#include "sim/stats/welford.hpp"

namespace retzef::benchmarks {

using sim::Event;
using sim::LpContext;
using sim::Time;

struct StationSpec {
  double service_rate = 1.0;  ///< per server, customers per time unit
  std::uint32_t servers = 1;
  std::uint32_t capacity =
      0;  ///< most customers at the station (waiting + in service); 0 = no limit
};

struct QueueNetworkParams {
  double arrival_rate = 0.9;
  std::vector<StationSpec> stations{StationSpec{}};
  std::uint64_t customers = 1'000'000;  ///< arrivals generated; then the network drains
  Time warmup = 0;                      ///< statistics ignore customers arriving earlier
};

struct StationSummary {
  sim::Welford wait;          ///< time from arrival at the station to the start of service
  sim::Welford sojourn;       ///< time from arrival at the station to departure from it
  double mean_in_queue = 0;   ///< time-average number waiting
  double mean_in_system = 0;  ///< time-average number waiting or in service
  std::uint64_t arrivals = 0;
  std::uint64_t lost = 0;  ///< turned away because the station was full
};

class QueueNetwork {
 public:
  static constexpr std::size_t kMaxStations = 4;
  enum Kind : sim::EventKind { kArrival, kDeparture, kWarmupEnd };

  struct Summary {
    std::array<StationSummary, kMaxStations> stations{};
    sim::Welford sojourn;  ///< time in the whole network, of customers who left it
    std::uint64_t arrivals = 0;
    std::uint64_t departures = 0;
    std::uint64_t lost = 0;
    double mean_in_network = 0;  ///< time-average number of customers in the network
    double observed_time = 0;    ///< length of the observation period (after warm-up)

    // One LP per network: merging adds counts and keeps the statistics of the non-empty side.
    void merge(const Summary& other);
  };

  struct LpState;

  explicit QueueNetwork(QueueNetworkParams params);

  sim::LpId lp_count() const { return 1; }
  Time lookahead() const { return sim::kNever; }
  void init(LpContext& ctx, LpState& s) const;
  void handle(LpContext& ctx, LpState& s, const Event& e) const;
  void finish(LpContext& ctx, LpState& s, Summary& out) const;

  const QueueNetworkParams& params() const { return params_; }

 private:
  void arrive(LpContext& ctx, LpState& s, std::uint32_t customer, std::size_t station) const;
  void start_service(LpContext& ctx, LpState& s, std::uint32_t customer, std::size_t station) const;
  void depart(LpContext& ctx, LpState& s, std::uint32_t customer, std::size_t station) const;

  QueueNetworkParams params_;
};

struct QueueNetwork::LpState {
  struct Customer {
    Time entered_network = 0;
    Time entered_station = 0;
    bool counted = false;  ///< arrived after the warm-up
  };
  struct Station {
    sim::Ring<std::uint32_t> waiting;
    std::uint32_t busy = 0;
    sim::TimeWeighted in_queue;
    sim::TimeWeighted in_system;
    StationSummary stats;
  };
  std::vector<Customer> customers;  // pool, indexed by customer id
  std::vector<std::uint32_t> free_ids;
  std::array<Station, kMaxStations> stations;
  sim::TimeWeighted in_network;
  sim::Welford sojourn;
  std::uint64_t generated = 0;
  std::uint64_t departures = 0;
  std::uint64_t lost = 0;
  Time observe_from = 0;
};

inline QueueNetwork::QueueNetwork(QueueNetworkParams params) : params_(std::move(params)) {
  if (params_.stations.empty() || params_.stations.size() > kMaxStations) {
    throw std::invalid_argument("a queue network has 1 to 4 stations");
  }
  if (!(params_.arrival_rate > 0)) throw std::invalid_argument("arrival rate must be > 0");
  for (const auto& st : params_.stations) {
    if (!(st.service_rate > 0) || st.servers == 0) {
      throw std::invalid_argument("every station needs a service rate > 0 and ≥ 1 server");
    }
    if (st.capacity != 0 && st.capacity < st.servers) {
      throw std::invalid_argument("a station's capacity must be 0 (no limit) or ≥ its servers");
    }
  }
}

inline void QueueNetwork::Summary::merge(const Summary& other) {
  for (std::size_t i = 0; i < kMaxStations; ++i) {
    auto& a = stations[i];
    const auto& b = other.stations[i];
    a.wait.merge(b.wait);
    a.sojourn.merge(b.sojourn);
    a.mean_in_queue += b.mean_in_queue;
    a.mean_in_system += b.mean_in_system;
    a.arrivals += b.arrivals;
    a.lost += b.lost;
  }
  sojourn.merge(other.sojourn);
  arrivals += other.arrivals;
  departures += other.departures;
  lost += other.lost;
  mean_in_network += other.mean_in_network;
  observed_time = observed_time > other.observed_time ? observed_time : other.observed_time;
}

inline void QueueNetwork::init(LpContext& ctx, LpState& s) const {
  s.customers.reserve(1024);
  for (auto& st : s.stations) {
    st.in_queue.start(0, 0);
    st.in_system.start(0, 0);
  }
  s.in_network.start(0, 0);
  s.observe_from = params_.warmup;
  if (params_.warmup > 0) ctx.schedule_at(params_.warmup, kWarmupEnd);
  if (params_.customers > 0) {
    ctx.schedule(sim::exponential(ctx.rng(), params_.arrival_rate), kArrival);
  }
}

inline void QueueNetwork::handle(LpContext& ctx, LpState& s, const Event& e) const {
  switch (e.kind) {
    case kArrival: {
      std::uint32_t id;
      if (s.free_ids.empty()) {
        id = static_cast<std::uint32_t>(s.customers.size());
        s.customers.emplace_back();
      } else {
        id = s.free_ids.back();
        s.free_ids.pop_back();
      }
      auto& c = s.customers[id];
      c.entered_network = ctx.now();
      c.counted = ctx.now() >= s.observe_from;
      s.in_network.add(ctx.now(), 1);
      if (++s.generated < params_.customers) {
        ctx.schedule(sim::exponential(ctx.rng(), params_.arrival_rate), kArrival);
      }
      arrive(ctx, s, id, 0);
      break;
    }
    case kDeparture:
      depart(ctx, s, e.entity, e.data);
      break;
    case kWarmupEnd:
      for (auto& st : s.stations) {
        st.in_queue.reset(ctx.now());
        st.in_system.reset(ctx.now());
      }
      s.in_network.reset(ctx.now());
      break;
    default:
      throw std::logic_error("QueueNetwork: unknown event kind " + std::to_string(e.kind));
  }
}

inline void QueueNetwork::arrive(LpContext& ctx, LpState& s, std::uint32_t customer,
                                 std::size_t station) const {
  auto& st = s.stations[station];
  const auto& spec = params_.stations[station];
  auto& c = s.customers[customer];
  if (c.counted) ++st.stats.arrivals;
  const std::size_t present = st.busy + st.waiting.size();
  if (spec.capacity != 0 && present >= spec.capacity) {
    if (c.counted) {
      ++st.stats.lost;
      ++s.lost;
    }
    s.in_network.add(ctx.now(), -1);
    s.free_ids.push_back(customer);
    return;
  }
  c.entered_station = ctx.now();
  st.in_system.add(ctx.now(), 1);
  if (st.busy < spec.servers) {
    start_service(ctx, s, customer, station);
  } else {
    st.waiting.push(customer);
    st.in_queue.add(ctx.now(), 1);
  }
}

inline void QueueNetwork::start_service(LpContext& ctx, LpState& s, std::uint32_t customer,
                                        std::size_t station) const {
  auto& st = s.stations[station];
  ++st.busy;
  const auto& c = s.customers[customer];
  if (c.counted) st.stats.wait.add(ctx.now() - c.entered_station);
  ctx.schedule(sim::exponential(ctx.rng(), params_.stations[station].service_rate), kDeparture,
               customer, static_cast<std::uint32_t>(station));
}

inline void QueueNetwork::depart(LpContext& ctx, LpState& s, std::uint32_t customer,
                                 std::size_t station) const {
  auto& st = s.stations[station];
  --st.busy;
  st.in_system.add(ctx.now(), -1);
  const auto& c = s.customers[customer];
  if (c.counted) st.stats.sojourn.add(ctx.now() - c.entered_station);
  if (!st.waiting.empty()) {
    st.in_queue.add(ctx.now(), -1);
    start_service(ctx, s, st.waiting.pop(), station);
  }
  if (station + 1 < params_.stations.size()) {
    arrive(ctx, s, customer, station + 1);
    return;
  }
  if (c.counted) {
    s.sojourn.add(ctx.now() - c.entered_network);
    ++s.departures;
  }
  s.in_network.add(ctx.now(), -1);
  s.free_ids.push_back(customer);
}

inline void QueueNetwork::finish(LpContext& ctx, LpState& s, Summary& out) const {
  const Time t = ctx.now();
  for (std::size_t i = 0; i < params_.stations.size(); ++i) {
    auto& st = s.stations[i];
    st.stats.mean_in_queue = st.in_queue.mean(t);
    st.stats.mean_in_system = st.in_system.mean(t);
    out.stations[i] = st.stats;
  }
  out.sojourn = s.sojourn;
  out.arrivals = s.stations[0].stats.arrivals;
  out.departures = s.departures;
  out.lost = s.lost;
  out.mean_in_network = s.in_network.mean(t);
  out.observed_time = t - s.observe_from;
}

static_assert(sim::Model<QueueNetwork>);

}  // namespace retzef::benchmarks
