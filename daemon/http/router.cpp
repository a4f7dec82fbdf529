#include "daemon/http/router.hpp"

#include <atomic>
#include <cassert>
#include <memory>
#include <optional>
#include <stdexcept>

namespace hatewatch::daemon {

void router::add(http::verb method, std::string pattern, handler h) {
  add_deferred(method, std::move(pattern), [h = std::move(h)](const string_request& req, const route_match& m,
                                                              completion done) { done(nullptr, h(req, m)); });
}

void router::add_deferred(http::verb method, std::string pattern, deferred_handler h) {
  const std::string full = pattern;
  bool captures = false;
  std::string suffix;
  if (const auto open = pattern.find('{'); open != std::string::npos) {
    const auto close = pattern.find('}', open);
    assert(open > 0 && pattern[open - 1] == '/' && close != std::string::npos);
    suffix = pattern.substr(close + 1);
    assert(suffix.empty() || (suffix.front() == '/' && suffix.find('{') == std::string::npos));
    pattern.erase(open);
    captures = true;
  }
  for (auto& r : routes_) {
    if (r.prefix == pattern && r.suffix == suffix && r.captures == captures) {
      [[maybe_unused]] bool inserted = r.handlers.emplace(method, std::move(h)).second;
      assert(inserted && "route added twice");
      return;
    }
  }
  route r{std::move(pattern), std::move(suffix), captures, full, {}};
  r.handlers.emplace(method, std::move(h));
  routes_.push_back(std::move(r));
}

const router::route* router::find(std::string_view path, std::string& capture) const {
  for (const auto& r : routes_) {
    if (!r.captures) {
      if (path == r.prefix)
        return &r;
      continue;
    }
    if (path.size() <= r.prefix.size() + r.suffix.size() || !path.starts_with(r.prefix) || !path.ends_with(r.suffix))
      continue;
    const auto segment = path.substr(r.prefix.size(), path.size() - r.prefix.size() - r.suffix.size());
    if (segment.find('/') != std::string_view::npos)
      continue;
    capture = std::string(segment);
    return &r;
  }
  return nullptr;
}

std::vector<std::string> router::route_names() const {
  std::vector<std::string> names{"unmatched"};
  for (const auto& r : routes_)
    names.push_back(r.pattern);
  return names;
}

const deferred_handler& router::select(const string_request& req, route_match& match) const {
  std::string_view target = req.target();
  // Absolute form ("POST http://host/predict", RFC 9112 3.2.2), as proxies send: route by its path.
  for (const std::string_view scheme : {"http://", "https://"})
    if (target.size() > scheme.size() && beast::iequals(target.substr(0, scheme.size()), scheme)) {
      const auto slash = target.find('/', scheme.size());
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
      break;
    }
  const auto q = target.find('?');
  match.path = target.substr(0, q);
  match.query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  match.route = 0;

  const route* r = find(match.path, match.capture);
  if (!r)
    throw http_error(http::status::not_found, "no resource at " + std::string(match.path));
  match.route = static_cast<std::size_t>(r - routes_.data()) + 1;

  auto it = r->handlers.find(req.method());
  if (it == r->handlers.end() && req.method() == http::verb::head)
    it = r->handlers.find(http::verb::get);
  if (it == r->handlers.end()) {
    std::string allow;
    for (const auto& [method, h] : r->handlers)
      allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(method));
    throw http_error(http::status::method_not_allowed,
                     std::string(req.method_string()) + " is not allowed on " + std::string(match.path),
                     {{http::field::allow, allow}});
  }
  return it->second;
}

void router::dispatch(const string_request& req, route_match& match, completion done) const {
  // Exactly one answer, even from a handler that throws after handing `done` to another thread.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  auto once = [answered, done](std::exception_ptr e, string_response res) {
    if (!answered->exchange(true))
      done(e, std::move(res));
  };
  try {
    select(req, match)(req, match, once);
  } catch (...) {
    if (!answered->exchange(true))
      done(std::current_exception(), {});
  }
}

string_response router::dispatch(const string_request& req, route_match& match) const {
  std::exception_ptr error;
  std::optional<string_response> answer;
  dispatch(req, match, [&](std::exception_ptr e, string_response res) {
    error = e;
    if (!e)
      answer = std::move(res);
  });
  if (error)
    std::rethrow_exception(error);
  if (!answer)
    throw std::logic_error("router: a deferred handler did not answer synchronously");
  return std::move(*answer);
}

} // namespace hatewatch::daemon
