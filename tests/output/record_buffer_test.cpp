// An LP's record buffer (sim/output/record_buffer.hpp) hands the sink every row once, whole and
// in the order recorded, whether it waits for the scheduler's flush or spills on its own at a
// limit; and rows added in place carry exactly what the caller wrote.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/output/memory_sink.hpp"
#include "sim/output/record_buffer.hpp"

using namespace retzef::sim;

namespace {

std::vector<TableSpec> two_tables() {
  return {TableSpec{"pairs", {Column{"a"}, Column{"b"}}, ""},
          TableSpec{"wide", {Column{"x"}, Column{"y"}, Column{"z"}}, ""}};
}

/// Spills whenever a row finds `limit` values waiting: a counting sink sees each hand-over.
struct CountingSink final : Sink {
  MemorySink rows;
  int hand_overs = 0;
  void begin(std::span<const TableSpec> tables) override { rows.begin(tables); }
  void append(TableId table, LpId lp, std::span<const double> values) override {
    ++hand_overs;
    rows.append(table, lp, values);
  }
  void end() override { rows.end(); }
};

}  // namespace

TEST_CASE("record buffer: rows wait for flush, in order, table by table", "[output]") {
  const auto tables = two_tables();
  MemorySink sink;
  sink.begin(tables);
  RecordBuffer buffer;
  buffer.configure(tables);
  std::vector<double> pairs, wide;
  for (int i = 0; i < 5000; ++i) {  // past the first capacity: the buffer grows, keeping rows
    buffer.record(0, std::vector<double>{double(i), -double(i)});
    pairs.insert(pairs.end(), {double(i), -double(i)});
    const auto row = buffer.add_row(1);
    REQUIRE(row.size() == 3);
    row[0] = i;
    row[1] = i * 0.5;
    row[2] = -1;
    wide.insert(wide.end(), {double(i), i * 0.5, -1.0});
  }
  CHECK(buffer.buffered_values() == 5000 * 5);
  CHECK(sink.rows(0) == 0);  // nothing handed over before flush
  buffer.flush(sink, 7);
  CHECK(buffer.buffered_values() == 0);
  CHECK(sink.values(0, 7) == pairs);
  CHECK(sink.values(1, 7) == wide);
  buffer.flush(sink, 7);  // nothing left: no empty hand-over
  CHECK(sink.rows(0) == 5000);
}

TEST_CASE("record buffer: spilling at a limit keeps every row and its order", "[output]") {
  const auto tables = two_tables();
  CountingSink sink;
  sink.begin(tables);
  RecordBuffer buffer;
  buffer.configure(tables);
  buffer.spill_to(sink, 3, 100);
  std::vector<double> pairs, wide;
  for (int i = 0; i < 1000; ++i) {
    buffer.record(0, std::vector<double>{double(i), 1.0});
    pairs.insert(pairs.end(), {double(i), 1.0});
    if (i % 3 == 0) {
      buffer.record(1, std::vector<double>{double(i), 2.0, 3.0});
      wide.insert(wide.end(), {double(i), 2.0, 3.0});
    }
    CHECK(buffer.buffered_values() <= 100 + 3);  // never more than the limit and one row
  }
  buffer.flush(sink.rows, 3);
  CHECK(sink.hand_overs > 10);
  CHECK(sink.rows.values(0, 3) == pairs);
  CHECK(sink.rows.values(1, 3) == wide);
}
