// Writing a column of values into a shuffled chunk. HDF5's shuffle filter stores byte k of every
// row's value together, so a table writer that shuffles as it fills its chunk must spread each
// value over sizeof(T) planes, one byte into each: byte stores, several per value, on the path
// of every traced row. Here eight rows at a time are converted to the column's type and turned
// through a byte transpose in vector registers (SSE2, which every x86-64 has), so that each
// plane takes one eight-byte store per eight rows; elsewhere, or for the rare 64-bit integer
// columns, values go byte by byte. Both give the same bytes.
#pragma once

#include <cstddef>

#include "sim/output/sink.hpp"

namespace retzef::sim::h5 {

/// Writes `rows` values, every `stride`-th of `values`, as `type` into the planes that start at
/// `plane` and lie `plane_bytes` apart: byte k of row r's value (in memory order, which is the
/// native type's order in the file) goes to plane k at position r. Values must fit the column
/// type (as for static_cast, whose result is undefined otherwise: here an integer out of range
/// may wrap or saturate).
void scatter_column(ColumnType type, const double* values, std::size_t stride, std::size_t rows,
                    std::byte* plane, std::size_t plane_bytes);

}  // namespace retzef::sim::h5
