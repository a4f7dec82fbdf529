#pragma once
// The live model, its candidates and promotions (the console's Models page):
//
//   GET  /v1/models              the live model, the previous one (for a rollback), the candidates in
//                                model.candidates and the promotions made so far (readers)
//   POST /v1/models/evaluate     {"candidate": "file.hwm", "reviews_from"?, "source"?}: the candidate
//                                against the live model on moderators' decisions (moderators)
//   POST /v1/models/promote      {"candidate", "reviews_from"?, "source"?, "note"?}: evaluates, puts the
//                                candidate in place of model.path (the live one kept as previous),
//                                reloads, records it (moderators with promote: true)
//   POST /v1/models/rollback     {"note"?}: exchanges the live model with the previous one, reloads,
//                                records it (moderators with promote: true)
//
// Promotions and rollbacks run one at a time (409 while one is under way), on a store reader thread.

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_model_routes(router& r, service& svc);

} // namespace hatewatch::daemon
