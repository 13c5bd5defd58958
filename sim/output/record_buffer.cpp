#include "sim/output/record_buffer.hpp"

#include <algorithm>

namespace retzef::sim {

void RecordBuffer::configure(std::span<const TableSpec> tables) {
  columns_.clear();
  rows_.clear();
  rows_.resize(tables.size());
  for (const auto& t : tables)
    columns_.push_back(t.columns.size());
  buffered_ = 0;
}

void RecordBuffer::grow(Rows& r, std::size_t more) {
  const std::size_t capacity = std::max({r.capacity * 2, r.size + more, std::size_t{1024}});
  // Not value-initialised: every value is written by add_row's caller before it is read.
  std::unique_ptr<double[]> values(new double[capacity]);
  if (r.size > 0) std::memcpy(values.get(), r.values.get(), r.size * sizeof(double));
  r.values = std::move(values);
  r.capacity = capacity;
}

void RecordBuffer::flush(Sink& sink, LpId lp) {
  if (buffered_ == 0) return;
  for (TableId t = 0; t < rows_.size(); ++t) {
    Rows& r = rows_[t];
    if (r.size == 0) continue;
    sink.append(t, lp, {r.values.get(), r.size});
    r.size = 0;  // keeps capacity: no allocation once warmed up
  }
  buffered_ = 0;
}

}  // namespace retzef::sim
