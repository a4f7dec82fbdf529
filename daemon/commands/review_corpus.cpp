#include "daemon/commands/review_corpus.hpp"

#include "daemon/commands/training_data.hpp"
#include "daemon/store/sqlite_connection.hpp"

#include <SQLiteCpp/Database.h>


#include <stdexcept>

namespace hatewatch::daemon {

std::vector<reviewed_example> read_reviews(store::sql::connection& db, const review_selection& sel) {
  std::string sql = "SELECT c.id, c.text, st.label, r.decided_at FROM review_state st"
                    " JOIN reviews r ON r.id = st.review_id JOIN comments c ON c.id = st.comment_id"
                    " JOIN sources s ON s.id = c.source_id"
                    " WHERE st.label IS NOT NULL AND c.text IS NOT NULL";
  if (!sel.source.empty())
    sql += " AND s.name = :source";
  if (sel.decided_before)
    sql += " AND r.decided_at < :before";
  if (sel.decided_from)
    sql += " AND r.decided_at >= :from";
  sql += " ORDER BY r.decided_at, r.id";
  auto q = db.prepare(sql);
  if (!sel.source.empty())
    q.bind(":source", sel.source);
  if (sel.decided_before)
    q.bind(":before", *sel.decided_before);
  if (sel.decided_from)
    q.bind(":from", *sel.decided_from);
  std::vector<reviewed_example> out;
  while (q.executeStep()) {
    reviewed_example r;
    r.comment_id = q.getColumn(0).getInt64();
    r.example.text = q.getColumn(1).getString();
    r.example.y = static_cast<core::label>(q.getColumn(2).getInt());
    r.decided_at = q.getColumn(3).getInt64();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<reviewed_example> read_reviews(const std::filesystem::path& database, const review_selection& sel) {
  const auto name = database.string();
  if (!std::filesystem::is_regular_file(database))
    throw std::runtime_error(name + ": no such database");
  try {
    SQLite::Database db(name, SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    if (!db.tableExists("review_state"))
      throw std::runtime_error(name + ": not a hatewatch database with reviews (run hatewatch migrate on it, or "
                                      "start the daemon once)");
    store::sqlite_connection conn(db);
    return read_reviews(conn, sel);
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error(name + ": " + e.what());
  }
}

void add_reviews(training_set& set, const std::vector<reviewed_example>& reviews, double weight) {
  if (set.corpora.empty()) {
    core::corpus_options base;
    base.name = "base";
    set.corpora.push_back(base);
    for (auto& e : set.data)
      e.corpus = 0;
  }
  core::corpus_options c;
  c.name = "reviews";
  c.kind = core::corpus_kind::text;
  c.weight = weight;
  const auto index = static_cast<std::uint16_t>(set.corpora.size());
  set.corpora.push_back(c);
  for (const auto& r : reviews) {
    auto e = r.example;
    e.corpus = index;
    e.group = 0;
    set.data.push_back(std::move(e));
  }
}

} // namespace hatewatch::daemon
