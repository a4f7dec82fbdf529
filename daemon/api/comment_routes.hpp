#pragma once
// The read API over stored comments (auth.read_tokens; closed when none is configured).
//
//   GET /v1/comments?source=&flagged=&since=&limit=&cursor=   newest first, with the latest score
//   GET /v1/comments/{id}                                      one comment with all its scores

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_comment_routes(router& r, service& svc);

} // namespace hatewatch::daemon
