#include "sim/output/hdf5/table_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "sim/output/hdf5/byte_planes.hpp"
#include "sim/output/hdf5/file.hpp"

namespace retzef::sim::h5 {
namespace {

hid_t native_type(ColumnType type) {
  switch (type) {
    case ColumnType::f64:
      return H5T_NATIVE_DOUBLE;
    case ColumnType::f32:
      return H5T_NATIVE_FLOAT;
    case ColumnType::i64:
      return H5T_NATIVE_INT64;
    case ColumnType::u64:
      return H5T_NATIVE_UINT64;
    case ColumnType::u32:
      return H5T_NATIVE_UINT32;
    case ColumnType::i16:
      return H5T_NATIVE_INT16;
    case ColumnType::u8:
      return H5T_NATIVE_UINT8;
  }
  return H5T_NATIVE_DOUBLE;
}

template <class T>
void store(double v, std::byte* out) {
  const T x = static_cast<T>(v);
  std::memcpy(out, &x, sizeof x);
}

/// Writes `v` at `out` as the column type stores it.
void store_as(ColumnType type, double v, std::byte* out) {
  switch (type) {
    case ColumnType::f64:
      std::memcpy(out, &v, 8);
      break;
    case ColumnType::f32:
      store<float>(v, out);
      break;
    case ColumnType::i64:
      store<std::int64_t>(v, out);
      break;
    case ColumnType::u64:
      store<std::uint64_t>(v, out);
      break;
    case ColumnType::u32:
      store<std::uint32_t>(v, out);
      break;
    case ColumnType::i16:
      store<std::int16_t>(v, out);
      break;
    case ColumnType::u8:
      store<std::uint8_t>(v, out);
      break;
  }
}

/// An HDF5 enumerated type over the column's integer type, one member per label.
Id enum_type(const Column& c) {
  Id t = type_id(check(H5Tenum_create(native_type(c.type)), "creating enum type " + c.name));
  for (std::size_t i = 0; i < c.labels.size(); ++i) {
    const std::int64_t code = c.first_code + static_cast<std::int64_t>(i);
    if (c.type == ColumnType::f64 || c.type == ColumnType::f32) {
      throw std::invalid_argument("column " + c.name + ": an enumeration needs an integer type");
    }
    std::byte value[8];
    store_as(c.type, static_cast<double>(code), value);
    check(H5Tenum_insert(t, c.labels[i].c_str(), value),
          "adding label '" + c.labels[i] + "' to column " + c.name);
  }
  return t;
}

}  // namespace

std::size_t column_bytes(ColumnType type) {
  switch (type) {
    case ColumnType::f64:
    case ColumnType::i64:
    case ColumnType::u64:
      return 8;
    case ColumnType::u32:
    case ColumnType::f32:
      return 4;
    case ColumnType::i16:
      return 2;
    case ColumnType::u8:
      return 1;
  }
  return 8;
}

TableWriter::TableWriter(hid_t parent, const TableSpec& spec, const Compression& compression,
                         std::uint64_t expected_rows)
    : name_(spec.name) {
  silence_errors();
  if (spec.columns.empty()) throw std::invalid_argument("table " + spec.name + " has no columns");
  for (const auto& c : spec.columns) {
    types_.push_back(c.type);
    offsets_.push_back(row_bytes_);
    row_bytes_ += column_bytes(c.type);
  }
  type_ = type_id(check(H5Tcreate(H5T_COMPOUND, row_bytes_), "creating the type of " + name_));
  for (std::size_t i = 0; i < spec.columns.size(); ++i) {
    const Column& c = spec.columns[i];
    if (c.labels.empty()) {
      check(H5Tinsert(type_, c.name.c_str(), offsets_[i], native_type(c.type)),
            "adding column " + c.name + " to " + name_);
    } else {
      const Id e = enum_type(c);
      check(H5Tinsert(type_, c.name.c_str(), offsets_[i], e),
            "adding column " + c.name + " to " + name_);
    }
  }
  chunk_rows_ = std::max<std::size_t>(1, compression.chunk_bytes / row_bytes_);
  if (expected_rows > 0) chunk_rows_ = std::min<std::size_t>(chunk_rows_, expected_rows);
  buffer_.resize(chunk_rows_ * row_bytes_);

  const hsize_t zero = 0;
  const hsize_t unlimited = H5S_UNLIMITED;
  const Id space = space_id(check(H5Screate_simple(1, &zero, &unlimited), "creating " + name_));
  const Id dcpl = untimed_creation(H5P_DATASET_CREATE);
  const hsize_t chunk = chunk_rows_;
  check(H5Pset_chunk(dcpl, 1, &chunk), "chunking " + name_);
  deflate_level_ = compression.deflate_level;
  if (deflate_level_ < 0 || deflate_level_ > 9) {
    throw std::invalid_argument("deflate level " + std::to_string(deflate_level_) +
                                ": expected 0 (none) to 9");
  }
  if (deflate_level_ > 1) deflate_ = std::make_unique<DeflateCompressor>(deflate_level_);
  if (deflate_level_ > 0) {
    check(H5Pset_shuffle(dcpl), "shuffle filter for " + name_);
    check(H5Pset_deflate(dcpl, static_cast<unsigned>(deflate_level_)),
          "deflate filter for " + name_);
  }
  dataset_ = dataset_id(
      check(H5Dcreate2(parent, name_.c_str(), type_, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
            "creating dataset " + name_));
  std::vector<std::string> units, descriptions;
  for (const auto& c : spec.columns) {
    units.push_back(c.unit);
    descriptions.push_back(c.description);
  }
  write_attribute(dataset_, "description", spec.description);
  write_attribute(dataset_, "units", units);
  write_attribute(dataset_, "descriptions", descriptions);
}

void TableWriter::pack(std::span<const double> row, std::byte* out) const {
  for (std::size_t i = 0; i < types_.size(); ++i)
    store_as(types_[i], row[i], out + offsets_[i]);
}

void TableWriter::append(std::span<const double> values) {
  const std::size_t n = types_.size();
  if (values.size() % n != 0) {
    throw std::invalid_argument("table " + name_ + ": a row has " + std::to_string(n) +
                                " values, got " + std::to_string(values.size()));
  }
  if (deflate_level_ == 0) {
    for (std::size_t at = 0; at < values.size(); at += n) {
      pack(values.subspan(at, n), buffer_.data() + buffered_ * row_bytes_);
      if (++buffered_ == chunk_rows_) flush();
    }
    return;
  }
  // Compressed, the buffer holds the chunk already shuffled: one plane of chunk_rows_ bytes per
  // byte of the row. Rows go in blocks small enough to stay in the first-level cache while each
  // column is written out to its planes.
  constexpr std::size_t kBlock = 64;
  for (std::size_t at = 0; at < values.size();) {
    const std::size_t rows = std::min(
        {kBlock, chunk_rows_ - static_cast<std::size_t>(buffered_), (values.size() - at) / n});
    const double* block = values.data() + at;
    for (std::size_t c = 0; c < n; ++c) {
      std::byte* plane = buffer_.data() + offsets_[c] * chunk_rows_ + buffered_;
      scatter_column(types_[c], block + c, n, rows, plane, chunk_rows_);
    }
    at += rows * n;
    buffered_ += rows;
    if (buffered_ == chunk_rows_) flush();
  }
}

void TableWriter::flush() {
  if (buffered_ == 0 || !dataset_.valid()) return;
  silence_errors();
  const hsize_t start = written_;
  const hsize_t size = written_ + buffered_;
  check(H5Dset_extent(dataset_, &size), "extending " + name_);
  if (deflate_level_ > 0) {
    // The chunk is filtered here, on the calling thread, and handed to HDF5 as stored bytes:
    // HDF5 runs its own filters under its global lock, which would make threads writing
    // different files wait for each other's compression. Readers see an ordinary shuffled,
    // deflated chunk.
    if (buffered_ < chunk_rows_) {  // the last chunk: rows past the end read as zeros
      for (std::size_t b = 0; b < row_bytes_; ++b) {
        std::byte* tail = buffer_.data() + b * chunk_rows_ + buffered_;
        std::fill(tail, tail + (chunk_rows_ - buffered_), std::byte{0});
      }
    }
    const std::span<const std::byte> stored =
        deflate_ ? deflate_->compress(buffer_) : planes_.compress(buffer_, chunk_rows_);
    check(H5Dwrite_chunk(dataset_, H5P_DEFAULT, 0, &start, stored.size(), stored.data()),
          "writing " + name_);
  } else {
    const hsize_t count = buffered_;
    const Id file_space = space_id(check(H5Dget_space(dataset_), "writing " + name_));
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &count, nullptr),
          "writing " + name_);
    const Id memory_space =
        space_id(check(H5Screate_simple(1, &count, nullptr), "writing " + name_));
    check(H5Dwrite(dataset_, type_, memory_space, file_space, H5P_DEFAULT, buffer_.data()),
          "writing " + name_);
  }
  written_ += buffered_;
  buffered_ = 0;
}

void TableWriter::close() {
  flush();
  dataset_.close("closing " + name_);
  type_.close("closing the type of " + name_);
}

}  // namespace retzef::sim::h5
