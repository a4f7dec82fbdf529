// No comment lost: 10,000 webhooks to the real binary, kill -9 part-way, restart. Every comment
// that got a 2xx is in the database exactly once, and the forum's retries of the rest land.
#include "support/daemon_process.hpp"
#include "support/fake_receiver.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <future>
#include <map>
#include <set>
#include <thread>

using hatewatch::test::daemon_process;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;

namespace {

// Built step by step: g++ 12 at -O3 warns (-Wrestrict, a false positive) on "c" + std::to_string(i).
std::string comment_id(int i) {
  std::string id = "c";
  id += std::to_string(i);
  return id;
}

constexpr int total = 10000;
constexpr int senders = 8;

std::string config_yaml(const hatewatch::test::temp_dir& dir) {
  return "server:\n  listen: 127.0.0.1:0\n  threads: 2\n"
         "model:\n  path: " HATEWATCH_SOURCE_DIR "/models/forums.hwm\n"
         "storage:\n  path: " +
         (dir.path() / "durable.db").string() +
         "\n"
         "sources:\n  - name: forum\n    kind: generic\n";
}

std::string body(int i) {
  return R"({"id":"c)" + std::to_string(i) + R"(","text":"comment number )" + std::to_string(i) + R"("})";
}

/// Sends comments [from, to) one after another on one connection until the daemon goes away;
/// returns the ids that got a 2xx.
std::vector<int> send(unsigned short port, int from, int to, std::atomic<int>& acked) {
  std::vector<int> ok;
  try {
    http_client c(port);
    for (int i = from; i < to; ++i) {
      const auto res = c.request(verb::post, "/webhooks/generic/forum", body(i));
      if (res.result_int() / 100 != 2)
        continue; // not acknowledged: the forum will retry it
      ok.push_back(i);
      acked.fetch_add(1);
    }
  } catch (const std::exception&) {
    // The daemon was killed mid-request: that comment is not acknowledged.
  }
  return ok;
}

std::map<std::string, int> stored_counts(const std::filesystem::path& db_path) {
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
  SQLite::Statement q(db, "SELECT external_id, COUNT(*) FROM comments GROUP BY external_id");
  std::map<std::string, int> out;
  while (q.executeStep())
    out[q.getColumn(0).getString()] = q.getColumn(1).getInt();
  return out;
}

} // namespace

TEST(Durability, KillNineLosesNoAcknowledgedCommentAndRetriesLand) {
  hatewatch::test::temp_dir dir;
  const auto config = dir.write("durable.yaml", config_yaml(dir)).string();
  std::set<int> acknowledged;
  {
    daemon_process d(config);
    ASSERT_NE(d.port(), 0) << d.output();
    std::atomic<int> acked{0};
    std::vector<std::thread> threads;
    std::vector<std::vector<int>> results(senders);
    for (int t = 0; t < senders; ++t)
      threads.emplace_back([&, t] { results[t] = send(d.port(), t * total / senders, (t + 1) * total / senders, acked); });
    while (acked.load() < total / 3)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    d.signal(SIGKILL);
    for (auto& t : threads)
      t.join();
    EXPECT_EQ(d.wait(), -SIGKILL);
    for (const auto& r : results)
      acknowledged.insert(r.begin(), r.end());
  }
  ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(total / 3));
  ASSERT_LT(acknowledged.size(), static_cast<std::size_t>(total)) << "the kill came too late to test anything";

  // After the crash, before any retry: every acknowledged comment is there, once.
  auto stored = stored_counts(dir.path() / "durable.db");
  for (int i : acknowledged) {
    ASSERT_EQ(stored[comment_id(i)], 1) << "acknowledged comment c" << i;
  }
  for (const auto& [id, n] : stored)
    ASSERT_EQ(n, 1) << id;

  // The forum retries everything it got no 2xx for; some of those were committed just before the
  // kill, and must not be stored twice.
  daemon_process again(config);
  ASSERT_NE(again.port(), 0) << again.output();
  std::vector<int> retry;
  for (int i = 0; i < total; ++i)
    if (!acknowledged.count(i))
      retry.push_back(i);
  http_client c(again.port());
  for (int i : retry) {
    const auto res = c.request(verb::post, "/webhooks/generic/forum", body(i));
    ASSERT_EQ(res.result_int(), 200) << res.body();
  }
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait(), 0);
  stored = stored_counts(dir.path() / "durable.db");
  EXPECT_EQ(stored.size(), static_cast<std::size_t>(total));
  for (const auto& [id, n] : stored)
    ASSERT_EQ(n, 1) << id;
}

