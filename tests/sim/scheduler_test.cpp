// What every scheduler promises a model: ties in the documented order, the lookahead
// enforced, the end time respected, and the same records in the sink.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/engine/replications.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/output/memory_sink.hpp"
#include "sim/random/distributions.hpp"

using namespace retzef::sim;

namespace {

const std::vector<RunOptions> kSchedulers = [] {
  std::vector<RunOptions> v(4);
  v[0].scheduler = Scheduler::sequential;
  v[1].scheduler = Scheduler::threads;
  v[1].threads = 1;
  v[2].scheduler = Scheduler::threads;
  v[2].threads = 2;
  v[3].scheduler = Scheduler::threads;
  v[3].threads = 4;
  return v;
}();

// LPs 0 and 1 send to LP 2 for time 1; LP 2 schedules itself for time 1 too. LP 2 records
// the kinds in the order it handles them.
struct TieModel {
  struct LpState {};
  struct Summary {
    void merge(const Summary&) {}
  };
  LpId lp_count() const { return 3; }
  Time lookahead() const { return 1.0; }
  std::vector<TableSpec> tables() const { return {TableSpec{"handled", {Column{"kind"}}, ""}}; }
  void init(LpContext& ctx, LpState&) const {
    if (ctx.id() == 0) {
      ctx.send(2, 1.0, 'C', 0, 0, 1);
      ctx.send(2, 1.0, 'B');
    } else if (ctx.id() == 1) {
      ctx.send(2, 1.0, 'A');
    } else {
      ctx.schedule(1.0, 'D');
    }
  }
  void handle(LpContext& ctx, LpState&, const Event& e) const {
    ctx.record(0, {static_cast<double>(e.kind)});
  }
  void finish(LpContext&, LpState&, Summary&) const {}
};

// Each LP records every event it handles and forwards it to a random LP.
struct RelayModel {
  LpId lps = 8;
  struct LpState {};
  struct Summary {
    std::uint64_t handled = 0;
    double time_sum = 0;
    void merge(const Summary& o) {
      handled += o.handled;
      time_sum += o.time_sum;
    }
  };
  LpId lp_count() const { return lps; }
  Time lookahead() const { return 0.25; }
  std::vector<TableSpec> tables() const {
    return {TableSpec{"events", {Column{"t", ColumnType::f64, "day"}, Column{"entity"}}, ""},
            TableSpec{"final", {Column{"t"}}, ""}};
  }
  void init(LpContext& ctx, LpState&) const {
    for (std::uint32_t i = 0; i < 3; ++i)
      ctx.schedule(exponential(ctx.rng(), 1.0), 0, i);
  }
  void handle(LpContext& ctx, LpState&, const Event& e) const {
    ctx.record(0, {ctx.now(), static_cast<double>(e.entity)});
    const auto target = static_cast<LpId>(uniform_int(ctx.rng(), lps));
    ctx.send(target, 0.25 + exponential(ctx.rng(), 2.0), 0, e.entity);
  }
  void finish(LpContext& ctx, LpState&, Summary& s) const {
    ctx.record(1, {ctx.now()});
    s.handled = 1;
    s.time_sum = ctx.now();
  }
};

struct TooFastModel {
  struct LpState {};
  struct Summary {
    void merge(const Summary&) {}
  };
  LpId lp_count() const { return 2; }
  Time lookahead() const { return 1.0; }
  void init(LpContext& ctx, LpState&) const {
    if (ctx.id() == 0) ctx.send(1, 0.5, 0);
  }
  void handle(LpContext&, LpState&, const Event&) const {}
  void finish(LpContext&, LpState&, Summary&) const {}
};

struct PastModel {
  struct LpState {};
  struct Summary {
    void merge(const Summary&) {}
  };
  LpId lp_count() const { return 1; }
  Time lookahead() const { return kNever; }
  void init(LpContext& ctx, LpState&) const { ctx.schedule(1.0, 0); }
  void handle(LpContext& ctx, LpState&, const Event&) const { ctx.schedule_at(0.5, 0); }
  void finish(LpContext&, LpState&, Summary&) const {}
};

struct EndModel {
  struct LpState {
    std::uint64_t handled = 0;
  };
  struct Summary {
    std::uint64_t handled = 0;
    double finish_time = 0;
    void merge(const Summary& o) {
      handled += o.handled;
      finish_time = o.finish_time;
    }
  };
  LpId lp_count() const { return 1; }
  Time lookahead() const { return kNever; }
  void init(LpContext& ctx, LpState&) const {
    for (int t = 1; t <= 5; ++t)
      ctx.schedule_at(t, 0);
  }
  void handle(LpContext&, LpState& s, const Event&) const { ++s.handled; }
  void finish(LpContext& ctx, LpState& s, Summary& out) const {
    out.handled = s.handled;
    out.finish_time = ctx.now();
  }
};

// Events made (LpContext::make) and scheduled later in the handler, or dropped: LP 1 makes 'A',
// schedules 'B', makes 'C' and drops it, schedules the made 'A', then schedules 'D', all for
// time 1; at time 1 it records what it handles (as TieModel does). LP 0 only sends 'E' for time 1
// to show the made event among the LPs' order too.
struct MadeModel : TieModel {
  LpId lp_count() const { return 2; }
  void init(LpContext& ctx, LpState&) const {
    if (ctx.id() == 0) {
      ctx.send(1, 1.0, 'E');
      return;
    }
    const Event a = ctx.make(1.0, 'A');
    ctx.schedule(1.0, 'B');
    const Event dropped = ctx.make(1.0, 'C');
    (void)dropped;
    ctx.schedule(a);
    ctx.schedule(1.0, 'D');
  }
};

struct MadeInThePastModel : PastModel {
  void handle(LpContext& ctx, LpState&, const Event&) const { (void)ctx.make(-0.5, 0); }
};

}  // namespace

