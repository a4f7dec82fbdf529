#include "daemon/api/console_sessions.hpp"

#include "daemon/base/signature.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace hatewatch::daemon {

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
    throw std::runtime_error("no random bytes for a session token");
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned bits = 0, value = 0;
  for (unsigned char b : raw) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(value >> bits) & 63];
    }
  }
  if (bits > 0)
    out += alphabet[(value << (6 - bits)) & 63];
  return out;
}

console_sessions::opened console_sessions::open(std::string user, std::string credential,
                                                std::chrono::milliseconds lifetime, clock::time_point now) {
  opened o{random_token(), {std::move(user), random_token(), std::move(credential), now + lifetime}};
  const auto key = sha256_hex(o.token);
  std::lock_guard guard(mutex_);
  prune(now);
  if (sessions_.size() >= max_sessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(),
                                   [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; });
    sessions_.erase(oldest);
  }
  sessions_.emplace(key, o.session);
  return o;
}

std::optional<console_session> console_sessions::find(std::string_view token, clock::time_point now) const {
  if (token.empty())
    return std::nullopt;
  const auto key = sha256_hex(token);
  std::lock_guard guard(mutex_);
  const auto it = sessions_.find(key);
  if (it == sessions_.end() || it->second.expires <= now)
    return std::nullopt;
  return it->second;
}

void console_sessions::close(std::string_view token) {
  const auto key = sha256_hex(token);
  std::lock_guard guard(mutex_);
  sessions_.erase(key);
}

std::size_t console_sessions::size() const {
  std::lock_guard guard(mutex_);
  return sessions_.size();
}

void console_sessions::prune(clock::time_point now) {
  std::erase_if(sessions_, [now](const auto& s) { return s.second.expires <= now; });
}

} // namespace hatewatch::daemon
