#include "henhouse/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace henhouse {

size_t HardwareThreads() {
  if (const char* env = std::getenv("HENHOUSE_THREADS")) {
    long v = std::strtol(env, nullptr, 10);
    if (v > 0) return static_cast<size_t>(v);
  }
  return std::max<size_t>(1, std::thread::hardware_concurrency());
}

void ParallelFor(size_t n, const std::function<void(size_t)>& fn, size_t threads,
                 size_t chunk) {
  Status ignored = ParallelForStatus(
      n,
      [&](size_t i) {
        fn(i);
        return OkStatus();
      },
      threads, chunk);
  (void)ignored;
}

Status ParallelForStatus(size_t n, const std::function<Status(size_t)>& fn, size_t threads,
                         size_t chunk) {
  if (threads == 0) threads = HardwareThreads();
  chunk = std::max<size_t>(1, chunk);
  threads = std::min(threads, (n + chunk - 1) / chunk);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  size_t first_index = SIZE_MAX;
  Status first_error;
  auto worker = [&] {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      size_t start = next.fetch_add(chunk);
      if (start >= n) return;
      size_t end = std::min(n, start + chunk);
      for (size_t i = start; i < end; ++i) {
        Status s = fn(i);
        if (!s.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          if (i < first_index) {
            first_index = i;
            first_error = s;
          }
          failed = true;
          return;
        }
      }
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
  }
  return first_error;
}

}  // namespace henhouse
