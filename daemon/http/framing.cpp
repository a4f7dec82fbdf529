#include "daemon/http/framing.hpp"

#include "core/text_list.hpp"
#include "daemon/http/problem.hpp"

#include <string>

namespace hatewatch::daemon {
namespace {

string_response bad(const std::string& why, unsigned version) {
  return make_problem(http::status::bad_request, why, version, false);
}

} // namespace

std::optional<string_response> framing_problem(const http::request_header<>& req) {
  const auto version = req.version();
  const auto hosts = req.count(http::field::host);
  if (version >= 11 ? hosts != 1 : hosts > 1)
    return bad("a request needs exactly one Host header field (RFC 9112, section 3.2)", version);

  // Every coding listed, over all Transfer-Encoding fields, in order.
  std::size_t codings = 0;
  bool chunked_only = true;
  const auto [first, last] = req.equal_range(http::field::transfer_encoding);
  for (auto f = first; f != last; ++f) {
    core::for_each_list_item(f->value(), " \t", [&](std::string_view coding) { // OWS: spaces and tabs
      if (!coding.empty()) {
        ++codings;
        chunked_only = chunked_only && beast::iequals(coding, "chunked");
      }
    });
  }
  if (req.count(http::field::transfer_encoding) == 0)
    return std::nullopt;
  if (req.count(http::field::content_length) > 0)
    return bad("Transfer-Encoding and Content-Length together (RFC 9112, section 6.3)", version);
  if (codings != 1 || !chunked_only)
    return bad("the only transfer coding accepted is chunked, alone; got '" +
                   std::string(req[http::field::transfer_encoding]) + "'",
               version);
  return std::nullopt;
}

} // namespace hatewatch::daemon
