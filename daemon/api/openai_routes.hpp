#pragma once
// The OpenAI moderation shape, for tools that speak it (set the client's base URL to hatewatch):
//
//   POST /v1/moderations   {"input": "text" | ["text", ...], "model"?} ->
//                          {"id", "model", "results": [{"flagged", "categories", "category_scores",
//                           "category_applied_input_types"}]}, one result per input, in order
//
// "hate" is the hate-speech probability, "harassment" the offensive-language one; the other
// categories hatewatch does not judge are present with score 0 and false. Errors use OpenAI's
// envelope {"error": {"message", "type", "param", "code"}}.

#include "daemon/http/router.hpp"

namespace hatewatch::daemon {

class service;

void add_openai_routes(router& r, service& svc);

} // namespace hatewatch::daemon
