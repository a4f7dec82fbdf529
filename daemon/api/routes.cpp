#include "daemon/api/routes.hpp"

#include "daemon/api/alert_routes.hpp"
#include "daemon/api/comment_routes.hpp"
#include "daemon/api/console_routes.hpp"
#include "daemon/api/model_routes.hpp"
#include "daemon/api/openai_routes.hpp"
#include "daemon/api/overview_routes.hpp"
#include "daemon/api/perspective_routes.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/api/review_routes.hpp"
#include "daemon/api/webhook_routes.hpp"
#include "daemon/api/service.hpp"
#include "core/utf8.hpp"
#include "daemon/intake/fields.hpp"
#include "daemon/models/routed_scoring.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/store/errors.hpp"
#include "daemon/store/outbox.hpp"
#include "daemon/store/reader.hpp"
#include "daemon/store/writer.hpp"


#include <boost/json/serialize.hpp>
#include <hatewatch/version.hpp>

namespace hatewatch::daemon {
namespace {

std::string_view text_member(const boost::json::object& obj, const api_config& limits, const std::string& where) {
  const auto* text = obj.if_contains("text");
  if (!text)
    throw http_error(http::status::bad_request, where + "\"text\" is missing");
  if (!text->is_string())
    throw http_error(http::status::bad_request, where + "\"text\" must be a string");
  const std::string_view t = text->as_string();
  fields::check_text_size(t, limits.max_text_bytes, where + "\"text\"");
  return t;
}

// Appends the scores (and explanation) of one text and its language, as members without braces,
// scored by the model of its language ("model" names it when it is not the default one). A text in
// a language no model reads gets null scores, unless `any_language`.
void append_result(std::string& out, service& svc, const model_set& models, std::string_view text, bool explain,
                   std::uint32_t top, bool any_language) {
  const auto routed = score_routed(models, text, explain ? top : 0);
  const auto& r = routed.result;
  const auto& lang = routed.language;
  if (lang.supported || any_language) {
    svc.stats().record_score(r.p, lang.guess.code);
    append_model_scores(out, r.p, *routed.model);
    if (explain) {
      out += ',';
      append_explanation(out, r.explanation);
    }
  } else {
    svc.stats().record_unsupported(metrics::unsupported::api);
    append_no_scores(out);
    if (explain)
      out += ",\"explanation\":null";
  }
  out += ',';
  append_language(out, lang.guess, lang.supported);
  if (!routed.part_languages.empty()) {
    // Scored part by part (mixed languages): the languages of the parts read.
    out += ",\"part_languages\":[";
    for (std::size_t i = 0; i < routed.part_languages.size(); ++i) {
      out += i ? "," : "";
      append_json_string(out, routed.part_languages[i]);
    }
    out += ']';
  }
  if (routed.model != models.fallback.get()) {
    out += ",\"model\":";
    append_json_string(out, routed.model->version());
  }
}

string_response predict(service& svc, const string_request& req, const route_match& match) {
  const auto settings = svc.settings();
  require_bearer(req, settings->auth.api_tokens);
  require_rate(svc, match.client, settings->rate_limit);
  const auto body = parse_json_body(req);
  const auto text = text_member(body, settings->api, "");
  const auto models = svc.require_models();
  std::string out = "{";
  append_result(out, svc, *models, text, query_flag(match.query, "explain"), settings->api.explain_top,
                query_flag(match.query, "any_language"));
  out += '}';
  return json_response(req, std::move(out));
}

string_response score_batch(service& svc, const string_request& req, const route_match& match) {
  const auto settings = svc.settings();
  require_bearer(req, settings->auth.api_tokens);
  require_rate(svc, match.client, settings->rate_limit);
  const auto body = parse_json_body(req);
  const auto* comments = body.if_contains("comments");
  if (!comments || !comments->is_array())
    throw http_error(http::status::bad_request, "\"comments\" must be an array of {\"id\", \"text\"}");
  const auto& list = comments->as_array();
  fields::check_batch_size(list.size(), settings->api.max_batch);
  const bool explain = query_flag(match.query, "explain");
  const bool any_language = query_flag(match.query, "any_language");
  const auto models = svc.require_models();
  // Check every comment before scoring any, so a bad one fails the batch as a whole.
  std::vector<std::string_view> texts;
  std::vector<std::string> ids(list.size()); // serialised; empty when a comment has none
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto where = "comments[" + std::to_string(i) + "]: ";
    if (!list[i].is_object())
      throw http_error(http::status::bad_request, where + "must be an object");
    if (const auto* id = list[i].as_object().if_contains("id")) {
      auto echoed = echo_json(*id);
      if (!echoed)
        throw http_error(http::status::bad_request, "comments[" + std::to_string(i) + "].id: a number out of range");
      ids[i] = std::move(*echoed);
    }
    texts.push_back(text_member(list[i].as_object(), settings->api, where));
  }
  std::string out = "{\"model\":";
  append_json_string(out, models->fallback->version());
  out += ",\"results\":[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    out += i ? ",{" : "{";
    if (!ids[i].empty())
      out += "\"id\":" + ids[i] + ",";
    append_result(out, svc, *models, texts[i], explain, settings->api.explain_top, any_language);
    out += '}';
  }
  out += "]}";
  return json_response(req, std::move(out));
}

// /metrics without what needs the store.
std::string metrics_text(service& svc) {
  const auto models = svc.models();
  std::vector<std::pair<std::string, std::string>> by_language;
  if (models)
    for (const auto& [code, m] : models->by_language)
      by_language.emplace_back(code, m->version());
  std::string out = svc.stats().render(models ? models->fallback->version() : std::string(), by_language);
  if (const auto* w = svc.writer()) {
    out += "# HELP hatewatch_store_queue_depth Writes waiting for the store writer.\n"
           "# TYPE hatewatch_store_queue_depth gauge\nhatewatch_store_queue_depth " +
           std::to_string(w->queue_depth()) +
           "\n# HELP hatewatch_store_batches_total Write transactions of the store writer, by result.\n"
           "# TYPE hatewatch_store_batches_total counter\nhatewatch_store_batches_total{result=\"committed\"} " +
           std::to_string(w->committed_batches()) + "\nhatewatch_store_batches_total{result=\"failed\"} " +
           std::to_string(w->failed_batches()) +
           "\n# HELP hatewatch_store_pipelined_jobs_total Writes committed in a pipeline (PostgreSQL: many in"
           " one round trip).\n# TYPE hatewatch_store_pipelined_jobs_total counter\n"
           "hatewatch_store_pipelined_jobs_total " +
           std::to_string(w->pipelined_jobs()) +
           "\n# HELP hatewatch_store_conflict_retries_total Write transactions run again after PostgreSQL aborted"
           " them for a deadlock or serialization conflict with another replica.\n"
           "# TYPE hatewatch_store_conflict_retries_total counter\nhatewatch_store_conflict_retries_total " +
           std::to_string(w->conflict_retries()) + "\n";
  }
  svc.render_extra_metrics(out);
  return out;
}

void append_alert_counts(std::string& out, const std::vector<std::pair<std::string, std::int64_t>>& counts) {
  out += "# HELP hatewatch_alerts Alerts in the outbox by state.\n# TYPE hatewatch_alerts gauge\n";
  for (const auto& [state, count] : counts)
    out += "hatewatch_alerts{state=\"" + state + "\"} " + std::to_string(count) + "\n";
}

} // namespace

std::shared_ptr<router> make_api_routes(service& svc) {
  auto r = std::make_shared<router>();
  r->add(http::verb::get, "/", [&svc](const string_request& req, const route_match&) {
    std::string out = "{\"name\":\"hatewatch\",\"version\":";
    append_json_string(out, hatewatch::version);
    out += ",\"model\":";
    const auto m = svc.model();
    append_json_string(out, m ? m->version() : std::string());
    out += ",\"endpoints\":[\"GET /healthz\",\"GET /readyz\",\"GET /metrics\",\"POST /predict\",\"POST /v1/score\",\"POST /webhooks/discourse/{source}\",\"POST /webhooks/generic/{source}\",\"GET /v1/comments\",\"GET /v1/comments/{id}\",\"POST /webhooks/coral/{source}\",\"POST /v1alpha1/comments:analyze\",\"POST /v1alpha1/comments:suggestscore\",\"POST /v1/moderations\",\"GET /v1/alerts\",\"POST /v1/comments/{id}/review\",\"GET /v1/reviews\",\"GET /v1/overview\",\"GET /v1/models\",\"POST /v1/models/evaluate\",\"POST /v1/models/promote\",\"POST /v1/models/rollback\",\"GET /console/\"]}";
    return json_response(req, std::move(out));
  });
  r->add(http::verb::get, "/healthz",
         [](const string_request& req, const route_match&) { return json_response(req, R"({"status":"ok"})"); });
  r->add(http::verb::get, "/readyz", [&svc](const string_request& req, const route_match&) {
    const auto m = svc.model();
    if (!svc.ready())
      throw http_error(http::status::service_unavailable, m ? "draining" : no_model_detail);
    // A store that fails every write is not ready, whatever else is (a load balancer should send
    // webhooks to a replica that can keep them); it is ready again once a write commits.
    const auto* w = svc.writer();
    if (const auto fault = w ? w->fault() : std::nullopt)
      throw http_error(http::status::service_unavailable, "storage: " + *fault);
    // The alert dispatcher and the pollers are reported, but do not make the daemon unready: it still
    // takes and keeps every comment (alerts wait in the outbox), and another replica's would fail
    // alike. "degraded" is for monitoring to page someone.
    const auto faults = svc.component_faults();
    std::string out = faults.empty() ? "{\"status\":\"ready\",\"model\":" : "{\"status\":\"degraded\",\"model\":";
    append_json_string(out, m->version());
    out += w ? ",\"storage\":\"ok\"" : ",\"storage\":\"off\"";
    out += ",\"faults\":[";
    for (std::size_t i = 0; i < faults.size(); ++i) {
      out += i ? ",{\"component\":" : "{\"component\":";
      append_json_string(out, faults[i].component);
      out += ",\"error\":";
      append_json_string(out, core::utf8::prefix(faults[i].error, 512));
      out += "}";
    }
    out += "]}";
    return json_response(req, std::move(out));
  });
  r->add_deferred(http::verb::get, "/metrics", [&svc](const string_request& req, const route_match&, completion done) {
    require_bearer(req, svc.settings()->auth.ops_tokens);
    auto body = std::make_shared<std::string>(metrics_text(svc));
    auto answer = [body, version = req.version()] {
      string_response res{http::status::ok, version};
      res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      res.body() = std::move(*body);
      res.prepare_payload();
      return res;
    };
    auto* reads = svc.reader();
    if (!reads)
      return done(nullptr, answer());
    // The outbox counts come from the store, on a reader thread. When the database is busy or
    // gone (or too many reads wait), /metrics still answers with the rest.
    auto counted = std::make_shared<std::vector<std::pair<std::string, std::int64_t>>>();
    try {
      reads->submit([counted](store::sql::connection& db) { *counted = store::count_alerts_by_state(db); },
                    [body, counted, answer, done](std::exception_ptr error) {
                      if (!error)
                        append_alert_counts(*body, *counted);
                      done(nullptr, answer());
                    });
    } catch (const store::store_unavailable&) {
      done(nullptr, answer());
    }
  });
  r->add(http::verb::post, "/predict",
         [&svc](const string_request& req, const route_match& match) { return predict(svc, req, match); });
  r->add(http::verb::post, "/v1/score",
         [&svc](const string_request& req, const route_match& match) { return score_batch(svc, req, match); });

  add_webhook_routes(*r, svc);
  add_comment_routes(*r, svc);
  add_review_routes(*r, svc);
  add_perspective_routes(*r, svc);
  add_openai_routes(*r, svc);
  add_alert_routes(*r, svc);
  add_overview_routes(*r, svc);
  add_model_routes(*r, svc);
  add_console_routes(*r, svc);

  svc.stats().set_routes(r->route_names());
  r->set_observer([&svc](std::size_t route, unsigned status, std::chrono::nanoseconds latency) {
    svc.stats().record_request(route, status, latency);
  });
  return r;
}

} // namespace hatewatch::daemon
