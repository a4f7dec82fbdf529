#include "daemon/alerts/dispatcher.hpp"

#include "daemon/alerts/routing.hpp"
#include "daemon/alerts/channels.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/connect.hpp"
#include "daemon/store/outbox.hpp"
#include "daemon/store/writer.hpp"

#include <set>

namespace hatewatch::daemon {
namespace {

const std::shared_ptr<spdlog::logger>& log() {
  static const auto logger = get_logger("alerts");
  return logger;
}

// Rows claimed in one round.
constexpr std::int64_t claim_max = 500;
// Outcomes of single deliveries are recorded in steps of this many.
constexpr std::size_t record_every = 16;

const char* outcome_name(delivery_result::outcome o) {
  switch (o) {
  case delivery_result::outcome::delivered:
    return "delivered";
  case delivery_result::outcome::retry:
    return "retry";
  case delivery_result::outcome::dead:
    return "dead";
  }
  return "retry";
}

} // namespace

dispatcher::dispatcher(const dispatcher_config& cfg, const storage_config& storage, store::writer& writer)
    : storage_(storage), cfg_(cfg.alerts), console_url_(cfg.console_url), flags_(cfg.flags), writer_(writer) {
  for (const auto& ch : cfg.channels) {
    channels_.emplace(ch.name, ch);
    counters_.emplace(ch.name, std::make_unique<counters>());
  }
  counters_.emplace(flag_channel, std::make_unique<counters>());
}

dispatcher::~dispatcher() {
  stop();
}

void dispatcher::start() {
  worker_.start([this] { run(); });
}

void dispatcher::stop() {
  worker_.stop(); // a channel call in flight watches the stop flag and gives up
}

std::optional<std::string> dispatcher::fault() const {
  std::lock_guard lock(fault_mutex_);
  return fault_;
}

void dispatcher::run() {
  for (;;) {
    std::optional<std::string> failure;
    try {
      round();
    } catch (const std::exception& e) {
      conn_.reset(); // reopen next time
      log()->warn("alert round failed, will retry: {}", e.what());
      failure = e.what();
    }
    failed_rounds_ = failure ? failed_rounds_ + 1 : 0;
    {
      std::lock_guard lock(fault_mutex_);
      fault_ = failure ? std::optional(std::to_string(failed_rounds_) + " round(s) in a row failed: " + *failure)
                       : std::nullopt;
    }
    if (!worker_.sleep_for(cfg_.interval))
      return;
  }
}

store::sql::connection& dispatcher::connection() {
  if (!conn_ || !conn_->usable())
    conn_ = store::connect(storage_, store::access::read, "hatewatch-alerts");
  return *conn_;
}

std::vector<alert_item> dispatcher::claim(std::int64_t now) {
  // A SQLite file has one daemon, and its rounds run one after another: nothing else could take a
  // row, and rows it was sending when it crashed are due again at its restart, not a lease later.
  // Its due rows are read at once (none: one read, as any_alert_due() would have been).
  if (!connection().shared())
    return store::read_alerts(connection(), store::due_alerts(connection(), now, claim_max));
  if (!store::any_alert_due(connection(), now))
    return {}; // the usual round: one read, nothing through the writer
  std::vector<std::int64_t> ids;
  const auto until = now + cfg_.lease.count();
  writer_.run_and_wait([&ids, now, until](store::write_context& ctx) { ids = store::claim_alerts(ctx, now, until, claim_max); });
  return store::read_alerts(connection(), ids);
}

void dispatcher::round() {
  round_started_ = std::chrono::steady_clock::now();
  auto items = claim(store::now_ms());
  if (items.empty())
    return;
  // Group by channel and source, keeping id order.
  std::map<std::pair<std::string, std::string>, std::vector<alert_item>> groups;
  for (auto& a : items)
    groups[{a.channel, a.source}].push_back(std::move(a));
  outcomes out;
  for (auto& [key, group] : groups) {
    if (out_of_time())
      break;
    deliver_group(key.first, group, out);
  }
  record(out);
  for (const auto& [key, group] : groups)
    for (const auto& a : group)
      if (!out.settled.contains(a.alert_id))
        out.updates.push_back({a.alert_id, {}, a.attempts, false, true});
  record(out);
}

bool dispatcher::out_of_time() const {
  return worker_.stopping() || std::chrono::steady_clock::now() - round_started_ > cfg_.lease / 2;
}

void dispatcher::deliver_group(const std::string& channel, std::vector<alert_item>& items, outcomes& out) {
  const channel_context ctx{cfg_.excerpt_bytes, &worker_.stop_flag(), console_url_};
  auto note = [&](const alert_item& a, delivery_result r, bool digest) {
    if (auto it = counters_.find(a.channel); it != counters_.end())
      it->second->by_outcome[static_cast<std::size_t>(r.result)].fetch_add(1, std::memory_order_relaxed);
    out.updates.push_back({a.alert_id, std::move(r), a.attempts + 1, digest});
  };

  if (channel == flag_channel) {
    for (const auto& a : items) {
      const auto flag = flags_.find(a.source);
      if (flag == flags_.end()) {
        note(a, {delivery_result::outcome::dead, 0, "flagging is no longer enabled for source '" + a.source + "'", {}}, false);
        continue;
      }
      note(a, flag_post(flag->second, a, ctx), false);
    }
    return;
  }
  const auto ch = channels_.find(channel);
  if (ch == channels_.end()) {
    for (const auto& a : items)
      note(a, {delivery_result::outcome::dead, 0, "channel '" + channel + "' is no longer configured", {}}, false);
    return;
  }

  // The flood rule: how many went to this channel for this source within the window (from the
  // outbox: by every replica).
  const auto sent = store::delivered_since(connection(), channel, items.front().source,
                                           store::now_ms() - cfg_.digest_window.count());
  const bool over = static_cast<std::size_t>(sent) + items.size() > cfg_.digest_after;
  if (over && items.size() >= 2) {
    const auto r = deliver(ch->second, items, ctx);
    log()->info("channel {}: digest of {} alert(s) for source {}: {}{}", channel, items.size(), items.front().source,
                outcome_name(r.result), r.error.empty() ? "" : " (" + r.error + ")");
    for (const auto& a : items)
      note(a, r, true);
    return;
  }
  if (over && store::now_ms() - items.front().created_at < cfg_.digest_window.count() / 6)
    return; // one alert past the rate: held a little, for others to join it in a digest
  for (const auto& a : items) {
    if (out_of_time())
      return; // the rest is given back
    auto r = deliver(ch->second, {a}, ctx);
    if (r.result == delivery_result::outcome::retry && a.attempts + 1 >= static_cast<std::int64_t>(cfg_.max_attempts))
      log()->warn("channel {}: alert {} gave up after {} attempts: {}", channel, a.event_id, a.attempts + 1, r.error);
    else if (r.result == delivery_result::outcome::delivered)
      log()->info("channel {}: alert {} delivered", channel, a.event_id);
    else
      log()->warn("channel {}: alert {} {}: {}", channel, a.event_id, outcome_name(r.result), r.error);
    note(a, std::move(r), false);
    // Recorded as they go: a replica killed mid-round leaves at most these few delivered but not
    // recorded (sent again, with the same event id, when its claim runs out).
    if (out.updates.size() >= record_every)
      record(out);
  }
}

void dispatcher::record(outcomes& out) {
  if (out.updates.empty())
    return;
  const auto& updates = out.updates;
  const auto now = store::now_ms();
  const auto& cfg = cfg_;
  // Waits: the next round must see these outcomes, or it would send the same alerts again.
  writer_.run_and_wait([&updates, now, &cfg](store::write_context& ctx) {
        for (const auto& u : updates) {
          if (u.released) {
            store::release_alert(ctx, u.alert_id, now);
            continue;
          }
          std::string state = "pending";
          std::int64_t next = now;
          std::string error = u.result.error;
          if (u.result.result == delivery_result::outcome::delivered) {
            state = "delivered";
          } else if (u.result.result == delivery_result::outcome::dead) {
            state = "dead";
          } else if (u.attempts >= static_cast<std::int64_t>(cfg.max_attempts)) {
            state = "dead";
            error = "gave up after " + std::to_string(u.attempts) + " attempts: " + error;
          } else {
            auto wait = cfg.retry_base * (1LL << std::min<std::int64_t>(u.attempts - 1, 30));
            wait = std::min<std::chrono::milliseconds>(wait, cfg.retry_max);
            if (u.result.retry_after)
              wait = *u.result.retry_after;
            next = now + wait.count();
          }
          store::record_alert_outcome(
              ctx, {u.alert_id, state, u.attempts, next,
                    u.result.status ? std::optional<std::int64_t>(u.result.status) : std::nullopt, error, u.digest,
                    state == "delivered" ? std::optional(now) : std::nullopt});
        }
      });
  for (const auto& u : updates)
    out.settled.insert(u.alert_id);
  out.updates.clear();
}

void dispatcher::render_metrics(std::string& out) const {
  out += "# HELP hatewatch_alert_deliveries_total Alert delivery attempts by channel and outcome.\n"
         "# TYPE hatewatch_alert_deliveries_total counter\n";
  static const char* names[] = {"delivered", "retry", "dead"};
  for (const auto& [channel, c] : counters_)
    for (std::size_t i = 0; i < 3; ++i)
      out += "hatewatch_alert_deliveries_total{channel=\"" + channel + "\",outcome=\"" + names[i] + "\"} " +
             std::to_string(c->by_outcome[i].load(std::memory_order_relaxed)) + "\n";
}

} // namespace hatewatch::daemon
