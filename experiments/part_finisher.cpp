#include "experiments/part_finisher.hpp"

#include <system_error>

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

void PartFinisher::finish(std::filesystem::path tmp, std::filesystem::path path) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (error_) std::rethrow_exception(error_);
    queue_.emplace_back(std::move(tmp), std::move(path));
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
    auto [tmp, path] = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::exception_ptr failed;
    try {
      finish_part(tmp, path);
    } catch (...) {
      failed = std::current_exception();
      std::error_code ec;
      std::filesystem::remove(tmp, ec);  // never leave a half-finished part behind
    }
    lock.lock();
    busy_ = false;
    if (failed && !error_) error_ = failed;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace retzef::experiments
