// Deflate (RFC 1951, wrapped as a zlib stream, RFC 1950) made for shuffled chunks of tables.
// The shuffle filter regroups a chunk's bytes by their position in the row, so a chunk becomes
// one "byte plane" per byte of the row: the high bytes of a day, the low bytes of a count, a
// level code, a flag. Planes differ wildly (constant, a handful of values, long runs of zeros,
// noise), while within a plane the bytes are nearly independent: what deflate's general
// matchfinder finds there is mostly runs and skewed byte frequencies. So this coder gives each
// plane a block of its own: a Huffman code fitted to that plane's bytes, with runs sent as
// distance-1 matches, or the bytes stored as they are where no code would save anything. That
// takes a few table-driven passes per byte instead of a hash search per byte: several times
// faster than deflate level 1 and about as small on retzef's tables (docs/output.md). The result
// is an ordinary zlib stream: HDF5's deflate filter, zlib, h5py and R read it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/output/hdf5/scratch_buffer.hpp"

namespace retzef::sim::h5 {

class PlaneDeflate {
 public:
  /// Compresses `in`, read as consecutive planes of `plane_bytes` bytes (the last one may be
  /// shorter), into one zlib stream, returned as a view of the coder's own buffer: valid until
  /// the next call. The buffer only ever grows, so a chunk costs no allocation or clearing.
  std::span<const std::byte> compress(std::span<const std::byte> in, std::size_t plane_bytes);

  /// The most bytes `compress` can produce for `in_bytes` bytes in planes of `plane_bytes`.
  static std::size_t bound(std::size_t in_bytes, std::size_t plane_bytes);

 private:
  ScratchBuffer<std::uint32_t> tokens_;  ///< one plane as literals and run lengths
  ScratchBuffer<std::byte> out_;         ///< the stream, at the start of a buffer of the bound
};

}  // namespace retzef::sim::h5
