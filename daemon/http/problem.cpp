#include "daemon/http/problem.hpp"

#include "core/utf8.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace hatewatch::daemon {

string_response make_problem(http::status status, const std::string& detail, unsigned version, bool keep_alive) {
  boost::json::object body;
  body["type"] = "about:blank";
  body["title"] = std::string(http::obsolete_reason(status));
  body["status"] = static_cast<unsigned>(status);
  body["detail"] = core::utf8::sanitize(detail); // it may quote a request's bytes

  string_response res{status, version};
  res.set(http::field::content_type, "application/problem+json");
  res.keep_alive(keep_alive);
  res.body() = boost::json::serialize(body);
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
