#pragma once
// Maps a request's method and path to its handler. Paths are exact ("/healthz") or end in a
// "{name}" segment that captures one path segment ("/webhooks/discourse/{source}").
//
// Thread safety: routes are added before the server starts; dispatch() is const and safe from any
// number of I/O threads at once.

#include "daemon/http/problem.hpp"
#include "daemon/net.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// What a handler gets besides the request: the path's captured segment, if the route has one.
struct route_match {
  std::string_view path;
  std::string_view query;
  std::string capture;
};

using handler = std::function<string_response(const string_request&, const route_match&)>;

class router {
public:
  /// Registers `h` for `method` on `pattern`. Adding the same method and pattern twice is a bug.
  void add(http::verb method, std::string pattern, handler h);

  /// Finds the handler and calls it. Throws http_error 404 for an unknown path and 405 (with Allow)
  /// for a known path with another method; whatever the handler throws passes through.
  string_response dispatch(const string_request& req) const;

private:
  struct route {
    std::string prefix; // the pattern, without a trailing "{name}"
    bool captures = false;
    std::map<http::verb, handler> handlers;
  };
  const route* find(std::string_view path, std::string& capture) const;

  std::vector<route> routes_;
};

} // namespace hatewatch::daemon
