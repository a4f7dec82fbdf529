// The writer's PostgreSQL pipeline: a chunk of jobs' statements sent before any result is read, one
// round trip for the chunk; a job that fails there is run again alone by commit_whole().
#include "daemon/store/writer.hpp"

#include "daemon/store/writer_faults.hpp"
#include "daemon/store/pg/sql_connection.hpp"

#include <vector>

namespace hatewatch::daemon::store {

using namespace writer_detail;

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

} // namespace hatewatch::daemon::store
