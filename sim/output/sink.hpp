// The narrow interface between a running model and wherever its records go (memory for tests,
// HDF5 for users). A model declares its tables up front — a name and typed, unit-carrying
// columns — and during the run appends rows of plain numbers to an LP-local buffer; the
// scheduler hands each LP's filled buffer to the sink from one thread, in LP order. So a sink
// needs no locking, sees one virtual call per chunk rather than per event, and receives, for
// every (table, LP), the same rows in the same order under every scheduler.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/core/event.hpp"

namespace retzef::sim {

using TableId = std::uint32_t;

/// How a column is stored. Rows travel as doubles (exact for integers below 2^53); the storage
/// type tells a sink how to write them.
enum class ColumnType : std::uint8_t { f64, f32, i64, u64, u32, i16, u8 };

struct Column {
  std::string name{};
  ColumnType type = ColumnType::f64;
  std::string unit{};  ///< e.g. "day", "person", "NIS"; empty for dimensionless
  std::string description{};
  /// Non-empty for an enumeration: the name of code first_code + i is labels[i], so a sink can
  /// store the column as a named type (readers see "inpatient", not 1).
  std::vector<std::string> labels{};
  std::int64_t first_code = 0;
};

struct TableSpec {
  std::string name;
  std::vector<Column> columns;
  std::string description;
  /// The most rows the table will get in a run, where the model knows it (0: unknown). A sink
  /// may size its storage by it: a table of sixty rows is not stored in chunks of a mebibyte.
  std::uint64_t expected_rows = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  /// Called once before the run with every table the model writes; table i has TableId i.
  virtual void begin(std::span<const TableSpec> tables) = 0;
  /// `values` holds whole rows, row-major; its size is a multiple of the table's column count.
  virtual void append(TableId table, LpId lp, std::span<const double> values) = 0;
  /// Called once after the last append of a run that finished normally.
  virtual void end() = 0;
};

}  // namespace retzef::sim
