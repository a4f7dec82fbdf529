#pragma once
// RFC 9457 problem details: the one shape every HTTP error of the daemon takes.

#include "daemon/base/net.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hatewatch::daemon {

/// Thrown by a request handler to answer with an error status; the session's one catch turns it into
/// an application/problem+json response. `detail` is shown to the client: never put secrets in it.
class http_error : public std::runtime_error {
public:
  http_error(http::status status, std::string detail, std::vector<std::pair<http::field, std::string>> headers = {})
      : std::runtime_error(std::move(detail)), status_(status), headers_(std::move(headers)) {}

  http::status status() const noexcept { return status_; }
  const std::vector<std::pair<http::field, std::string>>& headers() const noexcept { return headers_; }

private:
  http::status status_;
  std::vector<std::pair<http::field, std::string>> headers_;
};

/// A problem+json response: {"type":"about:blank","title":<reason>,"status":<code>,"detail":<detail>}.
string_response make_problem(http::status status, const std::string& detail, unsigned version, bool keep_alive);

/// The same, built from a caught http_error (with its extra headers).
string_response make_problem(const http_error& error, unsigned version, bool keep_alive);

} // namespace hatewatch::daemon
