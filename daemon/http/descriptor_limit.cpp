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
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed)
    throw std::runtime_error("server.max_connections is " + std::to_string(max_connections) + ", which needs " +
                             std::to_string(needed) + " open files, but the hard limit is " +
                             std::to_string(limit.rlim_max) +
                             ": lower server.max_connections, or raise the limit (LimitNOFILE= in the systemd "
                             "unit, ulimit -Hn, docker run --ulimit nofile=...)");
  const auto raised = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? needed : limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
    throw std::runtime_error("cannot raise the open-file limit from " + std::to_string(raised) + " to " +
                             std::to_string(limit.rlim_cur) + ": " + std::strerror(errno));
  return limit.rlim_cur;
}

} // namespace hatewatch::daemon
