#pragma once
// Opening the SQLite database the way every connection of the daemon needs it, and telling the
// faults a client should retry (busy, full, read-only, I/O) from defects, on either backend.

#include "daemon/store/storage_config.hpp"
#include "daemon/store/errors.hpp"

#include "daemon/store/sqlite/sqlite_fwd.hpp"

#include <memory>
#include <stdexcept>
#include <string>

namespace hatewatch::daemon::store {

/// The write connection: creates the file (and its directory), WAL mode, the configured
/// synchronous level, foreign keys on, busy timeout. Does not migrate.
std::unique_ptr<SQLite::Database> open_for_writing(const storage_config& cfg);

/// A read-only connection to an existing database.
std::unique_ptr<SQLite::Database> open_for_reading(const storage_config& cfg);

/// True for the SQLite result codes that are faults of the environment, not of the statement.
bool is_environment_fault(int sqlite_code) noexcept;
/// The same for a PostgreSQL SQLSTATE (lost connection, timeout, deadlock, disk full...).
bool is_environment_fault(const std::string& sqlstate) noexcept;

/// Rethrows the current exception, turned into store_unavailable when it is such a fault (of
/// SQLite or PostgreSQL).
[[noreturn]] void rethrow_classified();

} // namespace hatewatch::daemon::store
