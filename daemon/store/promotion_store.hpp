#pragma once
// The record of model promotions and rollbacks (migration 0008): written in the writer's
// transaction (the daemon) or straight to the file (hatewatch promote), read for the console.

#include "daemon/store/sql/connection.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

class write_context;

struct promotion_record {
  std::int64_t id = 0; // set when read
  std::string kind;    // "promote" or "rollback"
  std::string from_version;
  std::string to_version;
  std::string actor; // a moderator's name, or "cli"
  std::optional<std::string> evaluation_json;
  std::optional<std::string> note;
  std::int64_t at = 0; // ms since the epoch
};

/// Records `p` (its id is ignored); the new row's id.
std::int64_t record_promotion(write_context& ctx, const promotion_record& p);
/// The same on a database opened by the caller (hatewatch promote).
std::int64_t record_promotion(sql::connection& db, const promotion_record& p);

/// The newest first, at most `limit`.
std::vector<promotion_record> list_promotions(sql::connection& db, std::int64_t limit = 50);

} // namespace hatewatch::daemon::store
