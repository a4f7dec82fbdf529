#pragma once
// Time as the store keeps it: milliseconds since the Unix epoch, UTC; and RFC 3339 text for it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hatewatch::daemon::store {

/// A day in the store's unit (UTC days: no leap seconds in Unix time).
constexpr std::int64_t day_ms = 86'400'000;

std::int64_t now_ms();

/// "2026-11-27T10:22:06.123Z", "2026-11-27T10:22:06Z", "2026-11-27T12:22:06+02:00" (RFC 3339, as
/// Discourse sends it); nothing when the text is not such a time.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

/// "2026-11-27T10:22:06.123Z".
std::string format_rfc3339(std::int64_t ms);

} // namespace hatewatch::daemon::store
