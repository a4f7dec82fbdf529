#include "daemon/store/writer.hpp"

#include "daemon/logging.hpp"
#include "daemon/store/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/database.hpp"
#include "daemon/store/migrations.hpp"
#include "daemon/store/sqlite_connection.hpp"

#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include <future>

namespace hatewatch::daemon::store {
namespace {

const std::shared_ptr<spdlog::logger>& log() {
  static const auto logger = get_logger("store");
  return logger;
}

// The exception being handled, with environment faults turned into store_unavailable.
std::exception_ptr classified() {
  try {
    rethrow_classified();
  } catch (...) {
    return std::current_exception();
  }
}

} // namespace

writer::writer(const storage_config& cfg) : cfg_(cfg), db_(open_for_writing(cfg)) {
  const auto known = embedded_migrations();
  const int before = schema_version(*db_);
  const int ran = apply_migrations(*db_, known);
  if (ran > 0)
    log()->info("database {}: migrated from schema version {} to {}", cfg_.path.string(), before, before + ran);
  conn_ = std::make_unique<sqlite_connection>(*db_);
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
  queue_.push({std::move(j), std::move(done)}, cfg_.queue_max, [this] {
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
  using clock = std::chrono::steady_clock;
  const bool retains = cfg_.retention_days > 0;
  // The first pass soon after start, so a daemon restarted often still purges.
  auto next_purge = clock::now() + std::chrono::seconds(1);
  for (;;) {
    std::deque<item> batch;
    {
      auto lock = worker_.lock();
      auto ready = [this] { return !queue_.empty(); };
      if (retains)
        worker_.wait(lock, next_purge, ready);
      else
        worker_.wait(lock, ready);
      if (queue_.empty() && worker_.stopping())
        return;
      batch = queue_.take(cfg_.batch_max);
    }
    if (!batch.empty())
      commit_batch(batch);
    if (retains && clock::now() >= next_purge) {
      retention_pass();
      next_purge = clock::now() + cfg_.retention_interval;
    }
  }
}

void writer::commit_batch(std::deque<item>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  auto fail_all = [&](std::exception_ptr e) {
    for (auto& slot : errors)
      slot = e;
    ctx_->forget_ids();
    failed_.fetch_add(1, std::memory_order_relaxed);
  };

  bool open = false;
  try {
    db_->exec("BEGIN IMMEDIATE");
    open = true;
  } catch (...) {
    ctx_->reset_statements();
    const auto e = classified();
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& what) {
      log()->error("cannot begin a write transaction: {}", what.what());
    }
    fail_all(e);
  }

  if (open) {
    bool any_failed = false;
    for (std::size_t i = 0; i < batch.size() && open; ++i) {
      try {
        db_->exec("SAVEPOINT job");
        batch[i].work(*ctx_);
        db_->exec("RELEASE job");
      } catch (...) {
        errors[i] = classified();
        any_failed = true;
        ctx_->reset_statements();
        if (sqlite3_get_autocommit(db_->getHandle())) {
          // SQLite rolled the whole transaction back (disk full, I/O error): nothing of it stands.
          log()->error("a write fault rolled back a batch of {} job(s)", batch.size());
          fail_all(errors[i]);
          open = false;
          break;
        }
        db_->tryExec("ROLLBACK TO job");
        db_->tryExec("RELEASE job");
      }
    }
    if (open) {
      try {
        db_->exec("COMMIT");
        batches_.fetch_add(1, std::memory_order_relaxed);
        if (any_failed)
          ctx_->forget_ids();
      } catch (const std::exception& e) {
        log()->error("commit of {} job(s) failed: {}", batch.size(), e.what());
        db_->tryExec("ROLLBACK");
        fail_all(std::make_exception_ptr(store_unavailable(std::string("database commit failed: ") + e.what())));
      }
    }
  }

  note_health(errors);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    try {
      batch[i].done(errors[i]);
    } catch (const std::exception& e) {
      log()->error("a write completion threw: {}", e.what());
    }
  }
}

void writer::retention_pass() {
  const auto cutoff = now_ms() - static_cast<std::int64_t>(cfg_.retention_days) * day_ms;
  try {
    db_->exec("BEGIN IMMEDIATE");
    const auto n = purge_older_than(*ctx_, cutoff, cfg_.retention);
    db_->exec("COMMIT");
    if (n > 0)
      log()->info("retention: purged {} comment(s) received before {} ({})", n, format_rfc3339(cutoff),
                  cfg_.retention == retention_mode::text ? "text removed" : "rows deleted");
  } catch (const std::exception& e) {
    db_->tryExec("ROLLBACK");
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
