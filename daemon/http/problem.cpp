#include "daemon/http/problem.hpp"

#include "daemon/base/json_text.hpp"

namespace hatewatch::daemon {

string_response make_problem(http::status status, const std::string& detail, unsigned version, bool keep_alive) {
  std::string body = R"({"type":"about:blank","title":)";
  append_json_string(body, http::obsolete_reason(status));
  body += ",\"status\":" + std::to_string(static_cast<unsigned>(status)) + ",\"detail\":";
  append_json_string(body, detail); // it may quote a request's bytes: invalid UTF-8 becomes U+FFFD
  body += '}';

  string_response res{status, version};
  res.set(http::field::content_type, "application/problem+json");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

string_response make_problem(const http_error& error, unsigned version, bool keep_alive) {
  auto res = make_problem(error.status(), error.what(), version, keep_alive);
  for (const auto& [field, value] : error.headers())
    res.set(field, value);
  return res;
}

} // namespace hatewatch::daemon
