// A batch's waiting on the disk, done on one thread of its own. A replication's part file is
// whole once written and closed, but it counts as finished only when its bytes are on the disk
// and it has been renamed into place (fsync, rename, fsync of the folder): power loss must never
// leave a whole-looking part with nothing in it. Then, in the process that assembles the result
// file, the part is copied in. Waiting for the disk or copying on the simulating threads would
// idle a core per replication, and copying every part at the end would leave all but one idle;
// so a batch hands each closed part to this thread and goes on simulating, and waits for it
// once, before it completes the result.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

namespace retzef::experiments {

class PartFinisher {
 public:
  PartFinisher();
  /// Does every job handed over (finished parts are kept), then stops.
  ~PartFinisher();
  PartFinisher(const PartFinisher&) = delete;
  PartFinisher& operator=(const PartFinisher&) = delete;

  /// Queues the closed, complete file `tmp` to be made the part `path` (finish_part), then
  /// `then`, if given, to be run. Throws the first error of an earlier job, so that a batch
  /// whose disk fails stops early.
  void finish(std::filesystem::path tmp, std::filesystem::path path,
              std::function<void()> then = {});
  /// Queues `job`, in order with the parts; throws as `finish` does.
  void post(std::function<void()> job);
  /// Returns once every queued job is done; throws the first error, naming the file.
  void wait();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;  ///< last: started once the members it uses exist
};

}  // namespace retzef::experiments
