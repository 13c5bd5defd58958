// An LP's records between two hand-overs to the sink. Rows are appended to one growing array
// per table, which keeps its capacity across flushes, so recording allocates nothing once an
// LP has seen its busiest window. Appending a row is a capacity check and a copy, inline: a
// model may record an event for every one it handles.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "sim/output/sink.hpp"

namespace retzef::sim {

/// An LP's rows waiting to be handed to the sink.
class RecordBuffer {
 public:
  void configure(std::span<const TableSpec> tables);

  /// From now on, hands everything to `sink` as LP `lp` whenever `limit` values are waiting
  /// and a row is added: for a scheduler that may hand rows over at any moment (one thread),
  /// so that a burst of rows — every person's account at the end of a run — stays a cache-sized
  /// buffer instead of growing without bound. Without it, rows wait for flush().
  void spill_to(Sink& sink, LpId lp, std::size_t limit) {
    spill_ = &sink;
    lp_ = lp;
    limit_ = limit;
  }

  /// Appends one row; `fields` must have exactly the table's column count.
  void record(TableId table, std::span<const double> fields) {
    double* row = add_row(table).data();
    for (std::size_t i = 0; i < fields.size(); ++i)
      row[i] = fields[i];
  }

  /// Appends one row to be filled in place, returned uninitialised: the caller writes every
  /// column. Valid until the next record, add_row or flush.
  std::span<double> add_row(TableId table) {
    if (buffered_ >= limit_) flush(*spill_, lp_);
    Rows& r = rows_[table];
    const std::size_t n = columns_[table];
    if (r.capacity - r.size < n) grow(r, n);
    double* row = r.values.get() + r.size;
    r.size += n;
    buffered_ += n;
#ifndef NDEBUG
    // A column the caller forgot shows as NaN in a debug build's output, not as stale memory.
    std::fill_n(row, n, std::numeric_limits<double>::quiet_NaN());
#endif
    return {row, n};
  }

  std::size_t buffered_values() const {
    return buffered_;
  }

  /// Hands everything buffered to `sink` (table by table) and empties the buffer.
  void flush(Sink& sink, LpId lp);

 private:
  struct Rows {
    std::unique_ptr<double[]> values;
    std::size_t size = 0;
    std::size_t capacity = 0;
  };
  static void grow(Rows& r, std::size_t more);

  std::vector<std::size_t> columns_;
  std::vector<Rows> rows_;
  std::size_t buffered_ = 0;
  Sink* spill_ = nullptr;
  LpId lp_ = 0;
  std::size_t limit_ = std::numeric_limits<std::size_t>::max();
};

}  // namespace retzef::sim
