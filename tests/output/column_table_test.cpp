// Tables of named string and number columns, written whole and read back: h5py's view of them
// is checked by the analysis tests; here the C++ side — strings with any bytes, numbers exact,
// columns in order, an empty table, columns of unequal length refused, and numeric fields read
// back as doubles by name, all or those asked for.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/output/hdf5/column_table.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/output/hdf5/table_writer.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef;
namespace h5 = sim::h5;

TEST_CASE("hdf5: a table of string and number columns reads back", "[hdf5]") {
  const auto path = testing::scratch_path("retzef-hdf5-test", "columns.h5");
  const std::vector<std::string> names{"admissions", "בית מאזן", ""};
  const std::vector<double> better{1, -1, 0.5};
  {
    h5::Id file = h5::create_file(path);
    h5::write_column_table(file, {"rows", {{"name", names}, {"better", better}}});
    h5::write_column_table(file, {"empty", {{"name", std::vector<std::string>{}}}});
    CHECK_THROWS_AS(
        h5::write_column_table(file, {"uneven", {{"a", better}, {"b", std::vector<double>{1}}}}),
        std::invalid_argument);
    h5::TableWriter numbers(file,
                            {"numbers",
                             {{"a", sim::ColumnType::u32}, {"b", sim::ColumnType::f32}},
                             "two numeric fields"},
                            {}, 2);
    numbers.append(std::vector<double>{3, 0.25, 7, NAN});
    numbers.close();
  }
  const h5::Id file = h5::open_file(path);
  CHECK(h5::dataset_rows(file, "rows") == 3);
  CHECK(h5::dataset_rows(file, "empty") == 0);
  CHECK_FALSE(h5::exists(file, "uneven"));
  const h5::NumberRows numbers = h5::read_number_rows(file, "numbers");
  CHECK(numbers.fields == std::vector<std::string>{"a", "b"});
  REQUIRE(numbers.values.size() == 4);
  CHECK(numbers.values[0] == 3);
  CHECK(numbers.values[1] == 0.25);
  CHECK(numbers.values[2] == 7);
  CHECK(std::isnan(numbers.values[3]));
  // Only the fields asked for, in the order asked: the others are not converted.
  const std::vector<std::string> b_then_a{"b", "a"};
  const h5::NumberRows swapped = h5::read_number_rows(file, "numbers", b_then_a);
  CHECK(swapped.fields == b_then_a);
  REQUIRE(swapped.values.size() == 4);
  CHECK(swapped.values[0] == 0.25);
  CHECK(swapped.values[1] == 3);
  CHECK(std::isnan(swapped.values[2]));
  CHECK(swapped.values[3] == 7);
  const std::vector<std::string> just_a{"a"};
  CHECK(h5::read_number_rows(file, "numbers", just_a).values == std::vector<double>{3, 7});
  const std::vector<std::string> with_c{"a", "c"};
  CHECK_THROWS_WITH(h5::read_number_rows(file, "numbers", with_c),
                    Catch::Contains("reading numbers: no field 'c'"));
  // A string field is no number: a clear error naming the table, unless it is left out.
  const std::vector<std::string> better_only{"better"};
  CHECK(h5::read_number_rows(file, "rows", better_only).values == better);
  CHECK_THROWS_AS(h5::read_number_rows(file, "rows"), h5::Error);
  CHECK_THROWS_WITH(h5::open_dataset(file, "missing"), Catch::Contains("missing"));
}
