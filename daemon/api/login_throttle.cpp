#include "daemon/api/login_throttle.hpp"

#include <algorithm>

namespace hatewatch::daemon {
namespace {
std::string client_key(std::string_view client) { return "c:" + std::string(client); }
std::string user_key(std::string_view user) { return "u:" + std::string(user); }
} // namespace

unsigned login_throttle::wait_for(const std::string& key, std::size_t limit, clock::time_point now) const {
  const auto it = failures_.find(key);
  if (it == failures_.end() || it->second.size() < limit)
    return 0;
  const auto free_at = it->second[it->second.size() - limit] + window;
  if (free_at <= now)
    return 0;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(free_at - now).count();
  return static_cast<unsigned>((ms + 999) / 1000);
}

unsigned login_throttle::wait_seconds(std::string_view client, std::string_view user, clock::time_point now) const {
  std::lock_guard guard(mutex_);
  return std::max(wait_for(client_key(client), client_failures, now), wait_for(user_key(user), user_failures, now));
}

void login_throttle::add(const std::string& key, std::size_t limit, clock::time_point now) {
  if (failures_.size() >= max_keys && !failures_.contains(key))
    std::erase_if(failures_, [now](const auto& f) { return f.second.empty() || f.second.back() + window <= now; });
  auto& f = failures_[key];
  f.push_back(now);
  while (f.size() > limit)
    f.pop_front();
}

void login_throttle::record_failure(std::string_view client, std::string_view user, clock::time_point now) {
  std::lock_guard guard(mutex_);
  add(client_key(client), client_failures, now);
  add(user_key(user), user_failures, now);
}

void login_throttle::record_success(std::string_view client) {
  std::lock_guard guard(mutex_);
  failures_.erase(client_key(client));
}

} // namespace hatewatch::daemon
