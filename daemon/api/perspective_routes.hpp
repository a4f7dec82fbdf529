#pragma once
// A stand-in for Google's Perspective API, so that callers (Coral's "Custom endpoint", scripts)
// switch by changing a base URL. Request and answer shapes: ../shared/docs/integrations.md, section 1.
//
//   POST /v1alpha1/comments:analyze?key=KEY        scores: TOXICITY, SEVERE_TOXICITY, IDENTITY_ATTACK,
//                                                  HATE_SPEECH, OFFENSIVE_LANGUAGE
//   POST /v1alpha1/comments:suggestscore?key=KEY   moderator feedback, kept for retraining
//
// Errors use Google's envelope {"error": {"code", "message", "status", "details": [{"errorType"}]}},
// never problem+json: Perspective clients parse that shape.

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_perspective_routes(router& r, service& svc);

} // namespace hatewatch::daemon
