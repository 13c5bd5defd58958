// A sink that keeps every row in memory, grouped by (table, LP): what tests use to look at
// what a model recorded, and to compare the records of two runs for bit-identity.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "sim/output/sink.hpp"

namespace retzef::sim {

class MemorySink final : public Sink {
 public:
  void begin(std::span<const TableSpec> tables) override;
  void append(TableId table, LpId lp, std::span<const double> values) override;
  void end() override { ended_ = true; }

  const std::vector<TableSpec>& tables() const { return tables_; }
  bool ended() const { return ended_; }
  /// The table's id by name; throws std::out_of_range if no such table.
  TableId table(const std::string& name) const;
  /// Rows of one table for one LP, row-major (empty if none).
  const std::vector<double>& values(TableId table, LpId lp) const;
  /// Number of rows of a table over all LPs.
  std::size_t rows(TableId table) const;
  /// All records, for bit-identity comparisons between runs.
  const std::map<std::pair<TableId, LpId>, std::vector<double>>& all() const { return data_; }

 private:
  std::vector<TableSpec> tables_;
  std::map<std::pair<TableId, LpId>, std::vector<double>> data_;
  bool ended_ = false;
};

}  // namespace retzef::sim