namespace {

/// A daemon on `dir`/alerts.db alerting every comment to `rx`'s /hook, retrying fast.
std::string alerts_config(const hatewatch::test::temp_dir& dir, const hatewatch::test::fake_receiver& rx) {
  return dir
      .write("alerts.yaml", "server:\n  listen: 127.0.0.1:0\n  threads: 2\n"
                            "model:\n  path: " HATEWATCH_SOURCE_DIR "/models/forums.hwm\n"
                            "storage:\n  path: " +
                                (dir.path() / "alerts.db").string() +
                                "\nalerts:\n  interval: 50ms\n  retry_base: 100ms\n  retry_max: 200ms\n"
                                "  max_attempts: 1000\n  digest_after: 1000\n  lease: 1m\n"
                                "channels:\n  hook:\n    kind: webhook\n    url: " +
                                rx.url("/hook") +
                                "\nsources:\n  - name: forum\n    kind: generic\n    notify: [hook]\n"
                                "    thresholds: { hate_speech: 0.0 }\n")
      .string();
}

/// Posts comments c0 .. c<n-1> to the generic webhook; each must be acknowledged.
void post_comments(unsigned short port, int n) {
  http_client c(port);
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(c.request(verb::post, "/webhooks/generic/forum", body(i)).result_int(), 200) << "comment c" << i;
}

/// Event id -> how many of its deliveries `rx` accepted (answered 200).
std::map<std::string, int> accepted_events(const hatewatch::test::fake_receiver& rx) {
  std::map<std::string, int> accepted;
  for (const auto& r : rx.requests("/hook"))
    if (r.answered == 200)
      ++accepted[r.headers.at("X-Hatewatch-Event-Id")];
  return accepted;
}

} // namespace

TEST(Durability, PendingAlertsSurviveKillNineAndAreDeliveredOnce) {
  hatewatch::test::temp_dir dir;
  hatewatch::test::fake_receiver rx({"/hook"});
  rx.set_default({500, "down for maintenance", ""});
  const auto config = alerts_config(dir, rx);
  constexpr int comments = 20;
  {
    daemon_process d(config);
    ASSERT_NE(d.port(), 0) << d.output();
    ASSERT_NO_FATAL_FAILURE(post_comments(d.port(), comments));
    // Every alert has been tried (and refused) at least once: they are pending, with attempts.
    for (int i = 0; i < 400 && rx.requests("/hook").size() < comments; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    d.signal(SIGKILL);
    d.wait();
  }
  ASSERT_GE(rx.requests("/hook").size(), static_cast<std::size_t>(comments));
  rx.set_default({200, "ok", ""}); // the receiver is back

  daemon_process again(config);
  ASSERT_NE(again.port(), 0) << again.output();
  for (int i = 0; i < 400 && accepted_events(rx).size() < comments; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  // No late second delivery: once the outbox holds no pending row, nothing is left to send.
  const auto outbox = dir.path() / "alerts.db";
  auto pending = [&] {
    SQLite::Database db(outbox, SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT COUNT(*) FROM alerts WHERE state = 'pending'").getInt();
  };
  for (int i = 0; i < 400 && pending() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  ASSERT_EQ(pending(), 0);
  const auto accepted = accepted_events(rx);
  EXPECT_EQ(accepted.size(), static_cast<std::size_t>(comments));
  for (const auto& [event, n] : accepted)
    EXPECT_EQ(n, 1) << event;
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait(), 0);
  SQLite::Database db(dir.path() / "alerts.db", SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'").getInt64(), comments);
}

// On SQLite (one daemon per file) a crash in the middle of a delivery leaves nothing waiting for
// alerts.lease (a minute): the restarted daemon sends what was in flight at once, and once each.
TEST(Durability, AlertsInFlightAtAKillAreSentAtTheRestartNotALeaseLater) {
  hatewatch::test::temp_dir dir;
  hatewatch::test::fake_receiver rx({"/hook"});
  rx.script("/hook", {{500, "too late: the daemon that sent it is gone", ""}}); // the held delivery's answer
  std::promise<void> held;
  std::promise<void> go; // destroyed before rx if the test stops early: the wait below then ends
  const auto release = go.get_future().share();
  std::atomic<bool> first{true};
  rx.on_request([&](const std::string&, std::size_t) {
    if (first.exchange(false)) {
      held.set_value();
      release.wait(); // the daemon is killed while this delivery is in flight
    }
  });
  const auto config = alerts_config(dir, rx);
  constexpr int comments = 5;
  {
    daemon_process d(config);
    ASSERT_NE(d.port(), 0) << d.output();
    ASSERT_NO_FATAL_FAILURE(post_comments(d.port(), comments));
    ASSERT_EQ(held.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready) << d.output();
    d.signal(SIGKILL);
    d.wait();
  }
  go.set_value();

  const auto started = std::chrono::steady_clock::now();
  daemon_process again(config);
  ASSERT_NE(again.port(), 0) << again.output();
  for (int i = 0; i < 400 && accepted_events(rx).size() < comments; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  const auto accepted = accepted_events(rx);
  ASSERT_EQ(accepted.size(), static_cast<std::size_t>(comments))
      << "within " << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count()
      << " s of the restart (alerts.lease is 60 s)";
  for (const auto& [event, n] : accepted)
    EXPECT_EQ(n, 1) << event;
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait(), 0);
}
