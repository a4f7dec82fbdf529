#pragma once
// The schema migrations on PostgreSQL: the same numbered list as SQLite's (migrations/NNNN_*.sql),
// each written for PostgreSQL in migrations/postgresql/ with the same name, applied by the one
// runner (store::apply_migrations). Replicas that start together do not race: the whole run holds
// a session advisory lock, so the second waits, then finds every migration applied. PostgreSQL's
// DDL is transactional: a failed migration leaves no trace.

#include "daemon/store/sql/migrations.hpp"

#include <vector>

namespace hatewatch::daemon::store::pg {

/// The files of migrations/postgresql/, in name order (generated at build time).
const std::vector<migration_file>& embedded_migration_files();

/// The embedded PostgreSQL migrations, numbered like store::embedded_migrations().
std::vector<migration> embedded_migrations();

/// The key of the advisory lock held while migrating (pg_advisory_lock; see
/// sql_connection::hold_migration_lock()).
constexpr std::int64_t migration_lock_key = 0x6861746577617463; // "hatewatc"

} // namespace hatewatch::daemon::store::pg
