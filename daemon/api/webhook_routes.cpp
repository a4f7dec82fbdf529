#include "daemon/api/webhook_routes.hpp"

#include "core/utf8.hpp"
#include "daemon/api/service.hpp"
#include "daemon/api/store_reads.hpp"
#include "daemon/intake/coral.hpp"
#include "daemon/intake/discourse.hpp"
#include "daemon/intake/generic.hpp"
#include "daemon/intake/scoring.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/errors.hpp"
#include "daemon/store/writer.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace hatewatch::daemon {
namespace {

string_response json_answer(std::string body) {
  string_response res{http::status::ok, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

const source_config& find_source(const api_settings& settings, const route_match& match, source_kind kind) {
  const auto* src = settings.find_source(match.capture);
  if (!src || src->kind != kind)
    throw http_error(http::status::not_found, std::string("no ") + source_kind_name(kind) + " source named '" +
                                                  core::utf8::prefix(match.capture, 64) + "'");
  return *src;
}

void verify_signature(const string_request& req, const source_config& src, std::string_view header_name) {
  if (src.secret.empty())
    return;
  const std::string_view header = req[header_name];
  if (header.empty())
    throw http_error(http::status::unauthorized, "this source requires a signed delivery (" + std::string(header_name) + ")");
  if (!signature_matches(header, src.secret, req.body()))
    throw http_error(http::status::unauthorized, "the " + std::string(header_name) + " signature does not match the body");
}

boost::json::value parse_body(const string_request& req) {
  // Discourse sends JSON even when its configured content type is form-urlencoded, so the header is
  // not checked here; the body is.
  boost::system::error_code ec;
  auto value = boost::json::parse(req.body(), ec);
  if (ec)
    throw http_error(http::status::bad_request, "malformed JSON: " + ec.message());
  return value;
}

// A duplicate is answered with what was stored (the text sent now was not), and says so when the
// text differs from the stored one.
void append_outcome(std::string& out, const store::comment_record& c, const store::stored_comment& s) {
  const bool flagged = s.duplicate ? s.stored_flagged : c.flagged;
  out += "\"comment_id\":" + std::to_string(s.id) + ",\"duplicate\":" + (s.duplicate ? "true" : "false") +
         ",\"flagged\":" + (flagged ? "true" : "false") + ",";
  if (s.text_differs)
    out += "\"text_differs\":true,";
  const bool unsupported = s.duplicate ? s.stored_unsupported : c.unsupported;
  if (unsupported)
    append_no_scores(out);
  else
    append_scores(out, s.duplicate ? s.stored_p : c.p);
  if (unsupported) {
    out += ",\"language\":";
    append_json_string(out, s.duplicate ? s.stored_language : c.language);
    out += ",\"unsupported_language\":true";
  }
}

// Hands the job to the writer; answers from its completion, once the commit is done.
// `piped`, when given, is the job's pipelined form (store::piped_write).
// `lock_key`: store::lock_key() of the first comment the job stores.
void submit(store::writer& w, store::writer::job job, std::function<std::string()> answer, completion done,
            store::piped_write piped, std::string lock_key) {
  // Errors (store faults included) go to the session's one catch as they are.
  w.submit(
      std::move(job), std::move(piped),
      [answer = std::move(answer), done](std::exception_ptr e) {
        if (e)
          return done(e, {});
        done(nullptr, json_answer(answer()));
      },
      std::move(lock_key));
}

void discourse_webhook(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  const auto& src = find_source(*settings, match, source_kind::discourse);
  verify_signature(req, src, "X-Discourse-Event-Signature");
  const std::string event(req["X-Discourse-Event"]);
  const auto body = parse_body(req);
  if (!body.is_object())
    throw http_error(http::status::bad_request, "the body must be a JSON object");
  if (event == "ping" || (event.empty() && body.as_object().contains("ping")))
    return done(nullptr, json_answer(R"({"status":"pong"})"));
  if (event.empty())
    throw http_error(http::status::bad_request, "X-Discourse-Event is missing");
  if (event != "post_created" && event != "post_edited") {
    std::string out = R"({"status":"ignored","event":)";
    append_json_string(out, core::utf8::prefix(event, 64));
    return done(nullptr, json_answer(out + "}"));
  }
  const auto* post = body.as_object().if_contains("post");
  if (!post || !post->is_object())
    throw http_error(http::status::bad_request, "\"post\" is missing or not an object");
  auto& w = require_writer(svc);
  auto record = std::make_shared<store::comment_record>(
      discourse_post(post->as_object(), src, req["X-Discourse-Instance"], settings->api.max_comment_bytes));
  if (record->is_private && !src.include_private)
    return done(nullptr, json_answer(R"j({"status":"skipped","reason":"private message (include_private is off)"})j"));
  const auto models = svc.require_models();
  score_comment(models->for_source(src.name), src, settings->api.explain_top, *record);
  svc.count_score(*record, src);

  struct outcome {
    store::stored_comment stored;
    bool redelivery = false;
  };
  auto result = std::make_shared<outcome>();
  std::string event_id(req["X-Discourse-Event-Id"].substr(0, 128));
  submit(
      w,
      [record, result, event_id](store::write_context& ctx) {
        if (!event_id.empty()) {
          if (auto seen = store::find_delivery(ctx, record->source, "discourse", event_id)) {
            // Answered with what was stored then; if the comment was purged since, with this score.
            result->redelivery = true;
            auto stored = *seen > 0 ? store::find_stored(ctx, *seen, record->text) : std::nullopt;
            result->stored = stored ? *stored : store::stored_comment{};
            return;
          }
        }
        result->stored = store::store_comment(ctx, *record);
        if (!event_id.empty())
          store::record_delivery(ctx, record->source, "discourse", event_id, result->stored.id);
      },
      [record, result] {
        std::string out = R"({"status":")";
        out += result->redelivery ? "redelivery" : result->stored.duplicate ? "duplicate" : "stored";
        out += "\",";
        append_outcome(out, *record, result->stored);
        return out + "}";
      },
      std::move(done), {}, store::lock_key(*record));
}

void generic_webhook(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  const auto& src = find_source(*settings, match, source_kind::generic);
  verify_signature(req, src, "X-Hatewatch-Signature");
  const auto body = parse_body(req);
  auto& w = require_writer(svc);
  auto records = std::make_shared<std::vector<store::comment_record>>(
      generic_comments(body, src, {settings->api.max_comment_bytes, settings->api.max_batch}));
  const auto models = svc.require_models();
  for (auto& c : *records) {
    score_comment(models->for_source(src.name), src, settings->api.explain_top, c);
    svc.count_score(c, src);
  }
  // Stored in the order of their lock keys, whatever the order sent, and the job placed in its
  // batch by its first key: two replicas given the same comments in different orders then take the
  // rows' locks in one order and cannot deadlock on each other.
  std::vector<std::size_t> order(records->size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::vector<std::string> keys;
  for (const auto& c : *records)
    keys.push_back(store::lock_key(c));
  std::stable_sort(order.begin(), order.end(), [&keys](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  auto first_key = std::move(keys[order.front()]);
  auto stored = std::make_shared<std::vector<store::stored_comment>>();
  submit(
      w,
      [records, stored, order = std::move(order)](store::write_context& ctx) {
        stored->assign(records->size(), {});
        for (const auto i : order)
          (*stored)[i] = store::store_comment(ctx, (*records)[i]);
      },
      [records, stored] {
        std::string out = R"({"status":"stored","results":[)";
        for (std::size_t i = 0; i < records->size(); ++i) {
          out += i ? ",{\"id\":" : "{\"id\":";
          append_json_string(out, (*records)[i].external_id);
          out += ',';
          append_outcome(out, (*records)[i], (*stored)[i]);
          out += '}';
        }
        return out + "]}";
      },
      std::move(done),
      // One comment (the usual delivery) pipelines on PostgreSQL.
      records->size() == 1
          ? store::piped_store_comment(std::shared_ptr<const store::comment_record>(records, &records->front()),
                                       [stored](const store::stored_comment& s) { stored->assign(1, s); })
          : store::piped_write{},
      std::move(first_key));
}

string_response no_content() {
  string_response res{http::status::no_content, 11};
  res.prepare_payload();
  return res;
}

// Coral's external moderation phase: answer within its timeout, 204 (no action) or a FLAG.
void coral_webhook(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  const auto& src = find_source(*settings, match, source_kind::coral);
  if (!src.secret.empty()) {
    const std::string_view header = req["X-Coral-Signature"];
    if (header.empty())
      throw http_error(http::status::unauthorized, "this source requires a signed delivery (X-Coral-Signature)");
    if (header.size() > max_signature_header || signature_count(header) > max_signatures)
      throw http_error(http::status::bad_request, "X-Coral-Signature may hold at most " +
                                                      std::to_string(max_signatures) + " signatures and " +
                                                      std::to_string(max_signature_header) + " bytes");
    if (!any_signature_matches(header, src.secret, req.body()))
      throw http_error(http::status::unauthorized, "no X-Coral-Signature signature matches the body");
  }
  const auto body = parse_body(req);
  if (!body.is_object())
    throw http_error(http::status::bad_request, "the body must be a JSON object");
  const auto* comment = body.as_object().if_contains("comment");
  if (!comment || !comment->is_object())
    throw http_error(http::status::bad_request, "\"comment\" is missing or not an object");
  auto& w = require_writer(svc);
  auto record = std::make_shared<store::comment_record>(
      coral_comment(comment->as_object(), body.as_object(), req.body(), src, settings->api.max_comment_bytes));
  const auto models = svc.require_models();
  score_comment(models->for_source(src.name), src, settings->api.explain_top, *record);
  svc.count_score(*record, src);

  w.submit([record](store::write_context& ctx) { store::store_comment(ctx, *record); },
           store::piped_store_comment(record, [](const store::stored_comment&) {}),
           [record, answer = coral_flag_answer(src), done](std::exception_ptr e) {
             if (e)
               return done(e, {});
             // A comment the model cannot read is never flagged: Coral's reasons have none for "not
             // scored", so it gets no action here (it is stored unscored, and alerted under
             // unsupported_language: alert).
             if (!record->flagged)
               return done(nullptr, no_content());
             done(nullptr, json_answer(answer));
           });
}

} // namespace

void add_webhook_routes(router& r, service& svc) {
  r.add_deferred(http::verb::post, "/webhooks/coral/{source}",
                 [&svc](const string_request& req, const route_match& m, completion done) {
                   coral_webhook(svc, req, m, std::move(done));
                 });
  r.add_deferred(http::verb::post, "/webhooks/discourse/{source}",
                 [&svc](const string_request& req, const route_match& m, completion done) {
                   discourse_webhook(svc, req, m, std::move(done));
                 });
  r.add_deferred(http::verb::post, "/webhooks/generic/{source}",
                 [&svc](const string_request& req, const route_match& m, completion done) {
                   generic_webhook(svc, req, m, std::move(done));
                 });
}

} // namespace hatewatch::daemon
