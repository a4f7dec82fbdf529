#pragma once
// The alert outbox: read with auth.read_tokens (like the comments API), and dead alerts made due
// again by a moderator once their cause is fixed:
//
//   GET  /v1/alerts?state=pending|delivered|dead&limit=&cursor=   newest first
//   POST /v1/alerts/retry  {"id": N} | {"channel": "slack"} | {}   dead ones pending again: {"retried": N}

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_alert_routes(router& r, service& svc);

} // namespace hatewatch::daemon
