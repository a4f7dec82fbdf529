#pragma once
// The HTTP API: which route does what.
//
//   GET  /            index: the endpoints and the model version
//   GET  /healthz     alive
//   GET  /readyz      200 when a model is loaded, storage writes and the server is not draining, else
//                     503; "status":"degraded" with "faults" when the alert dispatcher or a poller fails
//   GET  /metrics     Prometheus text (ops token, if configured)
//   POST /predict     {"text"} -> {"hate speech", "offensive language", "neither"} (?explain=true)
//   POST /v1/score    {"comments": [{"id", "text"}]} -> {"results": [...]} (?explain=true)

#include "daemon/http/router.hpp"

#include <memory>

namespace hatewatch::daemon {

class service;

/// The routes, bound to `svc` (which must outlive the router's use); also names them in svc's
/// metrics and reports each answer there.
std::shared_ptr<router> make_api_routes(service& svc);

} // namespace hatewatch::daemon
