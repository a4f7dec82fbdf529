#include "daemon/base/refusal_log.hpp"

#include "daemon/base/log_limiter.hpp"
#include "daemon/base/logging.hpp"

namespace hatewatch::daemon {
namespace {

void log_limited(log_limiter& limiter, std::string_view where, std::string_view status, const std::exception& what) {
  static const auto logger = get_logger("http");
  std::uint64_t left_out = 0;
  if (!limiter.allow(left_out))
    return;
  if (left_out > 0)
    logger->warn("{}: {}: {} ({} more answered {} since the last such line, not logged one by one)", where, status,
                 what.what(), left_out, status);
  else
    logger->warn("{}: {}: {}", where, status, what.what());
}

} // namespace

void log_unavailable(std::string_view where, const std::exception& what) {
  static log_limiter limiter;
  log_limited(limiter, where, "503", what);
}

void log_too_large(std::string_view where, const std::exception& what) {
  static log_limiter limiter;
  log_limited(limiter, where, "413", what);
}

} // namespace hatewatch::daemon
