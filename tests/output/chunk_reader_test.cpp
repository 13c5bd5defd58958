// Reading a table's chunks outside libhdf5 (sim/output/hdf5/chunk_reader.hpp) gives, to the
// bit, what libhdf5's own filters and conversions give: every column type TableWriter writes,
// negative enumeration codes, NaN, a short last chunk, a subset of fields in another order, on
// one thread or several. What it does not recognise (an uncompressed table, a damaged chunk) it
// leaves to libhdf5, whose errors still apply.
#include <oneapi/tbb/task_arena.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/hdf5/chunk_reader.hpp"
#include "sim/output/hdf5/column_table.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/output/hdf5/table_writer.hpp"
#include "tests/support/every_column_type.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef;
namespace h5 = sim::h5;

namespace {

std::filesystem::path scratch(const std::string& name) {
  return testing::scratch_path("retzef-chunk-reader-test", name);
}

/// Writes `rows` rows of every type at `deflate` in chunks of 64 KiB (36-byte rows: a chunk is
/// 1,820 rows, so the last is short).
void write_table(const std::filesystem::path& path, int deflate, std::size_t rows) {
  h5::Id file = h5::create_file(path);
  h5::TableWriter w(file, testing::every_column_type(),
                    {.deflate_level = deflate, .chunk_bytes = 64 * 1024});
  for (std::size_t i = 0; i < rows; ++i)
    w.append(testing::every_column_type_row(i));
  w.close();
  file.close("closing");
}

/// The fields `only` names, read by libhdf5 alone: its filters and its conversion to doubles.
std::vector<double> read_through_library(hid_t parent, const std::vector<std::string>& only) {
  const h5::Id d = h5::open_dataset(parent, "mixed");
  const h5::Id type = h5::type_id(H5Dget_type(d));
  const h5::Id memory = h5::type_id(H5Tcreate(H5T_COMPOUND, only.size() * sizeof(double)));
  for (std::size_t f = 0; f < only.size(); ++f) {
    REQUIRE(H5Tinsert(memory, only[f].c_str(), f * sizeof(double), H5T_NATIVE_DOUBLE) >= 0);
  }
  const h5::Id space = h5::space_id(H5Dget_space(d));
  const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<double> out(rows * only.size(), -12345.0);
  REQUIRE(H5Dread(d, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0);
  return out;
}

/// The fields' layouts as the chunk reader takes them.
std::vector<h5::PlainField> layouts(hid_t parent, const std::vector<std::string>& only) {
  const h5::Id d = h5::open_dataset(parent, "mixed");
  const h5::Id type = h5::type_id(H5Dget_type(d));
  const std::size_t row_bytes = H5Tget_size(type);
  std::vector<h5::PlainField> out;
  for (const std::string& name : only) {
    const int i = H5Tget_member_index(type, name.c_str());
    REQUIRE(i >= 0);
    const h5::Id member = h5::type_id(H5Tget_member_type(type, static_cast<unsigned>(i)));
    const auto plain =
        h5::plain_field(member, H5Tget_member_offset(type, static_cast<unsigned>(i)), row_bytes);
    REQUIRE(plain.has_value());
    out.push_back(*plain);
  }
  return out;
}

/// Equal bit for bit, NaN's included.
void require_same_bits(const std::vector<double>& got, const std::vector<double>& expected) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::memcmp(&got[i], &expected[i], sizeof(double)) != 0) {
      FAIL("value " << i << ": " << got[i] << " read from the chunks, " << expected[i]
                    << " through libhdf5");
    }
  }
}

const std::vector<std::string> kAll = {"t",  "big",   "count", "share",
                                       "id", "level", "kind",  "small"};

}  // namespace

