#pragma once
// Accepts connections and keeps a registry of live sessions, so that a stop can drain them.
//
// Thread safety: start()/stop() may be called from any thread; the accept loop runs on its own strand.
// Lifetime: owned by the server; sessions keep the registry alive through a shared_ptr.

#include "daemon/http/server_config.hpp"
#include "daemon/http/router.hpp"
#include "daemon/base/net.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace hatewatch::daemon {

class session;

/// The live sessions. A mutex guards the map only; no I/O happens while it is held.
class session_registry {
public:
  /// Adds a session unless `limit` sessions are live already; returns whether it was added.
  bool add(session* s, const std::shared_ptr<session>& owner, std::size_t limit);
  void remove(session* s);
  std::size_t size() const;
  /// Calls drain() (or close()) on every live session, outside the lock.
  void drain_all();
  void close_all();

private:
  std::vector<std::shared_ptr<session>> snapshot() const;

  mutable std::mutex mutex_;
  std::unordered_map<session*, std::weak_ptr<session>> sessions_;
};

class listener : public std::enable_shared_from_this<listener> {
public:
  listener(net::io_context& ioc, server_config cfg, std::shared_ptr<const router> routes);

  /// Binds and listens; throws std::system_error when the address cannot be bound.
  tcp::endpoint open();
  void start();
  /// Stops accepting and drains every session.
  void stop();
  /// Closes every session at once.
  void close_all();
  std::size_t live_sessions() const { return registry_->size(); }

private:
  void do_accept();
  void on_accept(error_code ec, tcp::socket socket);
  // After a failed accept (out of descriptors, memory): wait, doubling up to a second, instead of
  // retrying at once (which spun on one core and logged a line per try).
  void pause_accepting(const error_code& ec);

  net::io_context& ioc_;
  server_config cfg_;
  std::shared_ptr<const router> routes_;
  net::strand<net::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_; // on strand_
  std::chrono::milliseconds backoff_{0};
  std::uint64_t failures_ = 0; // accept failures not yet reported
  std::chrono::steady_clock::time_point next_report_{};
  std::shared_ptr<session_registry> registry_;
};

} // namespace hatewatch::daemon
