// A progress bar on stderr: count, rate and time left, redrawn in place.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace tsimport::cli {

class Progress {
 public:
  /// Draws nothing unless `enabled`; even then, only once the run has lasted `delay`.
  Progress(std::ostream& err, std::size_t total, bool enabled,
           std::chrono::milliseconds delay = std::chrono::milliseconds(300));
  /// One more input done.
  void Step();
  /// Erases the bar (before other output on the same stream, and at the end).
  void Clear();
  /// Draws it again after other output.
  void Redraw();

 private:
  void Draw();
  std::ostream& err_;
  std::size_t total_;
  std::size_t done_ = 0;
  bool enabled_;
  bool shown_ = false;
  std::chrono::milliseconds delay_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace tsimport::cli
