#pragma once
// Discourse polling, for forums that cannot reach the daemon with webhooks. Every poll.interval it
// reads GET {base}/posts.json (newest first) and pages back with ?before= to the highest post id it
// has taken; the new posts are scored and stored together with the new cursor in one transaction,
// so a restart resumes with no gap and no duplicate. The first round of a source takes the newest
// page only (no backfill). Failures (timeouts, 5xx, garbage) back off exponentially up to
// poll.max_backoff; a 429 waits for its Retry-After (or extras.wait_seconds). Edits do not show up
// in posts.json; webhooks see them.
//
// Replicas: a source is polled by the replica holding its lease ("poll:<name>", store/leases.hpp),
// renewed with every stored round and lasting 2 x poll.interval + poll.timeout past it. When that
// replica dies, another takes the lease once it ends (within that time plus one interval) and
// resumes from the stored cursor; one that lost its lease mid-round stores nothing of the round.
// stop() gives the leases up, so a replica stopped on purpose is replaced at the next interval. On
// SQLite (one daemon per file) the holder's name is the same at every start: a daemon restarted
// after a crash polls again at once.
//
// Thread safety: start() and stop() from one thread. The poller runs on a thread of its own; its
// HTTP calls (libcurl) never run on the I/O threads.
// Lifetime: stop() (or the destructor) abandons a call in flight and joins the thread; the context
// and the writer must outlive it.

#include "daemon/intake/source_config.hpp"
#include "daemon/intake/intake_context.hpp"
#include "daemon/base/worker.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hatewatch::daemon {

namespace store {
class writer;
class write_context;
} // namespace store

class poller {
public:
  /// Polls the sources of `sources` that have a poll section. The live model and settings (as a
  /// reload leaves them) come from `live`.
  poller(const std::vector<source_config>& sources, intake_context& live, store::writer& writer);
  ~poller();
  poller(const poller&) = delete;
  poller& operator=(const poller&) = delete;

  void start();
  void stop();

  /// Rounds that stored their posts (for tests and metrics).
  std::uint64_t good_rounds() const { return good_rounds_.load(); }
  std::uint64_t failed_rounds() const { return failed_rounds_.load(); }
  /// The sources whose last round failed, each with why and how many rounds in a row failed;
  /// a source leaves the list once a round succeeds. /readyz reports them.
  std::vector<std::pair<std::string, std::string>> faults() const;

private:
  struct source_state {
    source_config cfg;
    std::optional<std::int64_t> cursor;
    bool cursor_loaded = false;
    bool holding = false; // this replica holds the source's lease
    unsigned failures = 0;
    std::chrono::steady_clock::time_point due;
  };
  /// What a round asks of the schedule: the next wait.
  std::chrono::milliseconds round(source_state& s);
  void run();
  /// This replica's name in the leases table (on SQLite, the same for every start).
  const std::string& holder(store::write_context& ctx) const;

  std::vector<source_state> sources_;
  intake_context& live_;
  store::writer& writer_;
  std::string holder_; // this replica, in the leases table
  mutable std::mutex faults_mutex_;
  std::map<std::string, std::string> faults_; // by source; guarded by faults_mutex_
  std::atomic<std::uint64_t> good_rounds_{0};
  std::atomic<std::uint64_t> failed_rounds_{0};
  worker worker_; // last: stopped (joined) before the members above go
};

} // namespace hatewatch::daemon
