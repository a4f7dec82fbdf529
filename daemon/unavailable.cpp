#include "daemon/unavailable.hpp"

#include "daemon/log_limiter.hpp"
#include "daemon/logging.hpp"

namespace hatewatch::daemon {

void log_unavailable(std::string_view where, const std::exception& what) {
  static log_limiter limiter;
  static const auto logger = get_logger("http");
  std::uint64_t left_out = 0;
  if (!limiter.allow(left_out))
    return;
  if (left_out > 0)
    logger->warn("{}: 503: {} ({} more answered 503 since the last such line, not logged one by one)", where,
                 what.what(), left_out);
  else
    logger->warn("{}: 503: {}", where, what.what());
}

} // namespace hatewatch::daemon
