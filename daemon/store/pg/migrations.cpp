#include "daemon/store/pg/migrations.hpp"

#include "daemon/store/clock.hpp"
#include "daemon/store/pg/connection.hpp"

#include <stdexcept>

namespace hatewatch::daemon::store::pg {
namespace {

applied_migrations applied(connection& db) {
  applied_migrations out;
  if (db.exec("SELECT to_regclass('schema_migrations') IS NOT NULL").text(0, 0) != "t")
    return out;
  const auto r = db.exec("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  for (int i = 0; i < r.rows(); ++i)
    out[static_cast<int>(r.int64(i, 0))] = {std::string(r.text(i, 1)), r.int64(i, 2)};
  return out;
}

// Holds the migration lock for the lifetime of the object (a session lock: released by the
// server if the process dies).
class migration_lock {
public:
  explicit migration_lock(connection& db) : db_(db) {
    db_.exec("SELECT pg_advisory_lock($1)", {value(migration_lock_key)});
  }
  ~migration_lock() {
    try {
      if (db_.ok())
        db_.exec("SELECT pg_advisory_unlock($1)", {value(migration_lock_key)});
    } catch (...) {
      // The session ends with the connection, and the lock with it.
    }
  }
  migration_lock(const migration_lock&) = delete;
  migration_lock& operator=(const migration_lock&) = delete;

private:
  connection& db_;
};

} // namespace

std::vector<migration> embedded_migrations() {
  return to_migrations(embedded_migration_files());
}

int schema_version(connection& db) {
  const auto done = applied(db);
  return done.empty() ? 0 : done.rbegin()->first;
}

std::vector<migration_state> migration_status(connection& db, const std::vector<migration>& known) {
  return store::migration_status(applied(db), known);
}

int apply_migrations(connection& db, const std::vector<migration>& known) {
  migration_lock lock(db);
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const int current = schema_version(db);
  refuse_newer_schema(current, known);
  int ran = 0;
  for (const auto& m : known) {
    if (m.version <= current)
      continue;
    db.exec("BEGIN");
    try {
      db.exec(std::string(m.sql));
      db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
              {value(std::int64_t{m.version}), value(m.name), value(now_ms())});
      db.exec("COMMIT");
    } catch (const error& e) {
      if (db.ok())
        db.exec("ROLLBACK");
      throw std::runtime_error("migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + e.what());
    }
    ++ran;
  }
  return ran;
}

} // namespace hatewatch::daemon::store::pg
