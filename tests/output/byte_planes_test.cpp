// Columns written into a shuffled chunk (sim/output/hdf5/byte_planes.hpp) hold, byte for byte,
// what converting each value to the column's type and shuffling would give: every column type,
// NaN and infinities, negative codes, 32-bit values past int32's range, row counts that do not
// fill a group of eight, and values interleaved with other columns.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "sim/output/hdf5/byte_planes.hpp"

using namespace retzef;
using sim::ColumnType;

namespace {

template <class T>
std::vector<std::byte> reference(const std::vector<double>& v, std::size_t stride, std::size_t rows,
                                 std::size_t plane_bytes) {
  std::vector<std::byte> planes(sizeof(T) * plane_bytes, std::byte{0x5A});
  for (std::size_t r = 0; r < rows; ++r) {
    const T x = static_cast<T>(v[r * stride]);
    std::byte b[sizeof(T)];
    std::memcpy(b, &x, sizeof(T));
    for (std::size_t k = 0; k < sizeof(T); ++k)
      planes[k * plane_bytes + r] = b[k];
  }
  return planes;
}

template <class T>
void check_type(ColumnType type, const std::vector<double>& pool) {
  std::mt19937_64 rng(21);
  for (const std::size_t rows : {0u, 1u, 7u, 8u, 9u, 16u, 63u, 64u}) {
    for (const std::size_t stride : {1u, 3u, 25u}) {
      CAPTURE(rows, stride);
      std::vector<double> values(std::max<std::size_t>(1, rows) * stride);
      for (auto& x : values)
        x = pool[rng() % pool.size()];
      const std::size_t plane_bytes = rows + 5;  // planes longer than the rows written
      std::vector<std::byte> got(sizeof(T) * plane_bytes, std::byte{0x5A});
      sim::h5::scatter_column(type, values.data(), stride, rows, got.data(), plane_bytes);
      CHECK(got == reference<T>(values, stride, rows, plane_bytes));
    }
  }
}

}  // namespace

TEST_CASE("byte planes: every column type matches convert-then-shuffle", "[hdf5]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> reals{0.0, -0.0, 1.5,  -2.25, 3650.123456789, 1e-300, 1e300,
                                  nan, inf,  -inf, 0.1,   123456.75};
  const std::vector<double> counts{
      0, 1, 2, 255, 65535, 100000, 2147483647.0, 2147483648.0, 4294967295.0, 17, 3, 3e9};
  const std::vector<double> codes{-1, 0, 1, 2, 8, 300, -300};
  check_type<double>(ColumnType::f64, reals);
  check_type<float>(ColumnType::f32, reals);
  check_type<std::uint32_t>(ColumnType::u32, counts);
  check_type<std::uint64_t>(ColumnType::u64, counts);
  check_type<std::int64_t>(ColumnType::i64, codes);
  check_type<std::int16_t>(ColumnType::i16, codes);
  check_type<std::uint8_t>(ColumnType::u8, {0, 1, 2, 3, 200, 255});
}
