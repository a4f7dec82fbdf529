#include "daemon/store/overview_queries.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace hatewatch::daemon::store {
namespace {

// The comments of the period (and source), each with its latest score and current decision.
std::string scope(const std::optional<std::string>& source) {
  std::string sql = " FROM comments c JOIN sources s ON s.id = c.source_id"
                    " JOIN scores sc ON sc.id = (SELECT MAX(id) FROM scores WHERE comment_id = c.id)"
                    " LEFT JOIN review_state st ON st.comment_id = c.id"
                    " WHERE c.received_at >= :since";
  if (source)
    sql += " AND s.name = :source";
  return sql;
}

void bind_scope(SQLite::Statement& q, std::int64_t since, const std::optional<std::string>& source) {
  q.bind(":since", since);
  if (source)
    q.bind(":source", *source);
}

} // namespace

overview read_overview(SQLite::Database& db, std::int64_t since, const std::optional<std::string>& source) {
  overview o;
  SQLite::Statement days(db, "SELECT strftime('%Y-%m-%d', c.received_at / 1000, 'unixepoch') AS day, s.name,"
                             " COUNT(*), SUM(sc.flagged), SUM(st.label IS NOT NULL),"
                             " SUM(sc.flagged AND st.label IS NOT NULL)" +
                                 scope(source) + " GROUP BY day, s.name ORDER BY day, s.name");
  bind_scope(days, since, source);
  while (days.executeStep()) {
    day_counts d{days.getColumn(0).getString(), days.getColumn(1).getString(), days.getColumn(2).getInt64(),
                 days.getColumn(3).getInt64(), days.getColumn(4).getInt64()};
    o.flagged += d.flagged;
    o.flagged_reviewed += days.getColumn(5).getInt64();
    o.days.push_back(std::move(d));
  }
  SQLite::Statement agreement(
      db, "SELECT st.label, CASE WHEN sc.hate_speech >= sc.offensive_language AND sc.hate_speech >= sc.neither THEN 0"
          " WHEN sc.offensive_language >= sc.neither THEN 1 ELSE 2 END AS top, COUNT(*)" +
              scope(source) + " AND st.label IS NOT NULL AND sc.unsupported = 0 GROUP BY st.label, top");
  bind_scope(agreement, since, source);
  while (agreement.executeStep()) {
    const auto label = agreement.getColumn(0).getInt();
    const auto top = agreement.getColumn(1).getInt();
    if (label >= 0 && label < 3 && top >= 0 && top < 3)
      o.agreement[label][top] = agreement.getColumn(2).getInt64();
  }
  std::string alerts_sql = "SELECT a.channel, a.state, COUNT(*), MAX(CASE WHEN a.last_error IS NOT NULL THEN a.id END)"
                           " FROM alerts a JOIN comments c ON c.id = a.comment_id JOIN sources s ON s.id = c.source_id"
                           " WHERE c.received_at >= :since";
  if (source)
    alerts_sql += " AND s.name = :source";
  alerts_sql += " GROUP BY a.channel, a.state ORDER BY a.channel, a.state";
  SQLite::Statement alerts(db, alerts_sql);
  bind_scope(alerts, since, source);
  SQLite::Statement error(db, "SELECT last_error FROM alerts WHERE id = ?");
  while (alerts.executeStep()) {
    alert_counts a{alerts.getColumn(0).getString(), alerts.getColumn(1).getString(), alerts.getColumn(2).getInt64(),
                   std::nullopt};
    if (!alerts.getColumn(3).isNull() && a.state != "delivered") {
      error.bind(1, alerts.getColumn(3).getInt64());
      if (error.executeStep())
        a.last_error = error.getColumn(0).getString();
      error.reset();
    }
    o.alerts.push_back(std::move(a));
  }
  return o;
}

} // namespace hatewatch::daemon::store
