#include "daemon/store/writer.hpp"

#include "daemon/base/logging.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/database.hpp"
#include "daemon/store/connect.hpp"
#include "daemon/store/pg/sql_connection.hpp"

#include <algorithm>
#include <future>

namespace hatewatch::daemon::store {
namespace {

const std::shared_ptr<spdlog::logger>& log() {
  static const auto logger = get_logger("store");
  return logger;
}

// The most jobs in one pipeline. Their statements go out before any result is read; bounded, the
// results (about 100 bytes each) fit the socket's buffer and the server never waits on us.
constexpr std::size_t pipeline_max = 256;

// The advisory lock a PostgreSQL replica holds while it purges ("hwpurge!").
constexpr std::int64_t purge_lock_key = 0x6877707572676521;

// The exception being handled, with environment faults turned into store_unavailable.
std::exception_ptr classified() {
  try {
    rethrow_classified();
  } catch (...) {
    return std::current_exception();
  }
}

// Whether `e` holds an exception of type E.
template <typename E>
bool holds(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const E&) {
    return true;
  } catch (...) {
    return false;
  }
}

// Whether `e` is a fault of the store (store_unavailable: a lost connection, a timeout, a full
// disk) rather than a job's own error.
bool is_fault(const std::exception_ptr& e) {
  return holds<store_unavailable>(e);
}

// Whether `e` is a deadlock or serialization conflict, which running the same work again resolves.
bool is_conflict(const std::exception_ptr& e) {
  return holds<store_conflict>(e);
}

// How often one batch runs again after a conflict before its jobs are answered 503.
constexpr unsigned max_conflict_retries = 8;

std::string message_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& what) {
    return what.what();
  } catch (...) {
    return "an exception of unknown type";
  }
}

} // namespace

writer::writer(const storage_config& cfg) : cfg_(cfg), conn_(connect(cfg, access::write, "hatewatch-writer")) {
  const auto m = migrate(*conn_);
  if (m.ran > 0)
    log()->info("database {}: migrated from schema version {} to {}", cfg_.where(), m.before, m.before + m.ran);
  ctx_ = std::make_unique<write_context>(*conn_);
}

writer::~writer() {
  stop();
}

void writer::start() {
  worker_.start([this] { run(); });
}

void writer::stop() {
  worker_.stop();      // the thread commits what is queued before it ends ...
  queue_.fail_left(); // ... unless it never started: then nothing will run it, so say so
}

void writer::submit(job j, completion done) {
  submit(std::move(j), piped_write{}, std::move(done));
}

void writer::submit(job j, piped_write piped, completion done, std::string lock_key) {
  if (auto lock = worker_.lock(); down_)
    throw store_unavailable(*down_);
  queue_.push({{std::move(j), std::move(piped), std::move(lock_key)}, std::move(done)}, cfg_.queue_max, [this] {
    return "the store's write queue is full (" + std::to_string(cfg_.queue_max) + " waiting, storage.queue_max)";
  });
}

std::size_t writer::queue_depth() const {
  auto lock = worker_.lock();
  return queue_.size();
}

void writer::run_and_wait(job j) {
  auto done = std::make_shared<std::promise<void>>();
  auto committed = done->get_future();
  submit(std::move(j), [done](std::exception_ptr e) { e ? done->set_exception(e) : done->set_value(); });
  committed.get();
}

std::int64_t writer::purge_now() {
  std::int64_t purged = 0;
  const auto cutoff = now_ms() - static_cast<std::int64_t>(cfg_.retention_days) * day_ms;
  run_and_wait([&purged, cutoff, mode = cfg_.retention](write_context& ctx) {
    purged = purge_older_than(ctx, cutoff, mode);
  });
  return purged;
}

void writer::run() {
  const bool retains = cfg_.retention_days > 0;
  // The first pass soon after start, so a daemon restarted often still purges.
  auto next_purge = clock::now() + std::chrono::seconds(1);
  for (;;) {
    std::deque<item> batch;
    bool retry_connection = false;
    {
      auto lock = worker_.lock();
      auto ready = [this] { return !queue_.empty(); };
      auto until = clock::time_point::max();
      if (retains)
        until = next_purge;
      if (down_)
        until = std::min(until, reconnect_at_);
      if (until != clock::time_point::max())
        worker_.wait(lock, until, ready);
      else
        worker_.wait(lock, ready);
      if (queue_.empty() && worker_.stopping())
        return;
      batch = queue_.take(cfg_.batch_max);
      retry_connection = down_.has_value();
    }
    if (retry_connection || !conn_ || !conn_->usable()) {
      if (!reconnect()) {
        if (!batch.empty())
          fail_batch(batch, std::make_exception_ptr(store_unavailable(fault().value_or("no database connection"))));
        continue;
      }
    }
    if (!batch.empty())
      commit_batch(batch);
    if (!conn_->usable())
      lost("the database connection was lost");
    else if (retains && clock::now() >= next_purge) {
      retention_pass();
      next_purge = clock::now() + cfg_.retention_interval;
    }
  }
}

