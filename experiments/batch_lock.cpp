#include "experiments/batch_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <stdexcept>

namespace retzef::experiments {

BatchLock::BatchLock(const std::filesystem::path& parts_dir, const std::filesystem::path& output,
                     std::size_t shard, std::size_t shards) {
  const std::filesystem::path lock =
      parts_dir / ("lock-" + std::to_string(shard) + "-of-" + std::to_string(shards));
  fd_ = ::open(lock.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd_ < 0 || ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error(output.string() + ": another retzef batch is writing it (" +
                             lock.string() + " is locked); wait for it to end or stop it");
  }
}

BatchLock::~BatchLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace retzef::experiments
