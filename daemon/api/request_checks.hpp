#pragma once
// Checks shared by the API handlers; each throws http_error with the status the issue names.

#include "daemon/api/service.hpp"
#include "daemon/http/router.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// 411 without a Content-Length (or chunked body), 415 unless the body is application/json,
/// 400 for malformed JSON or a body that is not an object. Returns the object.
boost::json::object parse_json_body(const string_request& req);

/// The token of `Authorization: Bearer <token>`; 401 (with WWW-Authenticate) without one.
std::string_view bearer_token(const string_request& req);

/// 401 (with WWW-Authenticate) unless `Authorization: Bearer <token>` names one of `tokens`;
/// nothing when `tokens` is empty. Tokens are compared in constant time and never logged.
void require_bearer(const string_request& req, const std::vector<std::string>& tokens);

/// 429 with Retry-After when the client has used up its rate.
void require_rate(service& svc, std::string_view client, const rate_limit_config& limit);

/// The value of `name` in a query string ("a=1&b=2"), or empty.
std::string_view query_param(std::string_view query, std::string_view name);

/// A query value with its %XX escapes decoded; 400 for malformed escapes and for %00.
std::string percent_decoded(std::string_view raw);

/// A whole number written in full ("42"), or nothing.
std::optional<std::int64_t> parse_whole(std::string_view text);

/// The query parameter `name` as a whole number from `min` to `max`, `fallback` when absent; 400
/// ("limit must be a whole number from 1 to 500") otherwise.
std::int64_t whole_param(std::string_view query, std::string_view name, std::int64_t fallback, std::int64_t min,
                         std::int64_t max);

/// The paging and time parameters every list takes: `since` (RFC 3339), `limit` (1-500, default
/// 50) and `cursor` (a previous page's next_cursor: only ids below it). 400 for a bad one.
struct page_params {
  std::optional<std::int64_t> since; // ms
  std::optional<std::int64_t> before_id;
  std::uint32_t limit = 50;
};
page_params parse_page(std::string_view query);

/// True for "true" and "1".
bool query_flag(std::string_view query, std::string_view name);

/// Equality that takes the same time wherever the first difference is.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

/// A JSON response with the given body.
string_response json_response(const string_request& req, std::string body, http::status status = http::status::ok);
/// The same for an answer made after the request is gone (`version`: the request's HTTP version).
string_response json_response(unsigned version, std::string body, http::status status = http::status::ok);

} // namespace hatewatch::daemon
