#pragma once
// A token bucket per client address: `requests_per_second` refill, `burst` capacity.
//
// Thread safety: allow() may be called from any thread; the buckets are split over shards, each
// behind its own mutex held for a few instructions, with no I/O under it.

#include "daemon/api/api_config.hpp"

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hatewatch::daemon {

class rate_limiter {
public:
  /// Takes one token for `client`; returns 0 when allowed, else the seconds until a token is due
  /// (at least 1, for Retry-After). Always allows when the limit is off.
  unsigned allow(std::string_view client, const rate_limit_config& limit,
                 std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

private:
  struct bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  struct shard {
    std::mutex mutex;
    std::unordered_map<std::string, bucket> buckets;
  };
  static constexpr std::size_t shard_count = 16;
  /// Past this many clients in a shard, buckets that have refilled are forgotten.
  static constexpr std::size_t shard_limit = 4096;

  std::array<shard, shard_count> shards_;
};

} // namespace hatewatch::daemon
