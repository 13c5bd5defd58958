#include "sim/output/hdf5/hdf5_sink.hpp"

#include <stdexcept>

namespace retzef::sim::h5 {

void Hdf5Sink::begin(std::span<const TableSpec> tables) {
  writers_.clear();
  writers_.reserve(tables.size());
  for (const auto& spec : tables)
    writers_.emplace_back(group_, spec, compression_);
}

void Hdf5Sink::append(TableId table, LpId, std::span<const double> values) {
  if (table >= writers_.size()) throw std::out_of_range("Hdf5Sink: unknown table id");
  writers_[table].append(values);
}

void Hdf5Sink::end() {
  for (auto& w : writers_)
    w.close();
}

}  // namespace retzef::sim::h5
