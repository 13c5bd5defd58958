#include "sim/output/hdf5/hdf5_sink.hpp"

#include <algorithm>
#include <stdexcept>

namespace retzef::sim::h5 {

void Hdf5Sink::begin(std::span<const TableSpec> tables) {
  writers_.clear();
  writers_.reserve(tables.size());
  for (const auto& spec : tables)
    writers_.emplace_back(group_, spec, compression_, spec.expected_rows);
}

void Hdf5Sink::append(TableId table, LpId, std::span<const double> values) {
  if (table >= writers_.size()) throw std::out_of_range("Hdf5Sink: unknown table id");
  writers_[table].append(values);
}

void Hdf5Sink::write_table(const TableSpec& spec, std::span<const double> values) {
  const std::size_t columns = std::max<std::size_t>(1, spec.columns.size());
  TableWriter writer(group_, spec, compression_, values.size() / columns);
  writer.append(values);
  writer.close();
}

void Hdf5Sink::end() {
  for (auto& w : writers_)
    w.close();
}

}  // namespace retzef::sim::h5
