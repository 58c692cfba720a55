// Runs work on several threads and hands the results back in input order.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tsimport::cli {

/// Calls work(i) for every i in [0, count) on `jobs` threads, and emit(i) on the calling thread
/// in order 0, 1, 2... as soon as work(i) and every earlier item are done. At most `window`
/// items run ahead of the next one to emit, which bounds the memory held by finished results.
/// With jobs <= 1 everything runs on the calling thread.
inline void OrderedParallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work,
                            const std::function<void(std::size_t)>& emit, std::size_t window = 256) {
  if (jobs <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      work(i);
      emit(i);
    }
    return;
  }
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<char> done(count, 0);
  std::size_t next_work = 0;
  std::size_t next_emit = 0;
  auto worker = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [&] { return next_work >= count || next_work < next_emit + window; });
        if (next_work >= count) return;
        i = next_work++;
      }
      work(i);
      {
        std::lock_guard<std::mutex> lock(mutex);
        done[i] = 1;
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  unsigned n = static_cast<unsigned>(std::min<std::size_t>(jobs, count));
  threads.reserve(n);
  for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
  while (next_emit < count) {
    {
      std::unique_lock<std::mutex> lock(mutex);
      cv.wait(lock, [&] { return done[next_emit] != 0; });
    }
    emit(next_emit);
    {
      std::lock_guard<std::mutex> lock(mutex);
      ++next_emit;
    }
    cv.notify_all();
  }
  for (auto& t : threads) t.join();
}

}  // namespace tsimport::cli
