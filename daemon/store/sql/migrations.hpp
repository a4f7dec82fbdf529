#pragma once
// Schema migrations: the numbered SQL files of migrations/ (SQLite) and migrations/postgresql/ (the
// same list written for PostgreSQL), compiled in, applied in order by one runner on either backend,
// each in one transaction together with its row in schema_migrations.

#include "daemon/store/sql/connection.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hatewatch::daemon::store {

/// A migration file as embedded: its stem ("0001_comments_and_scores") and its SQL.
struct migration_file {
  std::string_view stem;
  std::string_view sql;
};

struct migration {
  int version = 0;
  std::string name;
  std::string_view sql;
};

/// Numbers migration files; throws std::logic_error if a name is not NNNN_name or the numbers are
/// not contiguous from 1 (a build defect, caught by a unit test).
std::vector<migration> to_migrations(const std::vector<migration_file>& files);

struct migration_state {
  int version = 0;
  std::string name;
  /// When it was applied (ms since the epoch), or nothing when pending.
  std::optional<std::int64_t> applied_at;
};

/// What a database says it has applied: version -> (name, applied_at ms).
using applied_migrations = std::map<int, std::pair<std::string, std::int64_t>>;

/// Every known migration with its state, plus any applied version the binary does not know.
std::vector<migration_state> migration_status(sql::connection& db, const std::vector<migration>& known);
std::vector<migration_state> migration_status(applied_migrations applied, const std::vector<migration>& known);

/// Throws std::runtime_error when a database at schema version `current` is newer than `known`.
void refuse_newer_schema(int current, const std::vector<migration>& known);

/// The highest applied version (0 for an empty database).
int schema_version(sql::connection& db);

/// Applies the pending migrations in order, each in its own transaction, while holding the
/// connection's migration lock; returns how many this call ran. Throws std::runtime_error when the
/// database is newer than `known` (it is left untouched), or naming the migration that failed (it
/// leaves no trace).
int apply_migrations(sql::connection& db, const std::vector<migration>& known);

} // namespace hatewatch::daemon::store
