#pragma once
// The read API over stored comments (auth.read_tokens or a moderator's token; closed when neither
// is configured).
//
//   GET /v1/comments?source=&flagged=&unsupported=&reviewed=&label=&since=&until=&min_score=&q=&limit=&cursor=
//                            newest first, with the latest score and the current decision
//   GET /v1/comments/{id}    one comment with all its scores and every decision on it

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_comment_routes(router& r, service& svc);

} // namespace hatewatch::daemon
