// An open POSIX file descriptor owned for a scope: closed when the owner goes, never copied. The
// bounded input reader and the result files' checksum header both read and write through plain
// descriptors (to check the file's type before reading, and to read at offsets), and share it.
#pragma once

#include <unistd.h>

namespace retzef::sim {

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace retzef::sim
