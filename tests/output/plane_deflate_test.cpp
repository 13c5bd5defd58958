// The plane coder (sim/output/hdf5/plane_deflate.hpp) writes streams that HDF5's own deflate
// filter (zlib's inflate, what h5py and R use too) reads back byte for byte: constant planes,
// runs of every awkward length, noise that must be stored, planes past a stored block's 64 KiB,
// frequencies skewed enough to need the 15-bit code limit, one- and two-symbol planes, a short
// last plane. Each stream stays within the coder's bound, is the same for the same input, and
// is small where the data allow.
#include <hdf5.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "sim/output/hdf5/handle.hpp"
#include "sim/output/hdf5/plane_deflate.hpp"

using namespace retzef;
namespace h5 = sim::h5;

namespace {

using Bytes = std::vector<std::uint8_t>;

/// Hands `stream` to HDF5 as the stored form of one deflated chunk holding `raw.size()` bytes,
/// in a file kept in memory, and reads the chunk back through the library's filter.
Bytes inflate_through_hdf5(std::size_t raw_size, const std::vector<std::byte>& stream) {
  const h5::Id fapl = h5::plist_id(H5Pcreate(H5P_FILE_ACCESS));
  REQUIRE(H5Pset_fapl_core(fapl, 1 << 20, 0) >= 0);  // in memory, never written out
  const h5::Id file =
      h5::file_id(H5Fcreate("plane_deflate_test.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl));
  REQUIRE(file.valid());
  const hsize_t size = raw_size;
  const h5::Id space = h5::space_id(H5Screate_simple(1, &size, nullptr));
  const h5::Id dcpl = h5::plist_id(H5Pcreate(H5P_DATASET_CREATE));
  REQUIRE(H5Pset_chunk(dcpl, 1, &size) >= 0);
  REQUIRE(H5Pset_deflate(dcpl, 1) >= 0);
  const h5::Id d = h5::dataset_id(
      H5Dcreate2(file, "chunk", H5T_NATIVE_UINT8, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  REQUIRE(d.valid());
  const hsize_t origin = 0;
  REQUIRE(H5Dwrite_chunk(d, H5P_DEFAULT, 0, &origin, stream.size(), stream.data()) >= 0);
  Bytes back(raw_size, 0xAB);
  h5::silence_errors();
  if (H5Dread(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()) < 0) {
    FAIL("HDF5's deflate filter refused the stream");
  }
  return back;
}

/// Compresses `raw` in planes of `plane` bytes, checks the bound and that HDF5 reads it back
/// equal, and returns the stream's size.
std::size_t round_trip(const Bytes& raw, std::size_t plane) {
  h5::PlaneDeflate coder;
  const auto first = coder.compress(std::as_bytes(std::span(raw)), plane);
  const std::vector<std::byte> stream(first.begin(), first.end());
  CHECK(stream.size() <= h5::PlaneDeflate::bound(raw.size(), plane));
  const auto again = coder.compress(std::as_bytes(std::span(raw)), plane);
  CHECK(std::equal(again.begin(), again.end(), stream.begin(), stream.end()));  // a pure function
  const Bytes back = inflate_through_hdf5(raw.size(), stream);
  REQUIRE(back.size() == raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (back[i] != raw[i]) {
      FAIL("byte " << i << " of " << raw.size() << " (planes of " << plane << "): " << int(back[i])
                   << " read back, " << int(raw[i]) << " written");
    }
  }
  return stream.size();
}

}  // namespace

TEST_CASE("plane deflate: constant planes become a few bytes", "[hdf5][plane_deflate]") {
  for (const std::size_t n : {1u, 2u, 3u, 4u, 5u, 258u, 259u, 260u, 261u, 262u, 517u, 70000u}) {
    CAPTURE(n);
    const Bytes zeros(n, 0);
    const std::size_t size = round_trip(zeros, n);
    if (n >= 1000) CHECK(size < n / 50);
    Bytes two_planes(2 * n, 7);
    std::fill(two_planes.begin() + static_cast<std::ptrdiff_t>(n), two_planes.end(), 200);
    round_trip(two_planes, n);
  }
}

TEST_CASE("plane deflate: runs of every length, and runs among literals", "[hdf5][plane_deflate]") {
  std::mt19937_64 rng(11);
  Bytes raw;
  // Every run length from 1 to 600, so that each match length and each split of a long run
  // (remainders of one, two and three after 258) occurs.
  for (std::size_t len = 1; len <= 600; ++len)
    raw.insert(raw.end(), len, static_cast<std::uint8_t>(rng() % 5));
  round_trip(raw, raw.size());
  round_trip(raw, 4096);  // runs cut across planes
  // Mostly zeros with scattered values: a days-per-level column's low bytes.
  Bytes sparse(50000, 0);
  for (auto& b : sparse)
    if (rng() % 20 == 0) b = static_cast<std::uint8_t>(rng());
  CHECK(round_trip(sparse, sparse.size()) < sparse.size() / 3);
}

TEST_CASE("plane deflate: noise is stored, in pieces past 64 KiB", "[hdf5][plane_deflate]") {
  std::mt19937_64 rng(12);
  for (const std::size_t n : {1000u, 65535u, 65536u, 200000u}) {
    CAPTURE(n);
    Bytes noise(n);
    for (auto& b : noise)
      b = static_cast<std::uint8_t>(rng());
    const std::size_t size = round_trip(noise, n);
    CHECK(size <= n + 5 * (n / 65535 + 1) + 6);
  }
}

TEST_CASE("plane deflate: literal codes, down to one and two symbols", "[hdf5][plane_deflate]") {
  std::mt19937_64 rng(13);
  // Few values, no runs to speak of: the literal-only path with a fitted code.
  Bytes few(30000);
  for (auto& b : few)
    b = static_cast<std::uint8_t>(rng() % 6 * 37);
  CHECK(round_trip(few, few.size()) < few.size() / 2);
  // Two alternating values: one-bit codes.
  Bytes two(10001);
  for (std::size_t i = 0; i < two.size(); ++i)
    two[i] = i % 2 ? 3 : 250;
  CHECK(round_trip(two, two.size()) < two.size() / 4);
  // A short last plane, and planes of one byte.
  round_trip(few, 7);
  round_trip(Bytes(few.begin(), few.begin() + 1001), 1);
}

TEST_CASE("plane deflate: skewed frequencies within the 15-bit code limit",
          "[hdf5][plane_deflate]") {
  // Fibonacci frequencies give an unlimited Huffman code one bit deeper per symbol: 24 symbols
  // would need codes of 23 bits. Shuffled, so that the bytes go the literal way.
  Bytes raw;
  std::uint32_t a = 1, b = 1;
  for (unsigned s = 0; s < 24; ++s) {
    raw.insert(raw.end(), a, static_cast<std::uint8_t>(s * 10));
    const std::uint32_t next = a + b;
    a = b;
    b = next;
  }
  std::mt19937_64 rng(14);
  std::shuffle(raw.begin(), raw.end(), rng);
  CHECK(round_trip(raw, raw.size()) < raw.size() / 3);
  round_trip(raw, 65536);
}

TEST_CASE("plane deflate: a shuffled table chunk of mixed columns", "[hdf5][plane_deflate]") {
  // Rows of (double time, uint32 id, uint8 kind), shuffled as HDF5's filter does.
  constexpr std::size_t kRows = 5000, kRow = 13;
  std::mt19937_64 rng(15);
  Bytes rows(kRows * kRow);
  double t = 0;
  for (std::size_t r = 0; r < kRows; ++r) {
    t += std::exponential_distribution<double>(3.0)(rng);
    const auto id = static_cast<std::uint32_t>(rng() % 100000);
    const auto kind = static_cast<std::uint8_t>(rng() % 4);
    std::memcpy(&rows[r * kRow], &t, 8);
    std::memcpy(&rows[r * kRow + 8], &id, 4);
    rows[r * kRow + 12] = kind;
  }
  Bytes shuffled(rows.size());
  for (std::size_t b = 0; b < kRow; ++b)
    for (std::size_t r = 0; r < kRows; ++r)
      shuffled[b * kRows + r] = rows[r * kRow + b];
  CHECK(round_trip(shuffled, kRows) < shuffled.size() * 3 / 4);
}

TEST_CASE("plane deflate: empty input and zero-byte planes", "[hdf5][plane_deflate]") {
  h5::PlaneDeflate coder;
  CHECK(coder.compress({}, 100).size() == 2 + 5 + 4);  // header, one empty stored block, checksum
  CHECK_THROWS_AS(coder.compress({}, 0), std::invalid_argument);
}

TEST_CASE("plane deflate: literal planes of every longest code length", "[hdf5][plane_deflate]") {
  // Literals go out several to a write, as many as the plane's longest code allows: skews from
  // flat to steep give longest codes from 1 to 15 bits, and every group size.
  std::mt19937 rng(7);
  for (const std::size_t alphabet : {2u, 3u, 5u, 17u, 64u, 200u, 256u}) {
    for (const double skew : {0.0, 0.3, 0.6, 0.9}) {
      std::vector<double> weights(alphabet);
      for (std::size_t s = 0; s < alphabet; ++s)
        weights[s] = std::pow(1.0 - skew, static_cast<double>(s));
      std::discrete_distribution<unsigned> pick(weights.begin(), weights.end());
      Bytes raw(3 * 5003);  // planes whose length no group size divides
      for (auto& b : raw)
        b = static_cast<std::uint8_t>((pick(rng) * 37 + 11) % 256);
      INFO("alphabet " << alphabet << ", skew " << skew);
      round_trip(raw, 5003);
      round_trip(raw, 9);  // tiny planes take the fixed code: its header bits come first
    }
  }
}

TEST_CASE("plane deflate: a coder reused on chunks of other sizes", "[hdf5][plane_deflate]") {
  // The output buffer only grows: a small chunk after a large one must not carry its tail.
  std::mt19937 rng(11);
  Bytes large(200000), small(1000);
  for (auto& b : large)
    b = static_cast<std::uint8_t>(rng() % 7);
  for (auto& b : small)
    b = static_cast<std::uint8_t>(rng() % 200);
  h5::PlaneDeflate reused, fresh;
  reused.compress(std::as_bytes(std::span(large)), 20000);
  const auto a = reused.compress(std::as_bytes(std::span(small)), 100);
  const auto b = fresh.compress(std::as_bytes(std::span(small)), 100);
  CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  CHECK(round_trip(small, 100) == a.size());
}
