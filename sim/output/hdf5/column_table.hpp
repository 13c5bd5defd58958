// Small tables of named columns in HDF5, written and read whole: a ColumnTable
// (sim/output/column_table.hpp) becomes a one-dimensional dataset of a compound type with one
// field per column — strings as variable-length UTF-8, numbers as float64 — and any table of
// numeric fields reads back as doubles by field name. For name tables and one-row summaries,
// where TableWriter's chunked, compressed path would be overhead.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/output/column_table.hpp"
#include "sim/output/hdf5/handle.hpp"

namespace retzef::sim::h5 {

/// Creates the dataset `table.name` in `parent` holding every row; throws when the columns
/// differ in length.
void write_column_table(hid_t parent, const ColumnTable& table);

/// A table's numeric fields as doubles: field names in order and the rows, row-major.
struct NumberRows {
  std::vector<std::string> fields;
  std::vector<double> values;
};

/// Reads every field of the compound dataset `name` in `parent` as a double (integers and
/// floats convert; a field HDF5 cannot convert to a double is an Error naming it), or only the
/// fields `only` names, in that order (fewer to convert; one the table lacks is an Error).
NumberRows read_number_rows(hid_t parent, const std::string& name,
                            std::span<const std::string> only = {});

}  // namespace retzef::sim::h5
