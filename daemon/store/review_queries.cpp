#include "daemon/store/review_queries.hpp"

#include "daemon/store/sql/conditions.hpp"

namespace hatewatch::daemon::store {

std::vector<review_view> list_reviews(sql::connection& db, const review_filter& f) {
  std::string sql =
      "SELECT r.id, r.comment_id, s.name, r.label, r.note, r.moderator, r.decided_at, st.review_id = r.id,"
      " sc.model_version, sc.hate_speech, sc.offensive_language, sc.neither, sc.unsupported"
      " FROM reviews r JOIN comments c ON c.id = r.comment_id JOIN sources s ON s.id = c.source_id"
      " JOIN review_state st ON st.comment_id = r.comment_id"
      " LEFT JOIN scores sc ON sc.id = (SELECT MAX(id) FROM scores WHERE comment_id = r.comment_id)"
      " WHERE 1 = 1";
  sql::conditions where;
  where.add(" AND s.name = :source", ":source", f.source);
  where.add(" AND r.moderator = :moderator", ":moderator", f.moderator);
  where.add(" AND r.comment_id = :comment", ":comment", f.comment_id);
  where.add(" AND st.review_id = r.id", f.current_only);
  where.add(" AND r.decided_at >= :since", ":since", f.since);
  where.add(" AND r.id < :before", ":before", f.before_id);
  sql += where.sql();
  sql += " ORDER BY r.id DESC LIMIT :limit";
  auto q = db.prepare(sql);
  where.bind(q);
  q.bind(":limit", static_cast<std::int64_t>(f.limit));
  std::vector<review_view> out;
  while (q.executeStep()) {
    review_view r;
    r.id = q.getColumn(0).getInt64();
    r.comment_id = q.getColumn(1).getInt64();
    r.source = q.getColumn(2).getString();
    if (!q.getColumn(3).isNull())
      r.label = q.getColumn(3).getInt();
    if (!q.getColumn(4).isNull())
      r.note = q.getColumn(4).getString();
    r.moderator = q.getColumn(5).getString();
    r.decided_at = q.getColumn(6).getInt64();
    r.current = q.getColumn(7).getInt() != 0;
    r.model_version = q.getColumn(8).isNull() ? std::string() : q.getColumn(8).getString();
    if (!q.getColumn(9).isNull() && q.getColumn(12).getInt() == 0)
      r.p = std::array<double, 3>{q.getColumn(9).getDouble(), q.getColumn(10).getDouble(), q.getColumn(11).getDouble()};
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace hatewatch::daemon::store
