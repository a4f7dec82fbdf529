#include "daemon/api/moderator_access.hpp"

#include "daemon/api/request_checks.hpp"

namespace hatewatch::daemon {
namespace {

const moderator_config* find_moderator(const api_settings& settings, std::string_view token) {
  const moderator_config* found = nullptr;
  for (const auto& m : settings.console.users) // no early exit: every token is compared
    if (constant_time_equal(token, m.token))
      found = &m;
  return found;
}

} // namespace

void require_reader(const api_settings& settings, const string_request& req) {
  if (settings.auth.read_tokens.empty() && settings.console.users.empty())
    throw http_error(http::status::forbidden,
                     "the comments API is closed: set auth.read_tokens (or console.users) to open it");
  const auto token = bearer_token(req);
  bool match = find_moderator(settings, token) != nullptr;
  for (const auto& t : settings.auth.read_tokens)
    match |= constant_time_equal(token, t);
  if (!match)
    throw http_error(http::status::unauthorized, "the bearer token is not valid",
                     {{http::field::www_authenticate, "Bearer"}});
}

const moderator_config& require_moderator(const api_settings& settings, const string_request& req) {
  if (settings.console.users.empty())
    throw http_error(http::status::forbidden, "reviews are closed: add moderators under console.users");
  const auto* m = find_moderator(settings, bearer_token(req));
  if (!m)
    throw http_error(http::status::unauthorized, "the bearer token is not a moderator's",
                     {{http::field::www_authenticate, "Bearer"}});
  return *m;
}

} // namespace hatewatch::daemon