// [threads]: its chunks are inflated and converted as TBB tasks on two threads, so the tsan
// preset runs it too.
TEST_CASE("chunk reader: every column type reads as libhdf5 reads it, bit for bit",
          "[hdf5][chunk_reader][threads]") {
  const int deflate = GENERATE(1, 4);  // the plane coder, libdeflate
  CAPTURE(deflate);
  const auto path = scratch("every_type_" + std::to_string(deflate) + ".h5");
  constexpr std::size_t kRows = 20'000;  // 10 whole chunks and a short one
  write_table(path, deflate, kRows);
  const h5::Id file = h5::open_file(path);
  const std::vector<double> expected = read_through_library(file, kAll);
  REQUIRE(expected.size() == kRows * kAll.size());
  CHECK(expected[5] == -1.0);  // the first row's level: the enumeration's code, negative

  // The reader takes this table itself, on one thread or two.
  const h5::Id d = h5::open_dataset(file, "mixed");
  const std::size_t row_bytes = H5Tget_size(h5::type_id(H5Dget_type(d)).get());
  const auto fields = layouts(file, kAll);
  for (const int threads : {1, 2}) {
    CAPTURE(threads);
    std::vector<double> got(expected.size(), -1.0);
    bool taken = false;
    tbb::task_arena(threads).execute(
        [&] { taken = h5::read_shuffled_chunks(d, row_bytes, fields, got); });
    REQUIRE(taken);
    require_same_bits(got, expected);
  }

  // And read_number_rows, which uses it, gives the same, for the whole row or some fields in
  // another order.
  const h5::NumberRows all = h5::read_number_rows(file, "mixed");
  CHECK(all.fields == kAll);
  require_same_bits(all.values, expected);
  const std::vector<std::string> some = {"small", "level", "t"};
  const h5::NumberRows subset = h5::read_number_rows(file, "mixed", some);
  require_same_bits(subset.values, read_through_library(file, some));
}

TEST_CASE("chunk reader: what it does not take, libhdf5 reads", "[hdf5][chunk_reader]") {
  SECTION("an uncompressed table") {
    const auto path = scratch("plain.h5");
    write_table(path, 0, 5'000);
    const h5::Id file = h5::open_file(path);
    const h5::Id d = h5::open_dataset(file, "mixed");
    const std::size_t row_bytes = H5Tget_size(h5::type_id(H5Dget_type(d)).get());
    std::vector<double> got(5'000 * kAll.size());
    CHECK_FALSE(h5::read_shuffled_chunks(d, row_bytes, layouts(file, kAll), got));
    require_same_bits(h5::read_number_rows(file, "mixed").values, read_through_library(file, kAll));
  }
  SECTION("a chunk that does not inflate") {
    const auto path = scratch("damaged.h5");
    write_table(path, 1, 5'000);
    {
      const h5::Id file = h5::open_file(path, true);
      const h5::Id d = h5::open_dataset(file, "mixed");
      const hsize_t second = 1'820;  // the second chunk's first row
      const std::vector<unsigned char> garbage(300, 0x5A);
      REQUIRE(H5Dwrite_chunk(d, H5P_DEFAULT, 0, &second, garbage.size(), garbage.data()) >= 0);
    }
    const h5::Id file = h5::open_file(path);
    const h5::Id d = h5::open_dataset(file, "mixed");
    const std::size_t row_bytes = H5Tget_size(h5::type_id(H5Dget_type(d)).get());
    std::vector<double> got(5'000 * kAll.size());
    CHECK_FALSE(h5::read_shuffled_chunks(d, row_bytes, layouts(file, kAll), got));
    CHECK_THROWS_AS(h5::read_number_rows(file, "mixed"), h5::Error);
  }
  SECTION("a field that is not a plain little-endian number") {
    const h5::Id big_endian = h5::type_id(H5Tcopy(H5T_STD_I32BE));
    CHECK_FALSE(h5::plain_field(big_endian, 0, 4).has_value());
    const h5::Id text = h5::type_id(H5Tcopy(H5T_C_S1));
    CHECK_FALSE(h5::plain_field(text, 0, 8).has_value());
    const h5::Id narrow = h5::type_id(H5Tcopy(H5T_STD_U32LE));
    REQUIRE(H5Tset_precision(narrow, 20) >= 0);
    CHECK_FALSE(h5::plain_field(narrow, 0, 4).has_value());
    const h5::Id number = h5::type_id(H5Tcopy(H5T_STD_U32LE));
    CHECK_FALSE(h5::plain_field(number, 6, 8).has_value());  // past the row's end
    CHECK(h5::plain_field(number, 4, 8).has_value());
  }
}
