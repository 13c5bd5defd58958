#include "sim/output/hdf5/checksum_header.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include "sim/core/file_descriptor.hpp"
#include "sim/output/hdf5/file.hpp"

namespace retzef::sim::h5 {
namespace {

constexpr std::string_view kMagic = "retzef checksum ";
constexpr int kHeaderVersion = 1;
constexpr std::string_view kHdf5Signature = "\x89HDF\r\n\x1a\n";

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw Error(path.string() + ": " + what);
}

/// Reads exactly `n` bytes at `offset`, or fewer at the end of the file; returns how many.
std::size_t read_at(int fd, char* out, std::size_t n, std::uint64_t offset,
                    const std::filesystem::path& path) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, out + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0) {
      if (errno == EINTR) continue;
      fail(path, std::string("cannot read: ") + std::strerror(errno));
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

/// The CRC-32 of every byte from `from` to the end of the file, and how many there were.
std::pair<std::uint32_t, std::uint64_t> crc_from(int fd, std::uint64_t from,
                                                 const std::filesystem::path& path) {
  // 64 KiB, not cleared: a few hundred reads for a file of many megabytes cost nothing beside
  // the CRC, where a megabyte cleared first was fresh pages to fault in on every check (the
  // result-file fuzzing harness checks an input each time, docs/testing.md).
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  const auto buffer = std::make_unique_for_overwrite<char[]>(kChunk);
  std::uint32_t crc = 0;
  std::uint64_t total = 0;
  for (;;) {
    const std::size_t n = read_at(fd, buffer.get(), kChunk, from + total, path);
    if (n == 0) break;
    crc = libdeflate_crc32(crc, buffer.get(), n);
    total += n;
  }
  return {crc, total};
}

}  // namespace

Id create_checksummed_file(const std::filesystem::path& path) {
  silence_errors();
  const Id fcpl = plist_id(check(H5Pcreate(H5P_FILE_CREATE), "creating a property list"));
  check(H5Pset_userblock(fcpl, kChecksumHeaderBytes), "reserving the checksum's user block");
  return file_id(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT),
                       path.string() + ": cannot create"));
}

void write_checksum_header(const std::filesystem::path& path) {
  const sim::FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (fd.get() < 0)
    fail(path, std::string("cannot open to add its checksum: ") + std::strerror(errno));
  const auto [crc, length] = crc_from(fd.get(), kChecksumHeaderBytes, path);
  std::array<char, kChecksumHeaderBytes> header{};
  const int n = std::snprintf(
      header.data(), header.size(), "%.*s%d\nlength %" PRIu64 "\ncrc32 %08" PRIx32 "\n",
      static_cast<int>(kMagic.size()), kMagic.data(), kHeaderVersion, length, crc);
  if (n <= 0) fail(path, "cannot format its checksum header");
  std::size_t put = 0;
  while (put < header.size()) {
    const ssize_t w =
        ::pwrite(fd.get(), header.data() + put, header.size() - put, static_cast<off_t>(put));
    if (w < 0) {
      if (errno == EINTR) continue;
      fail(path, std::string("cannot write its checksum header: ") + std::strerror(errno));
    }
    put += static_cast<std::size_t>(w);
  }
}

ChecksumState verify_checksum_header(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail(path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) fail(path, "not a regular file, expected a retzef result file");
  const sim::FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) fail(path, std::string("cannot read: ") + std::strerror(errno));
  std::array<char, kChecksumHeaderBytes + 1> header{};
  const std::size_t got = read_at(fd.get(), header.data(), kChecksumHeaderBytes, 0, path);
  const std::string_view start(header.data(), got);
  if (start.substr(0, kHdf5Signature.size()) == kHdf5Signature) return ChecksumState::absent;
  if (start.substr(0, kMagic.size()) != kMagic) {
    fail(path, got < kHdf5Signature.size()
                   ? "empty or truncated, expected a retzef result file"
                   : "damaged, or not a readable HDF5 file: it starts with neither a retzef "
                     "checksum header nor an HDF5 signature");
  }
  int version = 0;
  std::uint64_t length = 0;
  std::uint32_t crc = 0;
  const std::string text(start.data() + kMagic.size(), start.size() - kMagic.size());
  if (std::sscanf(text.c_str(), "%d\nlength %" SCNu64 "\ncrc32 %" SCNx32, &version, &length,
                  &crc) != 3) {
    fail(path, "damaged: its checksum header cannot be read");
  }
  // The rest of the block is NUL bytes as written: a change there is damage too, though HDF5
  // would not read it.
  std::size_t lines = 0, end = 0;
  while (end < start.size() && lines < 3) {
    if (start[end++] == '\n') ++lines;
  }
  if (lines < 3 || start.find_first_not_of('\0', end) != std::string_view::npos) {
    fail(path, "damaged: its checksum header has stray bytes after its three lines");
  }
  if (version != kHeaderVersion) {
    fail(path, "checksum header version " + std::to_string(version) + ", this retzef reads " +
                   std::to_string(kHeaderVersion) + " (written by a newer retzef?)");
  }
  const auto [actual, actual_length] = crc_from(fd.get(), kChecksumHeaderBytes, path);
  if (actual_length != length) {
    fail(path, "damaged: " + std::to_string(actual_length + kChecksumHeaderBytes) +
                   " bytes, expected " + std::to_string(length + kChecksumHeaderBytes) +
                   " (truncated, or an incomplete copy?)");
  }
  if (actual != crc) {
    fail(path, "damaged: its checksum does not match (the file changed after it was written)");
  }
  return ChecksumState::verified;
}

std::optional<Id> open_verified_file(const std::filesystem::path& path) {
  static_cast<void>(verify_checksum_header(path));
  if (!is_readable_file(path)) return std::nullopt;
  return open_file(path);
}

}  // namespace retzef::sim::h5
