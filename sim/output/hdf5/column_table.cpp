#include "sim/output/hdf5/column_table.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

#include "sim/output/hdf5/chunk_reader.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/output/hdf5/sized_transfer.hpp"

namespace retzef::sim::h5 {
namespace {

// A string field holds a pointer, a number field a double: both eight bytes on the platforms
// retzef builds on, so field i sits at byte 8 * i of a row.
constexpr std::size_t kFieldBytes = 8;
static_assert(sizeof(const char*) == kFieldBytes && sizeof(double) == kFieldBytes);

// Deflate, the only filter that shrinks what retzef writes, expands its input at most 1032-fold
// (a 258-byte match costs at least two bits).
constexpr std::uint64_t kMostExpansion = 1032;

/// The number of values the dataset's rows of `fields` fields claim, refused when that is more
/// than the file could hold: a damaged header can claim rows by the billions, and the buffer is
/// sized from the claim before libhdf5 reads a byte.
std::size_t claimed_values(hid_t dataset, hid_t space, std::size_t fields,
                           const std::string& what) {
  const hssize_t rows = H5Sget_simple_extent_npoints(space);
  if (rows < 0) check(-1, what);
  const Id file = file_id(check(H5Iget_file_id(dataset), what));
  hsize_t file_bytes = 0;
  check(H5Fget_filesize(file, &file_bytes), what);
  const std::uint64_t stored = std::min<std::uint64_t>(H5Dget_storage_size(dataset), file_bytes);
  const std::uint64_t most = stored * kMostExpansion / kFieldBytes;
  const auto claimed = static_cast<std::uint64_t>(rows);
  if (fields > 0 && claimed > most / fields) {
    throw Error(what + ": claims " + std::to_string(claimed) + " rows of " +
                std::to_string(fields) + " fields, more than its " + std::to_string(stored) +
                " stored bytes can hold (a damaged file)");
  }
  return static_cast<std::size_t>(claimed) * fields;
}

/// A number type whose bits lie where its size says: libhdf5 converts from the bit positions
/// a file's type gives without checking them, and a damaged type's bit positions made it
/// overwrite its own stack (H5T__bit_get_d). An enumeration is checked by its integer base.
bool plausible_number(hid_t member) {
  const H5T_class_t kind = H5Tget_class(member);
  if (kind == H5T_ENUM) {
    const Id base = type_id(H5Tget_super(member));
    return base.valid() && H5Tget_class(base) == H5T_INTEGER &&
           H5Tget_size(base) == H5Tget_size(member) && plausible_number(base);
  }
  if (kind != H5T_INTEGER && kind != H5T_FLOAT) return false;
  const std::size_t bits = 8 * H5Tget_size(member);
  const std::size_t precision = H5Tget_precision(member);
  const int offset = H5Tget_offset(member);
  if (bits == 0 || bits > 128 || precision == 0 || offset < 0 ||
      precision > bits - std::min<std::size_t>(bits, static_cast<std::size_t>(offset))) {
    return false;
  }
  if (kind == H5T_INTEGER) return true;
  std::size_t sign = 0, exponent = 0, exponent_bits = 0, mantissa = 0, mantissa_bits = 0;
  if (H5Tget_fields(member, &sign, &exponent, &exponent_bits, &mantissa, &mantissa_bits) < 0) {
    return false;
  }
  const auto within = [&](std::size_t position, std::size_t count) {
    return count <= precision && position <= precision - count;
  };
  return sign < precision && exponent_bits > 0 && within(exponent, exponent_bits) &&
         mantissa_bits > 0 && within(mantissa, mantissa_bits);
}

}  // namespace

void write_column_table(hid_t parent, const ColumnTable& table) {
  silence_errors();
  const std::string what = "writing table " + table.name;
  if (table.columns.empty()) throw std::invalid_argument(what + ": no columns");
  const std::size_t rows = table.rows();
  const std::size_t row_bytes = table.columns.size() * kFieldBytes;
  const Id str = string_type();
  const Id type = type_id(check(H5Tcreate(H5T_COMPOUND, row_bytes), what));
  std::vector<std::byte> buffer(std::max<std::size_t>(1, rows) * row_bytes);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const NamedColumn& column = table.columns[c];
    const std::size_t offset = c * kFieldBytes;
    const auto* strings = std::get_if<std::vector<std::string>>(&column.values);
    const auto* numbers = std::get_if<std::vector<double>>(&column.values);
    const std::size_t n = strings != nullptr ? strings->size() : numbers->size();
    if (n != rows) {
      throw std::invalid_argument(what + ": column " + column.name + " has " + std::to_string(n) +
                                  " rows, the first " + std::to_string(rows));
    }
    check(H5Tinsert(type, column.name.c_str(), offset,
                    strings != nullptr ? str.get() : H5T_NATIVE_DOUBLE),
          what + ": column " + column.name);
    for (std::size_t r = 0; r < rows; ++r) {
      std::byte* at = buffer.data() + r * row_bytes + offset;
      if (strings != nullptr) {
        const char* p = (*strings)[r].c_str();  // the table outlives the write
        std::memcpy(at, &p, kFieldBytes);
      } else {
        std::memcpy(at, &(*numbers)[r], kFieldBytes);
      }
    }
  }
  const hsize_t n = rows;
  const Id space = space_id(check(H5Screate_simple(1, &n, nullptr), what));
  const Id dcpl = untimed_creation(H5P_DATASET_CREATE);
  const Id d = dataset_id(check(
      H5Dcreate2(parent, table.name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), what));
  if (rows > 0) {
    const Id transfer = sized_transfer(type, type, rows);
    check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, transfer, buffer.data()), what);
  }
}

