#pragma once
// Log lines for requests refused in bulk: every webhook during a database outage (503), a forum's
// comment over api.max_comment_bytes (413). Each kind is written at most once a second for the
// whole process, with the count of those left out since (log_limiter), so that an outage or a
// flood leaves the reason and the numbers in the log without drowning it.

#include <exception>
#include <string_view>

namespace hatewatch::daemon {

/// Why a request was answered 503 (`what`: the full reason, `where`: the request).
void log_unavailable(std::string_view where, const std::exception& what);

/// Why a delivery was answered 413: a comment that was not scored or stored.
void log_too_large(std::string_view where, const std::exception& what);

} // namespace hatewatch::daemon
