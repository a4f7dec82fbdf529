#pragma once
// The running daemon: owns the io_context, its threads, the listener and the signal handling.
//
// Stop sequence (SIGTERM, SIGINT or stop()): stop accepting, close idle connections, let requests
// in flight finish within server.drain_timeout, then close what is left and join the threads.
// A second signal during the drain stops at once. SIGHUP reloads the config file and the model on a
// thread of its own and swaps them in atomically; a bad config or model is rejected with a log line
// and the old ones keep serving.
//
// The threads it runs, and what each owns (everything else is shared read-only or atomic):
//   - I/O threads (server.threads, default one per core), running the io_context: the listener,
//     every session on its own strand, the request handlers (parsing, scoring with the thread's
//     own vectoriser scratch; never a database call), and the control strand (signals, the drain
//     timer, the systemd watchdog timer).
//   - the reload thread (a thread pool of one): SIGHUP's config and model loading, so that a slow
//     model load never holds up an I/O thread; it swaps the result into the service atomically.
//   - the store writer (store/writer.hpp): the only connection that writes; every commit, in
//     batches, and the retention purge between batches.
//   - the store readers (store/reader.hpp, two threads): each its own read-only connection; the
//     queries of /v1/comments, /v1/alerts and /metrics, and the JSON made of their rows.
//   - the alert dispatcher (alerts/dispatcher.hpp): its read connection to the outbox and the
//     blocking libcurl and SMTP calls of the channels; outcomes are committed through the writer.
//   - the poller (intake/poller.hpp), when a source polls: its libcurl calls and scoring of the
//     fetched posts; stores through the writer.
// Each background component runs its loop on a worker (worker.hpp): one stop flag, one join.
// Scoring commands (`hatewatch score --threads N`) run their own worker threads; not the server's.
//
// Thread safety: start(), stop() and wait() may be called from any thread, start() once.
// Lifetime: everything the I/O threads use is owned here and outlives them (wait() joins them).

#include "daemon/config/config.hpp"
#include "daemon/http/router.hpp"
#include "daemon/base/net.hpp"

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
