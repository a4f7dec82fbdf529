#include "daemon/intake/poller.hpp"

#include "daemon/intake/discourse.hpp"
#include "daemon/base/intake_error.hpp"
#include "daemon/intake/scoring.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/outbound/http_call.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/leases.hpp"
#include "daemon/store/write_context.hpp"
#include "daemon/store/writer.hpp"

#include <unistd.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

const std::shared_ptr<spdlog::logger>& log() {
  static const auto logger = get_logger("poller");
  return logger;
}

/// A round that could not finish; `wait` overrides the back-off (a 429's Retry-After).
// The lease a source's poller holds: its store transaction found another replica holding it.
struct lease_lost : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// This process among replicas: host, pid and a random part (a pid is reused after a restart).
std::string holder_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0)
    host[0] = '\0';
  std::random_device random;
  std::string name = host;
  name += ':';
  name += std::to_string(::getpid());
  name += ':';
  name += std::to_string(random());
  return name;
}

std::string lease_of(const source_config& s) {
  std::string name = "poll:";
  name += s.name;
  return name;
}

// How long a poller's hold on its source lasts past its last renewal: two rounds and a call.
std::int64_t lease_ms(const poll_config& p) {
  return (2 * p.interval + p.timeout).count();
}

struct round_failed {
  std::string why;
  std::optional<std::chrono::milliseconds> wait;
};

struct page {
  std::vector<boost::json::object> posts;
  std::optional<std::int64_t> lowest;
  std::optional<std::int64_t> highest;
};

std::optional<std::int64_t> post_id(const boost::json::object& post) {
  const auto* id = post.if_contains("id");
  if (id && id->is_int64())
    return id->as_int64();
  if (id && id->is_uint64() && id->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(id->as_uint64());
  return std::nullopt;
}

page fetch_page(const poll_config& cfg, std::optional<std::int64_t> before, const std::atomic<bool>& cancel) {
  http_call call;
  call.url = cfg.base_url + "/posts.json" + (before ? "?before=" + std::to_string(*before) : "");
  call.headers = {{"Api-Key", cfg.api_key}, {"Api-Username", cfg.api_username}, {"Accept", "application/json"}};
  call.timeout = cfg.timeout;
  call.cancel = &cancel;
  const auto answer = perform(call);
  if (!answer.error.empty())
    throw round_failed{"GET " + call.url + ": " + answer.error, std::nullopt};
  if (answer.status == 429) {
    std::optional<std::chrono::milliseconds> wait;
    if (auto s = retry_after_seconds(answer.retry_after))
      wait = *s;
    else {
      boost::system::error_code ec;
      const auto body = boost::json::parse(answer.body, ec);
      if (!ec && body.is_object())
        if (const auto* extras = body.as_object().if_contains("extras"); extras && extras->is_object())
          if (const auto* w = extras->as_object().if_contains("wait_seconds"); w && w->is_number())
            wait = std::chrono::milliseconds(static_cast<std::int64_t>(std::clamp(w->to_number<double>(), 0.0, 86400.0) * 1000));
    }
    throw round_failed{"GET " + call.url + ": rate limited (429)", wait};
  }
  if (answer.status != 200)
    throw round_failed{"GET " + call.url + ": HTTP " + std::to_string(answer.status), std::nullopt};
  boost::system::error_code ec;
  const auto body = boost::json::parse(answer.body, ec);
  if (ec || !body.is_object())
    throw round_failed{"GET " + call.url + ": the answer is not JSON", std::nullopt};
  const auto* list = body.as_object().if_contains("latest_posts");
  if (!list || !list->is_array())
    throw round_failed{"GET " + call.url + ": the answer has no latest_posts array", std::nullopt};
  page p;
  for (const auto& v : list->as_array()) {
    if (!v.is_object())
      throw round_failed{"GET " + call.url + ": a post is not an object", std::nullopt};
    const auto id = post_id(v.as_object());
    if (!id)
      throw round_failed{"GET " + call.url + ": a post has no numeric id", std::nullopt};
    p.lowest = p.lowest ? std::min(*p.lowest, *id) : *id;
    p.highest = p.highest ? std::max(*p.highest, *id) : *id;
    p.posts.push_back(v.as_object());
  }
  return p;
}

} // namespace

