#include "daemon/api/alert_routes.hpp"

#include "daemon/api/request_checks.hpp"
#include "daemon/api/service.hpp"
#include "daemon/score_json.hpp"
#include "daemon/store/clock.hpp"
#include "daemon/store/comment_queries.hpp"
#include "daemon/store/database.hpp"

#include <SQLiteCpp/Statement.h>


namespace hatewatch::daemon {
namespace {

void append_time(std::string& out, const SQLite::Column& col) {
  if (col.isNull())
    out += "null";
  else
    append_json_string(out, store::format_rfc3339(col.getInt64()));
}

string_response list(service& svc, const string_request& req, const route_match& match) {
  const auto settings = svc.settings();
  if (settings->auth.read_tokens.empty())
    throw http_error(http::status::forbidden, "the alerts API is closed: set auth.read_tokens to open it");
  require_bearer(req, settings->auth.read_tokens);
  const auto state = query_param(match.query, "state");
  if (!state.empty() && state != "pending" && state != "delivered" && state != "dead")
    throw http_error(http::status::bad_request, "state must be pending, delivered or dead");
  std::int64_t limit = 50;
  if (const auto l = query_param(match.query, "limit"); !l.empty()) {
    const auto n = parse_whole(l);
    if (!n || *n < 1 || *n > 500)
      throw http_error(http::status::bad_request, "limit must be a whole number from 1 to 500");
    limit = *n;
  }
  std::optional<std::int64_t> before;
  if (const auto c = query_param(match.query, "cursor"); !c.empty()) {
    before = parse_whole(c);
    if (!before || *before < 1)
      throw http_error(http::status::bad_request, "cursor must be the next_cursor of a previous page");
  }
  auto* pool = svc.readers();
  if (!pool)
    throw http_error(http::status::service_unavailable, "storage is off (storage.path is empty)");
  std::string out = "{\"alerts\":[";
  std::int64_t last = 0, n = 0;
  try {
    auto db = pool->acquire();
    std::string sql = "SELECT a.id, a.event_id, a.comment_id, a.channel, a.state, a.attempts, a.next_attempt_at,"
                      " a.last_status, a.last_error, a.digest, a.created_at, a.delivered_at, s.name"
                      " FROM alerts a JOIN comments c ON c.id = a.comment_id JOIN sources s ON s.id = c.source_id"
                      " WHERE 1 = 1";
    if (!state.empty())
      sql += " AND a.state = :state";
    if (before)
      sql += " AND a.id < :before";
    sql += " ORDER BY a.id DESC LIMIT :limit";
    SQLite::Statement q(*db, sql);
    if (!state.empty())
      q.bind(":state", std::string(state));
    if (before)
      q.bind(":before", *before);
    q.bind(":limit", limit);
    while (q.executeStep()) {
      out += n++ ? ",{" : "{";
      last = q.getColumn(0).getInt64();
      out += "\"id\":" + std::to_string(last) + ",\"event_id\":";
      append_json_string(out, q.getColumn(1).getString());
      out += ",\"comment_id\":" + std::to_string(q.getColumn(2).getInt64()) + ",\"source\":";
      append_json_string(out, q.getColumn(12).getString());
      out += ",\"channel\":";
      const auto channel = q.getColumn(3).getString();
      append_json_string(out, channel == "@flag" ? "discourse-flag" : channel);
      out += ",\"state\":";
      append_json_string(out, q.getColumn(4).getString());
      out += ",\"attempts\":" + std::to_string(q.getColumn(5).getInt64()) + ",\"next_attempt_at\":";
      append_time(out, q.getColumn(6));
      out += ",\"last_status\":" + (q.getColumn(7).isNull() ? std::string("null") : std::to_string(q.getColumn(7).getInt64()));
      out += ",\"last_error\":";
      if (q.getColumn(8).isNull())
        out += "null";
      else
        append_json_string(out, q.getColumn(8).getString());
      out += ",\"digest\":";
      out += q.getColumn(9).getInt() ? "true" : "false";
      out += ",\"created_at\":";
      append_time(out, q.getColumn(10));
      out += ",\"delivered_at\":";
      append_time(out, q.getColumn(11));
      out += '}';
    }
  } catch (const SQLite::Exception&) {
    store::rethrow_classified(); // a fault of the environment: 503; an SQL defect: 500
  }
  out += "],\"next_cursor\":";
  if (n == limit)
    append_json_string(out, std::to_string(last));
  else
    out += "null";
  out += '}';
  return json_response(req, std::move(out));
}

} // namespace

void add_alert_routes(router& r, service& svc) {
  r.add(http::verb::get, "/v1/alerts",
        [&svc](const string_request& req, const route_match& m) { return list(svc, req, m); });
}

} // namespace hatewatch::daemon
