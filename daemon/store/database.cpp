#include "daemon/store/database.hpp"

#include "daemon/store/pg/connection.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <filesystem>

namespace hatewatch::daemon::store {

namespace {

std::runtime_error damaged(const std::filesystem::path& path, const std::string& why) {
  return std::runtime_error("storage.path: " + path.string() + " is damaged (" + why +
                            "); hatewatch will not write to it: restore a backup, or move it aside to start empty");
}

} // namespace

std::unique_ptr<SQLite::Database> open_for_writing(const storage_config& cfg) {
  const auto parent = cfg.path.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec)
      throw std::runtime_error("storage.path: cannot create directory " + parent.string() + ": " + ec.message());
  }
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(cfg.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                            static_cast<int>(cfg.busy_timeout.count()));
    db->exec("PRAGMA journal_mode=WAL");
    db->exec(cfg.synchronous == sync_mode::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA foreign_keys=ON");
  } catch (const SQLite::Exception& e) {
    if (const int code = e.getErrorCode() & 0xff; code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
      throw damaged(cfg.path, e.what());
    throw std::runtime_error("storage.path: cannot open " + cfg.path.string() + " for writing: " + e.what());
  }
  // A damaged file may open, and then every write fails: refuse it at start, untouched, with the
  // reason (quick_check reads every page but skips the index cross-checks of integrity_check).
  std::string verdict;
  try {
    verdict = db->execAndGet("PRAGMA quick_check(1)").getString();
  } catch (const SQLite::Exception& e) {
    verdict = e.what();
  }
  if (verdict != "ok")
    throw damaged(cfg.path, "PRAGMA quick_check: " + verdict);
  return db;
}

std::unique_ptr<SQLite::Database> open_for_reading(const storage_config& cfg) {
  try {
    auto db = std::make_unique<SQLite::Database>(cfg.path, SQLite::OPEN_READONLY,
                                                 static_cast<int>(cfg.busy_timeout.count()));
    return db;
  } catch (const SQLite::Exception& e) {
    throw store_unavailable("cannot open the database for reading: " + std::string(e.what()));
  }
}

bool is_environment_fault(int code) noexcept {
  switch (code & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
  case SQLITE_FULL:
  case SQLITE_READONLY:
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
  case SQLITE_NOMEM:
  case SQLITE_PROTOCOL:
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT:
    return true;
  default:
    return false;
  }
}

bool is_environment_fault(const std::string& sqlstate) noexcept {
  if (sqlstate.size() != 5)
    return false;
  const std::string_view state(sqlstate), cls = state.substr(0, 2);
  return cls == "08"               // connection exception
         || cls == "40"            // serialization failure, deadlock: the transaction may be retried
         || cls == "53"            // insufficient resources: disk full, out of memory, too many connections
         || cls == "57"            // statement timeout, admin shutdown, cannot connect now
         || cls == "58"            // system error: I/O
         || state == "55P03"       // lock not available (lock_timeout)
         || state == "25006";      // read-only transaction: a standby promoted away, or a read-only server
}

void rethrow_classified() {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    if (is_environment_fault(e.getErrorCode()))
      throw store_unavailable(std::string("database: ") + e.what());
    throw;
  } catch (const pg::error& e) {
    if (e.sqlstate() == "40P01" || e.sqlstate() == "40001")
      throw store_conflict(e.what());
    if (e.connection_lost() || is_environment_fault(e.sqlstate()))
      throw store_unavailable(e.what());
    throw;
  }
}

} // namespace hatewatch::daemon::store
