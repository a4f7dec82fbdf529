#include "daemon/store/writer.hpp"

#include "daemon/base/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/connect.hpp"
#include "daemon/store/writer_faults.hpp"

#include <algorithm>
#include <future>

namespace hatewatch::daemon::store {
namespace {

using writer_detail::log;

// The advisory lock a PostgreSQL replica holds while it purges ("hwpurge!").
constexpr std::int64_t purge_lock_key = 0x6877707572676521;

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
