#pragma once
// The read side of moderators' decisions: the audit trail, newest first, with what the model said
// of each comment. Runs on the store reader's threads.

#include "daemon/store/sql/connection.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

struct review_view {
  std::int64_t id = 0;
  std::int64_t comment_id = 0;
  std::string source;
  std::optional<int> label; // none: a withdrawn decision
  std::optional<std::string> note;
  std::string moderator;
  std::int64_t decided_at = 0;
  /// Whether this is the comment's current decision (no later one).
  bool current = false;
  /// The comment's latest score: the model's version and probabilities (none when it was not
  /// scored: a language the model does not read).
  std::string model_version;
  std::optional<std::array<double, 3>> p;
};

struct review_filter {
  std::optional<std::string> source;
  std::optional<std::string> moderator;
  std::optional<std::int64_t> comment_id;
  /// Only each comment's current decision.
  bool current_only = false;
  /// Decided at or after (ms).
  std::optional<std::int64_t> since;
  /// Only ids below this one (the cursor of the previous page).
  std::optional<std::int64_t> before_id;
  std::uint32_t limit = 50;
};

/// Newest first.
std::vector<review_view> list_reviews(sql::connection& db, const review_filter& filter);

} // namespace hatewatch::daemon::store
