#include "daemon/api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace hatewatch::daemon {

unsigned rate_limiter::allow(std::string_view client, const rate_limit_config& limit,
                             std::chrono::steady_clock::time_point now) {
  if (limit.requests_per_second <= 0)
    return 0;
  const double capacity = limit.burst;
  auto& sh = shards_[std::hash<std::string_view>{}(client) % shard_count];
  std::lock_guard lock(sh.mutex);
  if (sh.buckets.size() > shard_limit)
    std::erase_if(sh.buckets, [&](const auto& kv) {
      const double elapsed = std::chrono::duration<double>(now - kv.second.updated).count();
      return kv.second.tokens + elapsed * limit.requests_per_second >= capacity;
    });
  auto [it, fresh] = sh.buckets.try_emplace(std::string(client), bucket{capacity, now});
  auto& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(capacity, b.tokens + elapsed * limit.requests_per_second);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return static_cast<unsigned>(std::max(1.0, std::ceil((1 - b.tokens) / limit.requests_per_second)));
}

} // namespace hatewatch::daemon
