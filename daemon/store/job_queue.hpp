#pragma once
// Jobs waiting for a store thread (the writer's or the readers'), each with the completion its
// caller waits on, guarded by the lock of the worker whose threads run them.
//
// Thread safety: push() from any thread; take(), empty() and size() with the worker's lock held.

#include "daemon/store/errors.hpp"
#include "daemon/base/worker.hpp"

#include <algorithm>
#include <deque>
#include <exception>
#include <functional>
#include <iterator>
#include <string>

namespace hatewatch::daemon::store {

template <typename Work>
class job_queue {
public:
  struct job {
    Work work;
    std::function<void(std::exception_ptr)> done;
  };

  explicit job_queue(worker& w) : worker_(w) {}

  /// Queues a job and wakes one thread. Throws store_unavailable when the worker is stopping, or
  /// with full_message() when `max` jobs wait.
  template <typename FullMessage>
  void push(job j, std::size_t max, FullMessage&& full_message) {
    {
      auto lock = worker_.lock();
      if (worker_.stopping())
        throw store_unavailable("the store is stopping", "the store is stopping");
      if (jobs_.size() >= max) {
        const std::string why = full_message();
        throw store_unavailable(why, why);
      }
      jobs_.push_back(std::move(j));
    }
    worker_.wake_one();
  }

  /// Takes up to `n` jobs from the front.
  std::deque<job> take(std::size_t n) {
    n = std::min(n, jobs_.size());
    std::deque<job> out(std::make_move_iterator(jobs_.begin()), std::make_move_iterator(jobs_.begin() + n));
    jobs_.erase(jobs_.begin(), jobs_.begin() + n);
    return out;
  }
  bool empty() const { return jobs_.empty(); }
  std::size_t size() const { return jobs_.size(); }

  /// Once the worker has stopped: answers every job still queued with store_unavailable.
  void fail_left() {
    std::deque<job> left;
    {
      auto lock = worker_.lock();
      left.swap(jobs_);
    }
    for (auto& j : left)
      j.done(std::make_exception_ptr(store_unavailable("the store is stopping", "the store is stopping")));
  }

private:
  worker& worker_;
  std::deque<job> jobs_;
};

} // namespace hatewatch::daemon::store
