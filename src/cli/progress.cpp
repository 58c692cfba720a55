#include "progress.h"

#include <cstdio>

namespace tsimport::cli {

Progress::Progress(std::ostream& err, std::size_t total, bool enabled,
                   std::chrono::milliseconds delay)
    : err_(err),
      total_(total),
      enabled_(enabled && total > 1),
      delay_(delay),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::Step() {
  ++done_;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < delay_) return;
  if (shown_ && now - last_draw_ < std::chrono::milliseconds(80) && done_ < total_) return;
  last_draw_ = now;
  Draw();
}

void Progress::Draw() {
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
  double left = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  constexpr int kWidth = 30;
  int filled = total_ ? static_cast<int>(kWidth * done_ / total_) : kWidth;
  std::string bar(static_cast<std::size_t>(filled), '=');
  if (filled < kWidth) bar += '>';
  bar.resize(kWidth, ' ');
  char line[160];
  std::snprintf(line, sizeof line, "\r[%s] %zu/%zu  %.0f/s  %d:%02d left ", bar.c_str(), done_,
                total_, rate, static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  err_ << line << std::flush;
  shown_ = true;
}

void Progress::Clear() {
  if (!shown_) return;
  err_ << "\r\033[K" << std::flush;
}

void Progress::Redraw() {
  if (shown_) Draw();
}

}  // namespace tsimport::cli
