#pragma once
// The read side's threads: the reads of the comments and alerts APIs and of /metrics run here,
// never on an I/O thread (a slow query or a busy database would otherwise hold up every
// connection that thread serves). Each of storage.pool_size threads keeps its own read-only
// connection (SQLite's WAL lets it read while the writer commits) and reopens it after a failure.
//
// Thread safety: submit() from any thread; jobs and completions run on a reader thread.
// Lifetime: stop() (or the destructor) joins the threads and answers every job still queued with
// store_unavailable.

#include "daemon/store/storage_config.hpp"
#include "daemon/store/job_queue.hpp"
#include "daemon/store/sql/connection.hpp"
#include "daemon/base/worker.hpp"

#include <cstddef>
#include <exception>
#include <functional>


namespace hatewatch::daemon::store {

class reader {
public:
  using job = std::function<void(sql::connection&)>;
  /// Gets what the job threw (environment faults as store_unavailable), or nothing.
  using completion = std::function<void(std::exception_ptr)>;

  /// Reads that may wait for a thread (past it, store_unavailable); storage.pool_size threads read.
  static constexpr std::size_t queue_max = 256;

  explicit reader(storage_config cfg);
  ~reader();
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;

  void start();
  void stop();

  /// Queues a read. Throws store_unavailable when queue_max reads wait or the reader is stopped;
  /// otherwise `done` is called exactly once, after `work` ran (or could not: no connection).
  void submit(job work, completion done);

private:
  void run();

  storage_config cfg_;
  worker worker_;
  job_queue<job> queue_{worker_};
};

} // namespace hatewatch::daemon::store
