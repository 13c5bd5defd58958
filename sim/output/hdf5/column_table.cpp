#include "sim/output/hdf5/column_table.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>

#include "sim/output/hdf5/file.hpp"

namespace retzef::sim::h5 {
namespace {

// A string field holds a pointer, a number field a double: both eight bytes on the platforms
// retzef builds on, so field i sits at byte 8 * i of a row.
constexpr std::size_t kFieldBytes = 8;
static_assert(sizeof(const char*) == kFieldBytes && sizeof(double) == kFieldBytes);

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
  if (rows > 0) check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
}

NumberRows read_number_rows(hid_t parent, const std::string& name) {
  silence_errors();
  const std::string what = "reading " + name;
  const Id d = open_dataset(parent, name);
  const Id type = type_id(check(H5Dget_type(d), what));
  if (H5Tget_class(type) != H5T_COMPOUND) throw Error(what + ": not a table of named fields");
  const int n = H5Tget_nmembers(type);
  NumberRows out;
  const Id memory = type_id(
      check(H5Tcreate(H5T_COMPOUND, static_cast<std::size_t>(std::max(n, 1)) * kFieldBytes), what));
  for (int i = 0; i < n; ++i) {
    char* field = H5Tget_member_name(type, static_cast<unsigned>(i));
    out.fields.emplace_back(field != nullptr ? field : "");
    H5free_memory(field);
    check(H5Tinsert(memory, out.fields.back().c_str(), static_cast<std::size_t>(i) * kFieldBytes,
                    H5T_NATIVE_DOUBLE),
          what + ": field " + out.fields.back());
  }
  const Id space = space_id(check(H5Dget_space(d), what));
  const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  out.values.resize(rows * out.fields.size());
  if (!out.values.empty()) {
    check(H5Dread(d, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()), what);
  }
  return out;
}

}  // namespace retzef::sim::h5
