#pragma once
// The thread (or threads) of a background component, with what every such loop needs: a mutex
// and a condition variable for its queue or schedule, a stop flag that wakes every wait, and a
// join. The store writer, the store reader, the alert dispatcher and the poller each own one and
// write only their loop body.
//
//   worker w;
//   w.start([&] {
//     for (;;) {
//       auto lock = w.lock();
//       w.wait(lock, deadline, [&] { return !queue.empty(); }); // returns early on stop()
//       if (w.stopping() && queue.empty()) return;
//       ...
//     }
//   });
//
// Thread safety: start() and stop() from one owning thread; everything else from any thread.
// Lifetime: stop() (or the destructor) joins; the body must return soon after stopping() turns
// true (a blocking call it makes can watch stop_flag()).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hatewatch::daemon {

class worker {
public:
  using clock = std::chrono::steady_clock;

  worker() = default;
  ~worker() { stop(); }
  worker(const worker&) = delete;
  worker& operator=(const worker&) = delete;

  /// Runs `body` on `threads` threads; does nothing when already started or stopped.
  void start(const std::function<void()>& body, unsigned threads = 1);

  /// Sets the stop flag, wakes every wait and joins the threads. Safe to call more than once, and
  /// without start().
  void stop();

  bool started() const { return !threads_.empty(); }
  bool stopping() const noexcept { return stopping_.load(std::memory_order_acquire); }
  /// The stop flag itself, for calls that watch one (http_call::cancel, channel_context).
  const std::atomic<bool>& stop_flag() const noexcept { return stopping_; }

  /// The lock that guards what the body waits for (its queue, its schedule).
  std::unique_lock<std::mutex> lock() const { return std::unique_lock(mutex_); }

  /// Waits, holding `lock`, until `ready()` holds, stop() is called or `until` passes.
  template <typename Ready>
  void wait(std::unique_lock<std::mutex>& lock, clock::time_point until, Ready ready) {
    wake_.wait_until(lock, until, [&] { return stopping() || ready(); });
  }
  /// The same without a deadline.
  template <typename Ready>
  void wait(std::unique_lock<std::mutex>& lock, Ready ready) {
    wake_.wait(lock, [&] { return stopping() || ready(); });
  }

  /// Sleeps until `until` or stop(); false when stopping.
  bool sleep_until(clock::time_point until) {
    auto l = lock();
    wait(l, until, [] { return false; });
    return !stopping();
  }
  bool sleep_for(clock::duration d) { return sleep_until(clock::now() + d); }

  /// Wakes one or every waiting thread (after a change made under lock()).
  void wake_one() { wake_.notify_one(); }
  void wake_all() { wake_.notify_all(); }

private:
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

} // namespace hatewatch::daemon
