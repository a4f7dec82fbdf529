#pragma once
// The one classification of what a route throws, whichever envelope carries the answer
// (problem+json in the session, Google's for Perspective, OpenAI's for moderations): each envelope
// only writes this in its own shape, after its own typed error.

#include "daemon/base/net.hpp"

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hatewatch::daemon {

struct error_answer {
  http::status status = http::status::internal_server_error;
  std::string detail = "internal error"; // shown to the client: never a secret
  std::vector<std::pair<http::field, std::string>> headers;
};

/// http_error: its status, detail and headers. intake_error: 400, or 413 when too large (logged,
/// rate-limited: a comment that was neither scored nor stored). unavailable_error (storage, no
/// model): 503 "unavailable, retry later: ..." with Retry-After, logged. Anything else is a defect:
/// 500 "internal error", logged with `where` (a route or an API's name) to find it by.
error_answer answer_for(const std::exception_ptr& error, std::string_view where);

} // namespace hatewatch::daemon
