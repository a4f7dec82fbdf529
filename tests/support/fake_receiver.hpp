#pragma once
// A stand-in on loopback for Slack, Discord, Matrix, Discourse and generic webhook receivers: records
// every request to its paths (POST unless told; a path may end in one "{name}" segment, as Matrix's
// transaction id) with path, headers and body, and answers with scripted statuses (default 200
// "ok"), served by the daemon's own HTTP stack on a thread of its own.

#include "daemon/http/listener.hpp"
#include "daemon/http/router.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hatewatch::test {

class fake_receiver {
public:
  struct received {
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
    std::chrono::steady_clock::time_point at;
    unsigned answered = 0; // the status it got
  };
  struct answer {
    unsigned status = 200;
    std::string body = "ok";
    std::string retry_after;
  };

  explicit fake_receiver(std::vector<std::string> paths, daemon::http::verb method = daemon::http::verb::post) {
    auto routes = std::make_shared<daemon::router>();
    for (const auto& p : paths)
      routes->add(method, p,
                  [this](const daemon::string_request& req, const daemon::route_match& m) { return respond(req, m); });
    daemon::server_config cfg;
    cfg.listen = {"127.0.0.1", 0};
    listener_ = std::make_shared<daemon::listener>(ioc_, cfg, routes);
    port_ = listener_->open().port();
    listener_->start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~fake_receiver() {
    ioc_.stop();
    thread_.join();
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  /// The next answers for `path`, in order; after them, 200 "ok".
  void script(const std::string& path, std::vector<answer> answers) {
    std::lock_guard lock(mutex_);
    auto& q = scripts_[path];
    q.insert(q.end(), answers.begin(), answers.end());
  }
  /// The next answers for any path without a script of its own (a path with a "{name}" segment).
  void script_any(std::vector<answer> answers) {
    std::lock_guard lock(mutex_);
    any_.insert(any_.end(), answers.begin(), answers.end());
  }
  /// The answer once the script of a path has run out (200 "ok" unless set).
  void set_default(answer a) {
    std::lock_guard lock(mutex_);
    default_ = std::move(a);
  }
  /// Called on the receiver's thread as each request arrives, before it is answered (so its
  /// sender waits meanwhile), with the request's path and how many came to that path so far.
  void on_request(std::function<void(const std::string& path, std::size_t n)> f) {
    std::lock_guard lock(mutex_);
    hook_ = std::move(f);
  }
  std::vector<received> requests(const std::string& path) const {
    std::lock_guard lock(mutex_);
    std::vector<received> out;
    for (const auto& r : log_)
      if (r.path == path)
        out.push_back(r);
    return out;
  }
  /// Every request whose path starts with `prefix`, in order.
  std::vector<received> requests_under(const std::string& prefix) const {
    std::lock_guard lock(mutex_);
    std::vector<received> out;
    for (const auto& r : log_)
      if (r.path.starts_with(prefix))
        out.push_back(r);
    return out;
  }

private:
  daemon::string_response respond(const daemon::string_request& req, const daemon::route_match& m) {
    std::function<void(const std::string&, std::size_t)> hook;
    std::size_t n = 1;
    {
      std::lock_guard lock(mutex_);
      hook = hook_;
      for (const auto& r : log_)
        n += r.path == m.path ? 1 : 0;
    }
    if (hook)
      hook(std::string(m.path), n);
    std::lock_guard lock(mutex_);
    received r{std::string(m.path), {}, req.body(), std::chrono::steady_clock::now()};
    for (const auto& f : req)
      r.headers[std::string(f.name_string())] = std::string(f.value());
    answer a = default_;
    auto& q = scripts_[std::string(m.path)];
    if (!q.empty()) {
      a = q.front();
      q.pop_front();
    } else if (!any_.empty()) {
      a = any_.front();
      any_.pop_front();
    }
    r.answered = a.status;
    log_.push_back(std::move(r));
    daemon::string_response res{static_cast<daemon::http::status>(a.status), 11};
    res.set(daemon::http::field::content_type, "text/plain");
    if (!a.retry_after.empty())
      res.set(daemon::http::field::retry_after, a.retry_after);
    res.body() = a.body;
    res.prepare_payload();
    return res;
  }

  boost::asio::io_context ioc_;
  std::shared_ptr<daemon::listener> listener_;
  unsigned short port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<answer>> scripts_;
  std::deque<answer> any_;
  std::vector<received> log_;
  answer default_;
  std::function<void(const std::string&, std::size_t)> hook_;
};

} // namespace hatewatch::test
