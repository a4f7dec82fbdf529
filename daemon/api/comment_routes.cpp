#include "daemon/api/comment_routes.hpp"

#include "core/language_id.hpp"
#include "daemon/api/moderator_access.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/api/review_json.hpp"
#include "daemon/api/service.hpp"
#include "daemon/api/store_reads.hpp"
#include "core/utf8.hpp"

#include <cstdlib>
#include <set>
#include "daemon/models/score_json.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/comment_queries.hpp"
#include "daemon/store/review_queries.hpp"

namespace hatewatch::daemon {
namespace {

constexpr std::size_t max_search_bytes = 200;

store::comment_filter filter_of(std::string_view query) {
  store::comment_filter f;
  if (const auto source = query_param(query, "source"); !source.empty())
    f.source = percent_decoded(source);
  auto boolean = [&](std::string_view name, std::optional<bool>& into) {
    if (const auto value = query_param(query, name); !value.empty()) {
      if (value == "true" || value == "1")
        into = true;
      else if (value == "false" || value == "0")
        into = false;
      else
        throw http_error(http::status::bad_request, std::string(name) + " must be true or false");
    }
  };
  if (const auto language = query_param(query, "language"); !language.empty()) {
    auto code = percent_decoded(language);
    if (code != core::undetermined_language && !core::detectable_language(code))
      throw http_error(http::status::bad_request, "language must be a language code such as de or pt, or und");
    f.language = std::move(code);
  }
  boolean("flagged", f.flagged);
  boolean("unsupported", f.unsupported);
  boolean("reviewed", f.reviewed);
  if (const auto label = query_param(query, "label"); !label.empty())
    f.review_label = label_param(label);
  if (const auto until = query_param(query, "until"); !until.empty()) {
    f.until = store::parse_rfc3339(percent_decoded(until));
    if (!f.until)
      throw http_error(http::status::bad_request, "until must be an RFC 3339 time, such as 2026-05-01T00:00:00Z");
  }
  if (const auto min = query_param(query, "min_score"); !min.empty()) {
    const auto text = percent_decoded(min);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(value >= 0 && value <= 1))
      throw http_error(http::status::bad_request, "min_score must be a number from 0 to 1");
    f.min_hate = value;
  }
  if (const auto q = query_param(query, "q"); !q.empty()) {
    auto text = percent_decoded(q);
    if (text.size() > max_search_bytes)
      throw http_error(http::status::bad_request, "q is longer than " + std::to_string(max_search_bytes) + " bytes");
    if (core::utf8::sanitize(text) != text)
      throw http_error(http::status::bad_request, "q is not UTF-8");
    f.text = std::move(text);
  }
  const auto page = parse_page(query);
  f.since = page.since;
  f.before_id = page.before_id;
  f.limit = page.limit;
  return f;
}

/// The versions of the live models that tell only neither from the rest: their stored scores are
/// answered as they were at scoring time (null hate speech and offensive language, "not neither").
using two_class_versions = std::set<std::string, std::less<>>;

two_class_versions two_class_of(const service& svc) {
  two_class_versions out;
  if (const auto set = svc.models()) {
    auto add = [&](const core::model& m) {
      if (!m.tells_hate())
        out.insert(m.version());
    };
    add(*set->fallback);
    for (const auto& entry : set->by_language)
      add(*entry.second);
    for (const auto& entry : set->by_source)
      add(*entry.second->fallback);
  }
  return out;
}

void append_score(std::string& out, const store::score_view& s, const two_class_versions& two_class) {
  out += "{\"model\":";
  append_json_string(out, s.model_version);
  out += ',';
  if (s.unsupported) {
    append_no_scores(out);
  } else if (two_class.contains(s.model_version)) {
    append_neither_scores(out, s.p);
  } else {
    append_scores(out, s.p);
  }
  out += ",\"language\":";
  if (s.language) {
    out += "{\"code\":";
    append_json_string(out, *s.language);
    out += ",\"confidence\":";
    append_json_number(out, s.language_confidence);
    out += s.unsupported ? ",\"supported\":false}" : ",\"supported\":true}";
  } else {
    out += "null"; // scored before languages were told
  }
  out += ",\"unsupported_language\":";
  out += s.unsupported ? "true" : "false";
  out += ",\"flagged\":";
  out += s.flagged ? "true" : "false";
  out += ",\"explanation\":";
  out += s.explanation_json.empty() ? "null" : s.explanation_json;
  out += ",\"scored_at\":";
  append_time(out, s.scored_at);
  out += '}';
}

void append_comment(std::string& out, const store::comment_view& c, bool all_scores,
                    const two_class_versions& two_class) {
  out += "{\"id\":" + std::to_string(c.id) + ",\"source\":";
  append_json_string(out, c.source);
  out += ",\"external_id\":";
  append_json_string(out, c.external_id);
  out += ",\"version\":" + std::to_string(c.version) + ",\"author\":";
  append_optional_string(out, c.author);
  out += ",\"author_trust_level\":" + (c.author_trust_level ? std::to_string(*c.author_trust_level) : "null");
  out += ",\"author_staff\":";
  out += c.author_staff ? "true" : "false";
  out += ",\"url\":";
  append_optional_string(out, c.url);
  out += ",\"private\":";
  out += c.is_private ? "true" : "false";
  out += ",\"text\":";
  append_optional_string(out, c.text);
  out += ",\"created_at\":";
  append_time(out, c.created_at);
  out += ",\"received_at\":";
  append_time(out, c.received_at);
  out += ",\"purged_at\":";
  append_time(out, c.purged_at);
  out += ",\"review\":";
  if (c.review_label) {
    out += "{\"label\":";
    append_label(out, c.review_label);
    out += ",\"moderator\":";
    append_optional_string(out, c.reviewed_by);
    out += ",\"decided_at\":";
    append_time(out, c.reviewed_at);
    out += '}';
  } else {
    out += "null";
  }
  if (all_scores) {
    out += ",\"scores\":[";
    for (std::size_t i = 0; i < c.scores.size(); ++i) {
      if (i)
        out += ',';
      append_score(out, c.scores[i], two_class);
    }
    out += ']';
  } else {
    out += ",\"score\":";
    if (c.scores.empty())
      out += "null";
    else
      append_score(out, c.scores.back(), two_class);
  }
  out += '}';
}

void list(service& svc, const string_request& req, const route_match& match, completion done) {
  require_reader(svc, *svc.settings(), req);
  answer_from_store(svc, std::move(done), [filter = filter_of(match.query), two_class = two_class_of(svc),
                                            version = req.version()](store::sql::connection& db) {
    const auto rows = store::list_comments(db, filter);
    std::string out = "{\"comments\":[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (i)
        out += ',';
      append_comment(out, rows[i], false, two_class);
    }
    out += "],\"next_cursor\":";
    if (rows.size() == filter.limit)
      append_json_string(out, std::to_string(rows.back().id));
    else
      out += "null";
    out += '}';
    return json_response(version, std::move(out));
  });
}

