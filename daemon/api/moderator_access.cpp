#include "daemon/api/moderator_access.hpp"

#include "daemon/api/request_checks.hpp"

namespace hatewatch::daemon {
namespace {

const moderator_config* find_moderator(const api_settings& settings, std::string_view token) {
  const moderator_config* found = nullptr;
  for (const auto& m : settings.console.users) // no early exit: every token is compared
    if (!m.token.empty() && constant_time_equal(token, m.token))
      found = &m;
  return found;
}

bool has_bearer(const string_request& req) { return req.find(http::field::authorization) != req.end(); }

bool changes_state(const string_request& req) {
  const auto m = req.method();
  return m != http::verb::get && m != http::verb::head && m != http::verb::options;
}

void require_csrf(const string_request& req, const console_session& s) {
  if (!changes_state(req))
    return;
  const auto it = req.find("X-CSRF-Token");
  if (it == req.end() || !constant_time_equal(it->value(), s.csrf))
    throw http_error(http::status::forbidden, "the X-CSRF-Token header is missing or not this session's");
}

} // namespace

const moderator_config* find_moderator_named(const api_settings& settings, std::string_view name) {
  for (const auto& m : settings.console.users)
    if (m.name == name)
      return &m;
  return nullptr;
}

std::string_view cookie_value(const string_request& req, std::string_view name) {
  const auto [first, last] = req.equal_range(http::field::cookie);
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->value();
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      auto pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ')
        pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name)
        return pair.substr(eq + 1);
    }
  }
  return {};
}

std::optional<console_session> session_of(service& svc, const api_settings& settings, const string_request& req) {
  const auto token = cookie_value(req, session_cookie);
  if (token.empty())
    return std::nullopt;
  auto s = svc.sessions().find(token);
  if (!s)
    return std::nullopt;
  const auto* m = find_moderator_named(settings, s->user);
  if (m && !m->password.empty() && m->password == s->credential)
    return s;
  return std::nullopt; // removed, or the password changed, at a reload
}

void require_reader(service& svc, const api_settings& settings, const string_request& req) {
  if (settings.auth.read_tokens.empty() && settings.console.users.empty())
    throw http_error(http::status::forbidden,
                     "the comments API is closed: set auth.read_tokens (or console.users) to open it");
  if (!has_bearer(req))
    if (const auto s = session_of(svc, settings, req))
      return require_csrf(req, *s);
  const auto token = bearer_token(req);
  bool match = find_moderator(settings, token) != nullptr;
  for (const auto& t : settings.auth.read_tokens)
    match |= constant_time_equal(token, t);
  if (!match)
    throw http_error(http::status::unauthorized, "the bearer token is not valid",
                     {{http::field::www_authenticate, "Bearer"}});
}

std::string require_moderator(service& svc, const api_settings& settings, const string_request& req) {
  if (settings.console.users.empty())
    throw http_error(http::status::forbidden, "reviews are closed: add moderators under console.users");
  if (!has_bearer(req))
    if (const auto s = session_of(svc, settings, req)) {
      require_csrf(req, *s);
      return s->user;
    }
  const auto* m = find_moderator(settings, bearer_token(req));
  if (!m)
    throw http_error(http::status::unauthorized, "the bearer token is not a moderator's",
                     {{http::field::www_authenticate, "Bearer"}});
  return m->name;
}

std::string require_promoter(service& svc, const api_settings& settings, const string_request& req) {
  auto name = require_moderator(svc, settings, req);
  if (const auto* m = find_moderator_named(settings, name); m && m->promote)
    return name;
  throw http_error(http::status::forbidden,
                   "moderator '" + name + "' may not promote models (console.users[].promote: true allows it)");
}

} // namespace hatewatch::daemon
