#include "daemon/http/descriptor_limit.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace hatewatch::daemon {

std::uint64_t fit_descriptor_limit(std::uint64_t max_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
    throw std::runtime_error(std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
  const std::uint64_t needed = max_connections + descriptor_reserve;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed)
    return limit.rlim_cur;
  const auto raised = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY || limit.rlim_max >= needed ? needed : limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
    throw std::runtime_error("cannot raise the open-file limit from " + std::to_string(raised) + " to " +
                             std::to_string(limit.rlim_cur) + ": " + std::strerror(errno));
  return limit.rlim_cur;
}

} // namespace hatewatch::daemon