NumberRows read_number_rows(hid_t parent, const std::string& name,
                            std::span<const std::string> only) {
  silence_errors();
  const std::string what = "reading " + name;
  const Id d = open_dataset(parent, name);
  const Id type = type_id(check(H5Dget_type(d), what));
  if (H5Tget_class(type) != H5T_COMPOUND) throw Error(what + ": not a table of named fields");
  const int n = H5Tget_nmembers(type);
  NumberRows out;
  if (!only.empty()) out.fields.assign(only.begin(), only.end());
  const std::size_t wanted = only.empty() ? static_cast<std::size_t>(std::max(n, 0)) : only.size();
  const Id memory =
      type_id(check(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(wanted, 1) * kFieldBytes), what));
  const std::size_t row_bytes = H5Tget_size(type);
  std::vector<bool> found(only.size(), false);
  // Each field's bytes in the row, for reading the chunks outside libhdf5 (chunk_reader.hpp).
  std::vector<std::optional<PlainField>> plain(wanted);
  for (int i = 0; i < n; ++i) {
    char* raw = H5Tget_member_name(type, static_cast<unsigned>(i));
    const std::string field = raw != nullptr ? raw : "";
    H5free_memory(raw);
    // The field's place in the rows read: its own in the file's order, or in `only`'s.
    std::size_t slot = static_cast<std::size_t>(i);
    if (only.empty()) {
      out.fields.push_back(field);
    } else {
      const auto it = std::find(only.begin(), only.end(), field);
      if (it == only.end() || found[static_cast<std::size_t>(it - only.begin())]) continue;
      slot = static_cast<std::size_t>(it - only.begin());
      found[slot] = true;
    }
    // libhdf5 converts a field from where the file's type says it lies without checking that
    // it lies within the row: a damaged type made it read past its own buffer. Labels (levels,
    // regions) are enumerations, read as their codes.
    const Id member = type_id(check(H5Tget_member_type(type, static_cast<unsigned>(i)), what));
    const std::size_t offset = H5Tget_member_offset(type, static_cast<unsigned>(i));
    const std::size_t size = H5Tget_size(member);
    if (!plausible_number(member) || offset > row_bytes || size > row_bytes - offset) {
      throw Error(what + ": field " + field + " is not a number within its row (a damaged file)");
    }
    check(H5Tinsert(memory, field.c_str(), slot * kFieldBytes, H5T_NATIVE_DOUBLE),
          what + ": field " + field);
    plain[slot] = plain_field(member, offset, row_bytes);
  }
  for (std::size_t f = 0; f < only.size(); ++f) {
    if (!found[f]) throw Error(what + ": no field '" + only[f] + "'");
  }
  const Id space = space_id(check(H5Dget_space(d), what));
  out.values.resize(claimed_values(d, space, out.fields.size(), what));
  if (!out.values.empty() &&
      std::all_of(plain.begin(), plain.end(), [](const auto& p) { return p.has_value(); })) {
    std::vector<PlainField> fields;
    for (const auto& p : plain)
      fields.push_back(*p);
    if (read_shuffled_chunks(d, row_bytes, fields, out.values)) return out;
  }
  if (!out.values.empty()) {
    const Id transfer = sized_transfer(memory, type, out.values.size() / out.fields.size());
    check(H5Dread(d, memory, H5S_ALL, H5S_ALL, transfer, out.values.data()), what);
  }
  return out;
}

}  // namespace retzef::sim::h5
