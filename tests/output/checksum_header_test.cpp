// The checksum header in a result file's user block: written once the file is closed, it
// verifies the file; any byte changed after the block, a truncated or extended file, or a
// damaged header is refused before HDF5 opens the file; a plain HDF5 file (as written before)
// is told apart, to be read with a warning. HDF5 still reads the file with its user block.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/output/hdf5/checksum_header.hpp"
#include "sim/output/hdf5/file.hpp"
#include "tests/support/scratch_path.hpp"

using namespace retzef::sim;

namespace {

std::filesystem::path scratch(const std::string& name) {
  return retzef::testing::scratch_path("retzef-checksum-test", name);
}

std::filesystem::path checksummed_file() {
  const auto file = scratch("sealed.h5");
  {
    h5::Id f = h5::create_checksummed_file(file);
    const h5::Id g = h5::create_group(f, "meta");
    h5::write_attribute(g, "note", std::string_view("a result file"));
    f.close("closing");
  }
  h5::write_checksum_header(file);
  return file;
}

std::string refusal(const std::filesystem::path& file) {
  try {
    h5::verify_checksum_header(file);
  } catch (const h5::Error& e) {
    return e.what();
  }
  return "verified";
}

void flip(const std::filesystem::path& file, std::uintmax_t offset) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  const char c = static_cast<char>(f.get() ^ 0x01);
  f.seekp(static_cast<std::streamoff>(offset));
  f.put(c);
}

}  // namespace

TEST_CASE("checksum header: verifies a whole file, which HDF5 still reads", "[hdf5]") {
  const auto file = checksummed_file();
  CHECK(h5::verify_checksum_header(file) == h5::ChecksumState::verified);
  std::ifstream in(file, std::ios::binary);
  std::string start(17, '\0');
  in.read(start.data(), 17);
  CHECK(start == "retzef checksum 1");
  const h5::Id f = h5::open_file(file);
  CHECK(h5::read_string_attribute(h5::open_group(f, "meta"), "note") == "a result file");
}

TEST_CASE("checksum header: any changed byte, truncation or extension is refused", "[hdf5]") {
  const auto size = std::filesystem::file_size(checksummed_file());
  for (const std::uintmax_t offset :
       {std::uintmax_t{512}, std::uintmax_t{600}, size / 2, size - 1}) {
    const auto file = checksummed_file();
    flip(file, offset);
    CHECK(refusal(file) == file.string() +
                               ": damaged: its checksum does not match (the file "
                               "changed after it was written)");
  }
  auto file = checksummed_file();
  std::filesystem::resize_file(file, size - 10);
  CHECK(refusal(file) == file.string() + ": damaged: " + std::to_string(size - 10) +
                             " bytes, expected " + std::to_string(size) +
                             " (truncated, or an incomplete copy?)");
  file = checksummed_file();
  flip(file, 0);
  CHECK(refusal(file).find(": damaged, or not a readable HDF5 file") != std::string::npos);
  file = checksummed_file();
  flip(file, 300);  // in the NUL bytes after the header's lines, which HDF5 never reads
  CHECK(refusal(file) ==
        file.string() + ": damaged: its checksum header has stray bytes after its three lines");
  file = checksummed_file();
  flip(file, 20);  // in "length"
  CHECK(refusal(file) == file.string() + ": damaged: its checksum header cannot be read");
  std::filesystem::resize_file(file, 0);
  CHECK(refusal(file) == file.string() + ": empty or truncated, expected a retzef result file");
}

TEST_CASE("checksum header: a plain HDF5 file has none, and is told apart", "[hdf5]") {
  const auto file = scratch("plain.h5");
  {
    h5::Id f = h5::create_file(file);
    f.close("closing");
  }
  CHECK(h5::verify_checksum_header(file) == h5::ChecksumState::absent);
  CHECK(refusal(scratch("")).find("not a regular file") != std::string::npos);
}
