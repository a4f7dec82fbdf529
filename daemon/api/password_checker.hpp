#pragma once
// Checks login passwords off the I/O threads: scrypt takes about 0.1 s and 32 MiB by design, which
// an I/O thread must not spend. One thread checks them in turn; at most `max_waiting` wait, and
// more are refused at once (unavailable_error, 503) rather than queued without bound.
//
// Thread safety: check() from any thread; the callback runs on the checker's thread.
// Lifetime: the destructor answers nothing more and joins the thread.

#include "daemon/base/worker.hpp"

#include <deque>
#include <functional>
#include <optional>
#include <string>

namespace hatewatch::daemon {

class password_checker {
public:
  static constexpr std::size_t max_waiting = 16;

  password_checker() = default;
  ~password_checker() { worker_.stop(); }

  /// Calls `done(matches)` once `password` has been checked against `hash` (an empty hash never
  /// matches, after the same work, so that a missing user takes as long as a wrong password), or
  /// `done(nullopt)` when scrypt itself failed (out of memory). Throws unavailable_error when
  /// `max_waiting` checks wait already.
  using callback = std::function<void(std::optional<bool>)>;
  void check(std::string password, std::string hash, callback done);

private:
  struct job {
    std::string password;
    std::string hash;
    callback done;
  };
  void run();

  std::deque<job> jobs_; // under worker_.lock()
  worker worker_;
  bool started_ = false; // under worker_.lock()
};

} // namespace hatewatch::daemon
