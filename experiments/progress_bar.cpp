#include "experiments/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace retzef::experiments {

ProgressBar::ProgressBar(std::string label, double total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled && std::isfinite(total) && total > 0),
      started_(std::chrono::steady_clock::now()),
      last_draw_(started_) {}

ProgressBar::~ProgressBar() {
  finish();
}

bool ProgressBar::stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

void ProgressBar::update(double done, const std::string& note) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(done, note);
}

void ProgressBar::draw(double done, const std::string& note) {
  const double fraction = std::clamp(done / total_, 0.0, 1.0);
  const double elapsed = std::chrono::duration<double>(last_draw_ - started_).count();
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r%s [%s] %5.1f%%  %s elapsed %.0fs  eta %.0fs ", label_.c_str(),
               bar.c_str(), 100 * fraction, note.c_str(), elapsed, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stderr, "\r%*s\r", 120, "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace retzef::experiments
