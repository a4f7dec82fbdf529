#pragma once
// Slows password guessing at the console's login: a client address may fail 5 times, and a
// moderator's name 20 times (from any number of addresses), in 15 minutes; past that, logins from
// that address or for that name are refused (429 with Retry-After) until the oldest failure is 15
// minutes old. A successful login clears its address's failures. The name's limit is higher so
// that one guessing client cannot lock a moderator out by itself.
//
// Thread safety: every member may be called from any thread (one mutex, no I/O under it).

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hatewatch::daemon {

class login_throttle {
public:
  using clock = std::chrono::steady_clock;
  static constexpr std::size_t client_failures = 5;
  static constexpr std::size_t user_failures = 20;
  static constexpr std::chrono::minutes window{15};

  /// Seconds until a login from `client` for `user` may be tried (0: now).
  unsigned wait_seconds(std::string_view client, std::string_view user, clock::time_point now = clock::now()) const;

  void record_failure(std::string_view client, std::string_view user, clock::time_point now = clock::now());
  void record_success(std::string_view client);

private:
  using failures = std::deque<clock::time_point>;
  unsigned wait_for(const std::string& key, std::size_t limit, clock::time_point now) const; // under mutex_
  void add(const std::string& key, std::size_t limit, clock::time_point now);               // under mutex_

  /// Past this many keys, the ones whose failures are all outside the window are forgotten.
  static constexpr std::size_t max_keys = 10000;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, failures> failures_; // "c:<address>" and "u:<name>"
};

} // namespace hatewatch::daemon
