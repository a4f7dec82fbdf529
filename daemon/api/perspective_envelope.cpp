#include "daemon/api/perspective_envelope.hpp"

#include "daemon/base/json_text.hpp"
#include "daemon/http/error_answer.hpp"

namespace hatewatch::daemon::perspective {
namespace {

const char* status_name(int code) {
  switch (code) {
  case 400:
  case 411:
  case 413:
  case 415:
    return "INVALID_ARGUMENT";
  case 401:
    return "UNAUTHENTICATED";
  case 403:
    return "PERMISSION_DENIED";
  case 404:
    return "NOT_FOUND";
  case 405:
    return "UNIMPLEMENTED";
  case 429:
    return "RESOURCE_EXHAUSTED";
  case 503:
    return "UNAVAILABLE";
  default:
    return "INTERNAL";
  }
}

} // namespace

google_error invalid(std::string message, std::string error_type) {
  return google_error({400, "INVALID_ARGUMENT", std::move(message), std::move(error_type), {}});
}

// The one catch of these routes: every error becomes Google's envelope.
string_response envelope(std::exception_ptr e) {
  google_status g;
  try {
    std::rethrow_exception(e);
  } catch (const google_error& ge) {
    g = ge.status;
  } catch (...) {
    auto a = answer_for(std::current_exception(), "Perspective");
    g = {static_cast<int>(a.status), status_name(static_cast<int>(a.status)), std::move(a.detail), "",
         std::move(a.headers)};
  }
  std::string out = "{\"error\":{\"code\":" + std::to_string(g.code) + ",\"message\":";
  append_json_string(out, g.message);
  out += ",\"status\":\"" + g.status + "\"";
  if (!g.error_type.empty())
    out += ",\"details\":[{\"@type\":\"type.googleapis.com/google.commentanalyzer.v1alpha1.Error\",\"errorType\":\"" +
           g.error_type + "\"}]";
  out += "}}";
  string_response res{static_cast<http::status>(g.code), 11};
  res.set(http::field::content_type, "application/json; charset=UTF-8");
  for (const auto& [name, value] : g.headers)
    res.set(name, value);
  res.body() = std::move(out);
  res.prepare_payload();
  return res;
}

string_response json_answer(std::string body) {
  string_response res{http::status::ok, 11};
  res.set(http::field::content_type, "application/json; charset=UTF-8");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

} // namespace hatewatch::daemon::perspective
