#include "daemon/store/outbox.hpp"

#include "daemon/store/sql/conditions.hpp"
#include "daemon/store/write_context.hpp"

#include <algorithm>


namespace hatewatch::daemon::store {
namespace {

std::string text_or_empty(const sql::column& c) {
  return c.isNull() ? std::string() : c.getString();
}

std::optional<std::int64_t> optional_int(const sql::column& c) {
  return c.isNull() ? std::nullopt : std::optional(c.getInt64());
}

} // namespace

bool any_alert_due(sql::connection& db, std::int64_t now) {
  auto q = db.prepare("SELECT 1 FROM alerts WHERE state = 'pending' AND next_attempt_at <= ? LIMIT 1");
  q.bind(1, now);
  return q.executeStep();
}

std::vector<std::int64_t> claim_alerts(write_context& ctx, std::int64_t now, std::int64_t lease_until,
                                       std::int64_t limit) {
  // Without SKIP LOCKED, a second replica's UPDATE waits for the first's rows and then takes them
  // too (the IN list is not read again): a test claims from two replicas at once to keep it so.
  const bool pg = ctx.db().kind() == sql::dialect::postgresql;
  auto& q = pg ? ctx.statement("UPDATE alerts SET next_attempt_at = ? WHERE id IN (SELECT id FROM alerts"
                               " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?"
                               " FOR UPDATE SKIP LOCKED) RETURNING id")
               : ctx.statement("UPDATE alerts SET next_attempt_at = ? WHERE id IN (SELECT id FROM alerts"
                               " WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?) RETURNING id");
  q.bind(1, lease_until);
  q.bind(2, now);
  q.bind(3, limit);
  std::vector<std::int64_t> ids;
  while (q.executeStep())
    ids.push_back(q.getColumn(0).getInt64());
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::int64_t> due_alerts(sql::connection& db, std::int64_t now, std::int64_t limit) {
  auto q = db.prepare("SELECT id FROM alerts WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?");
  q.bind(1, now);
  q.bind(2, limit);
  std::vector<std::int64_t> ids;
  while (q.executeStep())
    ids.push_back(q.getColumn(0).getInt64());
  return ids;
}

std::vector<due_alert> read_alerts(sql::connection& db, const std::vector<std::int64_t>& ids) {
  std::vector<due_alert> out;
  if (ids.empty())
    return out;
  // The ids are the store's own integers: written into the SQL, as one statement reads them all.
  std::string list;
  for (const auto id : ids) {
    if (!list.empty())
      list += ", ";
    list += std::to_string(id);
  }
  std::string sql = "SELECT a.id, a.event_id, a.channel, a.attempts, c.id, s.name, c.external_id, c.version,"
                    " c.author, c.url, c.text, sc.hate_speech, sc.offensive_language, sc.neither, sc.explanation,"
                    " sc.model_version, a.created_at, sc.unsupported, sc.language"
                    " FROM alerts a JOIN comments c ON c.id = a.comment_id JOIN sources s ON s.id = c.source_id"
                    " JOIN scores sc ON sc.id = (SELECT MAX(id) FROM scores WHERE comment_id = c.id)"
                    " WHERE a.id IN (";
  sql += list;
  sql += ") ORDER BY a.id";
  auto q = db.prepare(sql);
  while (q.executeStep()) {
    due_alert a;
    a.alert_id = q.getColumn(0).getInt64();
    a.event_id = text_or_empty(q.getColumn(1));
    a.channel = text_or_empty(q.getColumn(2));
    a.attempts = q.getColumn(3).getInt64();
    a.comment_id = q.getColumn(4).getInt64();
    a.source = text_or_empty(q.getColumn(5));
    a.external_id = text_or_empty(q.getColumn(6));
    a.version = q.getColumn(7).getInt64();
    a.author = text_or_empty(q.getColumn(8));
    a.url = text_or_empty(q.getColumn(9));
    a.text = text_or_empty(q.getColumn(10));
    a.p = {q.getColumn(11).getDouble(), q.getColumn(12).getDouble(), q.getColumn(13).getDouble()};
    a.explanation_json = text_or_empty(q.getColumn(14));
    a.model_version = text_or_empty(q.getColumn(15));
    a.created_at = q.getColumn(16).getInt64();
    a.unsupported = q.getColumn(17).getInt() != 0;
    a.language = text_or_empty(q.getColumn(18));
    out.push_back(std::move(a));
  }
  return out;
}

void record_alert_outcome(write_context& ctx, const alert_outcome& o) {
  auto& q = ctx.statement("UPDATE alerts SET state = ?, attempts = ?, next_attempt_at = ?, last_status = ?,"
                          " last_error = ?, digest = ?, delivered_at = ? WHERE id = ?");
  q.bind(1, std::string(o.state));
  q.bind(2, o.attempts);
  q.bind(3, o.next_attempt_at);
  if (o.last_status)
    q.bind(4, *o.last_status);
  else
    q.bind(4);
  if (o.last_error.empty())
    q.bind(5);
  else
    q.bind(5, o.last_error.substr(0, 500));
  q.bind(6, o.digest ? 1 : 0);
  if (o.delivered_at)
    q.bind(7, *o.delivered_at);
  else
    q.bind(7);
  q.bind(8, o.alert_id);
  q.exec();
}

void release_alert(write_context& ctx, std::int64_t alert_id, std::int64_t at) {
  auto& q = ctx.statement("UPDATE alerts SET next_attempt_at = ? WHERE id = ? AND state = 'pending'");
  q.bind(1, at);
  q.bind(2, alert_id);
  q.exec();
}

std::int64_t retry_dead_alerts(write_context& ctx, std::optional<std::int64_t> id,
                               const std::optional<std::string>& channel, std::int64_t at) {
  auto& q = ctx.statement("UPDATE alerts SET state = 'pending', attempts = 0, next_attempt_at = ?"
                          " WHERE state = 'dead' AND (CAST(? AS BIGINT) IS NULL OR id = ?)"
                          " AND (CAST(? AS TEXT) IS NULL OR channel = ?)");
  q.bind(1, at);
  auto bind_twice = [&q](int index, const auto& value) { // "(? IS NULL OR x = ?)": one value, two places
    for (int k : {index, index + 1})
      value ? q.bind(k, *value) : q.bind(k);
  };
  bind_twice(2, id);
  bind_twice(4, channel);
  return q.exec();
}

std::int64_t delivered_since(sql::connection& db, const std::string& channel, const std::string& source,
                             std::int64_t since) {
  // A digest's rows share their delivery time: counted as the one message they were.
  auto q = db.prepare("SELECT COUNT(DISTINCT CASE WHEN a.digest <> 0 THEN -a.delivered_at ELSE a.id END)"
                      " FROM alerts a JOIN comments c ON c.id = a.comment_id JOIN sources s ON s.id = c.source_id"
                      " WHERE a.channel = ? AND a.delivered_at >= ? AND s.name = ?");
  q.bind(1, channel);
  q.bind(2, since);
  q.bind(3, source);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

std::vector<alert_row> list_alerts(sql::connection& db, std::string_view state, std::optional<std::int64_t> before,
                                   std::int64_t limit) {
  std::string sql = "SELECT a.id, a.event_id, a.comment_id, a.channel, a.state, a.attempts, a.next_attempt_at,"
                    " a.last_status, a.last_error, a.digest, a.created_at, a.delivered_at, s.name"
                    " FROM alerts a JOIN comments c ON c.id = a.comment_id JOIN sources s ON s.id = c.source_id"
                    " WHERE 1 = 1";
  sql::conditions where;
  where.add(" AND a.state = :state", ":state", state.empty() ? std::nullopt : std::optional(std::string(state)));
  where.add(" AND a.id < :before", ":before", before);
  sql += where.sql();
  sql += " ORDER BY a.id DESC LIMIT :limit";
  auto q = db.prepare(sql);
  where.bind(q);
  q.bind(":limit", limit);
  std::vector<alert_row> out;
  while (q.executeStep()) {
    alert_row r;
    r.id = q.getColumn(0).getInt64();
    r.event_id = text_or_empty(q.getColumn(1));
    r.comment_id = q.getColumn(2).getInt64();
    r.channel = text_or_empty(q.getColumn(3));
    r.state = text_or_empty(q.getColumn(4));
    r.attempts = q.getColumn(5).getInt64();
    r.next_attempt_at = optional_int(q.getColumn(6));
    r.last_status = optional_int(q.getColumn(7));
    if (!q.getColumn(8).isNull())
      r.last_error = q.getColumn(8).getString();
    r.digest = q.getColumn(9).getInt() != 0;
    r.created_at = optional_int(q.getColumn(10));
    r.delivered_at = optional_int(q.getColumn(11));
    r.source = text_or_empty(q.getColumn(12));
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> count_alerts_by_state(sql::connection& db) {
  auto q = db.prepare("SELECT state, COUNT(*) FROM alerts GROUP BY state ORDER BY state");
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (q.executeStep())
    out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  return out;
}

} // namespace hatewatch::daemon::store
