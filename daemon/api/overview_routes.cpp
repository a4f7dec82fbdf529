#include "daemon/api/overview_routes.hpp"

#include "daemon/api/moderator_access.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/api/service.hpp"
#include "daemon/api/store_reads.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/overview_queries.hpp"

namespace hatewatch::daemon {
namespace {

std::string overview_json(const store::overview& o, std::int64_t since) {
  std::string out = "{\"since\":";
  append_time(out, since);
  out += ",\"days\":[";
  for (std::size_t i = 0; i < o.days.size(); ++i) {
    const auto& d = o.days[i];
    out += i ? ",{\"day\":" : "{\"day\":";
    append_json_string(out, d.day);
    out += ",\"source\":";
    append_json_string(out, d.source);
    out += ",\"received\":" + std::to_string(d.received) + ",\"flagged\":" + std::to_string(d.flagged) +
           ",\"reviewed\":" + std::to_string(d.reviewed) + "}";
  }
  out += "],\"flagged\":" + std::to_string(o.flagged) + ",\"flagged_reviewed\":" + std::to_string(o.flagged_reviewed);
  out += ",\"agreement\":{\"rows\":\"moderators' label\",\"columns\":\"model's most probable class\","
         "\"labels\":[\"hate speech\",\"offensive language\",\"neither\"],\"matrix\":[";
  for (std::size_t r = 0; r < 3; ++r) {
    out += r ? ",[" : "[";
    for (std::size_t c = 0; c < 3; ++c) {
      if (c)
        out += ',';
      out += std::to_string(o.agreement[r][c]);
    }
    out += ']';
  }
  out += "]},\"alerts\":[";
  for (std::size_t i = 0; i < o.alerts.size(); ++i) {
    const auto& a = o.alerts[i];
    out += i ? ",{\"channel\":" : "{\"channel\":";
    append_json_string(out, a.channel);
    out += ",\"state\":";
    append_json_string(out, a.state);
    out += ",\"count\":" + std::to_string(a.count) + ",\"last_error\":";
    append_optional_string(out, a.last_error);
    out += '}';
  }
  out += "]}";
  return out;
}

} // namespace

void add_overview_routes(router& r, service& svc) {
  r.add_deferred(http::verb::get, "/v1/overview",
                 [&svc](const string_request& req, const route_match& match, completion done) {
                   require_reader(svc, *svc.settings(), req);
                   const auto days = whole_param(match.query, "days", 14, 1, 366);
                   std::optional<std::string> source;
                   if (const auto s = query_param(match.query, "source"); !s.empty())
                     source = percent_decoded(s);
                   // From the start of the UTC day `days - 1` days ago: whole days only.
                   const auto since = (store::now_ms() / store::day_ms - (days - 1)) * store::day_ms;
                   answer_from_store(svc, std::move(done),
                                     [since, source, version = req.version()](store::sql::connection& db) {
                                       return json_response(version,
                                                            overview_json(store::read_overview(db, since, source), since));
                                     });
                 });
}

} // namespace hatewatch::daemon
