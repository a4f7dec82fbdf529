#pragma once
// Perspective's error boundary: every error of its routes (a refused request, a daemon error, the
// store unavailable, a defect) answered in Google's envelope,
//   {"error":{"code":400,"message":...,"status":"INVALID_ARGUMENT","details":[{"errorType":...}]}}
// as Perspective's clients (Coral) read it; ../shared/docs/integrations.md has the format.

#include "daemon/base/net.hpp"
#include "daemon/http/router.hpp"

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hatewatch::daemon::perspective {

/// An error as Google's APIs report it.
struct google_status {
  int code = 400;
  std::string status = "INVALID_ARGUMENT";
  std::string message;
  std::string error_type; // empty: no details
  std::vector<std::pair<http::field, std::string>> headers;
};

/// A google_status thrown; a std::exception (what() is its message), so that if one ever escaped
/// these routes the session's catch would still log it.
struct google_error : std::runtime_error {
  explicit google_error(google_status s) : std::runtime_error(s.message), status(std::move(s)) {}
  google_status status;
};

/// 400 INVALID_ARGUMENT with Perspective's error type (INVALID_REQUEST, COMMENT_EMPTY ...).
google_error invalid(std::string message, std::string error_type = "INVALID_REQUEST");

/// The one catch of these routes: the error `e` as Google's envelope.
string_response envelope(std::exception_ptr e);

/// 200 with a JSON body, as Google's APIs answer.
string_response json_answer(std::string body);

// Runs a handler with its errors answered in Google's envelope.
template <typename F>
deferred_handler google_style(F f) {
  return [f](const string_request& req, const route_match& match, completion done) {
    try {
      f(req, match, done);
    } catch (...) {
      done(nullptr, envelope(std::current_exception()));
    }
  };
}

} // namespace hatewatch::daemon::perspective
