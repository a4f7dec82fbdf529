#pragma once
// The alert dispatcher: a thread of its own that reads due rows of the outbox (alerts), delivers
// them through their channels (libcurl, never on an I/O thread) and records each outcome through
// the store writer: delivered; retried later with exponential back-off (or the receiver's
// Retry-After); dead after a permanent refusal or too many attempts, with the reason.
//
// Alerts exist only as outbox rows committed with the score that caused them, so a crash loses none;
// a restart delivers whatever is pending. Each row is sent until its outcome is committed: only a
// crash between a receiver's 2xx and that commit repeats a delivery, and then with the same event
// id (X-Hatewatch-Event-Id), so the receiver can drop it. Outcomes are committed in steps of 16
// deliveries, not once per round, so a crash repeats at most those.
//
// Floods: past alerts.digest_after deliveries for one source and channel within digest_window, the
// pending ones are sent together as one digest (held at most digest_window / 6 to gather them).
// The count is read from the outbox, so replicas sharing a database share it.
//
// Replicas (PostgreSQL): each round claims the due rows first (store::claim_alerts: their next
// attempt moves a lease ahead, FOR UPDATE SKIP LOCKED), so two dispatchers never take the same row;
// a dispatcher that dies leaves its claims to be due again when the lease (alerts.lease) ends. A
// SQLite file has one daemon: its rounds read the due rows unclaimed, so after a crash they are due
// at once.
//
// Thread safety: start()/stop() from one thread; render_metrics() from any.
// Lifetime: stop() (or the destructor) abandons a call in flight and joins; the writer outlives it.

#include "daemon/alerts/alert.hpp"
#include "daemon/alerts/alerts_config.hpp"
#include "daemon/store/sql/connection.hpp"
#include "daemon/store/storage_config.hpp"
#include "daemon/base/worker.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>


namespace hatewatch::daemon {

namespace store {
class writer;
}

class dispatcher {
public:
  /// Delivers what `cfg` routes, reading the outbox from the database of `storage`.
  dispatcher(const dispatcher_config& cfg, const storage_config& storage, store::writer& writer);
  ~dispatcher();
  dispatcher(const dispatcher&) = delete;
  dispatcher& operator=(const dispatcher&) = delete;

  void start();
  void stop();

  /// Prometheus lines: deliveries by channel and outcome.
  void render_metrics(std::string& out) const;
  /// Why the last round failed (the outbox could not be read or updated), with how many failed in a
  /// row; nothing once a round succeeds again. /readyz reports it.
  std::optional<std::string> fault() const;

private:
  struct counters {
    std::array<std::atomic<std::uint64_t>, 3> by_outcome{}; // delivered, retry, dead
  };
  struct update {
    std::int64_t alert_id;
    delivery_result result;
    std::int64_t attempts;
    bool digest;
    bool released = false; // not attempted: given back, due again now
  };
  /// A round's outcomes not recorded yet, and the alerts whose outcome is recorded.
  struct outcomes {
    std::vector<update> updates;
    std::set<std::int64_t> settled;
  };

  void run();
  void round();
  store::sql::connection& connection();
  std::vector<alert_item> claim(std::int64_t now);
  void deliver_group(const std::string& channel, std::vector<alert_item>& items, outcomes& out);
  /// Whether the round must stop delivering: stopping, or past half the claim's lease (what is left
  /// goes back for the next round or another replica, rather than risk a second delivery when the
  /// claim runs out).
  bool out_of_time() const;
  /// Records `out.updates` (then empty) and counts them as settled.
  void record(outcomes& out);

  storage_config storage_;
  alerts_config cfg_;
  std::string console_url_; // console.public_url, read at start
  std::map<std::string, channel_config> channels_;
  std::map<std::string, flag_config> flags_; // by source
  store::writer& writer_;
  std::unique_ptr<store::sql::connection> conn_;
  std::map<std::string, std::unique_ptr<counters>> counters_; // by channel; fixed after construction
  mutable std::mutex fault_mutex_;
  std::optional<std::string> fault_; // guarded by fault_mutex_
  unsigned failed_rounds_ = 0;       // in a row; the dispatcher's thread only
  std::chrono::steady_clock::time_point round_started_{}; // the dispatcher's thread only
  worker worker_;                    // last: stopped (joined) before the members above go
};

} // namespace hatewatch::daemon
