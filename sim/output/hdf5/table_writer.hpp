// One table of a sink (sim/output/sink.hpp) as an HDF5 dataset: a one-dimensional, extendible,
// chunked and compressed dataset of a compound type with one field per column, so pandas reads
// it with `DataFrame(ds[:])`. Rows arrive as doubles and are packed into the columns' storage
// types in a buffer of one chunk; the dataset grows a whole chunk at a time, which keeps HDF5
// calls (and the library's global lock) off the per-row path; chunks are shuffled and deflated
// by the writer itself, outside that lock. Enumerated columns become HDF5 enumerated types
// carrying their labels; units and descriptions are attributes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/output/hdf5/deflate_compressor.hpp"
#include "sim/output/hdf5/handle.hpp"
#include "sim/output/sink.hpp"

namespace retzef::sim::h5 {

struct Compression {
  int deflate_level = 1;  ///< 0: none; 1..9: deflate level (docs/output.md: 1 was measured best)
  bool shuffle = true;    ///< byte shuffle before deflate: helps columns of small integers
  std::size_t chunk_bytes = 64 * 1024;
};

class TableWriter {
 public:
  /// Creates the dataset `spec.name` in `parent`.
  TableWriter(hid_t parent, const TableSpec& spec, const Compression& compression = {});
  TableWriter(TableWriter&&) noexcept = default;
  TableWriter& operator=(TableWriter&&) noexcept = default;

  /// Appends whole rows (row-major; a multiple of the column count).
  void append(std::span<const double> values);
  /// Flushes and closes the dataset, reporting write errors.
  void close();
  std::uint64_t rows() const { return written_ + buffered_; }

 private:
  void pack(std::span<const double> row, std::byte* out) const;
  /// Writes the buffer as the next chunk (only ever whole chunks, or the last one, are written,
  /// so that each write is one chunk of the dataset).
  void flush();

  Id dataset_;
  Id type_;
  std::vector<ColumnType> types_;
  std::vector<std::size_t> offsets_;
  std::size_t row_bytes_ = 0;
  std::size_t chunk_rows_ = 0;
  std::vector<std::byte> buffer_;      ///< chunk_rows_ packed rows
  std::vector<std::byte> shuffled_;    ///< the chunk with its bytes regrouped by position
  std::vector<std::byte> compressed_;  ///< the chunk as stored
  int deflate_level_ = 0;
  std::unique_ptr<DeflateCompressor> deflate_;  ///< when deflate_level_ > 0
  bool shuffle_ = false;
  std::uint64_t buffered_ = 0;
  std::uint64_t written_ = 0;
  std::string name_;
};

/// The storage size of a column type, in bytes.
std::size_t column_bytes(ColumnType type);

}  // namespace retzef::sim::h5
