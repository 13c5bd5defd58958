// The HDF5 output layer: what a table writer or the sink writes is read back equal through the
// C API (every column type, enumerations with their labels, several chunks, an empty table);
// a care model run written through the HDF5 sink holds exactly the rows an in-memory sink gets;
// failures name the file and leave nothing half-made.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "models/care_model.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/simulate.hpp"
#include "sim/output/hdf5/column_table.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/output/hdf5/hdf5_sink.hpp"
#include "sim/output/hdf5/sized_transfer.hpp"
#include "sim/output/hdf5/table_writer.hpp"
#include "sim/output/memory_sink.hpp"
#include "tests/support/every_column_type.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef;
namespace h5 = sim::h5;

namespace {

std::filesystem::path scratch(const std::string& name) {
  return testing::scratch_path("retzef-hdf5-test", name);
}

/// Reads any table back as doubles, row-major, converting each field to double through HDF5.
std::vector<double> read_as_doubles(hid_t parent, const std::string& name, std::size_t& columns) {
  const h5::Id d = h5::dataset_id(h5::check(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), name));
  const h5::Id file_type = h5::type_id(H5Dget_type(d));
  columns = static_cast<std::size_t>(H5Tget_nmembers(file_type));
  const h5::Id memory = h5::type_id(H5Tcreate(H5T_COMPOUND, columns * sizeof(double)));
  for (unsigned i = 0; i < columns; ++i) {
    char* field = H5Tget_member_name(file_type, i);
    // An enumeration converts to its integer base first; HDF5 will not turn one into a double.
    const h5::Id member = h5::type_id(H5Tget_member_type(file_type, i));
    if (H5Tget_class(member) == H5T_ENUM) {
      H5free_memory(field);
      continue;
    }
    H5Tinsert(memory, field, i * sizeof(double), H5T_NATIVE_DOUBLE);
    H5free_memory(field);
  }
  const h5::Id space = h5::space_id(H5Dget_space(d));
  const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<double> out(rows * columns, std::nan(""));
  if (rows > 0) h5::check(H5Dread(d, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), name);
  // The enumerations, read as 64-bit integers.
  for (unsigned i = 0; i < columns; ++i) {
    const h5::Id member = h5::type_id(H5Tget_member_type(file_type, i));
    if (H5Tget_class(member) != H5T_ENUM) continue;
    char* field = H5Tget_member_name(file_type, i);
    const h5::Id one = h5::type_id(H5Tcreate(H5T_COMPOUND, sizeof(std::int64_t)));
    const h5::Id base = h5::type_id(H5Tget_super(member));
    const h5::Id as_enum = h5::type_id(H5Tenum_create(H5T_NATIVE_INT64));
    // Same labels over a 64-bit base: HDF5 converts enum to enum by label.
    for (int m = 0; m < H5Tget_nmembers(member); ++m) {
      char* label = H5Tget_member_name(member, static_cast<unsigned>(m));
      std::int64_t v = 0;
      std::byte raw[8] = {};
      H5Tget_member_value(member, static_cast<unsigned>(m), raw);
      const std::size_t size = H5Tget_size(base);
      if (H5Tget_sign(base) == H5T_SGN_2) {
        if (size == 1) v = static_cast<std::int8_t>(raw[0]);
        if (size == 2) {
          std::int16_t x;
          std::memcpy(&x, raw, 2);
          v = x;
        }
        if (size == 4) {
          std::int32_t x;
          std::memcpy(&x, raw, 4);
          v = x;
        }
        if (size == 8) std::memcpy(&v, raw, 8);
      } else {
        std::uint64_t x = 0;
        std::memcpy(&x, raw, size);
        v = static_cast<std::int64_t>(x);
      }
      H5Tenum_insert(as_enum, label, &v);
      H5free_memory(label);
    }
    H5Tinsert(one, field, 0, as_enum);
    H5free_memory(field);
    std::vector<std::int64_t> values(rows);
    if (rows > 0) h5::check(H5Dread(d, one, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
    for (std::size_t r = 0; r < rows; ++r)
      out[r * columns + i] = static_cast<double>(values[r]);
  }
  return out;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace

TEST_CASE("hdf5: a table of every column type reads back equal, over several chunks", "[hdf5]") {
  const auto path = scratch("every_type.h5");
  constexpr std::size_t kRows = 20'000;  // several 64 KiB chunks of 36-byte rows
  // None, the plane coder, libdeflate.
  const int deflate = GENERATE(0, 1, 4);
  CAPTURE(deflate);
  {
    h5::Id file = h5::create_file(path);
    h5::TableWriter w(file, testing::every_column_type(),
                      {.deflate_level = deflate, .chunk_bytes = 64 * 1024});
    for (std::size_t i = 0; i < kRows; ++i)
      w.append(testing::every_column_type_row(i));
    CHECK(w.rows() == kRows);
    w.close();
    sim::TableSpec empty = testing::every_column_type();
    empty.name = "empty";
    h5::TableWriter e(file, empty);
    e.close();
    file.close("closing");
  }
  const h5::Id file = h5::open_file(path);
  std::size_t columns = 0;
  const auto values = read_as_doubles(file, "mixed", columns);
  REQUIRE(columns == 8);
  REQUIRE(values.size() == kRows * columns);
  for (std::size_t i = 0; i < kRows; ++i) {
    const auto expected = testing::every_column_type_row(i);
    for (std::size_t c = 0; c < columns; ++c) {
      if (!same(values[i * columns + c], expected[c])) {
        FAIL("row " << i << " column " << c << ": " << values[i * columns + c] << " vs "
                    << expected[c]);
      }
    }
  }
  CHECK(h5::dataset_rows(file, "empty") == 0);
  const h5::Id d = h5::dataset_id(H5Dopen2(file, "mixed", H5P_DEFAULT));
  CHECK(h5::read_strings_attribute(d, "units") ==
        std::vector<std::string>{"day", "", "move", "", "", "", "", ""});
  CHECK(h5::read_string_attribute(d, "description") == "every column type");
  // The enumeration carries its labels: code -1 is "none".
  const h5::Id type = h5::type_id(H5Dget_type(d));
  const h5::Id level = h5::type_id(H5Tget_member_type(type, 5));
  REQUIRE(H5Tget_class(level) == H5T_ENUM);
  char label[32] = {};
  const std::int16_t none = -1;
  REQUIRE(H5Tenum_nameof(level, &none, label, sizeof label) >= 0);
  CHECK(std::string(label) == "none");
}

TEST_CASE("hdf5: strings, attributes and group listing round-trip", "[hdf5]") {
  const auto path = scratch("strings.h5");
  {
    h5::Id file = h5::create_file(path);
    const h5::Id g = h5::create_group(file, "names");
    h5::write_strings(g, "levels", {"inpatient", "בית מאזן", ""});
    h5::write_attribute(g, "text", std::string_view("a\nmulti-line \"text\""));
    h5::write_attribute(g, "count", std::uint64_t{1} << 60);
    h5::write_attribute(g, "share", 0.125);
    h5::write_attribute(g, "list", std::vector<std::string>{"x", "y"});
    h5::create_group(file, "b");
    h5::create_group(file, "a");
  }
  const h5::Id file = h5::open_file(path);
  const h5::Id g = h5::open_group(file, "names");
  CHECK(h5::read_strings(g, "levels") == std::vector<std::string>{"inpatient", "בית מאזן", ""});
  CHECK(h5::read_string_attribute(g, "text") == "a\nmulti-line \"text\"");
  CHECK(h5::read_u64_attribute(g, "count") == (std::uint64_t{1} << 60));
  CHECK(h5::read_f64_attribute(g, "share") == 0.125);
  CHECK(h5::read_strings_attribute(g, "list") == std::vector<std::string>{"x", "y"});
  CHECK(h5::members(file) == std::vector<std::string>{"a", "b", "names"});
  CHECK(h5::exists(file, "names/levels"));
  CHECK_FALSE(h5::exists(file, "nothing/levels"));
}

TEST_CASE("hdf5: a care model run through the HDF5 sink holds what an in-memory sink gets",
          "[hdf5]") {
  auto scenario = models::load_scenario(std::string(RETZEF_TEST_SCENARIOS) + "/valid_care.toml");
  scenario.trace = models::TraceLevel::full;
  scenario.horizon_days = 2 * 365 + 30;
  const models::CareModel model(scenario);
  sim::RunOptions options;
  options.end = scenario.horizon_days;
  options.seed = 11;

  sim::MemorySink memory;
  options.sink = &memory;
  const auto a = sim::simulate(model, options);

  const auto path = scratch("care.h5");
  {
    h5::Id file = h5::create_file(path);
    h5::Hdf5Sink sink(file);
    options.sink = &sink;
    const auto b = sim::simulate(model, options);
    CHECK(a.checksum == b.checksum);
  }
  const h5::Id file = h5::open_file(path);
  const auto& tables = memory.tables();
  REQUIRE(tables.size() == 4);  // occupancy, daily, patients, events
  // The model bounds the rows of the two series; the traces' rows it cannot know.
  const auto specs = model.tables();
  CHECK(specs[0].expected_rows > 0);
  CHECK(specs[1].expected_rows > 0);
  CHECK(specs[2].expected_rows == 0);
  CHECK(specs[3].expected_rows == 0);
  for (sim::TableId t = 0; t < tables.size(); ++t) {
    INFO("table " << tables[t].name);
    std::size_t columns = 0;
    const auto stored = read_as_doubles(file, tables[t].name, columns);
    REQUIRE(columns == tables[t].columns.size());
    // The HDF5 table holds the LPs' rows in the order the scheduler handed them over; the
    // memory sink groups them by LP. Compare per region (the `region` column).
    std::size_t region_column = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      if (tables[t].columns[c].name == "region") region_column = c;
    }
    std::vector<std::vector<double>> by_region(scenario.regions.size());
    for (std::size_t r = 0; r * columns < stored.size(); ++r) {
      const auto lp = static_cast<std::size_t>(stored[r * columns + region_column]);
      by_region.at(lp).insert(by_region[lp].end(), stored.begin() + static_cast<long>(r * columns),
                              stored.begin() + static_cast<long>((r + 1) * columns));
    }
    CHECK(memory.rows(t) > 0);
    // The model's bound on a table's rows holds, and sizes its chunks: the daily series of a
    // two-year run is one chunk of at most its rows, not a mebibyte's worth.
    const std::uint64_t bound = specs[t].expected_rows;
    if (bound > 0) {
      CHECK(memory.rows(t) <= bound);
      const h5::Id d = h5::open_dataset(file, tables[t].name);
      const h5::Id dcpl = h5::plist_id(H5Dget_create_plist(d));
      hsize_t chunk = 0;
      REQUIRE(H5Pget_chunk(dcpl, 1, &chunk) == 1);
      CHECK(chunk <= bound);
    }
    for (sim::LpId lp = 0; lp < scenario.regions.size(); ++lp) {
      const auto& expected = memory.values(t, lp);
      REQUIRE(by_region[lp].size() == expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        // Stored narrower (u8, u32, i16): the model's values are integers in range; f32
        // columns hold the value rounded to float.
        const bool single = tables[t].columns[i % columns].type == sim::ColumnType::f32;
        const double want =
            single ? static_cast<double>(static_cast<float>(expected[i])) : expected[i];
        if (!same(by_region[lp][i], want)) {
          FAIL("value " << i << " of region " << lp << ": " << by_region[lp][i] << " vs "
                        << expected[i]);
        }
      }
    }
  }
}

TEST_CASE("hdf5: a transfer's conversion buffers are sized to the data, never past 1 MiB",
          "[hdf5]") {
  const auto buffer = [](hid_t memory, hid_t file, std::uint64_t elements) {
    const h5::Id transfer = h5::sized_transfer(memory, file, elements);
    return H5Pget_buffer(transfer, nullptr, nullptr);
  };
  // Twice the larger type: a string is 8 bytes as a pointer and 16 in the file.
  CHECK(buffer(H5T_NATIVE_DOUBLE, H5T_NATIVE_FLOAT, 1) == 16);
  CHECK(buffer(H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, 300) == 4800);
  CHECK(buffer(H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, 0) == 16);  // at least one value
  CHECK(buffer(H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, 65'536) == (1u << 20));
  CHECK(buffer(H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE, ~std::uint64_t{0}) == (1u << 20));
  const h5::Id wide = h5::type_id(H5Tcreate(H5T_OPAQUE, 1u << 20));
  CHECK(buffer(wide, wide, 1) == (2u << 20));  // one value, however large

  // One string and one row of a table, each read and written through such a transfer: a
  // buffer of a single value is enough for libhdf5 both ways.
  const auto path = scratch("sized_transfer.h5");
  {
    h5::Id file = h5::create_file(path);
    h5::write_strings(file, "one", {"x"});
    sim::ColumnTable table{"row", {}};
    table.columns.push_back({"a", std::vector<double>{0.5}});
    table.columns.push_back({"b", std::vector<double>{2.0}});
    h5::write_column_table(file, table);
  }
  const h5::Id file = h5::open_file(path);
  CHECK(h5::read_strings(file, "one") == std::vector<std::string>{"x"});
  const h5::NumberRows row = h5::read_number_rows(file, "row");
  CHECK(row.fields == std::vector<std::string>{"a", "b"});
  CHECK(row.values == std::vector<double>{0.5, 2.0});
}

TEST_CASE("hdf5: failures name the file and say why", "[hdf5]") {
  const auto missing = scratch("no-such-folder") / "x.h5";
  try {
    h5::create_file(missing);
    FAIL("created a file in a missing folder");
  } catch (const h5::Error& e) {
    CHECK_THAT(e.what(), Catch::Contains(missing.string()));
  }
  const auto text = scratch("not-hdf5.txt");
  {
    std::FILE* f = std::fopen(text.c_str(), "w");
    std::fputs("hello", f);
    std::fclose(f);
  }
  CHECK_FALSE(h5::is_readable_file(text));
  CHECK_THROWS_WITH(h5::open_file(text), Catch::Contains("not an HDF5 file"));
  // A file cut short is refused, not half-read. It is written here: under CTest each test case
  // runs in a process of its own, with a scratch folder of its own.
  const auto cut = scratch("cut.h5");
  {
    h5::Id file = h5::create_file(cut);
    h5::write_strings(h5::create_group(file, "names"), "levels", {"inpatient", "day care"});
    file.close("closing");
  }
  REQUIRE(h5::is_readable_file(cut));
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
  CHECK_FALSE(h5::is_readable_file(cut));
}
