#pragma once
// The running daemon: owns the io_context, its threads, the listener and the signal handling.
//
// Stop sequence (SIGTERM, SIGINT or stop()): stop accepting, close idle connections, let requests
// in flight finish within server.drain_timeout, then close what is left and join the threads.
// A second signal during the drain stops at once. SIGHUP reloads the config file and the model on a
// thread of its own and swaps them in atomically; a bad config or model is rejected with a log line
// and the old ones keep serving.
//
// Thread safety: start(), stop() and wait() may be called from any thread, start() once.
// Lifetime: everything the I/O threads use is owned here and outlives them (wait() joins them).

#include "daemon/config.hpp"
#include "daemon/http/router.hpp"
#include "daemon/net.hpp"

#include <memory>

namespace hatewatch::daemon {

class server {
public:
  explicit server(config cfg);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Loads the model, binds, starts the I/O threads and returns the bound endpoint (useful with
  /// port 0). With `handle_signals`, SIGINT and SIGTERM start the stop sequence and SIGHUP reloads.
  /// Throws when the model cannot be loaded or the address cannot be bound.
  tcp::endpoint start(bool handle_signals);

  /// Reloads the config file (if the server has one) and the model now; what SIGHUP does.
  /// Returns whether the new ones were taken.
  bool reload();

  /// Starts the stop sequence; returns at once.
  void stop();

  /// Blocks until the threads have ended; returns the process exit code (0 after a clean drain,
  /// 1 when a second signal or the drain deadline cut it short).
  int wait();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace hatewatch::daemon
