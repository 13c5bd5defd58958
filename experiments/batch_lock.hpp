// The lock a batch (or one --shard of it) holds on its folder of replications while it runs:
// two batches writing the same replications would trip over each other's temporary files. An
// advisory flock on a file in the parts folder, released when the process ends, however it ends.
#pragma once

#include <filesystem>
#include <string>

namespace retzef::experiments {

class BatchLock {
 public:
  /// Takes the lock for share `shard` of `shards` of the batch writing `output`, or throws a
  /// message saying another batch holds it.
  BatchLock(const std::filesystem::path& parts_dir, const std::filesystem::path& output,
            std::size_t shard, std::size_t shards);
  ~BatchLock();
  BatchLock(const BatchLock&) = delete;
  BatchLock& operator=(const BatchLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace retzef::experiments
