#include "experiments/stop_signals.hpp"

#include <atomic>
#include <csignal>

namespace retzef::experiments {
namespace {

std::atomic<int> requested{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");

struct sigaction previous_int {};
struct sigaction previous_term {};

extern "C" void on_stop_signal(int signal) {
  requested.store(signal, std::memory_order_relaxed);
}

}  // namespace

StopSignals::StopSignals() {
  requested.store(0, std::memory_order_relaxed);
  struct sigaction action {};
  action.sa_handler = &on_stop_signal;
  sigemptyset(&action.sa_mask);
  // SA_RESETHAND: the first signal asks, a second one of the same kind ends the process.
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

int stop_signal() {
  return requested.load(std::memory_order_relaxed);
}

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

}  // namespace retzef::experiments
