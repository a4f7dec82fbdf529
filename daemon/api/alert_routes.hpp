#pragma once
// The alert outbox, read-only (auth.read_tokens, like the comments API):
//
//   GET /v1/alerts?state=pending|delivered|dead&limit=&cursor=   newest first

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_alert_routes(router& r, service& svc);

} // namespace hatewatch::daemon
