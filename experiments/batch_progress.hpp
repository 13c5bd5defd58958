// What a running batch tells its user as replications finish: a progress bar on a terminal, or
// without one (a log file, a cluster job) a plain line every tenth of the work, and a debug
// line per replication. Called from the worker threads; serialises itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "experiments/progress_bar.hpp"

namespace retzef::experiments {

class BatchProgress {
 public:
  /// `total` replications to run; the bar shows only when `bar_on`.
  BatchProgress(const std::string& name, std::size_t total, bool bar_on);

  /// One replication finished: `events` handled in `seconds`.
  void finished(const std::string& case_name, std::uint32_t replication, std::uint64_t events,
                double seconds);
  /// Closes the bar.
  void finish() { bar_.finish(); }

  std::size_t done() const { return done_; }
  std::uint64_t events() const { return events_; }
  /// Seconds since the runs started.
  double elapsed() const;

 private:
  ProgressBar bar_;
  bool bar_on_;
  std::size_t total_;
  std::mutex mutex_;
  std::size_t done_ = 0;
  std::uint64_t events_ = 0;
  std::size_t next_log_ = 1;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace retzef::experiments
