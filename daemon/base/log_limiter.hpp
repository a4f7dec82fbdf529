#pragma once
// A log line that can come thousands of times a second (every request refused with 503 during a
// database outage) is written at most once per interval, and that line says how many were left out
// since the last one: the log keeps the reason and the count without drowning.
//
// Thread safety: allow() from any thread.

#include <chrono>
#include <cstdint>
#include <mutex>

namespace hatewatch::daemon {

class log_limiter {
public:
  using clock = std::chrono::steady_clock;
  explicit log_limiter(clock::duration interval = std::chrono::seconds(1)) : interval_(interval) {}

  /// Whether to write the line now; when it is, `left_out` gets how many were not written since
  /// the last one written.
  bool allow(std::uint64_t& left_out, clock::time_point now = clock::now()) {
    std::lock_guard lock(mutex_);
    if (now < next_) {
      ++left_out_;
      return false;
    }
    next_ = now + interval_;
    left_out = left_out_;
    left_out_ = 0;
    return true;
  }

private:
  std::mutex mutex_;
  clock::duration interval_;
  clock::time_point next_{};
  std::uint64_t left_out_ = 0;
};

} // namespace hatewatch::daemon
