#pragma once
// Checks of a request's header that decide whether its body can be framed at all (RFC 9112), made
// before the body is read: exactly one Host; Transfer-Encoding, if any, is "chunked" alone and
// never beside Content-Length. A failing request is answered 400 and the connection closed, since
// what follows it on the stream cannot be trusted.

#include "daemon/base/net.hpp"

#include <optional>

namespace hatewatch::daemon {

/// The answer to give instead of reading the body, or nothing when the header is sound.
std::optional<string_response> framing_problem(const http::request_header<>& req);

} // namespace hatewatch::daemon
