// A checksum of a whole HDF5 file, kept in the file's own user block, so that a damaged file is
// refused before libhdf5 reads it: a damaged object header can crash libhdf5 itself, which no
// error handling after H5Fopen can catch. The file is created with a user block of
// kChecksumHeaderBytes (HDF5 then starts its own data after it and skips it when reading); once
// the file is closed, the block gets a short text header: a magic line with the header's
// version, the number of bytes after the block, and the CRC-32 (as zlib computes it) of those
// bytes. The layout is in docs/output.md; the Python report checks it the same way.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sim/output/hdf5/handle.hpp"

namespace retzef::sim::h5 {

/// The user block's size: HDF5 wants a power of two, at least 512.
inline constexpr std::uint64_t kChecksumHeaderBytes = 512;

/// Creates (truncating) an HDF5 file whose first kChecksumHeaderBytes are left for
/// write_checksum_header.
Id create_checksummed_file(const std::filesystem::path& path);

/// Writes the header into the user block of a closed file made by create_checksummed_file.
/// Throws Error naming the file.
void write_checksum_header(const std::filesystem::path& path);

enum class ChecksumState {
  verified,  ///< the header is there and every byte after it is as written
  absent,    ///< a plain HDF5 file, such as one written before files had the header
};

/// Checks a file before HDF5 opens it. Throws Error naming the file and what is wrong when the
/// file is not a regular file, the header is damaged or from a newer format, the length differs
/// (a truncated or extended file) or the checksum does not match.
ChecksumState verify_checksum_header(const std::filesystem::path& path);

/// The file at `path` opened read-only once verify_checksum_header has passed, or nothing where
/// it passed as a plain file that is not HDF5 at all. Throws Error as verify_checksum_header
/// does, and where HDF5 cannot open it.
std::optional<Id> open_verified_file(const std::filesystem::path& path);

}  // namespace retzef::sim::h5
