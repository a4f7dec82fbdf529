#include "daemon/api/openai_routes.hpp"

#include "daemon/http/error_answer.hpp"

#include "daemon/api/request_checks.hpp"
#include "daemon/api/service.hpp"
#include "daemon/intake/fields.hpp"
#include "daemon/models/routed_scoring.hpp"
#include "daemon/models/score_json.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <stdexcept>
#include <random>

namespace hatewatch::daemon {
namespace {

constexpr std::array<std::string_view, 13> categories{
    "harassment", "harassment/threatening", "hate",   "hate/threatening",       "illicit",
    "illicit/violent", "self-harm",         "self-harm/intent", "self-harm/instructions", "sexual",
    "sexual/minors",   "violence",          "violence/graphic"};

/// An error in OpenAI's shape.
struct openai_problem {
  http::status status = http::status::internal_server_error;
  std::string message = "internal error";
  std::string type = "server_error";
  std::string param; // empty: null
  std::string code;  // empty: null
};

/// An openai_problem thrown; a std::exception (what() is its message), so that if one ever escaped
/// these routes the session's catch would still log it.
struct openai_error : std::runtime_error {
  explicit openai_error(openai_problem p) : std::runtime_error(p.message), problem(std::move(p)) {}
  openai_problem problem;
};

string_response envelope(std::exception_ptr e) {
  openai_problem o;
  std::vector<std::pair<http::field, std::string>> headers;
  try {
    std::rethrow_exception(e);
  } catch (const openai_error& oe) {
    o = oe.problem;
  } catch (...) {
    auto a = answer_for(std::current_exception(), "OpenAI moderation");
    headers = std::move(a.headers);
    const auto code = static_cast<int>(a.status);
    o.status = a.status;
    o.message = std::move(a.detail);
    o.type = code == 401 ? "invalid_request_error" : code == 429 ? "rate_limit_exceeded" : code >= 500 ? "server_error"
                                                                                                   : "invalid_request_error";
    o.code = code == 401 ? "invalid_api_key" : "";
  }
  std::string out = "{\"error\":{\"message\":";
  append_json_string(out, o.message);
  out += ",\"type\":";
  append_json_string(out, o.type);
  out += ",\"param\":";
  if (o.param.empty())
    out += "null";
  else
    append_json_string(out, o.param);
  out += ",\"code\":";
  if (o.code.empty())
    out += "null";
  else
    append_json_string(out, o.code);
  out += "}}";
  string_response res{o.status, 11};
  res.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers)
    res.set(name, value);
  res.body() = std::move(out);
  res.prepare_payload();
  return res;
}

openai_error bad(std::string message, std::string param = "input") {
  return openai_error({http::status::bad_request, std::move(message), "invalid_request_error", std::move(param), ""});
}

std::vector<std::string_view> inputs_of(const boost::json::object& body, const api_config& limits) {
  const auto* input = body.if_contains("input");
  if (!input || input->is_null())
    throw bad("'input' is a required property");
  std::vector<std::string_view> texts;
  auto add = [&](std::string_view t, const std::string& where) {
    if (auto problem = fields::text_size_problem(where, t.size(), limits.max_text_bytes))
      throw bad(std::move(*problem));
    texts.push_back(t);
  };
  if (input->is_string()) {
    add(input->as_string(), "input");
    return texts;
  }
  if (!input->is_array())
    throw bad("'input' must be a string or an array of strings");
  const auto& list = input->as_array();
  if (list.empty())
    throw bad("'input' must not be an empty array");
  if (list.size() > limits.max_batch)
    throw bad(std::to_string(list.size()) + " inputs; the limit is " + std::to_string(limits.max_batch) +
              " (api.max_batch)");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto where = "input[" + std::to_string(i) + "]";
    const auto& item = list[i];
    if (item.is_string()) {
      add(item.as_string(), where);
    } else if (item.is_object() && item.as_object().if_contains("type") &&
               item.as_object().at("type") == "text" && item.as_object().if_contains("text") &&
               item.as_object().at("text").is_string()) {
      add(item.as_object().at("text").as_string(), where); // the multi-modal shape, text part
    } else if (item.is_object() && item.as_object().if_contains("type") && item.as_object().at("type") == "image_url") {
      throw bad(where + ": only text input is supported");
    } else {
      throw bad(where + " must be a string or {\"type\": \"text\", \"text\": ...}");
    }
  }
  return texts;
}

