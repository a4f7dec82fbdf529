#pragma once
// The moderator console: its embedded files under /console/, with a strict Content-Security-Policy,
// and its login, logout and session endpoints. The console's pages call the same JSON API as any
// client (/v1/comments, /v1/reviews, ...), with the session cookie and its CSRF token.

#include "daemon/api/service.hpp"
#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

/// The headers every console file is sent with: the CSP allows this origin's scripts, styles and
/// fetches only (no inline script or style, no frames, no forms to elsewhere).
void set_console_headers(string_response& res);

void add_console_routes(router& r, service& svc);

} // namespace hatewatch::daemon
