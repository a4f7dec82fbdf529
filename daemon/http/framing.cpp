#include "daemon/http/framing.hpp"

#include "daemon/http/problem.hpp"

#include <string>

namespace hatewatch::daemon {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

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
    std::string_view list = f->value();
    while (!list.empty()) {
      const auto comma = list.find(',');
      const auto coding = trim(list.substr(0, comma));
      if (!coding.empty()) {
        ++codings;
        chunked_only = chunked_only && beast::iequals(coding, "chunked");
      }
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
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
