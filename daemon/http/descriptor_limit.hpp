#pragma once
// The open-file limit against server.max_connections: every connection is a descriptor, and so are
// the database, the log and outbound calls. At start the soft limit is raised (up to the hard
// limit) to fit; when even the hard limit is too low the server warns with what to change.

#include <cstddef>
#include <cstdint>

namespace hatewatch::daemon {

/// Descriptors kept beside the connections: database and WAL files, readers, outbound calls,
/// pollers, logs.
inline constexpr std::uint64_t descriptor_reserve = 64;

/// Raises RLIMIT_NOFILE's soft limit toward max_connections + descriptor_reserve, up to the hard
/// limit, and returns the soft limit in force (below what is needed when the hard limit is: the
/// caller warns; past it, accepts pause and retry). Throws std::runtime_error if setrlimit fails.
std::uint64_t fit_descriptor_limit(std::uint64_t max_connections);

} // namespace hatewatch::daemon
