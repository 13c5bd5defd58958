#include "experiments/part_finisher.hpp"

#include <utility>

#include "experiments/replication_part.hpp"

namespace retzef::experiments {

PartFinisher::PartFinisher() : thread_([this] { run(); }) {}

PartFinisher::~PartFinisher() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

void PartFinisher::finish(std::filesystem::path tmp, std::filesystem::path path,
                          std::function<void()> then) {
  post([tmp = std::move(tmp), path = std::move(path), then = std::move(then)] {
    finish_part(tmp, path);  // removes tmp if it fails
    if (then) then();
  });
}

void PartFinisher::post(std::function<void()> job) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (error_) std::rethrow_exception(error_);
    queue_.push_back(std::move(job));
  }
  work_.notify_one();
}

void PartFinisher::wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
  if (error_) std::rethrow_exception(error_);
}

void PartFinisher::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr failed;
    try {
      job();
    } catch (...) {
      failed = std::current_exception();
    }
    lock.lock();
    busy_ = false;
    // After a failure the jobs already queued still run: their parts are whole, and worth
    // keeping for the next batch.
    if (failed && !error_) error_ = failed;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace retzef::experiments
