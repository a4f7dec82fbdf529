#include "daemon/api/request_checks.hpp"

#include "daemon/base/clock.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <openssl/crypto.h>

#include <charconv>

namespace hatewatch::daemon {

boost::json::object parse_json_body(const string_request& req) {
  if (!req.has_content_length() && !req.chunked())
    throw http_error(http::status::length_required, "a request body with Content-Length is required");
  const std::string_view type = req[http::field::content_type];
  const auto media = type.substr(0, type.find(';'));
  auto lower_equal = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size())
      return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) != b[i])
        return false;
    return true;
  };
  auto trimmed = media;
  while (!trimmed.empty() && trimmed.back() == ' ')
    trimmed.remove_suffix(1);
  if (!lower_equal(trimmed, "application/json"))
    throw http_error(http::status::unsupported_media_type,
                     "the body must be application/json, not '" + std::string(type.substr(0, 100)) + "'");
  boost::system::error_code ec;
  auto value = boost::json::parse(req.body(), ec);
  if (ec)
    throw http_error(http::status::bad_request, "malformed JSON: " + ec.message());
  if (!value.is_object())
    throw http_error(http::status::bad_request, "the body must be a JSON object");
  return std::move(value.as_object());
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view bearer_token(const string_request& req) {
  const std::string_view header = req[http::field::authorization];
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size() || !std::equal(scheme.begin(), scheme.end(), header.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
      }))
    throw http_error(http::status::unauthorized, "an Authorization: Bearer token is required",
                     {{http::field::www_authenticate, "Bearer"}});
  return header.substr(scheme.size());
}

void require_bearer(const string_request& req, const std::vector<std::string>& tokens) {
  if (tokens.empty())
    return;
  const auto presented = bearer_token(req);
  bool match = false;
  for (const auto& t : tokens)
    match |= constant_time_equal(presented, t); // no early exit: every token is compared
  if (!match)
    throw http_error(http::status::unauthorized, "the bearer token is not valid",
                     {{http::field::www_authenticate, "Bearer"}});
}

void require_rate(service& svc, std::string_view client, const rate_limit_config& limit) {
  if (const auto wait = svc.limiter().allow(client, limit))
    throw http_error(http::status::too_many_requests, "rate limit exceeded; retry in " + std::to_string(wait) + " s",
                     {{http::field::retry_after, std::to_string(wait)}});
}

std::string_view query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos)
      break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::string percent_decoded(std::string_view raw) {
  const auto checked = boost::urls::make_pct_string_view(raw);
  if (!checked)
    throw http_error(http::status::bad_request, "malformed percent-encoding in the query string");
  auto out = checked->decode();
  if (out.find('\0') != std::string::npos) // nothing stored holds one (core::utf8::storable)
    throw http_error(http::status::bad_request, "a query value may not hold %00 (NUL)");
  return out;
}

std::optional<std::int64_t> parse_whole(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return v;
}

std::int64_t whole_param(std::string_view query, std::string_view name, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) {
  const auto text = query_param(query, name);
  if (text.empty())
    return fallback;
  const auto n = parse_whole(text);
  if (!n || *n < min || *n > max)
    throw http_error(http::status::bad_request, std::string(name) + " must be a whole number from " + std::to_string(min) +
                                                    " to " + std::to_string(max));
  return *n;
}

page_params parse_page(std::string_view query) {
  page_params p;
  if (const auto since = query_param(query, "since"); !since.empty()) {
    p.since = store::parse_rfc3339(percent_decoded(since));
    if (!p.since)
      throw http_error(http::status::bad_request, "since must be an RFC 3339 time such as 2026-11-27T10:00:00Z");
  }
  p.limit = static_cast<std::uint32_t>(whole_param(query, "limit", p.limit, 1, 500));
  if (const auto cursor = query_param(query, "cursor"); !cursor.empty()) {
    const auto n = parse_whole(cursor);
    if (!n || *n < 1)
      throw http_error(http::status::bad_request, "cursor must be the next_cursor of a previous page");
    p.before_id = *n;
  }
  return p;
}

bool query_flag(std::string_view query, std::string_view name) {
  const auto v = query_param(query, name);
  return v == "true" || v == "1";
}

string_response json_response(const string_request& req, std::string body, http::status status) {
  return json_response(req.version(), std::move(body), status);
}

string_response json_response(unsigned version, std::string body, http::status status) {
  string_response res{status, version};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

} // namespace hatewatch::daemon
