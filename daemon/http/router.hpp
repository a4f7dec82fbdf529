#pragma once
// Maps a request's method and path to its handler. Paths are exact ("/healthz") or have one
// "{name}" segment that captures one path segment ("/webhooks/discourse/{source}",
// "/v1/comments/{id}/review").
//
// Thread safety: routes are added before the server starts; dispatch() is const and safe from any
// number of I/O threads at once.

#include "daemon/http/problem.hpp"
#include "daemon/base/net.hpp"

#include <chrono>
#include <functional>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// What a handler gets besides the request: the path's captured segment, if the route has one,
/// and the client's address.
struct route_match {
  std::string_view path;
  std::string_view query;
  std::string capture;
  std::string_view client; // the peer, or the client a trusted proxy names (server.trusted_proxies)
  /// A trusted proxy says the client reached it over TLS (X-Forwarded-Proto: https).
  bool https = false;
  /// The matched route's id (see router::route_names); 0 when nothing matched.
  std::size_t route = 0;
};

using handler = std::function<string_response(const string_request&, const route_match&)>;

/// Finishes an answer: called exactly once, from any thread, with either an error (the session's one
/// catch turns it into problem+json) or the response.
using completion = std::function<void(std::exception_ptr, string_response)>;

/// A handler whose answer comes later (after a database commit, say). It must copy from the request
/// and the match what it needs before it returns, and call `done` exactly once; what it throws
/// before returning is answered as if passed to `done`.
using deferred_handler = std::function<void(const string_request&, const route_match&, completion done)>;

class router {
public:
  /// Registers `h` for `method` on `pattern`. Adding the same method and pattern twice is a bug.
  void add(http::verb method, std::string pattern, handler h);
  void add_deferred(http::verb method, std::string pattern, deferred_handler h);

  /// Finds the handler and calls it. Throws http_error 404 for an unknown path and 405 (with Allow)
  /// for a known path with another method; whatever the handler throws passes through. `match`
  /// tells the caller which route it was, even when the handler threw.
  /// Answers through `done`, at once for plain handlers and errors, later for deferred ones.
  void dispatch(const string_request& req, route_match& match, completion done) const;

  /// For tests and plain handlers: dispatch() that returns the answer or throws the error. A
  /// deferred handler that has not answered by the time it returns is a logic_error here.
  string_response dispatch(const string_request& req, route_match& match) const;
  string_response dispatch(const string_request& req) const {
    route_match m;
    return dispatch(req, m);
  }

  /// Route names by id: index 0 is "unmatched", then the patterns in the order they were added.
  std::vector<std::string> route_names() const;

  /// Called by sessions after each answer (for metrics); set before the server starts.
  using observer = std::function<void(std::size_t route, unsigned status, std::chrono::nanoseconds latency)>;
  void set_observer(observer o) { observer_ = std::move(o); }
  void observe(std::size_t route, unsigned status, std::chrono::nanoseconds latency) const {
    if (observer_)
      observer_(route, status, latency);
  }

private:
  struct route {
    std::string prefix; // the pattern up to its "{name}" (all of it when it has none)
    std::string suffix; // what follows "{name}": "" or "/..."
    bool captures = false;
    std::string pattern;
    std::map<http::verb, deferred_handler> handlers;
  };
  const route* find(std::string_view path, std::string& capture) const;
  const deferred_handler& select(const string_request& req, route_match& match) const;

  std::vector<route> routes_;
  observer observer_;
};

} // namespace hatewatch::daemon
