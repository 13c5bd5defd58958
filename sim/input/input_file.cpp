#include "sim/input/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/core/file_descriptor.hpp"
#include "sim/input/problem_log.hpp"

namespace retzef::sim::input {
namespace {

[[noreturn]] void cannot_read(const std::filesystem::path& file, const std::string& reason) {
  throw UnreadableFile(one_line(file.string()) + ": cannot read: " + reason);
}

/// Why a file of this mode is not read; empty for a regular file.
std::string not_regular(mode_t mode) {
  if (S_ISREG(mode)) return {};
  if (S_ISDIR(mode)) return "is a directory, expected a regular file";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe), expected a regular file";
  if (S_ISCHR(mode)) return "is a character device, expected a regular file";
  if (S_ISBLK(mode)) return "is a block device, expected a regular file";
  if (S_ISSOCK(mode)) return "is a socket, expected a regular file";
  return "is not a regular file";
}

}  // namespace

std::string read_input_file(const std::filesystem::path& file, std::uintmax_t max_bytes) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) cannot_read(file, std::strerror(errno));
  if (const std::string why = not_regular(st.st_mode); !why.empty()) cannot_read(file, why);
  // O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it still
  // returns at once.
  const sim::FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) cannot_read(file, std::strerror(errno));
  if (::fstat(fd.get(), &st) != 0) cannot_read(file, std::strerror(errno));
  if (const std::string why = not_regular(st.st_mode); !why.empty()) cannot_read(file, why);
  const auto too_large = [&](std::uintmax_t size) {
    cannot_read(file, "larger than " + std::to_string(max_bytes >> 20) + " MiB (" +
                          std::to_string(size) + " bytes)");
  };
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    too_large(static_cast<std::uintmax_t>(st.st_size));
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      // The file may have grown since fstat: read on, but never past the limit plus one byte.
      if (got > max_bytes) too_large(got);
      text.resize(std::min<std::size_t>(std::max<std::size_t>(2 * got, 4096), max_bytes + 1));
    }
    const ssize_t n = ::read(fd.get(), text.data() + got, text.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      cannot_read(file, std::strerror(errno));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > max_bytes) too_large(got);
  text.resize(got);
  return text;
}

}  // namespace retzef::sim::input
