// Reading an input file (a scenario, an experiment, a base scenario) whole, safely. Only a
// regular file is read: a character device such as /dev/zero would be read forever and a FIFO
// with no writer would block forever, so the kind of file is checked with stat before it is
// opened. At most the size limit plus one byte is read, so a file that grows while it is read,
// or lies about its size, is still refused as too large instead of exhausting memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace retzef::sim::input {

/// A scenario of 4096 regions is a few megabytes; anything far larger is not an input file.
inline constexpr std::uintmax_t kMaxInputFileBytes = 64u << 20;

/// `FILE: cannot read: reason` (no such file, a directory, a FIFO, too large, an I/O error).
class UnreadableFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The whole of `file`, which must be a regular file of at most `max_bytes` bytes; throws
/// UnreadableFile otherwise.
std::string read_input_file(const std::filesystem::path& file,
                            std::uintmax_t max_bytes = kMaxInputFileBytes);

}  // namespace retzef::sim::input
