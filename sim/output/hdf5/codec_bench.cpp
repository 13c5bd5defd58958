#include "sim/output/hdf5/codec_bench.hpp"

#include <hdf5.h>
#include <libdeflate.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>

#include "sim/output/hdf5/deflate_compressor.hpp"
#include "sim/output/hdf5/file.hpp"
#include "sim/output/hdf5/plane_deflate.hpp"

namespace retzef::sim::h5 {
namespace {

/// One table's rows as stored, and its chunks shuffled as the table writer builds them.
void add_table(hid_t group, const std::string& name, const std::string& where,
               ShuffledChunks& out) {
  const std::string what = "reading " + where + "/" + name;
  const Id d = dataset_id(check(H5Dopen2(group, name.c_str(), H5P_DEFAULT), what));
  const Id type = type_id(check(H5Dget_type(d), what));
  const std::size_t row_bytes = H5Tget_size(type);
  const Id space = space_id(check(H5Dget_space(d), what));
  const auto rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  const Id dcpl = plist_id(check(H5Dget_create_plist(d), what));
  hsize_t chunk = 0;
  if (H5Pget_layout(dcpl) != H5D_CHUNKED || H5Pget_chunk(dcpl, 1, &chunk) != 1 || chunk == 0) {
    throw std::runtime_error(what + ": not a chunked table");
  }
  std::vector<std::byte> packed(rows * row_bytes);
  if (rows > 0) check(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()), what);
  const auto chunk_rows = static_cast<std::size_t>(chunk);
  for (std::size_t first = 0; first < rows; first += chunk_rows) {
    const std::size_t n = std::min(chunk_rows, rows - first);
    std::vector<std::byte> planes(chunk_rows * row_bytes, std::byte{0});
    for (std::size_t r = 0; r < n; ++r) {
      const std::byte* row = packed.data() + (first + r) * row_bytes;
      for (std::size_t b = 0; b < row_bytes; ++b)
        planes[b * chunk_rows + r] = row[b];
    }
    out.planes.push_back(std::move(planes));
    out.plane_bytes.push_back(chunk_rows);
  }
  ++out.tables;
  out.rows += rows;
}

struct FreeDecompressor {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

/// Runs `encode` over every chunk once, inflating and comparing each stream, then `repeat`
/// times against the clock.
CodecFigures run(const ShuffledChunks& chunks, unsigned repeat, std::string encoder, int level,
                 const std::function<std::span<const std::byte>(std::size_t)>& encode) {
  CodecFigures f{std::move(encoder), level};
  const std::unique_ptr<libdeflate_decompressor, FreeDecompressor> inflater(
      libdeflate_alloc_decompressor());
  if (!inflater) throw std::bad_alloc();
  std::vector<std::byte> back;
  for (std::size_t i = 0; i < chunks.planes.size(); ++i) {
    const auto& chunk = chunks.planes[i];
    const std::span<const std::byte> stream = encode(i);
    back.resize(chunk.size());
    std::size_t got = 0;
    if (libdeflate_zlib_decompress(inflater.get(), stream.data(), stream.size(), back.data(),
                                   back.size(), &got) != LIBDEFLATE_SUCCESS ||
        got != chunk.size() || std::memcmp(back.data(), chunk.data(), got) != 0) {
      throw std::runtime_error("bench codec: " + f.encoder + " level " + std::to_string(level) +
                               ": chunk " + std::to_string(i) + " did not inflate back to itself");
    }
    f.bytes_in += chunk.size();
    f.bytes_out += stream.size();
  }
  const auto start = std::chrono::steady_clock::now();
  for (unsigned r = 0; r < repeat; ++r) {
    for (std::size_t i = 0; i < chunks.planes.size(); ++i)
      encode(i);
  }
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return f;
}

}  // namespace

std::uint64_t ShuffledChunks::bytes() const {
  std::uint64_t total = 0;
  for (const auto& p : planes)
    total += p.size();
  return total;
}

ShuffledChunks load_shuffled_chunks(const std::filesystem::path& file,
                                    const std::vector<std::string>& groups) {
  silence_errors();
  if (!is_readable_file(file)) {
    throw std::runtime_error(file.string() + ": not a readable HDF5 file");
  }
  const Id f = open_file(file);
  ShuffledChunks out;
  for (const auto& where : groups) {
    if (!exists(f, where)) throw std::runtime_error(file.string() + ": no group " + where);
    const Id group = open_group(f, where);
    for (const auto& table : members(group))
      add_table(group, table, where, out);
  }
  return out;
}

std::vector<CodecFigures> measure_codecs(const ShuffledChunks& chunks, std::span<const int> levels,
                                         unsigned repeat) {
  std::vector<CodecFigures> all;
  PlaneDeflate planes;
  all.push_back(run(chunks, repeat, "plane", 1, [&](std::size_t i) {
    return planes.compress(chunks.planes[i], chunks.plane_bytes[i]);
  }));
  for (const int level : levels) {
    DeflateCompressor deflate(level);
    all.push_back(run(chunks, repeat, "libdeflate", level,
                      [&](std::size_t i) { return deflate.compress(chunks.planes[i]); }));
  }
  return all;
}

}  // namespace retzef::sim::h5
