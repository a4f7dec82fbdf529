#include "daemon/store/review_queries.hpp"


namespace hatewatch::daemon::store {

std::vector<review_view> list_reviews(sql::connection& db, const review_filter& f) {
  std::string sql =
      "SELECT r.id, r.comment_id, s.name, r.label, r.note, r.moderator, r.decided_at, st.review_id = r.id,"
      " sc.model_version, sc.hate_speech, sc.offensive_language, sc.neither, sc.unsupported"
      " FROM reviews r JOIN comments c ON c.id = r.comment_id JOIN sources s ON s.id = c.source_id"
      " JOIN review_state st ON st.comment_id = r.comment_id"
      " LEFT JOIN scores sc ON sc.id = (SELECT MAX(id) FROM scores WHERE comment_id = r.comment_id)"
      " WHERE 1 = 1";
  if (f.source)
    sql += " AND s.name = :source";
  if (f.moderator)
    sql += " AND r.moderator = :moderator";
  if (f.comment_id)
    sql += " AND r.comment_id = :comment";
  if (f.current_only)
    sql += " AND st.review_id = r.id";
  if (f.since)
    sql += " AND r.decided_at >= :since";
  if (f.before_id)
    sql += " AND r.id < :before";
  sql += " ORDER BY r.id DESC LIMIT :limit";
  auto q = db.prepare(sql);
  if (f.source)
    q.bind(":source", *f.source);
  if (f.moderator)
    q.bind(":moderator", *f.moderator);
  if (f.comment_id)
    q.bind(":comment", *f.comment_id);
  if (f.since)
    q.bind(":since", *f.since);
  if (f.before_id)
    q.bind(":before", *f.before_id);
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