TEST_CASE("a made event takes its place in the order when made, and a dropped one never happens",
          "[scheduler]") {
  for (RunOptions options : kSchedulers) {
    MemorySink sink;
    options.sink = &sink;
    simulate(MadeModel{}, options);
    // LP 0's message first (source LP 0), then LP 1's own by the order they were made in.
    CHECK(sink.values(0, 1) == std::vector<double>{'E', 'A', 'B', 'D'});
  }
  CHECK_THROWS_WITH(simulate(MadeInThePastModel{}, RunOptions{}), Catch::Contains("past"));
}

TEST_CASE("same-time events are handled by priority, then source LP, then sequence",
          "[scheduler]") {
  for (RunOptions options : kSchedulers) {
    MemorySink sink;
    options.sink = &sink;
    simulate(TieModel{}, options);
    const auto& kinds = sink.values(0, 2);
    REQUIRE(kinds.size() == 4);
    CHECK(kinds == std::vector<double>{'B', 'A', 'D', 'C'});
  }
}

namespace {

// Rows in bursts too big for one hand-over: many as the LPs are built, a wide one at every
// event, many as they finish; so each LP's buffer fills and spills several times, while it is
// built, between events and while it finishes.
struct BurstyModel : RelayModel {
  static constexpr std::size_t kWide = 40;
  std::vector<TableSpec> tables() const {
    TableSpec wide{"wide", {}, ""};
    for (std::size_t c = 0; c < kWide; ++c) {
      std::string name = "c";
      name += std::to_string(c);
      wide.columns.push_back(Column{name});
    }
    return {wide, TableSpec{"narrow", {Column{"lp"}, Column{"i"}}, ""}};
  }
  void init(LpContext& ctx, LpState& st) const {
    for (std::uint32_t i = 0; i < 45'000; ++i)
      ctx.record(1, {static_cast<double>(ctx.id()), static_cast<double>(i)});
    RelayModel::init(ctx, st);
  }
  void handle(LpContext& ctx, LpState&, const Event& e) const {
    const std::span<double> row = ctx.add_row(0);
    for (std::size_t c = 0; c < kWide; ++c)
      row[c] = ctx.now() + static_cast<double>(c * e.entity);
    const auto target = static_cast<LpId>(uniform_int(ctx.rng(), lps));
    ctx.send(target, 0.25 + exponential(ctx.rng(), 2.0), 0, e.entity);
  }
  void finish(LpContext& ctx, LpState&, Summary& s) const {
    for (std::uint32_t i = 0; i < 45'000; ++i)
      ctx.record(1, {static_cast<double>(ctx.id()), -static_cast<double>(i)});
    s.handled = 1;
  }
};

// Every call a sink receives, in order: a file's bytes depend on the order of the rows, not
// only on which rows each LP gave.
struct CallLog final : Sink {
  struct Call {
    TableId table;
    LpId lp;
    std::vector<double> values;
    bool operator==(const Call&) const = default;
  };
  std::vector<Call> calls;
  void begin(std::span<const TableSpec>) override {}
  void append(TableId table, LpId lp, std::span<const double> values) override {
    calls.push_back(Call{table, lp, {values.begin(), values.end()}});
  }
  void end() override {}
};

}  // namespace

TEST_CASE("on one rank, every scheduler hands the sink the same calls in the same order",
          "[scheduler][determinism][threads]") {
  RunOptions reference_options;
  reference_options.end = 1500;
  CallLog reference;
  reference_options.sink = &reference;
  simulate(BurstyModel{}, reference_options);
  // Each LP spilled while built, between events and while finishing, so the order of the calls
  // across LPs was decided by the spills, not only by the scheduler's last hand-over.
  std::size_t values = 0;
  for (const auto& call : reference.calls)
    values += call.values.size();
  REQUIRE(values > 8 * 4 * kSpillValues);
  REQUIRE(reference.calls.size() > 8 * 6);
  for (RunOptions options : kSchedulers) {
    options.end = 1500;
    CallLog sink;
    options.sink = &sink;
    simulate(BurstyModel{}, options);
    CHECK(sink.calls.size() == reference.calls.size());
    CHECK(sink.calls == reference.calls);
  }
}

TEST_CASE("every scheduler hands the sink the same records", "[scheduler][determinism][threads]") {
  RunOptions reference_options;
  reference_options.end = 200;
  MemorySink reference;
  reference_options.sink = &reference;
  const auto ref = simulate(RelayModel{}, reference_options);
  REQUIRE(reference.ended());
  REQUIRE(reference.rows(reference.table("events")) > 1000);
  REQUIRE(reference.rows(reference.table("final")) == 8);
  for (RunOptions options : kSchedulers) {
    options.end = 200;
    MemorySink sink;
    options.sink = &sink;
    const auto r = simulate(RelayModel{}, options);
    CHECK(sink.all() == reference.all());
    CHECK(r.checksum == ref.checksum);
    CHECK(r.summary.handled == 8);
    CHECK(r.summary.time_sum == 8 * 200.0);
  }
}

TEST_CASE("replications side by side each hand their own sink what a run alone hands it",
          "[scheduler][determinism][threads]") {
  RunOptions base;
  base.end = 50;
  constexpr std::uint32_t kCount = 5;
  std::vector<MemorySink> alone(kCount);
  for (std::uint32_t i = 0; i < kCount; ++i) {
    RunOptions options = base;
    options.replication = 3 + i;
    options.sink = &alone[i];
    simulate(RelayModel{}, options);
  }
  CHECK(alone[0].all() != alone[1].all());
  for (int threads : {1, 2, 3}) {
    std::vector<MemorySink> sinks(kCount);
    const auto results = run_replications(RelayModel{}, base, 3, kCount, threads, nullptr,
                                          [&sinks](std::uint32_t i) -> Sink* { return &sinks[i]; });
    REQUIRE(results.size() == kCount);
    for (std::uint32_t i = 0; i < kCount; ++i) {
      INFO("threads " << threads << ", replication " << 3 + i);
      CHECK(sinks[i].ended());
      CHECK(sinks[i].all() == alone[i].all());
    }
  }
  // Without sinks the records go nowhere; one sink for all of them is refused.
  CHECK(run_replications(RelayModel{}, base, 3, kCount, 2).size() == kCount);
  MemorySink shared;
  base.sink = &shared;
  CHECK_THROWS_WITH(run_replications(RelayModel{}, base, 3, kCount, 2),
                    Catch::Contains("one sink cannot take replications side by side"));
}

TEST_CASE("a message sooner than the lookahead is an error, not a silent race", "[scheduler]") {
  for (const RunOptions& options : kSchedulers) {
    CHECK_THROWS_WITH(simulate(TooFastModel{}, options), Catch::Contains("lookahead"));
  }
}

TEST_CASE("an event in the past is an error", "[scheduler]") {
  CHECK_THROWS_WITH(simulate(PastModel{}, RunOptions{}), Catch::Contains("past"));
}

TEST_CASE("events at or after the end time are not handled, and finish sees the end time",
          "[scheduler]") {
  for (RunOptions options : kSchedulers) {
    options.end = 3.0;
    const auto r = simulate(EndModel{}, options);
    CHECK(r.summary.handled == 2);  // t = 1, 2
    CHECK(r.summary.finish_time == 3.0);
    CHECK(r.final_time == 3.0);
  }
  // With no end, the run lasts until the last event.
  const auto r = simulate(EndModel{}, RunOptions{});
  CHECK(r.summary.handled == 5);
  CHECK(r.final_time == 5.0);
}

TEST_CASE("a model with several LPs and no lookahead is rejected", "[scheduler]") {
  struct NoLookahead : TooFastModel {
    Time lookahead() const { return 0; }
  };
  CHECK_THROWS_WITH(simulate(NoLookahead{}, RunOptions{}), Catch::Contains("lookahead > 0"));
}
