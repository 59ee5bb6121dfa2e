// Time is an input (STYLE.md: no hidden inputs).
#ifndef HENHOUSE_BASE_CLOCK_H_
#define HENHOUSE_BASE_CLOCK_H_

#include <atomic>
#include <cstdint>

namespace henhouse {

// Clock reports wall-clock time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // NowUnixSeconds returns seconds since the Unix epoch.
  virtual uint64_t NowUnixSeconds() const = 0;
  // NowMicros returns a monotonic microsecond counter, for durations only.
  virtual uint64_t NowMicros() const = 0;
};

// SystemClock returns the process-wide real clock.
Clock& SystemClock();

// FakeClock is set by tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(uint64_t unix_seconds) : seconds_(unix_seconds) {}
  uint64_t NowUnixSeconds() const override { return seconds_.load(); }
  uint64_t NowMicros() const override { return micros_.load(); }
  void Advance(uint64_t seconds) {
    seconds_ += seconds;
    micros_ += seconds * 1000000;
  }

 private:
  std::atomic<uint64_t> seconds_;
  std::atomic<uint64_t> micros_{0};
};

}  // namespace henhouse

#endif  // HENHOUSE_BASE_CLOCK_H_
