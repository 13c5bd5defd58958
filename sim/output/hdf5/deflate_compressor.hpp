// Deflate for output chunks at levels 2 to 9 (`--deflate`), through libdeflate: whole-buffer
// compression into the zlib format that HDF5's deflate filter reads. The default level 1 uses
// the faster plane coder (plane_deflate.hpp) instead; these levels trade time for a little size
// (docs/output.md, "Compression"). One compressor per table writer, made once.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "sim/output/hdf5/scratch_buffer.hpp"

struct libdeflate_compressor;

namespace retzef::sim::h5 {

class DeflateCompressor {
 public:
  /// `level`: 1 (fastest) to 12 (smallest); throws std::invalid_argument outside.
  explicit DeflateCompressor(int level);

  /// Compresses `in` as a zlib stream, returned as a view of the compressor's own buffer:
  /// valid until the next call.
  std::span<const std::byte> compress(std::span<const std::byte> in);

 private:
  struct Free {
    void operator()(libdeflate_compressor* c) const;
  };
  std::unique_ptr<libdeflate_compressor, Free> compressor_;
  ScratchBuffer<std::byte> out_;  ///< grows to the largest bound seen, never cleared
};

}  // namespace retzef::sim::h5
