#pragma once
// Who may read stored comments and who may decide on them: the read tokens (auth.read_tokens) read;
// moderators (console.users) read and decide, under their own name, with their bearer token or
// with the console's session cookie. A request that carries the cookie and changes state must also
// carry the session's CSRF token in X-CSRF-Token; a bearer token needs none (a browser never sends
// one by itself).

#include "daemon/api/console_sessions.hpp"
#include "daemon/api/service.hpp"
#include "daemon/http/router.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hatewatch::daemon {

/// The name of the console's session cookie.
inline constexpr std::string_view session_cookie = "hatewatch_session";

/// The moderator called `name` in console.users, or nullptr.
const moderator_config* find_moderator_named(const api_settings& settings, std::string_view name);

/// The value of cookie `name` in the request's Cookie headers, or empty.
std::string_view cookie_value(const string_request& req, std::string_view name);

/// The live console session of the request's cookie whose moderator is still configured with the
/// password it logged in with, or nothing.
std::optional<console_session> session_of(service& svc, const api_settings& settings, const string_request& req);

/// 403 when neither read tokens nor moderators are configured (stored texts are never open to
/// all); 401 unless the request bears a read token or a moderator's token, or has a console session.
void require_reader(service& svc, const api_settings& settings, const string_request& req);

/// The name of the moderator making the request: 403 without moderators, 401 for another token or
/// without a session, 403 for a state change by session without the right X-CSRF-Token. Every
/// moderator's token is compared, in constant time.
std::string require_moderator(service& svc, const api_settings& settings, const string_request& req);

/// require_moderator() for a moderator allowed to promote models (console.users[].promote); 403
/// for the others.
std::string require_promoter(service& svc, const api_settings& settings, const string_request& req);

} // namespace hatewatch::daemon
