#pragma once
// Webhook intake: every delivery is verified, parsed, scored and committed before its 2xx.
//
//   POST /webhooks/discourse/{source}   Discourse post events (ping, post_created, post_edited)
//   POST /webhooks/generic/{source}     one comment or an array of them
//
// Statuses: 200 once stored (or recognised as a duplicate, skipped or ignored), 400 malformed,
// 401 bad or missing signature, 404 unknown source, 413 too big, 503 storage unavailable (the
// forum retries), each with nothing stored.

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_webhook_routes(router& r, service& svc);

} // namespace hatewatch::daemon
