#pragma once
// The console's overview: comments and flags per day and source, how many flagged comments
// moderators have decided on, how the model's top class agrees with their labels, and the alert
// outbox by channel and state. Run on a store reader thread.

#include "daemon/store/sql/connection.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

struct day_counts {
  std::string day; // "2026-12-01" (UTC)
  std::string source;
  std::int64_t received = 0;
  std::int64_t flagged = 0;
  std::int64_t reviewed = 0;
};

struct alert_counts {
  std::string channel;
  std::string state;
  std::int64_t count = 0;
  std::optional<std::string> last_error; // the newest error among them
};

struct overview {
  std::vector<day_counts> days;
  std::int64_t flagged = 0;
  std::int64_t flagged_reviewed = 0;
  /// [moderator's label][model's most probable class], for decided comments with scores.
  std::array<std::array<std::int64_t, 3>, 3> agreement{};
  std::vector<alert_counts> alerts;
};

/// The overview of comments received from `since` (ms) on, of one source or all; the alerts are
/// those of the same comments.
overview read_overview(sql::connection& db, std::int64_t since, const std::optional<std::string>& source);

} // namespace hatewatch::daemon::store
