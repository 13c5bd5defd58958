// A progress bar on stderr for long runs, shown only when stderr is a terminal (logs and
// pipes get no carriage-return noise). Updates are throttled, so calling it often is cheap.
#pragma once

#include <chrono>
#include <string>

namespace retzef::experiments {

class ProgressBar {
 public:
  /// `total` is the value at completion (simulated time, replications, ...).
  ProgressBar(std::string label, double total, bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// `note` is shown after the bar (a rate, say).
  void update(double done, const std::string& note = {});
  void finish();
  /// True when stderr is an interactive terminal.
  static bool stderr_is_terminal();

 private:
  void draw(double done, const std::string& note);

  std::string label_;
  double total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace retzef::experiments
