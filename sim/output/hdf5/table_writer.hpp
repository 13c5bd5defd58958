// One table of a sink (sim/output/sink.hpp) as an HDF5 dataset: a one-dimensional, extendible,
// chunked and compressed dataset of a compound type with one field per column, so pandas reads
// it with `DataFrame(ds[:])`. Rows arrive as doubles and are stored as the columns' types in a
// buffer of one chunk, already shuffled when it is to be compressed; the dataset grows a whole
// chunk at a time, which keeps HDF5 calls (and the library's global lock) off the per-row path;
// chunks are deflated by the writer itself, outside that lock, by the plane coder
// (plane_deflate.hpp) or, at the higher levels, libdeflate. Enumerated columns become HDF5
// enumerated types carrying their labels; units and descriptions are attributes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/output/hdf5/deflate_compressor.hpp"
#include "sim/output/hdf5/handle.hpp"
#include "sim/output/hdf5/plane_deflate.hpp"
#include "sim/output/hdf5/scratch_buffer.hpp"
#include "sim/output/sink.hpp"

namespace retzef::sim::h5 {

struct Compression {
  /// 0: none. 1: shuffle and the plane coder, the fast default (docs/output.md). 2..9: shuffle
  /// and libdeflate at that level, smaller files for more time.
  int deflate_level = 1;
  /// Raw bytes per chunk, at most: 1 MiB keeps the plane coder's per-plane work small against
  /// the bytes, and a chunk within HDF5's default 1 MiB chunk cache.
  std::size_t chunk_bytes = 1 << 20;
};

class TableWriter {
 public:
  /// Creates the dataset `spec.name` in `parent`. `expected_rows`, when known and above zero,
  /// caps the chunk so that a table of a few rows is not padded out to a whole chunk.
  TableWriter(hid_t parent, const TableSpec& spec, const Compression& compression = {},
              std::uint64_t expected_rows = 0);
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
  /// One chunk: uncompressed, chunk_rows_ packed rows; compressed, the same bytes shuffled
  /// (byte b of every row, then byte b + 1, ...), as HDF5's shuffle filter would leave them.
  ScratchBuffer<std::byte> buffer_;
  int deflate_level_ = 0;
  PlaneDeflate planes_;                         ///< at level 1
  std::unique_ptr<DeflateCompressor> deflate_;  ///< at levels 2..9
  std::uint64_t buffered_ = 0;
  std::uint64_t written_ = 0;
  std::string name_;
};

/// The storage size of a column type, in bytes.
std::size_t column_bytes(ColumnType type);

}  // namespace retzef::sim::h5