void writer::lost(const std::string& why) {
  log()->error("{}; reconnecting", why);
  ctx_.reset();
  conn_.reset();
  reconnect_at_ = clock::now();
  backoff_ = std::chrono::milliseconds(500);
  auto lock = worker_.lock();
  down_ = why + "; reconnecting";
  fault_ = down_;
}

bool writer::reconnect() {
  if (conn_ && conn_->usable())
    return true;
  if (conn_)
    lost("the database connection was lost");
  if (clock::now() < reconnect_at_)
    return false;
  try {
    conn_ = connect(cfg_, access::write, "hatewatch-writer");
    ctx_ = std::make_unique<write_context>(*conn_);
  } catch (const std::exception& e) {
    conn_.reset();
    reconnect_at_ = clock::now() + backoff_;
    log()->warn("cannot reconnect to the database (next try in {} ms): {}", backoff_.count(), e.what());
    backoff_ = std::min<std::chrono::milliseconds>(backoff_ * 2, std::chrono::seconds(30));
    auto lock = worker_.lock();
    down_ = std::string("the database is unreachable: ") + e.what();
    fault_ = down_;
    return false;
  }
  log()->info("reconnected to the database {}", cfg_.where());
  backoff_ = std::chrono::milliseconds(500);
  auto lock = worker_.lock();
  down_.reset();
  fault_.reset();
  return true;
}

void writer::fail_batch(std::deque<item>& batch, const std::exception_ptr& e) {
  failed_.fetch_add(1, std::memory_order_relaxed);
  finish(batch, std::vector<std::exception_ptr>(batch.size(), e));
}

