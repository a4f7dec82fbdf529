#pragma once
// The write side of moderators' decisions: each one a new row of `reviews` (the audit trail) and
// the comment's current decision in `review_state`. Runs inside the writer's transaction.

#include "daemon/store/write_context.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace hatewatch::daemon::store {

/// One decision: a label (0 hate speech, 1 offensive language, 2 neither), or none to withdraw the
/// comment's current decision (it goes back to review).
struct review_record {
  std::int64_t comment_id = 0;
  std::optional<int> label;
  std::string note; // empty: none
  std::string moderator;
  std::int64_t decided_at = 0; // ms since the epoch
};

struct stored_review {
  std::int64_t id = 0;
  /// The comment's decision before this one (none: it had none, or it was withdrawn).
  std::optional<int> previous;
};

/// Records the decision; nothing when the comment does not exist (it may have been purged).
std::optional<stored_review> record_review(write_context& ctx, const review_record& r);

} // namespace hatewatch::daemon::store
