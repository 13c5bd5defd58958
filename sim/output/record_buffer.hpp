// An LP's records between two hand-overs to the sink. Rows are appended to one growing vector
// per table, which keeps its capacity across flushes, so recording allocates nothing once an
// LP has seen its busiest window.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/output/sink.hpp"

namespace retzef::sim {

/// An LP's rows waiting to be handed to the sink.
class RecordBuffer {
 public:
  void configure(std::span<const TableSpec> tables) {
    columns_.clear();
    rows_.assign(tables.size(), {});
    for (const auto& t : tables)
      columns_.push_back(t.columns.size());
  }

  /// Appends one row; `fields` must have exactly the table's column count.
  void record(TableId table, std::span<const double> fields);
  /// Appends one row of zeros and returns it to be filled in place: a wide row need not be
  /// built elsewhere and copied in.
  std::span<double> add_row(TableId table) {
    auto& rows = rows_[table];
    const std::size_t at = rows.size();
    rows.resize(at + columns_[table]);
    buffered_ += columns_[table];
    return {rows.data() + at, columns_[table]};
  }

  std::size_t buffered_values() const { return buffered_; }

  /// Hands everything buffered to `sink` (table by table) and empties the buffer.
  void flush(Sink& sink, LpId lp);

 private:
  std::vector<std::size_t> columns_;
  std::vector<std::vector<double>> rows_;
  std::size_t buffered_ = 0;
};

}  // namespace retzef::sim
