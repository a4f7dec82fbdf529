// The writer's batches: each job in its own savepoint within one transaction, or (PostgreSQL)
// pipelined in chunks (writer_pipeline.cpp); faults, conflicts run again, and completions.
#include "daemon/store/writer.hpp"

#include "daemon/store/writer_faults.hpp"

#include <algorithm>
#include <iterator>

namespace hatewatch::daemon::store {

using namespace writer_detail;

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

} // namespace hatewatch::daemon::store
