#include "daemon/api/console_routes.hpp"

#include "daemon/api/moderator_access.hpp"
#include "daemon/api/request_checks.hpp"
#include "daemon/console/assets.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/models/score_json.hpp"
#include "daemon/base/clock.hpp"
#include "core/utf8.hpp"

#include <chrono>

namespace hatewatch::daemon {
namespace {

constexpr std::size_t max_password_bytes = 1024;

string_response asset_response(const string_request& req, std::string_view name) {
  const auto* a = console::find_asset(name);
  if (!a)
    throw http_error(http::status::not_found, "the console has no file '" + core::utf8::prefix(name, 64) + "'");
  const auto match = req.find(http::field::if_none_match);
  const bool fresh = match != req.end() && match->value() == a->etag;
  string_response res{fresh ? http::status::not_modified : http::status::ok, req.version()};
  set_console_headers(res);
  res.set(http::field::etag, a->etag);
  res.set(http::field::cache_control, "no-cache"); // revalidated each time: a new binary serves new files
  if (!fresh) {
    res.set(http::field::content_type, a->content_type);
    res.body() = std::string(a->body);
  }
  res.prepare_payload();
  return res;
}

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// The session as the console needs it: who, the CSRF token, until when, and the configured sources
// (for its filters).
std::string session_json(const console_session& s, const api_settings& settings) {
  std::string out = "{\"name\":";
  append_json_string(out, s.user);
  out += ",\"csrf\":";
  append_json_string(out, s.csrf);
  out += ",\"expires_at\":";
  append_time(out, epoch_ms(s.expires));
  const auto* m = find_moderator_named(settings, s.user);
  out += m && m->promote ? ",\"promote\":true" : ",\"promote\":false";
  out += ",\"sources\":[";
  for (std::size_t i = 0; i < settings.sources.size(); ++i) {
    if (i)
      out += ',';
    append_json_string(out, settings.sources[i].name);
  }
  out += "]}";
  return out;
}

// Secure when the console is reached over TLS: its public address is https, or a trusted proxy in
// front says so (server.trusted_proxies; the session believes X-Forwarded-Proto from no one else).
bool over_tls(const api_settings& settings, const route_match& match) {
  return settings.console.public_url.starts_with("https://") || match.https;
}

std::string cookie(std::string_view value, std::int64_t max_age_seconds, bool secure) {
  std::string out = std::string(session_cookie) + "=" + std::string(value) +
                    "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
  if (secure)
    out += "; Secure";
  return out;
}

std::string string_member(const boost::json::object& body, std::string_view name, std::size_t max_bytes) {
  const auto* v = body.if_contains(name);
  if (!v || !v->is_string() || v->as_string().empty())
    throw http_error(http::status::bad_request, "\"" + std::string(name) + "\" must be a non-empty string");
  if (v->as_string().size() > max_bytes)
    throw http_error(http::status::bad_request,
                     "\"" + std::string(name) + "\" is longer than " + std::to_string(max_bytes) + " bytes");
  return std::string(v->as_string());
}

void login(service& svc, const string_request& req, const route_match& match, completion done) {
  const auto settings = svc.settings();
  const auto body = parse_json_body(req);
  const auto name = string_member(body, "name", 64);
  auto password = string_member(body, "password", max_password_bytes);
  const std::string client(match.client);
  if (const auto wait = svc.logins().wait_seconds(client, name))
    throw http_error(http::status::too_many_requests, "too many failed logins; try again in " +
                                                          std::to_string(wait) + " seconds",
                     {{http::field::retry_after, std::to_string(wait)}});
  const auto* m = find_moderator_named(*settings, name);
  std::string hash = m ? m->password : std::string(); // none: checked against a decoy, refused
  const bool tls = over_tls(*settings, match);
  const auto version = req.version();
  svc.passwords().check(
      std::move(password), hash,
      [&svc, settings, name, client, hash, tls, version, done](std::optional<bool> ok) {
        auto log = get_logger("console");
        if (!ok)
          return done(std::make_exception_ptr(unavailable_error("the password could not be checked")), {});
        if (!*ok) {
          svc.logins().record_failure(client, name);
          log->warn("failed console login for '{}' from {}", name, client);
          return done(std::make_exception_ptr(
                          http_error(http::status::unauthorized, "the name or the password is wrong")),
                      {});
        }
        svc.logins().record_success(client);
        auto opened = svc.sessions().open(name, hash, settings->console.session_lifetime);
        log->info("console login for '{}' from {}", name, client);
        auto res = json_response(version, session_json(opened.session, *settings));
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(settings->console.session_lifetime);
        res.set(http::field::set_cookie, cookie(opened.token, seconds.count(), tls));
        res.set(http::field::cache_control, "no-store");
        done(nullptr, std::move(res));
      });
}

} // namespace

void set_console_headers(string_response& res) {
  res.set("Content-Security-Policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
}

void add_console_routes(router& r, service& svc) {
  r.add(http::verb::get, "/console", [](const string_request& req, const route_match&) {
    string_response res{http::status::permanent_redirect, req.version()};
    res.set(http::field::location, "/console/");
    res.prepare_payload();
    return res;
  });
  r.add(http::verb::get, "/console/",
        [](const string_request& req, const route_match&) { return asset_response(req, "index.html"); });
  r.add_deferred(http::verb::post, "/console/login",
                 [&svc](const string_request& req, const route_match& m, completion done) {
                   if (svc.settings()->console.users.empty())
                     throw http_error(http::status::forbidden, "the console is closed: add moderators under console.users");
                   login(svc, req, m, std::move(done));
                 });
  r.add(http::verb::get, "/console/session", [&svc](const string_request& req, const route_match&) {
    const auto settings = svc.settings();
    const auto s = session_of(svc, *settings, req);
    if (!s)
      throw http_error(http::status::unauthorized, "not logged in");
    auto res = json_response(req, session_json(*s, *settings));
    res.set(http::field::cache_control, "no-store");
    return res;
  });
  r.add(http::verb::post, "/console/logout", [&svc](const string_request& req, const route_match& match) {
    const auto settings = svc.settings();
    require_moderator(svc, *settings, req); // the session, and its CSRF token
    svc.sessions().close(cookie_value(req, session_cookie));
    string_response res{http::status::no_content, req.version()};
    res.set(http::field::set_cookie, cookie("", 0, over_tls(*settings, match)));
    res.prepare_payload();
    return res;
  });
  // After the exact paths above, which it would otherwise shadow.
  r.add(http::verb::get, "/console/{file}",
        [](const string_request& req, const route_match& m) { return asset_response(req, m.capture); });
}

} // namespace hatewatch::daemon
