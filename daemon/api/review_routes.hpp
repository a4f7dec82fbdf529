#pragma once
// Moderators' decisions (console.users, by bearer token):
//
//   POST /v1/comments/{id}/review   {"label": "hate speech" | "offensive language" | "neither" | null,
//                                    "note": "..."}: records a decision under the moderator's name
//                                   (null withdraws the current one); never touches the scores
//   GET  /v1/reviews?source=&moderator=&comment=&current=&since=&limit=&cursor=
//                                   the decisions, newest first, each with the model's own label
//                                   (read tokens or a moderator's token)

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_review_routes(router& r, service& svc);

} // namespace hatewatch::daemon
