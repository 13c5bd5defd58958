// Deflate for output chunks, through libdeflate: whole-buffer compression into the zlib format
// that HDF5's deflate filter reads, about 1.5 times as fast as zlib at level 1 on retzef's
// shuffled rows and a little smaller (docs/output.md). One compressor per table writer, made
// once: zlib's stream set-up cleared and allocated hash tables for every 64 KiB chunk.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

struct libdeflate_compressor;

namespace retzef::sim::h5 {

class DeflateCompressor {
 public:
  /// `level`: 1 (fastest) to 12 (smallest); throws std::invalid_argument outside.
  explicit DeflateCompressor(int level);

  /// Compresses `in` into `out` (resized to the compressed size) as a zlib stream.
  void compress(std::span<const std::byte> in, std::vector<std::byte>& out);

 private:
  struct Free {
    void operator()(libdeflate_compressor* c) const;
  };
  std::unique_ptr<libdeflate_compressor, Free> compressor_;
};

}  // namespace retzef::sim::h5
