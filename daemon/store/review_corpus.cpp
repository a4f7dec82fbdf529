#include "daemon/store/review_corpus.hpp"

#include "daemon/store/sql/conditions.hpp"
#include "daemon/store/sqlite/sqlite_connection.hpp"

#include <SQLiteCpp/Database.h>

#include <stdexcept>

namespace hatewatch::daemon::store {

std::vector<reviewed_comment> read_reviewed_comments(sql::connection& db, const review_selection& sel) {
  std::string sql = "SELECT c.id, c.text, st.label, r.decided_at FROM review_state st"
                    " JOIN reviews r ON r.id = st.review_id JOIN comments c ON c.id = st.comment_id"
                    " JOIN sources s ON s.id = c.source_id"
                    " WHERE st.label IS NOT NULL AND c.text IS NOT NULL";
  sql::conditions where;
  where.add(" AND s.name = :source", ":source", sel.source.empty() ? std::nullopt : std::optional(sel.source));
  where.add(" AND r.decided_at < :before", ":before", sel.decided_before);
  where.add(" AND r.decided_at >= :from", ":from", sel.decided_from);
  sql += where.sql();
  sql += " ORDER BY r.decided_at, r.id";
  auto q = db.prepare(sql);
  where.bind(q);
  std::vector<reviewed_comment> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
                   q.getColumn(3).getInt64()});
  return out;
}

std::vector<reviewed_comment> read_reviewed_comments(const std::filesystem::path& database,
                                                     const review_selection& sel) {
  const auto name = database.string();
  if (!std::filesystem::is_regular_file(database))
    throw std::runtime_error(name + ": no such database");
  try {
    SQLite::Database db(name, SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    if (!db.tableExists("review_state"))
      throw std::runtime_error(name + ": not a hatewatch database with reviews (run hatewatch migrate on it, or "
                                      "start the daemon once)");
    sqlite_connection conn(db);
    return read_reviewed_comments(conn, sel);
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error(name + ": " + e.what());
  }
}

} // namespace hatewatch::daemon::store