poller::poller(const std::vector<source_config>& sources, intake_context& live, store::writer& writer)
    : live_(live), writer_(writer), holder_(holder_name()) {
  for (const auto& s : sources)
    if (s.polls)
      sources_.push_back({s, std::nullopt, false, false, 0, std::chrono::steady_clock::now()});
}

const std::string& poller::holder(store::write_context& ctx) const {
  // A SQLite file has one daemon: after a crash it takes its own leases back at once.
  static const std::string only = "the daemon of this SQLite file";
  return ctx.db().shared() ? holder_ : only;
}

poller::~poller() {
  stop();
}

void poller::start() {
  if (!sources_.empty())
    worker_.start([this] { run(); });
}

void poller::stop() {
  worker_.stop(); // a call in flight watches the stop flag and gives up
  // Another replica may take the sources over at once rather than when the leases end.
  for (auto& s : sources_) {
    if (!s.holding)
      continue;
    s.holding = false;
    try {
      writer_.run_and_wait([this, name = lease_of(s.cfg)](store::write_context& ctx) {
        store::release_lease(ctx, name, holder(ctx));
      });
    } catch (const std::exception& e) {
      log()->warn("source {}: could not give up polling it (another replica takes over when the lease ends): {}",
                  s.cfg.name, e.what());
    }
  }
}

void poller::run() {
  for (;;) {
    auto next = std::min_element(sources_.begin(), sources_.end(),
                                 [](const auto& a, const auto& b) { return a.due < b.due; });
    if (!worker_.sleep_until(next->due))
      return;
    const auto wait = round(*next);
    next->due = std::chrono::steady_clock::now() + wait;
  }
}

std::vector<std::pair<std::string, std::string>> poller::faults() const {
  std::lock_guard lock(faults_mutex_);
  return {faults_.begin(), faults_.end()};
}