void writer::commit_whole(std::deque<item>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  std::vector<char> committed(batch.size(), 0); // one by one: committed already, never run again
  // Fails every job that has no error of its own yet.
  auto fail_rest = [&](const std::exception_ptr& e) {
    for (std::size_t i = 0; i < errors.size(); ++i)
      if (!errors[i] && !committed[i])
        errors[i] = e;
    ctx_->forget_ids();
    failed_.fetch_add(1, std::memory_order_relaxed);
  };
  // A deadlock or serialization conflict with another replica aborted the transaction: nothing of
  // it stands, so the pass runs again (up to max_conflict_retries times) before the jobs get 503.
  unsigned conflicts = 0;
  auto retry_conflict = [&](const std::exception_ptr& e) {
    if (!is_conflict(e) || conflicts >= max_conflict_retries || !conn_->usable())
      return false;
    ++conflicts;
    conflicts_.fetch_add(1, std::memory_order_relaxed);
    log()->debug("a write transaction of {} job(s) met a conflict, running it again ({} of {}): {}", batch.size(),
                 conflicts, max_conflict_retries, message_of(e));
    return true;
  };
  // Each pass runs the jobs that have not failed; a job that fails rolls the pass back and the
  // next runs without it. Past a few, the rest go one transaction each.
  bool faulted = false; // the batch failed as a whole
  for (unsigned pass = 0;; ++pass) {
    const bool one_by_one = pass - conflicts >= 4;
    bool again = false;
    try {
      bool open = false;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (errors[i] || committed[i])
          continue;
        if (!open) {
          conn_->begin();
          open = true;
        }
        try {
          batch[i].work.run(*ctx_);
        } catch (...) {
          auto e = classified();
          ctx_->reset_statements();
          if (conn_->in_transaction())
            try_exec("ROLLBACK");
          ctx_->forget_ids();
          open = false;
          if (retry_conflict(e)) {
            again = true;
            break;
          }
          if (is_fault(e) || !conn_->usable()) {
            log()->error("a write fault rolled back a batch of {} job(s)", batch.size());
            fail_rest(e);
            faulted = true;
            break;
          }
          errors[i] = e;
          again = !one_by_one;
          if (again)
            break;
          continue;
        }
        if (one_by_one) {
          conn_->exec("COMMIT");
          committed[i] = 1;
          open = false;
        }
      }
      if (open)
        conn_->exec("COMMIT");
    } catch (...) {
      // BEGIN or COMMIT failed. On PostgreSQL a lost connection leaves a commit's outcome unknown:
      // the callers answer 503, and a redelivery of what did commit is recognised by its key.
      const auto e = classified();
      ctx_->reset_statements();
      if (conn_->usable() && conn_->in_transaction())
        try_exec("ROLLBACK");
      ctx_->forget_ids();
      if (retry_conflict(e))
        continue;
      log()->error("a write transaction of {} job(s) failed: {}", batch.size(), message_of(e));
      fail_rest(std::make_exception_ptr(store_unavailable("database commit failed: " + message_of(e))));
      break;
    }
    if (!again) {
      if (!faulted)
        batches_.fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  finish(batch, errors);
}

void writer::commit_piped(std::deque<item>& batch, std::deque<item>& rest) {
  auto* pg = dynamic_cast<pg::sql_connection*>(conn_.get());
  std::vector<sql::statement*> statements;
  std::vector<sql::pending> pending;
  std::vector<char> did(batch.size(), 0);
  bool piping = false, synced = false;
  try {
    // Bound before the pipeline: binding may look a source's id up (and make its row).
    for (auto& it : batch) {
      auto& statement = it.work.piped.bind(*ctx_);
      statements.push_back(&statement);
      pending.push_back(statement.pend());
    }
    auto& raw = pg->raw();
    raw.enter_pipeline();
    piping = true;
    raw.send("BEGIN");
    for (auto& p : pending)
      p->send();
    raw.send("COMMIT");
    raw.sync();
    synced = true;
    raw.receive("BEGIN");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      pending[i]->receive();
      did[i] = batch[i].work.piped.read(*statements[i]) ? 1 : 0;
    }
    raw.receive("COMMIT");
    raw.receive_sync();
    piping = false;
    raw.exit_pipeline();
  } catch (...) {
    // Nothing of it stands: read what the server still sends and roll back. A fault of the store
    // (a statement timeout, a lost connection) fails the jobs with 503 as it would one by one;
    // after anything else they run again in full, so a job's own error is its alone.
    const auto error = classified();
    const auto why = message_of(error);
    ctx_->reset_statements();
    ctx_->forget_ids();
    if (piping) {
      try {
        if (!synced)
          pg->raw().sync();
        pg->raw().receive_sync();
        pg->raw().exit_pipeline();
      } catch (const std::exception& again) {
        log()->error("closing the database connection: it did not recover from a failed pipeline: {}", again.what());
        pg->raw().abandon(); // the writer reconnects
      }
    }
    if (conn_->usable() && conn_->in_transaction())
      try_exec("ROLLBACK");
    if (is_fault(error) && !is_conflict(error)) {
      log()->error("a write fault rolled back a pipelined batch of {} job(s): {}", batch.size(), why);
      fail_batch(batch, error);
      return;
    }
    // A deadlock or serialization conflict lands here too: commit_whole() runs them again.
    log()->debug("a pipelined batch of {} job(s) failed, running it job by job: {}", batch.size(), why);
    for (auto& it : batch)
      rest.push_back(std::move(it));
    return;
  }
  batches_.fetch_add(1, std::memory_order_relaxed);
  std::deque<item> done;
  for (std::size_t i = 0; i < batch.size(); ++i)
    (did[i] ? done : rest).push_back(std::move(batch[i]));
  pipelined_.fetch_add(done.size(), std::memory_order_relaxed);
  finish(done, std::vector<std::exception_ptr>(done.size()));
}