void one(service& svc, const string_request& req, const route_match& match, completion done) {
  require_reader(svc, *svc.settings(), req);
  const auto id = parse_whole(match.capture);
  if (!id || *id < 1)
    throw http_error(http::status::not_found, "no comment with id '" + match.capture.substr(0, 32) + "'");
  answer_from_store(svc, std::move(done), [id = *id, two_class = two_class_of(svc),
                                            version = req.version()](store::sql::connection& conn) {
    // The comment's current decision and its list of decisions from one snapshot: a decision that
    // lands meanwhile shows in both or in neither.
    return store::sql::read_snapshot(conn, [&](store::sql::connection& db) {
      const auto row = store::find_comment(db, id);
      if (!row)
        throw http_error(http::status::not_found, "no comment with id " + std::to_string(id));
      std::string out;
      append_comment(out, *row, true, two_class);
      // Every decision on it, newest first: the audit trail.
      store::review_filter history;
      history.comment_id = id;
      history.limit = 500;
      out.pop_back();
      out += ",\"reviews\":";
      append_reviews(out, store::list_reviews(db, history));
      out += '}';
      return json_response(version, std::move(out));
    });
  });
}

} // namespace

void add_comment_routes(router& r, service& svc) {
  r.add_deferred(http::verb::get, "/v1/comments", [&svc](const string_request& req, const route_match& m, completion done) {
    list(svc, req, m, std::move(done));
  });
  r.add_deferred(http::verb::get, "/v1/comments/{id}",
                 [&svc](const string_request& req, const route_match& m, completion done) {
                   one(svc, req, m, std::move(done));
                 });
}

} // namespace hatewatch::daemon
