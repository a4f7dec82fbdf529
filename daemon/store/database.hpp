#pragma once
// Opening the SQLite database the way every connection of the daemon needs it, and telling the
// faults a client should retry (busy, full, read-only, I/O) from defects.

#include "daemon/config.hpp"
#include "daemon/unavailable.hpp"

#include "daemon/store/sqlite_fwd.hpp"

#include <memory>
#include <stdexcept>
#include <string>

namespace hatewatch::daemon::store {

/// The database cannot take or give data right now (busy, disk full, read-only, I/O error, the
/// writer's queue is full or it is stopping). HTTP answers 503 so that the forum retries.
/// A client is told only "the database is unavailable" unless the thrower names what it may see.
class store_unavailable : public unavailable_error {
public:
  explicit store_unavailable(const std::string& what) : unavailable_error(what, "the database is unavailable") {}
  store_unavailable(const std::string& what, std::string client_detail)
      : unavailable_error(what, std::move(client_detail)) {}
};

/// A transaction PostgreSQL aborted to break a deadlock or a serialization conflict (SQLSTATE 40P01,
/// 40001) with another replica's: nothing of it stands, and the same work run again succeeds. The
/// writer runs it again itself before it gives up with 503.
class store_conflict : public store_unavailable {
public:
  using store_unavailable::store_unavailable;
};

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