bool writer::try_exec(const char* sql) noexcept {
  try {
    conn_->exec(sql);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void writer::finish(std::deque<item>& batch, const std::vector<std::exception_ptr>& errors) {
  note_health(errors);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    try {
      batch[i].done(errors[i]);
    } catch (const std::exception& e) {
      log()->error("a write completion threw: {}", e.what());
    }
  }
}

void writer::commit_batch(std::deque<item>& batch) {
  if (conn_->kind() == sql::dialect::postgresql) {
    // Comments in one order on every replica (a deadlock that happens anyway is run again).
    std::stable_sort(batch.begin(), batch.end(),
                     [](const item& a, const item& b) { return a.work.lock_key < b.work.lock_key; });
    std::deque<item> piped, rest;
    for (auto& it : batch)
      (it.work.piped ? piped : rest).push_back(std::move(it));
    while (!piped.empty() && conn_->usable()) {
      const auto n = std::min<std::size_t>(piped.size(), pipeline_max);
      std::deque<item> chunk(std::make_move_iterator(piped.begin()), std::make_move_iterator(piped.begin() + n));
      piped.erase(piped.begin(), piped.begin() + n);
      commit_piped(chunk, rest);
    }
    for (auto& it : piped) // the connection was lost: commit_whole() fails them with the reason
      rest.push_back(std::move(it));
    if (!rest.empty())
      commit_whole(rest);
    return;
  }
  std::vector<std::exception_ptr> errors(batch.size());
  auto fail_all = [&](std::exception_ptr e) {
    for (auto& slot : errors)
      slot = e;
    ctx_->forget_ids();
    failed_.fetch_add(1, std::memory_order_relaxed);
  };

  bool open = false;
  try {
    conn_->begin();
    open = true;
  } catch (...) {
    ctx_->reset_statements();
    const auto e = classified();
    log()->error("cannot begin a write transaction: {}", message_of(e));
    fail_all(e);
  }

  if (open) {
    bool any_failed = false;
    for (std::size_t i = 0; i < batch.size() && open; ++i) {
      try {
        conn_->exec("SAVEPOINT job");
        batch[i].work.run(*ctx_);
        conn_->exec("RELEASE job");
      } catch (...) {
        errors[i] = classified();
        any_failed = true;
        ctx_->reset_statements();
        // SQLite rolled the whole transaction back (disk full, I/O error), or the PostgreSQL
        // connection is gone: nothing of the batch stands.
        if (!conn_->in_transaction() || !try_exec("ROLLBACK TO job") || !try_exec("RELEASE job")) {
          log()->error("a write fault rolled back a batch of {} job(s)", batch.size());
          if (conn_->in_transaction())
            try_exec("ROLLBACK");
          fail_all(errors[i]);
          open = false;
          break;
        }
      }
    }
    if (open) {
      try {
        conn_->exec("COMMIT");
        batches_.fetch_add(1, std::memory_order_relaxed);
        if (any_failed)
          ctx_->forget_ids();
      } catch (const std::exception& e) {
        // On PostgreSQL a lost connection leaves the outcome unknown: the callers answer 503, and a
        // redelivery of what did commit is recognised by its key.
        log()->error("commit of {} job(s) failed: {}", batch.size(), e.what());
        try_exec("ROLLBACK");
        fail_all(std::make_exception_ptr(store_unavailable(std::string("database commit failed: ") + e.what())));
      }
    }
  }

  finish(batch, errors);
}

void writer::retention_pass() {
  const auto cutoff = now_ms() - static_cast<std::int64_t>(cfg_.retention_days) * day_ms;
  try {
    conn_->begin();
    // Replicas on one PostgreSQL purge in turn: the lock ends with the transaction.
    if (conn_->kind() == sql::dialect::postgresql) {
      auto& turn = ctx_->statement("SELECT pg_try_advisory_xact_lock(?)");
      turn.bind(1, purge_lock_key);
      if (!turn.executeStep() || turn.getColumn(0).getInt64() != 1) {
        conn_->exec("ROLLBACK"); // another replica is purging now
        return;
      }
    }
    const auto n = purge_older_than(*ctx_, cutoff, cfg_.retention);
    conn_->exec("COMMIT");
    if (n > 0)
      log()->info("retention: purged {} comment(s) received before {} ({})", n, format_rfc3339(cutoff),
                  cfg_.retention == retention_mode::text ? "text removed" : "rows deleted");
  } catch (const std::exception& e) {
    ctx_->reset_statements();
    if (conn_->in_transaction())
      try_exec("ROLLBACK");
    ctx_->forget_ids();
    log()->warn("retention pass failed, will retry: {}", e.what());
  }
}

void writer::note_health(const std::vector<std::exception_ptr>& errors) {
  std::optional<std::string> fault;
  bool any_committed = false;
  for (const auto& e : errors) {
    if (!e) {
      any_committed = true;
      continue;
    }
    try {
      std::rethrow_exception(e);
    } catch (const store_unavailable& what) {
      fault = what.what();
    } catch (...) {
      // A job's own error (a constraint, bad input) says nothing about the store.
    }
  }
  auto lock = worker_.lock();
  if (fault)
    fault_ = std::move(fault);
  else if (any_committed)
    fault_.reset();
}

std::optional<std::string> writer::fault() const {
  auto lock = worker_.lock();
  return fault_;
}

} // namespace hatewatch::daemon::store
