#include "daemon/api/perspective_routes.hpp"

#include "daemon/api/perspective_envelope.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/api/service.hpp"
#include "daemon/api/store_reads.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/intake/fields.hpp"
#include "daemon/intake/html_text.hpp"
#include "daemon/intake/scoring.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/models/sentences.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/errors.hpp"
#include "daemon/store/writer.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

using namespace perspective;

void require_key(const string_request& req, const route_match& match, const perspective_config& cfg) {
  if (cfg.keys.empty())
    throw google_error({403, "PERMISSION_DENIED", "The Perspective API is not enabled on this server (perspective.keys is empty).", "", {}});
  std::string key = percent_decoded(query_param(match.query, "key"));
  if (key.empty())
    key = std::string(req["X-Goog-Api-Key"]);
  if (key.empty())
    throw google_error({403, "PERMISSION_DENIED", "The request is missing a valid API key.", "", {}});
  bool ok = false;
  for (const auto& k : cfg.keys)
    ok |= constant_time_equal(key, k);
  if (!ok)
    throw google_error({400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "", {}});
}

boost::json::object body_of(const string_request& req) {
  boost::system::error_code ec;
  auto v = boost::json::parse(req.body(), ec);
  if (ec)
    throw invalid("Invalid JSON payload received. " + ec.message());
  if (!v.is_object())
    throw invalid("Invalid JSON payload received. Expected an object.");
  return std::move(v.as_object());
}

