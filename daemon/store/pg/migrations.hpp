#pragma once
// The schema migrations on PostgreSQL: the same numbered list as SQLite's (migrations/NNNN_*.sql),
// each written for PostgreSQL in migrations/postgresql/ with the same name. Replicas that start
// together do not race: the whole run holds a session advisory lock, so the second waits, then
// finds every migration applied. Each migration commits in one transaction with its row in
// schema_migrations (PostgreSQL's DDL is transactional: a failed one leaves no trace).

#include "daemon/store/migrations.hpp"

#include <vector>

namespace hatewatch::daemon::store::pg {

class connection;

/// The files of migrations/postgresql/, in name order (generated at build time).
const std::vector<migration_file>& embedded_migration_files();

/// The embedded PostgreSQL migrations, numbered like store::embedded_migrations().
std::vector<migration> embedded_migrations();

/// The key of the advisory lock held while migrating (pg_advisory_lock).
constexpr std::int64_t migration_lock_key = 0x6861746577617463; // "hatewatc"

int schema_version(connection& db);
std::vector<migration_state> migration_status(connection& db, const std::vector<migration>& known);

/// Applies the pending migrations in order under the advisory lock; returns how many this call ran.
/// Throws std::runtime_error when the database is newer than `known` (it is left untouched), or
/// naming the migration that failed.
int apply_migrations(connection& db, const std::vector<migration>& known);

} // namespace hatewatch::daemon::store::pg
