#include "daemon/api/alert_routes.hpp"

#include "daemon/alerts/routing.hpp"
#include "daemon/api/moderator_access.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/api/service.hpp"
#include "daemon/api/store_reads.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/writer.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/store/outbox.hpp"

namespace hatewatch::daemon {
namespace {

std::string alerts_json(const std::vector<store::alert_row>& rows, std::int64_t limit) {
  std::string out = "{\"alerts\":[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    out += i ? ",{" : "{";
    out += "\"id\":" + std::to_string(r.id) + ",\"event_id\":";
    append_json_string(out, r.event_id);
    out += ",\"comment_id\":" + std::to_string(r.comment_id) + ",\"source\":";
    append_json_string(out, r.source);
    out += ",\"channel\":";
    append_json_string(out, r.channel == flag_channel ? "discourse-flag" : r.channel);
    out += ",\"state\":";
    append_json_string(out, r.state);
    out += ",\"attempts\":" + std::to_string(r.attempts) + ",\"next_attempt_at\":";
    append_time(out, r.next_attempt_at);
    out += ",\"last_status\":" + (r.last_status ? std::to_string(*r.last_status) : std::string("null"));
    out += ",\"last_error\":";
    append_optional_string(out, r.last_error);
    out += ",\"digest\":";
    out += r.digest ? "true" : "false";
    out += ",\"created_at\":";
    append_time(out, r.created_at);
    out += ",\"delivered_at\":";
    append_time(out, r.delivered_at);
    out += '}';
  }
  out += "],\"next_cursor\":";
  if (static_cast<std::int64_t>(rows.size()) == limit)
    append_json_string(out, std::to_string(rows.back().id));
  else
    out += "null";
  out += '}';
  return out;
}

void list(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  require_reader(svc, *settings, req); // read tokens, moderators' tokens and console sessions
  const auto state = query_param(match.query, "state");
  if (!state.empty() && state != "pending" && state != "delivered" && state != "dead")
    throw http_error(http::status::bad_request, "state must be pending, delivered or dead");
  const auto limit = whole_param(match.query, "limit", 50, 1, 500);
  std::optional<std::int64_t> before;
  if (const auto c = query_param(match.query, "cursor"); !c.empty()) {
    before = parse_whole(c);
    if (!before || *before < 1)
      throw http_error(http::status::bad_request, "cursor must be the next_cursor of a previous page");
  }
  answer_from_store(svc, std::move(done),
                    [state = std::string(state), before, limit, version = req.version()](store::sql::connection& db) {
                      return json_response(version, alerts_json(store::list_alerts(db, state, before, limit), limit));
                    });
}

// POST /v1/alerts/retry {"id": 12} or {"channel": "slack"} or {}: dead alerts (that one, that
// channel's, or all) are due again. A moderator's; answers {"retried": N}.
void retry(service& svc, const string_request& req, completion done) {
  const auto settings = svc.settings();
  const auto moderator = require_moderator(svc, *settings, req);
  const auto body = req.body().empty() ? boost::json::object() : parse_json_body(req);
  std::optional<std::int64_t> id;
  std::optional<std::string> channel;
  if (const auto* v = body.if_contains("id"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() < 1)
      throw http_error(http::status::bad_request, "\"id\" must be an alert's id (a whole number)");
    id = v->as_int64();
  }
  if (const auto* v = body.if_contains("channel"); v && !v->is_null()) {
    if (!v->is_string() || v->as_string().empty() || v->as_string().find('\0') != boost::json::string::npos)
      throw http_error(http::status::bad_request, "\"channel\" must name a channel");
    channel = std::string(v->as_string()) == "discourse-flag" ? std::string(flag_channel) : std::string(v->as_string());
  }
  auto* w = &require_writer(svc);
  auto retried = std::make_shared<std::int64_t>(0);
  w->submit(
      [id, channel, retried](store::write_context& ctx) {
        *retried = store::retry_dead_alerts(ctx, id, channel, store::now_ms());
      },
      [retried, id, channel, moderator, version = req.version(), done](std::exception_ptr e) {
        if (e)
          return done(e, {});
        get_logger("alerts")->info("{} made {} dead alert(s) due again{}{}", moderator, *retried,
                                   id ? " (alert " + std::to_string(*id) + ")" : "",
                                   channel ? " (channel " + *channel + ")" : "");
        done(nullptr, json_response(version, "{\"retried\":" + std::to_string(*retried) + "}"));
      });
}

} // namespace

void add_alert_routes(router& r, service& svc) {
  r.add_deferred(http::verb::post, "/v1/alerts/retry",
                 [&svc](const string_request& req, const route_match&, completion done) {
                   retry(svc, req, std::move(done));
                 });
  r.add_deferred(http::verb::get, "/v1/alerts", [&svc](const string_request& req, const route_match& m, completion done) {
    list(svc, req, m, std::move(done));
  });
}

} // namespace hatewatch::daemon
