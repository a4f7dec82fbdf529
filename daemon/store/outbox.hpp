#pragma once
// The alert outbox's SQL, all of it: the rows due for delivery (with the comment and score each is
// about), recording a delivery's outcome, the listing behind GET /v1/alerts and the counts by state
// behind /metrics. Rows are added with their comment, in one transaction (comment_store.cpp).
//
// Thread safety: each function uses only the connection or write context it is given.

#include "core/labels.hpp"
#include "daemon/store/sql/connection.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hatewatch::daemon::store {

class write_context;

/// One outbox row with the comment and (latest) score it is about.
struct due_alert {
  std::int64_t alert_id = 0;
  std::string event_id;
  std::string channel;
  std::int64_t attempts = 0;
  std::int64_t comment_id = 0;
  std::string source;
  std::string external_id;
  std::int64_t version = 1;
  std::string author;
  std::string url;
  std::string text; // empty once purged
  core::probabilities p{}; // meaningless when unsupported
  std::string explanation_json;
  std::string model_version;
  std::int64_t created_at = 0; // ms since the epoch
  /// Not scored: written in `language`, which the model does not read (unsupported_language: alert).
  bool unsupported = false;
  std::string language;
};

/// Whether any pending row is due at `now` (ms since the epoch): a cheap look before claiming.
bool any_alert_due(sql::connection& db, std::int64_t now);

/// Claims the pending rows due at `now`, oldest first, at most `limit`, and returns their ids: their
/// next attempt moves to `lease_until`, so no other replica takes them until this one records their
/// outcome, or its lease runs out (it died) and they are due again. On PostgreSQL, rows another
/// replica is claiming at the same moment are skipped (FOR UPDATE SKIP LOCKED), never waited for.
std::vector<std::int64_t> claim_alerts(write_context& ctx, std::int64_t now, std::int64_t lease_until,
                                       std::int64_t limit);

/// The ids of the pending rows due at `now`, oldest first, at most `limit`, unclaimed: for a SQLite
/// file, which one daemon serves, so nothing else could take them.
std::vector<std::int64_t> due_alerts(sql::connection& db, std::int64_t now, std::int64_t limit);

/// The rows `ids` with the comment and latest score each is about, in id order.
std::vector<due_alert> read_alerts(sql::connection& db, const std::vector<std::int64_t>& ids);

/// A claimed row given back undelivered (held for a digest, or left when the lease ran short): due
/// again at `at`, its attempts unchanged.
void release_alert(write_context& ctx, std::int64_t alert_id, std::int64_t at);

/// Dead alerts due again (issue 29: once the cause is fixed, a channel configured again or a
/// receiver repaired): back to pending, attempts from 0, due at `at`, the last error kept until the
/// next attempt. Only the alert `id` when given, only those of `channel` when given; the number.
std::int64_t retry_dead_alerts(write_context& ctx, std::optional<std::int64_t> id,
                               const std::optional<std::string>& channel, std::int64_t at);

/// Messages `channel` delivered for `source` at or after `since` (a digest counts once), by every
/// replica: the flood rule's count.
std::int64_t delivered_since(sql::connection& db, const std::string& channel, const std::string& source,
                             std::int64_t since);

/// What one delivery attempt left a row as.
struct alert_outcome {
  std::int64_t alert_id = 0;
  std::string_view state; // "pending", "delivered" or "dead"
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::optional<std::int64_t> last_status;
  std::string last_error; // empty: none; kept to its first 500 bytes
  bool digest = false;
  std::optional<std::int64_t> delivered_at;
};
void record_alert_outcome(write_context& ctx, const alert_outcome& o);

/// A row as GET /v1/alerts shows it.
struct alert_row {
  std::int64_t id = 0;
  std::string event_id;
  std::int64_t comment_id = 0;
  std::string source;
  std::string channel;
  std::string state;
  std::int64_t attempts = 0;
  std::optional<std::int64_t> next_attempt_at;
  std::optional<std::int64_t> last_status;
  std::optional<std::string> last_error;
  bool digest = false;
  std::optional<std::int64_t> created_at;
  std::optional<std::int64_t> delivered_at;
};

/// Newest first; only `state` when given, only ids below `before` when given; at most `limit`.
std::vector<alert_row> list_alerts(sql::connection& db, std::string_view state, std::optional<std::int64_t> before,
                                   std::int64_t limit);

/// How many rows are in each state (states without rows are left out).
std::vector<std::pair<std::string, std::int64_t>> count_alerts_by_state(sql::connection& db);

} // namespace hatewatch::daemon::store
