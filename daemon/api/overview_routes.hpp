#pragma once
// The console's overview (read tokens, moderators' tokens and console sessions):
//
//   GET /v1/overview?days=14&source=   comments, flags and decisions per UTC day and source over
//                                      the last `days` days (1-366), the share of flagged comments
//                                      decided on, the model's top class against moderators'
//                                      labels, and the alerts of those comments by channel and state

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_overview_routes(router& r, service& svc);

} // namespace hatewatch::daemon
