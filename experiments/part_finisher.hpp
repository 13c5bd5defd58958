// Makes finished replication files durable off the simulating threads. A part is whole once it
// is written and closed, but it counts as finished only when its bytes are on the disk and it
// has been renamed into place (fsync, rename, fsync of the folder): power loss must never leave
// a whole-looking part with nothing in it. Waiting for the disk there would idle a core for
// every replication of a large trace, so a batch hands each closed part to one finishing thread
// and goes on simulating; it waits for that thread once, before it assembles the result.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>

namespace retzef::experiments {

class PartFinisher {
 public:
  PartFinisher();
  /// Finishes every part handed over (they are whole), then stops.
  ~PartFinisher();
  PartFinisher(const PartFinisher&) = delete;
  PartFinisher& operator=(const PartFinisher&) = delete;

  /// Queues the closed, complete file `tmp` to be flushed and renamed to `path`. Throws the
  /// first error of an earlier part, so that a batch whose disk fails stops early.
  void finish(std::filesystem::path tmp, std::filesystem::path path);
  /// Returns once every queued part is finished; throws the first error, naming the file.
  void wait();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable idle_;
  std::deque<std::pair<std::filesystem::path, std::filesystem::path>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;  ///< last: started once the members it uses exist
};

}  // namespace retzef::experiments