std::chrono::milliseconds poller::round(source_state& s) {
  const auto& cfg = s.cfg.poll;
  // After a failed round: interval doubled per failure in a row, up to max_backoff.
  auto back_off = [&](std::string_view why) {
    ++s.failures;
    failed_rounds_.fetch_add(1);
    {
      std::lock_guard lock(faults_mutex_);
      faults_[s.cfg.name] = std::to_string(s.failures) + " poll(s) in a row failed: " + std::string(why);
    }
    return std::min<std::chrono::milliseconds>(cfg.interval * (1LL << std::min(s.failures, 20u)), cfg.max_backoff);
  };
  const auto lease = lease_of(s.cfg);
  const auto hold = lease_ms(cfg);
  try {
    // One replica polls a source at a time: the one holding its lease (and the cursor it stored).
    bool mine = false;
    std::optional<std::int64_t> cursor;
    writer_.run_and_wait([&, load = !s.holding || !s.cursor_loaded](store::write_context& ctx) {
      const auto now = store::now_ms();
      mine = store::take_lease(ctx, lease, holder(ctx), now, now + hold);
      if (mine && load)
        cursor = store::poll_cursor(ctx, s.cfg.name, "discourse");
    });
    if (!mine) {
      if (s.holding)
        log()->info("source {}: another replica polls it now", s.cfg.name);
      s.holding = false;
      s.cursor_loaded = false;
      s.failures = 0;
      std::lock_guard lock(faults_mutex_);
      faults_.erase(s.cfg.name);
      return cfg.interval;
    }
    if (!s.holding || !s.cursor_loaded) {
      if (!s.holding)
        log()->info("source {}: polling it from post {} (this replica holds its lease)", s.cfg.name, cursor.value_or(0));
      s.holding = true;
      s.cursor = cursor;
      s.cursor_loaded = true;
    }

    // Newest first, back to the cursor.
    std::map<std::int64_t, boost::json::object> fresh;
    std::optional<std::int64_t> highest = s.cursor;
    std::optional<std::int64_t> before;
    for (std::uint32_t n = 0;; ++n) {
      if (n == cfg.max_pages) {
        log()->warn("source {}: read {} pages without reaching post {}; older new posts are skipped (poll.max_pages)",
                    s.cfg.name, n, s.cursor.value_or(0));
        break;
      }
      auto p = fetch_page(cfg, before, worker_.stop_flag());
      for (auto& post : p.posts) {
        const auto id = *post_id(post);
        if (!s.cursor || id > *s.cursor)
          fresh.emplace(id, std::move(post));
      }
      if (p.highest)
        highest = highest ? std::max(*highest, *p.highest) : *p.highest;
      if (!s.cursor || !p.lowest || *p.lowest <= *s.cursor || (before && *p.lowest >= *before))
        break; // first round (newest page only), an empty page, the cursor reached, or no progress
      before = p.lowest;
    }

    // Score in id order and store with the new cursor, all in one transaction.
    const auto now = live_.live_source(s.cfg.name);
    const auto& src = now ? *now : s.cfg;
    const auto limits = live_.live_limits();
    const auto models = live_.live_models();
    if (!models)
      throw round_failed{no_model_detail, std::nullopt};
    auto records = std::make_shared<std::vector<store::comment_record>>();
    for (const auto& [id, post] : fresh) {
      try {
        auto c = discourse_post(post, src, cfg.base_url, limits.max_comment_bytes);
        if (c.is_private && !src.include_private)
          continue;
        score_comment(models->for_source(src.name), src, limits.explain_top, c);
        live_.count_score(c, src);
        records->push_back(std::move(c));
      } catch (const intake_error& e) {
        log()->warn("source {}: post {} skipped: {}", s.cfg.name, id, e.what());
      }
    }
    if (highest && (!s.cursor || *highest > *s.cursor || !records->empty())) {
      std::size_t stored = 0;
      writer_.run_and_wait([&, records, top = *highest](store::write_context& ctx) {
        // Only while this replica still holds the source: the renewal locks the lease until commit.
        const auto now = store::now_ms();
        if (!store::renew_lease(ctx, lease, holder(ctx), now, now + hold))
          throw lease_lost("its lease ended and another replica took it");
        const auto& name = s.cfg.name;
        stored = 0;
        for (const auto& c : *records)
          stored += store::store_comment(ctx, c).duplicate ? 0 : 1;
        store::set_poll_cursor(ctx, name, "discourse", top);
      });
      s.cursor = highest;
      if (stored)
        log()->info("source {}: stored {} new post(s), up to post {}", s.cfg.name, stored, *highest);
    }
    s.failures = 0;
    good_rounds_.fetch_add(1);
    {
      std::lock_guard lock(faults_mutex_);
      faults_.erase(s.cfg.name);
    }
    return cfg.interval;
  } catch (const lease_lost& e) {
    log()->warn("source {}: posts of this round not stored ({}); the new holder polls from its cursor", s.cfg.name,
                e.what());
    s.holding = false;
    s.cursor_loaded = false;
    return cfg.interval;
  } catch (const round_failed& f) {
    auto wait = back_off(f.why);
    if (f.wait)
      wait = std::max(*f.wait, cfg.interval);
    if (!worker_.stopping())
      log()->warn("source {}: poll failed ({} in a row), next try in {} ms: {}", s.cfg.name, s.failures, wait.count(),
                  f.why);
    return wait;
  } catch (const std::exception& e) {
    // The store (busy, full) or anything else: the same back-off; the cursor did not move.
    const auto wait = back_off(e.what());
    log()->warn("source {}: poll round failed ({} in a row), next try in {} ms: {}", s.cfg.name, s.failures,
                wait.count(), e.what());
    return wait;
  }
}

} // namespace hatewatch::daemon
