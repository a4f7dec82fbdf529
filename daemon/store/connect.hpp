#pragma once
// Opening the store's connections on the configured backend (storage.backend): the writer's, which
// migrates the schema at start, and the read connections of the readers and the alert dispatcher.
// PostgreSQL connections get the session settings a production database expects: a statement
// timeout, a lock timeout, no transaction left idle, read-only where they only read, and a name in
// pg_stat_activity ("hatewatch-writer", "hatewatch-reader"...).

#include "daemon/store/storage_config.hpp"
#include "daemon/store/sql/migrations.hpp"
#include "daemon/store/sql/connection.hpp"

#include <memory>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

enum class access { write, read };

/// A new connection. Throws store_unavailable when the database cannot be reached (a retry may
/// succeed), std::runtime_error for a configuration or file problem.
std::unique_ptr<sql::connection> connect(const storage_config& cfg, access mode, const std::string& role);

struct migrated {
  int before = 0; // the schema version found
  int ran = 0;    // migrations applied now
};

/// Applies the pending migrations on `conn` (a write connection from connect()); on PostgreSQL
/// under an advisory lock, so replicas starting together apply each once. Throws std::runtime_error
/// naming the problem (a newer schema, a failed migration).
migrated migrate(sql::connection& conn);

/// Every migration this binary knows with its state on `conn`, and any applied one it does not.
std::vector<migration_state> migration_status(sql::connection& conn);
/// The migrations this binary knows, for the backend of `cfg`.
std::vector<migration> known_migrations(const storage_config& cfg);

} // namespace hatewatch::daemon::store
