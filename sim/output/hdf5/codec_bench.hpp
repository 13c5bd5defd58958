// The chunk encoders measured on real tables: `retzef bench codec FILE.h5` reads the tables of
// one replication per case from a file retzef wrote (which groups, the result file's layout
// says: experiments/result_file.hpp), rebuilds each chunk exactly as the table
// writer hands it to compression (shuffled into byte planes, the last one padded with zeros),
// and times the plane coder (`--deflate 1`) against libdeflate at the levels asked for, on the
// same chunks in memory. Every stream is inflated once and compared with its chunk, so a figure
// never comes from a wrong encoder. What docs/output.md quotes about compression comes from here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace retzef::sim::h5 {

/// Chunks as the table writer compresses them: `planes[i]` holds chunk i's planes, each
/// `plane_bytes[i]` long (the chunk's rows).
struct ShuffledChunks {
  std::vector<std::vector<std::byte>> planes;
  std::vector<std::size_t> plane_bytes;
  std::uint64_t tables = 0;
  std::uint64_t rows = 0;
  std::uint64_t bytes() const;
};

/// The chunks of every table in each of `groups` (paths within the file, such as a
/// replication's /runs/<case>/<rep>). Throws std::runtime_error naming what is missing.
ShuffledChunks load_shuffled_chunks(const std::filesystem::path& file,
                                    const std::vector<std::string>& groups);

struct CodecFigures {
  std::string encoder;  ///< "plane" or "libdeflate"
  int level = 1;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  double seconds = 0;  ///< for `repeat` passes over every chunk
};

/// Compresses every chunk with the plane coder and with libdeflate at each of `levels`: once
/// to check the stream inflates back to the chunk, then `repeat` timed passes.
std::vector<CodecFigures> measure_codecs(const ShuffledChunks& chunks, std::span<const int> levels,
                                         unsigned repeat);

}  // namespace retzef::sim::h5
