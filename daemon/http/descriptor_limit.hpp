#pragma once
// The open-file limit against server.max_connections: every connection is a descriptor, and so are
// the database, the log and outbound calls. At start the soft limit is raised (up to the hard
// limit) to fit, or the start is refused with what to change.

#include <cstddef>
#include <cstdint>

namespace hatewatch::daemon {

/// Descriptors kept beside the connections: database and WAL files, readers, outbound calls,
/// pollers, logs.
inline constexpr std::uint64_t descriptor_reserve = 64;

/// Ensures RLIMIT_NOFILE's soft limit is at least max_connections + descriptor_reserve, raising it
/// toward the hard limit when it is lower. Returns the soft limit in force; throws
/// std::runtime_error naming both numbers when even the hard limit is too low.
std::uint64_t fit_descriptor_limit(std::uint64_t max_connections);

} // namespace hatewatch::daemon