const boost::json::value* member(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

std::string optional_string(const boost::json::object& o, std::string_view key) {
  const auto* v = member(o, key);
  if (!v)
    return {};
  if (!v->is_string())
    throw invalid("Invalid value at '" + std::string(key) + "': expected a string.");
  return std::string(v->as_string());
}

bool optional_bool(const boost::json::object& o, std::string_view key) {
  const auto* v = member(o, key);
  if (!v)
    return false;
  if (!v->is_bool())
    throw invalid("Invalid value at '" + std::string(key) + "': expected true or false.");
  return v->as_bool();
}

/// The attribute's probability from the model's three; nothing for an attribute it does not have.
std::optional<double> attribute_value(std::string_view name, const core::probabilities& p) {
  if (name == "TOXICITY")
    return p[0] + p[1];
  if (name == "SEVERE_TOXICITY" || name == "IDENTITY_ATTACK" || name == "HATE_SPEECH")
    return p[0];
  if (name == "OFFENSIVE_LANGUAGE")
    return p[1];
  return std::nullopt;
}

/// The comment's text, as Perspective reads it: comment.text, HTML stripped when comment.type is HTML.
std::string comment_text(const boost::json::object& body, std::uint64_t max_bytes) {
  const auto* comment = member(body, "comment");
  if (!comment || !comment->is_object())
    throw invalid("Comment must be non-empty.", "COMMENT_EMPTY");
  const auto& c = comment->as_object();
  std::string text = optional_string(c, "text");
  const auto type = optional_string(c, "type");
  if (type == "HTML")
    text = html_to_text(text);
  else if (!type.empty() && type != "PLAIN_TEXT")
    throw invalid("Invalid value at 'comment.type' (TYPE_STRING), \"" + type.substr(0, 40) + "\"");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw invalid("Comment must be non-empty.", "COMMENT_EMPTY");
  if (auto problem = fields::text_size_problem("the text", text.size(), max_bytes))
    throw invalid("Comment text too long: " + *problem, "COMMENT_TOO_LONG");
  return text;
}

struct requested_attribute {
  std::string name;
  double threshold = 0;
};

std::vector<requested_attribute> requested_attributes(const boost::json::object& body) {
  const auto* attrs = member(body, "requestedAttributes");
  if (!attrs || !attrs->is_object() || attrs->as_object().empty())
    throw invalid("Requested attributes must be non-empty.", "NO_REQUESTED_ATTRIBUTES");
  const bool drop = optional_bool(body, "dropUnsupportedAttributes");
  std::vector<requested_attribute> out;
  for (const auto& [key, config] : attrs->as_object()) {
    const std::string name(key);
    if (!attribute_value(name, {})) {
      if (drop)
        continue;
      throw invalid("Unknown requested attribute: " + name.substr(0, 100));
    }
    requested_attribute a{name, 0};
    if (!config.is_null()) {
      if (!config.is_object())
        throw invalid("Invalid value at 'requested_attributes[" + name + "].value': expected an object.");
      const auto type = optional_string(config.as_object(), "scoreType");
      if (!type.empty() && type != "PROBABILITY")
        throw invalid("Attribute " + name + " does not support score type " + type.substr(0, 40) + ".");
      if (const auto* t = member(config.as_object(), "scoreThreshold")) {
        if (!t->is_number() || t->to_number<double>() < 0 || t->to_number<double>() > 1)
          throw invalid("Invalid value at 'requested_attributes[" + name + "].value.score_threshold': expected a number from 0 to 1.");
        a.threshold = t->to_number<double>();
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

/// The languages a request names, and the model that reads the first of them (each must be read
/// by one: a tag "de-AT" by the model of "de"); no languages and no model when it names none.
struct named_languages {
  std::vector<std::string> tags;
  const core::model* model = nullptr;
};

named_languages languages(const boost::json::object& body, const std::vector<requested_attribute>& attrs,
                          const model_set& models) {
  named_languages out;
  const auto* langs = member(body, "languages");
  if (!langs)
    return out;
  if (!langs->is_array())
    throw invalid("Invalid value at 'languages': expected a list of strings.");
  std::string unsupported;
  for (const auto& l : langs->as_array()) {
    if (!l.is_string())
      throw invalid("Invalid value at 'languages': expected a list of strings.");
    std::string tag(l.as_string());
    std::string primary = tag.substr(0, tag.find_first_of("-_"));
    std::transform(primary.begin(), primary.end(), primary.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto* m = models.reading(tag);
    if (!m)
      m = models.reading(primary);
    if (!m)
      unsupported += (unsupported.empty() ? "" : ",") + tag.substr(0, 20);
    else if (!out.model)
      out.model = m;
    out.tags.push_back(std::move(tag));
  }
  if (!unsupported.empty())
    throw invalid("Attribute " + (attrs.empty() ? std::string("TOXICITY") : attrs.front().name) +
                      " does not support request languages: " + unsupported,
                  "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE");
  if (out.tags.empty()) // "languages": [] names none
    out.model = nullptr;
  return out;
}

void append_score(std::string& out, double value) {
  out += "{\"value\":";
  append_json_number(out, value);
  out += ",\"type\":\"PROBABILITY\"}";
}

std::string random_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 2; ++i) {
    auto v = rng();
    for (int k = 0; k < 16; ++k, v >>= 4)
      out += hex[v & 0xf];
  }
  return out;
}

const source_config& source_for(const api_settings& settings, source_config& fallback) {
  if (const auto* s = settings.find_source(settings.perspective.source))
    return *s;
  fallback.name = settings.perspective.source;
  fallback.kind = source_kind::perspective;
  return fallback;
}

void analyze(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  require_key(req, match, settings->perspective);
  require_rate(svc, match.client, settings->rate_limit);
  const auto body = body_of(req);
  const auto text = comment_text(body, settings->api.max_text_bytes);
  const auto attrs = requested_attributes(body);
  const auto models = svc.require_models();
  const auto named = languages(body, attrs, *models);
  const bool spans = optional_bool(body, "spanAnnotations");
  const bool do_not_store = optional_bool(body, "doNotStore");
  const auto client_token = optional_string(body, "clientToken");
  optional_string(body, "sessionId");
  const auto community = optional_string(body, "communityId");

  source_config fallback;
  const auto& src = source_for(*settings, fallback);
  auto record = std::make_shared<store::comment_record>();
  record->source = src.name;
  record->source_kind = "perspective";
  record->external_id = "pa-" + random_id();
  record->text = text;
  record->received_at = store::now_ms();
  // A request that names its languages is taken at its word, and scored by the model of the first;
  // one that does not gets them detected (and routed to the model of its language), and Google's
  // error when no model reads the comment.
  const auto& m = score_comment(models->for_source(src.name), src, settings->api.explain_top, *record, false, named.model);
  std::string detected;
  if (!named.model) {
    if (record->unsupported) {
      svc.stats().record_unsupported(metrics::unsupported::api);
      throw invalid("Attribute " + (attrs.empty() ? std::string("TOXICITY") : attrs.front().name) +
                        " does not support request languages: " + record->language,
                    "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE");
    }
    if (record->language != core::undetermined_language)
      detected = record->language;
  }
  // The languages the answer names: the request's, else the one found, else the default model's.
  const auto langs = named.model ? named.tags
                                 : std::vector<std::string>{detected.empty() ? m.languages().front() : detected};
  svc.stats().record_score(record->p, record->language);
  // A model that tells only neither from the rest gives TOXICITY (1 - p(neither)) and nothing else.
  if (!m.tells_hate())
    for (const auto& a : attrs)
      if (a.name != "TOXICITY")
        throw invalid("Attribute " + a.name + " does not support request languages: " + langs.front(),
                      "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE");

  std::vector<std::pair<text_span, core::probabilities>> span_scores;
  if (spans) {
    auto& scratch = thread_scratch(m);
    for (const auto& s : sentence_spans(text))
      span_scores.emplace_back(s, m.score(std::string_view(text).substr(s.begin, s.end - s.begin), scratch));
  }

  std::string out = "{\"attributeScores\":{";
  bool first = true;
  for (const auto& a : attrs) {
    const double value = *attribute_value(a.name, record->p);
    if (value < a.threshold)
      continue; // below the caller's scoreThreshold: omitted, as Perspective does
    out += first ? "" : ",";
    first = false;
    append_json_string(out, a.name);
    out += ":{";
    if (spans) {
      out += "\"spanScores\":[";
      bool first_span = true;
      for (const auto& [span, p] : span_scores) {
        const double v = *attribute_value(a.name, p);
        if (v < a.threshold)
          continue;
        out += first_span ? "" : ",";
        first_span = false;
        out += "{\"begin\":" + std::to_string(code_points_before(text, span.begin)) +
               ",\"end\":" + std::to_string(code_points_before(text, span.end)) + ",\"score\":";
        append_score(out, v);
        out += '}';
      }
      out += "],";
    }
    out += "\"summaryScore\":";
    append_score(out, value);
    out += '}';
  }
  out += "},\"languages\":[";
  for (std::size_t i = 0; i < langs.size(); ++i) {
    out += i ? "," : "";
    append_json_string(out, langs[i]);
  }
  out += ']';
  if (!detected.empty()) {
    out += ",\"detectedLanguages\":[";
    append_json_string(out, detected);
    out += ']';
  }
  if (!client_token.empty()) {
    out += ",\"clientToken\":";
    append_json_string(out, client_token);
  }
  out += '}';

  auto* w = svc.writer();
  if (do_not_store || !w)
    return done(nullptr, json_answer(std::move(out)));
  w->submit([record](store::write_context& ctx) { store::store_comment(ctx, *record); },
            store::piped_store_comment(record, [](const store::stored_comment&) {}),
            [done, out = std::move(out)](std::exception_ptr e) {
              if (e)
                return done(nullptr, envelope(e));
              done(nullptr, json_answer(out));
            });
}

void suggest(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  require_key(req, match, settings->perspective);
  require_rate(svc, match.client, settings->rate_limit);
  const auto body = body_of(req);
  const auto text = comment_text(body, settings->api.max_text_bytes);
  const auto* scores = member(body, "attributeScores");
  if (!scores || !scores->is_object() || scores->as_object().empty())
    throw invalid("attributeScores must be non-empty.");
  source_config fallback;
  const auto& src = source_for(*settings, fallback);
  // One request writes its text once and a value for each attribute we know (at most five): an
  // attribute we do not score is refused, as analyze refuses it, so a request cannot multiply rows.
  auto row = std::make_shared<store::feedback_record>();
  row->source = src.name;
  row->source_kind = "perspective";
  row->text = text;
  row->community_id = optional_string(body, "communityId");
  row->client_token = optional_string(body, "clientToken");
  row->received_at = store::now_ms();
  for (const auto& [key, value] : scores->as_object()) {
    const std::string name(key);
    if (!attribute_value(name, {}))
      throw invalid("Unknown attribute in attributeScores: " + name.substr(0, 100));
    const boost::json::value* v = nullptr;
    if (value.is_object())
      if (const auto* summary = member(value.as_object(), "summaryScore"); summary && summary->is_object())
        v = member(summary->as_object(), "value");
    if (!v || !v->is_number() || v->to_number<double>() < 0 || v->to_number<double>() > 1)
      throw invalid("attributeScores[" + name + "].summaryScore.value must be a number from 0 to 1.");
    row->values[name] = v->to_number<double>();
  }
  const auto& client_token = row->client_token;
  auto* w = svc.writer();
  if (!w)
    throw google_error({503, "UNAVAILABLE", std::string(storage_off_detail) + ": feedback cannot be kept", "", {}});
  std::string out = "{";
  if (!client_token.empty()) {
    out += "\"clientToken\":";
    append_json_string(out, client_token);
  }
  out += '}';
  w->submit([row](store::write_context& ctx) { store::store_feedback(ctx, *row); },
      [done, out = std::move(out)](std::exception_ptr e) {
        if (e)
          return done(nullptr, envelope(e));
        done(nullptr, json_answer(out));
      });
}

} // namespace

void add_perspective_routes(router& r, service& svc) {
  r.add_deferred(http::verb::post, "/v1alpha1/comments:analyze",
                 google_style([&svc](const string_request& req, const route_match& m, completion done) {
                   analyze(svc, req, m, std::move(done));
                 }));
  r.add_deferred(http::verb::post, "/v1alpha1/comments:suggestscore",
                 google_style([&svc](const string_request& req, const route_match& m, completion done) {
                   suggest(svc, req, m, std::move(done));
                 }));
}

} // namespace hatewatch::daemon
