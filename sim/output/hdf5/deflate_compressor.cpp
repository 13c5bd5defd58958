#include "sim/output/hdf5/deflate_compressor.hpp"

#include <libdeflate.h>

#include <stdexcept>
#include <string>

namespace retzef::sim::h5 {

void DeflateCompressor::Free::operator()(libdeflate_compressor* c) const {
  libdeflate_free_compressor(c);
}

DeflateCompressor::DeflateCompressor(int level) {
  if (level < 1 || level > 12) {
    throw std::invalid_argument("deflate level " + std::to_string(level) +
                                ": expected 1 to 12 (0 means no compression)");
  }
  compressor_.reset(libdeflate_alloc_compressor(level));
  if (!compressor_) throw std::bad_alloc();
}

std::span<const std::byte> DeflateCompressor::compress(std::span<const std::byte> in) {
  const std::size_t most = libdeflate_zlib_compress_bound(compressor_.get(), in.size());
  if (out_.size() < most) out_.resize(most);
  const std::size_t size =
      libdeflate_zlib_compress(compressor_.get(), in.data(), in.size(), out_.data(), most);
  // The bound is a guarantee: zero here would be a library fault, not bad input.
  if (size == 0) throw std::runtime_error("deflate: the compressed chunk did not fit its bound");
  return {out_.data(), size};
}

}  // namespace retzef::sim::h5
