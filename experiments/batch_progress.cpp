#include "experiments/batch_progress.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

namespace retzef::experiments {

BatchProgress::BatchProgress(const std::string& name, std::size_t total, bool bar_on)
    : bar_(name, static_cast<double>(total), bar_on), bar_on_(bar_on), total_(total) {}

double BatchProgress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

void BatchProgress::finished(const std::string& case_name, std::uint32_t replication,
                             std::uint64_t events, double seconds) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  events_ += events;
  const double since = elapsed();
  const double rate = static_cast<double>(events_) / std::max(since, 1e-9);
  char note[64];
  std::snprintf(note, sizeof note, "%zu/%zu  %.2f M events/s ", done_, total_, rate / 1e6);
  bar_.update(static_cast<double>(done_), note);
  spdlog::debug("{} replication {}: {} events in {:.2f} s", case_name, replication, events,
                seconds);
  if (!bar_on_ && done_ * 10 >= next_log_ * total_) {
    const double eta = since * static_cast<double>(total_ - done_) / static_cast<double>(done_);
    spdlog::info("{}/{} replications, {:.2f} M events/s, eta {:.0f} s", done_, total_, rate / 1e6,
                 eta);
    while (next_log_ * total_ <= done_ * 10)
      ++next_log_;
  }
}

}  // namespace retzef::experiments
