#pragma once
// The store writer: one thread that owns the only write connection and commits queued jobs in
// batched transactions. One job's error rolls back that job alone: on SQLite each job runs inside
// its own savepoint; on PostgreSQL (where a savepoint is a subtransaction: a round trip per job, and
// past 64 in a transaction every other session's snapshots slow down) a failing job rolls the batch
// back and the batch runs again without it, so **a job may run more than once and must set its
// outputs, not add to them**. A completion is called only after the batch's COMMIT returned (or
// failed), so a caller that answers 2xx from the completion never acknowledges data that is not
// durable.
// On PostgreSQL, jobs submitted with a pipelined form (piped_write: one statement) go out together,
// up to 256 a transaction, as one pipeline (BEGIN, their statements, COMMIT: one round trip instead
// of one per job); if anything in it fails, the transaction is rolled back and its jobs run again
// as above.
// Between batches it purges comments past their retention (on PostgreSQL, one replica at a time).
//
// A lost PostgreSQL connection fails the batch in flight (its callers answer 503; a commit whose
// outcome is unknown is recognised when the forum redelivers), makes submit() refuse at once with
// the reason, and is reopened with back-off (0.5 s doubling to 30 s) until it works again.
//
// Thread safety: submit() from any thread; completions run on the writer thread and must be quick
// (post the answer elsewhere).
// Lifetime: stop() (or the destructor) finishes every queued job, then joins the thread.

#include "daemon/store/storage_config.hpp"
#include "daemon/store/job_queue.hpp"
#include "daemon/store/write_context.hpp"
#include "daemon/base/worker.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon::store {

class writer {
public:
  using job = std::function<void(write_context&)>;
  using completion = std::function<void(std::exception_ptr)>;

  /// Opens the database and applies pending migrations; throws std::runtime_error naming the
  /// problem (cannot open or connect, newer schema, failed migration).
  explicit writer(const storage_config& cfg);
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  void start();
  /// Commits what is queued, then stops the thread. Later submits throw store_unavailable.
  void stop();

  /// Queues a job. Throws store_unavailable when the queue holds storage.queue_max jobs or the
  /// writer is stopped; otherwise `done` is called exactly once.
  void submit(job j, completion done);
  /// The same for a job that also has a pipelined form: on PostgreSQL the writer may run that
  /// instead of `j` (see piped_write). `lock_key`, when given, is lock_key() of the first comment
  /// the job stores: on PostgreSQL a batch runs such jobs in the order of their keys (after the
  /// jobs without one, which keep their order), so two replicas given the same comments take the
  /// rows' locks in one order.
  void submit(job j, piped_write piped, completion done, std::string lock_key = {});

  /// submit() and wait for the commit: rethrows what the job or the commit threw. For threads
  /// other than the writer's own (the poller, the dispatcher).
  void run_and_wait(job j);

  /// Runs a retention pass now, on the writer thread; returns the rows purged (for tests).
  std::int64_t purge_now();

  /// Why the last write failed, when it failed for a fault of the store (disk full, read-only,
  /// damaged file, I/O error, the database connection lost); nothing once a write commits again
  /// (or the connection is back). /readyz reports it.
  std::optional<std::string> fault() const;

  std::size_t queue_depth() const;
  std::uint64_t committed_batches() const { return batches_.load(std::memory_order_relaxed); }
  std::uint64_t failed_batches() const { return failed_.load(std::memory_order_relaxed); }
  /// Jobs committed in their pipelined form (PostgreSQL).
  std::uint64_t pipelined_jobs() const { return pipelined_.load(std::memory_order_relaxed); }
  /// Transactions PostgreSQL aborted for a deadlock or serialization conflict that the writer ran
  /// again (up to 8 times each before answering 503).
  std::uint64_t conflict_retries() const { return conflicts_.load(std::memory_order_relaxed); }

private:
  struct work_item {
    job run;
    piped_write piped; // empty for most jobs
    std::string lock_key; // empty for most jobs
  };
  using item = job_queue<work_item>::job;

  using clock = std::chrono::steady_clock;

  void run();
  void commit_batch(std::deque<item>& batch);
  void commit_whole(std::deque<item>& batch);
  /// Sends `batch` (jobs with a pipelined form, at most pipeline_max) as one pipelined transaction
  /// and completes the jobs it did; moves the others (all of them if it failed) to `rest`.
  void commit_piped(std::deque<item>& batch, std::deque<item>& rest);
  void finish(std::deque<item>& batch, const std::vector<std::exception_ptr>& errors);
  /// Runs `sql` on the write connection; false when it failed (a ROLLBACK after a fault).
  bool try_exec(const char* sql) noexcept;
  void fail_batch(std::deque<item>& batch, const std::exception_ptr& e);
  void note_health(const std::vector<std::exception_ptr>& errors);
  void retention_pass();
  /// After a lost connection: a new one, when the back-off allows; false while there is none.
  bool reconnect();
  void lost(const std::string& why);

  storage_config cfg_;
  std::unique_ptr<sql::connection> conn_;
  std::unique_ptr<write_context> ctx_; // over conn_
  worker worker_;
  job_queue<work_item> queue_{worker_};
  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> pipelined_{0};
  std::atomic<std::uint64_t> conflicts_{0};
  std::optional<std::string> fault_; // guarded by worker_.lock()
  std::optional<std::string> down_;  // the lost connection's reason; guarded by worker_.lock()
  clock::time_point reconnect_at_{}; // the writer thread only
  std::chrono::milliseconds backoff_{500};
};

} // namespace hatewatch::daemon::store
