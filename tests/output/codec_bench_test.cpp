// `retzef bench codec` (sim/output/hdf5/codec_bench.hpp) rebuilds a file's chunks exactly as the
// table writer compressed them — the plane coder on the rebuilt chunks gives, byte for byte, the
// sizes stored in the file — measures every encoder asked for, and names what is missing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "experiments/result_file.hpp"
#include "sim/output/hdf5/codec_bench.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/output/hdf5/table_writer.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef;
namespace h5 = sim::h5;

namespace {

std::filesystem::path scratch(const std::string& name) {
  return testing::scratch_path("retzef-codec-bench-test", name);
}

sim::TableSpec table(const std::string& name) {
  using sim::ColumnType;
  return {name,
          {{"t", ColumnType::f64, "day", "time"},
           {"person", ColumnType::u32, "", "who"},
           {"level", ColumnType::i16, "", "level", {"none", "a", "b"}, -1},
           {"days", ColumnType::f32, "day", "mostly zero"}},
          "a trace-like table"};
}

constexpr std::size_t kRows = 9000;  // three 64 KiB chunks of 18-byte rows, the last one short

/// A file laid out as retzef writes one: /meta lists the cases, each has replication 0000.
std::uint64_t write_file(const std::filesystem::path& path) {
  std::uint64_t stored = 0;
  h5::Id file = h5::create_file(path);
  {
    const h5::Id meta = h5::create_group(file, "meta");
    h5::write_attribute(meta, "cases", std::vector<std::string>{"first", "second"});
    h5::write_attribute(meta, "replications", std::uint64_t{1});
  }
  const h5::Id runs = h5::create_group(file, "runs");
  for (const std::string c : {"first", "second"}) {
    const h5::Id group = h5::create_group(runs, c);
    const h5::Id rep = h5::create_group(group, "0000");
    for (const std::string name : {"events", "patients"}) {
      h5::TableWriter w(rep, table(name), {.deflate_level = 1, .chunk_bytes = 64 * 1024});
      for (std::size_t i = 0; i < kRows; ++i) {
        w.append(std::vector<double>{0.37 * static_cast<double>(i), static_cast<double>(i % 977),
                                     static_cast<double>(static_cast<int>(i % 3) - 1),
                                     i % 17 == 0 ? 2.5 : 0.0});
      }
      w.close();
      stored += h5::dataset_storage_bytes(rep, name);
    }
  }
  file.close("closing");
  return stored;
}

}  // namespace

TEST_CASE("bench codec: the chunks rebuilt are the chunks the writer compressed", "[hdf5]") {
  const auto path = scratch("trace.h5");
  const std::uint64_t stored = write_file(path);

  const auto chunks = h5::load_shuffled_chunks(path, experiments::replication_groups(path, {}, 0));
  CHECK(chunks.tables == 4);
  CHECK(chunks.rows == 4 * kRows);
  const std::size_t chunk_rows = 64 * 1024 / 18;
  CHECK(chunks.planes.size() == 4 * ((kRows + chunk_rows - 1) / chunk_rows));
  CHECK(chunks.bytes() == chunks.planes.size() * chunk_rows * 18);

  const std::vector<int> levels{1, 6};
  const auto figures = h5::measure_codecs(chunks, levels, 2);
  REQUIRE(figures.size() == 3);
  CHECK(figures[0].encoder == "plane");
  CHECK(figures[0].bytes_out == stored);  // the very streams the file holds
  for (std::size_t i = 1; i < figures.size(); ++i) {
    CHECK(figures[i].encoder == "libdeflate");
    CHECK(figures[i].level == levels[i - 1]);
    CHECK(figures[i].bytes_in == figures[0].bytes_in);
    CHECK(figures[i].bytes_out < figures[i].bytes_in);
  }
  for (const auto& f : figures)
    CHECK(f.seconds > 0);

  // One case only.
  CHECK(
      h5::load_shuffled_chunks(path, experiments::replication_groups(path, {"second"}, 0)).tables ==
      2);
}

TEST_CASE("bench codec: a missing replication, case or file is named", "[hdf5]") {
  const auto path = scratch("named.h5");
  write_file(path);
  CHECK_THROWS_WITH(experiments::replication_groups(path, {}, 3),
                    Catch::Contains("no replication 3 of case 'first'"));
  CHECK_THROWS_WITH(experiments::replication_groups(path, {"third"}, 0),
                    Catch::Contains("case 'third'"));
  const auto text = scratch("not_hdf5.txt");
  std::ofstream(text) << "not a file of tables\n";
  CHECK_THROWS_WITH(experiments::replication_groups(text, {}, 0),
                    Catch::Contains("not a readable HDF5 file"));
}
