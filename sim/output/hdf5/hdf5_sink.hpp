// A Sink (sim/output/sink.hpp) that writes every table of a run into one HDF5 group, one
// compressed dataset per table, and beside them the tables formed once the run has ended. It
// serves one run at a time from one thread — the scheduler hands it each LP's records in a fixed
// order — so the rows of a dataset, and hence the file's content, are a function of the run
// alone.
#pragma once

#include <vector>

#include "sim/output/hdf5/table_writer.hpp"
#include "sim/output/sink.hpp"

namespace retzef::sim::h5 {

class Hdf5Sink final : public Sink {
 public:
  /// Writes into `group`, which must outlive the sink.
  explicit Hdf5Sink(hid_t group, Compression compression = {})
      : group_(group), compression_(compression) {}

  void begin(std::span<const TableSpec> tables) override;
  void append(TableId table, LpId lp, std::span<const double> values) override;
  /// Flushes and closes every dataset (errors such as a full disk are thrown from here).
  void end() override;

  /// Writes a table whose rows are all known at once (row-major; e.g. what a run's totals give
  /// after it ends), in one chunk of its own size.
  void write_table(const TableSpec& spec, std::span<const double> values);

  std::uint64_t rows(TableId table) const { return writers_.at(table).rows(); }

 private:
  hid_t group_;
  Compression compression_;
  std::vector<TableWriter> writers_;
};

}  // namespace retzef::sim::h5
