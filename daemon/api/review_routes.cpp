#include "daemon/api/review_routes.hpp"

#include "core/utf8.hpp"
#include "daemon/api/moderator_access.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/api/review_json.hpp"
#include "daemon/api/store_reads.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/review_store.hpp"
#include "daemon/store/writer.hpp"

#include <memory>

namespace hatewatch::daemon {
namespace {

constexpr std::size_t max_note_bytes = 2000;

store::review_record review_of(const string_request& req, std::int64_t comment_id, const std::string& moderator) {
  const auto body = parse_json_body(req);
  store::review_record r;
  r.comment_id = comment_id;
  r.moderator = moderator;
  r.decided_at = store::now_ms();
  const auto* label = body.if_contains("label");
  if (!label)
    throw http_error(http::status::bad_request,
                     "\"label\" is missing: \"hate speech\", \"offensive language\", \"neither\", or null to withdraw");
  if (!label->is_null()) {
    if (!label->is_string())
      throw http_error(http::status::bad_request, "\"label\" must be a string or null");
    const auto parsed = label_named(label->as_string());
    if (!parsed)
      throw http_error(http::status::bad_request,
                       "\"label\" must be \"hate speech\", \"offensive language\", \"neither\" or null");
    r.label = *parsed;
  }
  if (const auto* note = body.if_contains("note"); note && !note->is_null()) {
    if (!note->is_string())
      throw http_error(http::status::bad_request, "\"note\" must be a string");
    if (note->as_string().size() > max_note_bytes)
      throw http_error(http::status::bad_request, "\"note\" is " + std::to_string(note->as_string().size()) +
                                                      " bytes; the limit is " + std::to_string(max_note_bytes));
    r.note = core::utf8::storable(note->as_string());
  }
  return r;
}

void decide(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  const auto moderator = require_moderator(svc, *settings, req);
  const auto id = parse_whole(match.capture);
  if (!id || *id < 1)
    throw http_error(http::status::not_found, "no comment with id '" + core::utf8::prefix(match.capture, 32) + "'");
  auto* w = &require_writer(svc);
  auto record = std::make_shared<store::review_record>(review_of(req, *id, moderator));
  auto stored = std::make_shared<std::optional<store::stored_review>>();
  w->submit([record, stored](store::write_context& ctx) { *stored = store::record_review(ctx, *record); },
            [record, stored, version = req.version(), done](std::exception_ptr e) {
              if (e)
                return done(e, {});
              if (!*stored)
                return done(std::make_exception_ptr(http_error(
                                http::status::not_found, "no comment with id " + std::to_string(record->comment_id))),
                            {});
              std::string out = "{\"id\":" + std::to_string((*stored)->id) +
                                ",\"comment_id\":" + std::to_string(record->comment_id) + ",\"label\":";
              append_label(out, record->label);
              out += ",\"previous_label\":";
              append_label(out, (*stored)->previous);
              out += ",\"note\":";
              append_optional_string(out, record->note.empty() ? std::nullopt : std::optional(record->note));
              out += ",\"moderator\":";
              append_json_string(out, record->moderator);
              out += ",\"decided_at\":";
              append_time(out, record->decided_at);
              done(nullptr, json_response(version, out + "}", http::status::created));
            });
}

store::review_filter filter_of(std::string_view query) {
  store::review_filter f;
  if (const auto v = query_param(query, "source"); !v.empty())
    f.source = percent_decoded(v);
  if (const auto v = query_param(query, "moderator"); !v.empty())
    f.moderator = percent_decoded(v);
  if (const auto v = query_param(query, "comment"); !v.empty()) {
    const auto n = parse_whole(v);
    if (!n || *n < 1)
      throw http_error(http::status::bad_request, "comment must be a comment id");
    f.comment_id = *n;
  }
  f.current_only = query_flag(query, "current");
  const auto page = parse_page(query);
  f.since = page.since;
  f.before_id = page.before_id;
  f.limit = page.limit;
  return f;
}

void list(service& svc, const string_request& req, const route_match& match, completion done) {
  require_reader(svc, *svc.settings(), req);
  answer_from_store(svc, std::move(done), [filter = filter_of(match.query), version = req.version()](store::sql::connection& db) {
    const auto rows = store::list_reviews(db, filter);
    std::string out = "{\"reviews\":";
    append_reviews(out, rows);
    out += ",\"next_cursor\":";
    if (rows.size() == filter.limit)
      append_json_string(out, std::to_string(rows.back().id));
    else
      out += "null";
    return json_response(version, out + "}");
  });
}

} // namespace

void add_review_routes(router& r, service& svc) {
  r.add_deferred(http::verb::post, "/v1/comments/{id}/review",
                 [&svc](const string_request& req, const route_match& m, completion done) {
                   decide(svc, req, m, std::move(done));
                 });
  r.add_deferred(http::verb::get, "/v1/reviews", [&svc](const string_request& req, const route_match& m, completion done) {
    list(svc, req, m, std::move(done));
  });
}

} // namespace hatewatch::daemon
