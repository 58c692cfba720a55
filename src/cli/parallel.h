// Runs work on several threads and hands the results back in input order.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <utility>
#include <vector>

namespace tsimport::cli {

/// Calls work(i) for every i in [0, count) on `jobs` threads, and emit(i) in order 0, 1, 2...
/// as soon as work(i) and every earlier item are done: on the worker that completes the run,
/// one emit at a time (the calling thread only waits, so that it never competes with the workers
/// for a CPU while finished results pile up). At most `window` items run ahead of the next one
/// to emit, which bounds the memory held by finished results. Items run in order, except that
/// a large one (`cost(i)`, e.g. the input's size, above an eighth of the batch's cost per
/// thread) starts as soon as it is within the window, largest first: one large input at the end
/// of a batch would otherwise run alone after the others are done. Only large items run out of
/// order, so finished results do not pile up behind them. With jobs <= 1 everything runs on the
/// calling thread, in order.
inline void OrderedParallel(std::size_t count, unsigned jobs,
                            const std::function<void(std::size_t)>& work,
                            const std::function<void(std::size_t)>& emit, std::size_t window = 256,
                            const std::function<std::uint64_t(std::size_t)>& cost = nullptr) {
  if (jobs <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) {
      work(i);
      emit(i);
    }
    return;
  }
  window = std::max<std::size_t>(window, 1);
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<char> done(count, 0);
  std::uint64_t large = UINT64_MAX;
  if (cost) {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < count; ++i) total += cost(i);
    large = total / (8u * jobs);
  }
  // Items admitted (index < next_emit + window) and not started: large ones on top, the largest
  // first, then the rest by index.
  using Entry = std::pair<std::uint64_t, std::size_t>;
  auto later = [](const Entry& a, const Entry& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(later)> ready(later);
  std::size_t next_admit = 0;
  std::size_t next_emit = 0;
  bool emitting = false;  // a worker is emitting; it also emits what completes meanwhile
  auto admit = [&] {      // with the lock held
    for (; next_admit < count && next_admit < next_emit + window; ++next_admit) {
      const std::uint64_t c = cost ? cost(next_admit) : 0;
      ready.emplace(c > large ? c : 0, next_admit);
    }
  };
  admit();
  // An exception from work or emit stops the run and is rethrown on the calling thread.
  std::exception_ptr failure;
  auto fail = [&] {  // with the lock held, in a catch block
    if (!failure) failure = std::current_exception();
    while (!ready.empty()) ready.pop();
    next_admit = count;
    cv.notify_all();
  };
  auto worker = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      cv.wait(lock, [&] { return !ready.empty() || next_admit >= count; });
      if (ready.empty()) return;
      const std::size_t i = ready.top().second;
      ready.pop();
      lock.unlock();
      try {
        work(i);
      } catch (...) {
        lock.lock();
        fail();
        return;
      }
      lock.lock();
      done[i] = 1;
      if (emitting || failure) continue;  // the emitter sees it when it looks for the next item
      emitting = true;
      while (next_emit < count && done[next_emit] != 0 && !failure) {
        const std::size_t k = next_emit;
        lock.unlock();
        try {
          emit(k);
        } catch (...) {
          lock.lock();
          emitting = false;
          fail();
          return;
        }
        lock.lock();
        ++next_emit;
        admit();
        cv.notify_all();
      }
      emitting = false;
    }
  };
  std::vector<std::thread> threads;
  unsigned n = static_cast<unsigned>(std::min<std::size_t>(jobs, count));
  threads.reserve(n);
  for (unsigned t = 0; t < n; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace tsimport::cli
