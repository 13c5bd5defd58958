#include "sim/output/memory_sink.hpp"

#include <stdexcept>

namespace retzef::sim {

void MemorySink::begin(std::span<const TableSpec> tables) {
  tables_.assign(tables.begin(), tables.end());
  data_.clear();
  ended_ = false;
}

void MemorySink::append(TableId table, LpId lp, std::span<const double> values) {
  if (table >= tables_.size()) throw std::out_of_range("MemorySink: unknown table id");
  auto& v = data_[{table, lp}];
  v.insert(v.end(), values.begin(), values.end());
}

TableId MemorySink::table(const std::string& name) const {
  for (TableId i = 0; i < tables_.size(); ++i) {
    if (tables_[i].name == name) return i;
  }
  throw std::out_of_range("MemorySink: no table named '" + name + "'");
}

const std::vector<double>& MemorySink::values(TableId table, LpId lp) const {
  static const std::vector<double> kEmpty;
  auto it = data_.find({table, lp});
  return it == data_.end() ? kEmpty : it->second;
}

std::size_t MemorySink::rows(TableId table) const {
  std::size_t n = 0;
  const std::size_t cols = tables_.at(table).columns.size();
  for (const auto& [key, v] : data_) {
    if (key.first == table) n += v.size() / cols;
  }
  return n;
}

}  // namespace retzef::sim