std::string random_suffix() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (int i = 0; i < 29; ++i)
    out += alphabet[rng() % (sizeof alphabet - 1)];
  return out;
}

string_response moderations(service& svc, const string_request& req, const route_match& match) {
  const auto settings = svc.settings();
  require_bearer(req, settings->auth.api_tokens);
  require_rate(svc, match.client, settings->rate_limit);
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(req.body(), ec);
  if (ec || !parsed.is_object())
    throw bad("We could not parse the JSON body of your request.", "");
  const auto& body = parsed.as_object();
  if (const auto* model = body.if_contains("model"); model && !model->is_string() && !model->is_null())
    throw bad("'model' must be a string", "model");
  const auto texts = inputs_of(body, settings->api);
  const auto models = svc.require_models();
  const auto& o = settings->openai;
  std::string out = "{\"id\":\"modr-" + random_suffix() + "\",\"model\":";
  append_json_string(out, "hatewatch-" + models->fallback->version());
  // OpenAI's answer has no place to say "not scored", and flagged:false would call a comment the
  // model cannot read clean: a text in another language fails the request, naming it.
  std::vector<core::probabilities> scored;
  std::vector<std::string> languages;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto routed = score_routed(*models, texts[i], 0);
    // A model that tells only neither from the rest (Danish): its not-neither probability stands for
    // both hate and harassment, which it cannot tell apart (README, "Languages").
    if (!routed.model->tells_hate())
      routed.result.p = {1.0 - routed.result.p[2], 1.0 - routed.result.p[2], routed.result.p[2]};
    scored.push_back(routed.result.p);
    languages.push_back(routed.language.guess.code);
    if (const auto& lang = routed.language; !lang.supported) {
      svc.stats().record_unsupported(metrics::unsupported::api);
      const auto where = texts.size() == 1 && body.at("input").is_string() ? std::string("input")
                                                                           : "input[" + std::to_string(i) + "]";
      throw openai_error({http::status::bad_request,
                          where + " is in a language this server's model does not read (" +
                              (lang.guess.determined() ? "'" + lang.guess.code + "'" : std::string("not Latin script")) +
                              "; it reads " + readable(*models) + ")",
                          "invalid_request_error", "input", "unsupported_language"});
    }
  }
  out += ",\"results\":[";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto& p = scored[i];
    svc.stats().record_score(p, languages[i]);
    const bool hate = p[0] >= o.hate_threshold;
    const bool harassment = o.harassment_threshold >= 0 && p[1] >= o.harassment_threshold;
    out += i ? ",{" : "{";
    out += "\"flagged\":";
    out += hate || harassment ? "true" : "false";
    std::string flags = "\"categories\":{", scores = "\"category_scores\":{", types = "\"category_applied_input_types\":{";
    for (std::size_t k = 0; k < categories.size(); ++k) {
      const auto name = categories[k];
      const char* sep = k ? "," : "";
      const bool is_hate = name == "hate", is_harassment = name == "harassment";
      flags += std::string(sep) + "\"" + std::string(name) + "\":" +
               ((is_hate && hate) || (is_harassment && harassment) ? "true" : "false");
      scores += std::string(sep) + "\"" + std::string(name) + "\":";
      append_json_number(scores, is_hate ? p[0] : is_harassment ? p[1] : 0.0);
      types += std::string(sep) + "\"" + std::string(name) + "\":" + (is_hate || is_harassment ? "[\"text\"]" : "[]");
    }
    out += "," + flags + "}," + scores + "}," + types + "}}";
  }
  out += "]}";
  return json_response(req, std::move(out));
}

} // namespace

void add_openai_routes(router& r, service& svc) {
  r.add_deferred(http::verb::post, "/v1/moderations",
                 [&svc](const string_request& req, const route_match& m, completion done) {
                   try {
                     done(nullptr, moderations(svc, req, m));
                   } catch (...) {
                     done(nullptr, envelope(std::current_exception()));
                   }
                 });
}

} // namespace hatewatch::daemon
