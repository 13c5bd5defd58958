// A table of every column type a TableWriter writes (sim/output/sink.hpp's ColumnType), with
// enumerations whose codes go negative, and its rows: what the HDF5 tests write and read back.
// Every value survives its column's type exactly (the float column holds halves), and the time
// column holds a NaN every seventh row.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "sim/output/sink.hpp"

namespace retzef::testing {

inline sim::TableSpec every_column_type() {
  using sim::ColumnType;
  return {"mixed",
          {{"t", ColumnType::f64, "day", "time"},
           {"big", ColumnType::i64, "", "signed 64"},
           {"count", ColumnType::u64, "move", "unsigned 64"},
           {"share", ColumnType::f32, "", "a float"},
           {"id", ColumnType::u32, "", "unsigned 32"},
           {"level", ColumnType::i16, "", "level", {"none", "inpatient", "clinic"}, -1},
           {"kind", ColumnType::u8, "", "kind", {"a", "b", "c", "d"}, 0},
           {"small", ColumnType::u8, "", "a byte"}},
          "every column type"};
}

/// Row `i` of that table.
inline std::vector<double> every_column_type_row(std::size_t i) {
  const auto x = static_cast<double>(i);
  return {0.25 * x + (i % 7 == 0 ? std::nan("") : 0.0),
          -x * 1e12 - 3,
          x * 12345678901.0,
          0.5 * x,
          static_cast<double>(i % 100000),
          static_cast<double>(static_cast<int>(i % 3) - 1),
          static_cast<double>(i % 4),
          static_cast<double>(i % 256)};
}

}  // namespace retzef::testing
