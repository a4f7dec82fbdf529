#include "daemon/store/sql/migrations.hpp"

#include "daemon/base/clock.hpp"

#include <map>
#include <stdexcept>

namespace hatewatch::daemon::store {
namespace {

applied_migrations applied(sql::connection& db) {
  applied_migrations out;
  if (!db.has_table("schema_migrations"))
    return out;
  auto q = db.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  while (q.executeStep())
    out[q.getColumn(0).getInt()] = {q.getColumn(1).getString(), q.getColumn(2).getInt64()};
  return out;
}

void rollback(sql::connection& db) noexcept {
  try {
    if (db.usable() && db.in_transaction())
      db.exec("ROLLBACK");
  } catch (...) {
    // the first error is the one to report
  }
}

} // namespace

std::vector<migration> to_migrations(const std::vector<migration_file>& files) {
  std::vector<migration> out;
  for (const auto& f : files) {
    const auto underscore = f.stem.find('_');
    if (underscore != 4 || f.stem.size() < 6 || f.stem.substr(0, 4).find_first_not_of("0123456789") != std::string_view::npos)
      throw std::logic_error("migration file '" + std::string(f.stem) + ".sql' is not named NNNN_name.sql");
    migration m;
    m.version = std::stoi(std::string(f.stem.substr(0, 4)));
    m.name = std::string(f.stem.substr(5));
    m.sql = f.sql;
    if (m.version != static_cast<int>(out.size()) + 1)
      throw std::logic_error("migration " + std::string(f.stem) + " breaks the sequence: expected number " +
                             std::to_string(out.size() + 1));
    out.push_back(std::move(m));
  }
  return out;
}

int schema_version(sql::connection& db) {
  const auto done = applied(db);
  return done.empty() ? 0 : done.rbegin()->first;
}

std::vector<migration_state> migration_status(sql::connection& db, const std::vector<migration>& known) {
  return migration_status(applied(db), known);
}

std::vector<migration_state> migration_status(applied_migrations done, const std::vector<migration>& known) {
  std::vector<migration_state> out;
  for (const auto& m : known) {
    migration_state s{m.version, m.name, std::nullopt};
    if (auto it = done.find(m.version); it != done.end()) {
      s.applied_at = it->second.second;
      done.erase(it);
    }
    out.push_back(std::move(s));
  }
  for (const auto& [version, row] : done)
    out.push_back({version, row.first + " (unknown to this binary)", row.second});
  return out;
}

void refuse_newer_schema(int current, const std::vector<migration>& known) {
  const int newest = known.empty() ? 0 : known.back().version;
  if (current > newest)
    throw std::runtime_error("the database schema is at version " + std::to_string(current) +
                             ", newer than this hatewatch knows (" + std::to_string(newest) +
                             "): run the hatewatch that wrote it, or restore a backup from before the upgrade");
}

int apply_migrations(sql::connection& db, const std::vector<migration>& known) {
  const auto lock = db.hold_migration_lock();
  db.exec(std::string("CREATE TABLE IF NOT EXISTS schema_migrations ("
                      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ") +
          (db.kind() == sql::dialect::postgresql ? "BIGINT" : "INTEGER") + " NOT NULL)");
  const int current = schema_version(db);
  refuse_newer_schema(current, known);
  int ran = 0;
  for (const auto& m : known) {
    if (m.version <= current)
      continue;
    db.begin();
    try {
      if (schema_version(db) >= m.version) {
        db.exec("COMMIT"); // another process applied it while this one waited for the lock
        continue;
      }
      try {
        db.exec(std::string(m.sql));
      } catch (const std::exception& e) {
        throw std::runtime_error("migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + e.what());
      }
      auto record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      record.bind(1, m.version);
      record.bind(2, m.name);
      record.bind(3, now_ms());
      record.exec();
      db.exec("COMMIT");
    } catch (...) {
      rollback(db);
      throw;
    }
    ++ran;
  }
  return ran;
}

} // namespace hatewatch::daemon::store
