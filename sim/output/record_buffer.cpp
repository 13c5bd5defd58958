#include "sim/output/record_buffer.hpp"

#include <cassert>

namespace retzef::sim {

void RecordBuffer::record(TableId table, std::span<const double> fields) {
  assert(table < rows_.size() && fields.size() == columns_[table]);
  auto& rows = rows_[table];
  rows.insert(rows.end(), fields.begin(), fields.end());
  buffered_ += fields.size();
}

void RecordBuffer::flush(Sink& sink, LpId lp) {
  if (buffered_ == 0) return;
  for (TableId t = 0; t < rows_.size(); ++t) {
    if (rows_[t].empty()) continue;
    sink.append(t, lp, rows_[t]);
    rows_[t].clear();  // keeps capacity: no allocation once warmed up
  }
  buffered_ = 0;
}

}  // namespace retzef::sim
