#pragma once
// The console's logins: a session per successful login, found by the token in its cookie, with the
// CSRF token every state change must echo. Kept in memory (keyed by the token's SHA-256, so a
// lookup's timing says nothing of the token): a restart logs every moderator out.
//
// Thread safety: every member may be called from any thread (one mutex, no I/O under it).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hatewatch::daemon {

struct console_session {
  std::string user;
  std::string csrf;
  /// The password hash the login was checked against: a session ends when it changes (or the
  /// moderator is removed) at a reload.
  std::string credential;
  std::chrono::system_clock::time_point expires;
};

class console_sessions {
public:
  using clock = std::chrono::system_clock;

  /// At most this many live sessions; past it the one closest to expiry makes room.
  static constexpr std::size_t max_sessions = 10000;

  struct opened {
    std::string token; // for the cookie; never stored
    console_session session;
  };
  opened open(std::string user, std::string credential, std::chrono::milliseconds lifetime,
              clock::time_point now = clock::now());

  /// The live session of `token`, or nothing (unknown or expired).
  std::optional<console_session> find(std::string_view token, clock::time_point now = clock::now()) const;

  /// Ends the session of `token` (logout); nothing when there is none.
  void close(std::string_view token);

  std::size_t size() const;

private:
  void prune(clock::time_point now); // under mutex_

  mutable std::mutex mutex_;
  std::unordered_map<std::string, console_session> sessions_; // by SHA-256 of the token
};

/// A random token of `bytes` bytes, as URL-safe base64 without padding.
std::string random_token(std::size_t bytes = 32);

} // namespace hatewatch::daemon
