// Two real daemons (the hatewatch binary) sharing one real PostgreSQL, as replicas behind a load
// balancer run: a webhook redelivered to the other replica is recognised and stored once, every
// flagged comment is alerted once though both dispatchers run, and the poller of a source moves to
// the survivor when its replica is killed, resuming from the stored cursor with no gap and no
// duplicate.
#include "daemon/store/pg/connection.hpp"

#include "support/daemon_process.hpp"
#include "support/fake_forum.hpp"
#include "support/fake_receiver.hpp"
#include "support/http_client.hpp"
#include "support/postgres_server.hpp"
#include "support/text_cat.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <barrier>
#include <chrono>
#include <mutex>
#include <map>
#include <set>
#include <thread>

using hatewatch::test::daemon_process;
using hatewatch::test::http_client;
using namespace hatewatch::daemon::store;
using verb = boost::beast::http::verb;

namespace {

std::string base_config(const std::string& url) {
  return "server:\n  listen: 127.0.0.1:0\n  threads: 2\n"
         "model:\n  path: " HATEWATCH_SOURCE_DIR "/models/forums.hwm\n"
         "storage:\n  backend: postgresql\n  url: \"" +
         url + "\"\n";
}

std::int64_t count(const std::string& url, const std::string& sql) {
  pg::connection db(url);
  return db.exec(sql).int64(0, 0);
}

// Polls `done` every 50 ms for up to `limit`; the time it took, or nothing.
template <typename Done>
std::optional<std::chrono::milliseconds> wait_until(Done done, std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit) {
    if (done())
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

// The value of the metric `name` (a line "name value") on `d`'s /metrics, or "missing".
std::string metric(daemon_process& d, const std::string& name) {
  const std::string metrics = http_client(d.port()).get("/metrics").body();
  const std::string line = "\n" + name + " ";
  const auto at = metrics.find(line);
  if (at == std::string::npos)
    return "missing";
  const auto from = at + line.size();
  return metrics.substr(from, metrics.find('\n', from) - from);
}

} // namespace

TEST(Replicas, AWebhookRedeliveredToTheOtherReplicaIsStoredOnce) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  hatewatch::test::temp_dir dir;
  const auto config = dir.write("r.yaml", base_config(url) + "sources:\n  - name: forum\n    kind: generic\n").string();
  daemon_process a(config), b(config);
  ASSERT_NE(a.port(), 0) << a.output();
  ASSERT_NE(b.port(), 0) << b.output();

  const std::string body = R"({"id":"c1","text":"first comment on the thread"})";
  const auto first = http_client(a.port()).request(verb::post, "/webhooks/generic/forum", body);
  ASSERT_EQ(first.result_int(), 200) << first.body();
  EXPECT_NE(first.body().find(R"("duplicate":false)"), std::string::npos) << first.body();
  const auto again = http_client(b.port()).request(verb::post, "/webhooks/generic/forum", body);
  ASSERT_EQ(again.result_int(), 200) << again.body();
  EXPECT_NE(again.body().find(R"("duplicate":true)"), std::string::npos) << again.body();
  EXPECT_NE(again.body().find(R"("comment_id":1)"), std::string::npos) << "the other replica names the same row";
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments"), 1);
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM scores"), 1);
  // The new comment went out in a pipeline, and so did the redelivery: its one statement read the
  // stored row instead of a second transaction doing so.
  EXPECT_EQ(metric(a, "hatewatch_store_pipelined_jobs_total"), "1");
  EXPECT_EQ(metric(b, "hatewatch_store_pipelined_jobs_total"), "1");
  for (auto* d : {&a, &b}) {
    const auto ready = http_client(d->port()).get("/readyz");
    EXPECT_EQ(ready.result_int(), 200) << ready.body();
    EXPECT_NE(ready.body().find(R"("storage":"ok")"), std::string::npos) << ready.body();
  }
}

// The same batch of comments sent to both replicas at once in different orders (issue 29, defect
// 5: 10 of 40 such requests were answered 503 with PostgreSQL's deadlock error): a batch is stored
// in the order of its keys, so the replicas take the rows' locks in one order and never deadlock.
TEST(Replicas, TheSameBatchInDifferentOrdersOnBothReplicasNeverDeadlocks) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  hatewatch::test::temp_dir dir;
  const auto config = dir.write("r.yaml", base_config(url) + "sources:\n  - name: forum\n    kind: generic\n").string();
  daemon_process a(config), b(config);
  ASSERT_NE(a.port(), 0) << a.output();
  ASSERT_NE(b.port(), 0) << b.output();

  // 20 batches of 30 new comments, each sent to replica a in one order and to b in the reverse
  // order at the same time: 40 requests.
  constexpr int comments = 30, batches = 20, per_replica = 4;
  auto body = [&](int batch, bool reversed) {
    std::string out = "[";
    for (int k = 0; k < comments; ++k) {
      const int i = reversed ? comments - 1 - k : k;
      out += hatewatch::test::cat(k ? "," : "", R"({"id":"b)", std::to_string(batch), "-", std::to_string(i),
                                  R"(","text":"comment number )", std::to_string(i), R"("})");
    }
    return out + "]";
  };
  std::atomic<int> ok{0};
  std::vector<std::string> refused;
  std::mutex refused_mutex;
  std::vector<std::thread> senders;
  std::barrier round(2 * per_replica); // each round's batches go to both replicas at one moment
  for (int t = 0; t < 2 * per_replica; ++t)
    senders.emplace_back([&, t] {
      const bool to_b = t >= per_replica;
      http_client client(to_b ? b.port() : a.port());
      for (int r = t % per_replica; r < batches; r += per_replica) {
        round.arrive_and_wait();
        const auto res = client.request(verb::post, "/webhooks/generic/forum", body(r, to_b));
        if (res.result_int() == 200) {
          ++ok;
        } else {
          std::lock_guard lock(refused_mutex);
          refused.push_back(res.body());
        }
      }
    });
  for (auto& s : senders)
    s.join();
  EXPECT_EQ(ok.load(), 2 * batches) << (refused.empty() ? "" : refused.front());
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments"), comments * batches);
  EXPECT_EQ(metric(a, "hatewatch_store_conflict_retries_total"), "0");
  EXPECT_EQ(metric(b, "hatewatch_store_conflict_retries_total"), "0");
}

// Issue 29, defect 7: during a database outage every refused webhook logged a line (69,279 in 4 s)
// and its 503 body quoted the server's message (SQL text, process ids). Now the log says it once a
// second with a count, and the body only that the database is unavailable.
TEST(Replicas, AnOutageIsLoggedInSummaryAnd503BodiesKeepTheServersWordsToTheLog) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  hatewatch::test::temp_dir dir;
  const auto config = dir.write("r.yaml", base_config(url) + "sources:\n  - name: forum\n    kind: generic\n").string();
  daemon_process a(config);
  ASSERT_NE(a.port(), 0) << a.output();
  http_client client(a.port());
  ASSERT_EQ(client.request(verb::post, "/webhooks/generic/forum", R"({"id":"0","text":"before"})").result_int(), 200);
  {
    // From another database: the daemon's own cannot be closed from inside.
    const auto name_at = url.find(":///") + 4;
    const auto db = url.substr(name_at, url.find('?') - name_at);
    pg::connection admin(url.substr(0, name_at) + "postgres" + url.substr(url.find('?')));
    admin.exec("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
    admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db +
               "' AND pid <> pg_backend_pid()");
  }
  int refused = 0;
  std::string body;
  for (int i = 1; i <= 300; ++i) {
    const auto res = client.request(verb::post, "/webhooks/generic/forum",
                                    hatewatch::test::cat(R"({"id":")", std::to_string(i), R"(","text":"during"})"));
    if (res.result_int() == 503) {
      ++refused;
      body = res.body();
      for (const char* secret : {"PostgreSQL", "FATAL", "pid", "SELECT", "INSERT", "terminat", "connection to server"})
        EXPECT_EQ(res.body().find(secret), std::string::npos) << secret << " in " << res.body();
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto last = client.request(verb::post, "/webhooks/generic/forum", R"({"id":"last","text":"during"})");
  EXPECT_EQ(last.result_int(), 503);
  EXPECT_GE(refused, 290) << "the outage refused them";
  EXPECT_NE(body.find("unavailable, retry later: the database is unavailable"), std::string::npos) << body;
  a.signal(SIGTERM);
  a.wait();
  std::size_t lines = 0;
  for (std::size_t at = a.output().find(": 503: "); at != std::string::npos; at = a.output().find(": 503: ", at + 1))
    ++lines;
  EXPECT_GE(lines, 2u) << a.output();
  EXPECT_LE(lines, 10u) << "one line a second (the 300 take 1-3 s, longer under ASan), not one a request: "
                        << a.output();
  EXPECT_NE(a.output().find("more answered 503 since the last such line"), std::string::npos) << a.output();
  EXPECT_NE(a.output().find("PostgreSQL"), std::string::npos) << "the log keeps the server's words";
}

TEST(Replicas, EveryFlaggedCommentIsAlertedOnceThoughBothDispatchersRun) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  hatewatch::test::fake_receiver rx({"/hook"});
  hatewatch::test::temp_dir dir;
  const auto config = dir.write("r.yaml", base_config(url) +
                                              "sources:\n  - name: forum\n    kind: generic\n"
                                              "    thresholds: { hate_speech: 0.0 }\n    notify: [hook]\n"
                                              "channels:\n  hook: { kind: webhook, url: \"" +
                                              rx.url("/hook") +
                                              "\" }\n"
                                              "alerts:\n  interval: 50ms\n  digest_after: 100000\n")
                          .string();
  daemon_process a(config), b(config);
  ASSERT_NE(a.port(), 0) << a.output();
  ASSERT_NE(b.port(), 0) << b.output();

  constexpr int total = 300;
  auto send = [](unsigned short port, int from) {
    http_client c(port);
    for (int i = from; i < total; i += 2) {
      const auto res = c.request(verb::post, "/webhooks/generic/forum",
                                 hatewatch::test::cat(R"({"id":"c)", std::to_string(i), R"(","text":"comment )", std::to_string(i), R"("})"));
      ASSERT_EQ(res.result_int(), 200) << res.body();
    }
  };
  std::thread to_a(send, a.port(), 0), to_b(send, b.port(), 1);
  to_a.join();
  to_b.join();
  ASSERT_EQ(count(url, "SELECT COUNT(*) FROM alerts"), total);
  const auto took = wait_until([&] { return rx.requests("/hook").size() >= total; }, std::chrono::seconds(60));
  ASSERT_TRUE(took) << rx.requests("/hook").size() << " of " << total << " delivered";
  std::this_thread::sleep_for(std::chrono::milliseconds(500)); // a second delivery would come in this time
  std::map<std::string, int> by_event;
  for (const auto& r : rx.requests("/hook"))
    ++by_event[r.headers.at("X-Hatewatch-Event-Id")];
  EXPECT_EQ(by_event.size(), static_cast<std::size_t>(total));
  for (const auto& [event, n] : by_event)
    EXPECT_EQ(n, 1) << "event " << event << " delivered " << n << " times";
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM alerts WHERE state = 'delivered'"), total);
}

TEST(Replicas, ThePollerMovesToTheSurvivorWithNoGapAndNoDuplicate) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  hatewatch::test::fake_forum forum;
  forum.add_posts(1, 20);
  hatewatch::test::temp_dir dir;
  const auto config =
      dir.write("r.yaml", base_config(url) + "sources:\n  - name: forum\n    kind: discourse\n"
                                             "    poll: { base_url: \"" +
                              forum.base_url() + "\", api_key: " + hatewatch::test::fake_forum::api_key +
                              ", interval: 200ms, timeout: 1s }\n")
          .string();
  auto a = std::make_unique<daemon_process>(config);
  auto b = std::make_unique<daemon_process>(config);
  ASSERT_NE(a->port(), 0) << a->output();
  ASSERT_NE(b->port(), 0) << b->output();
  ASSERT_TRUE(wait_until([&] { return count(url, "SELECT COUNT(*) FROM comments") == 20; }, std::chrono::seconds(20)));

  // The holder is named in the lease: host:pid:random.
  pg::connection db(url);
  const auto holder = std::string(db.exec("SELECT holder FROM leases WHERE name = 'poll:forum'").text(0, 0));
  const bool a_holds = holder.find(hatewatch::test::cat(":", std::to_string(a->pid()), ":")) != std::string::npos;
  ASSERT_TRUE(a_holds || holder.find(hatewatch::test::cat(":", std::to_string(b->pid()), ":")) != std::string::npos) << holder;
  auto& dead = a_holds ? a : b;
  auto& survivor = a_holds ? b : a;
  dead->signal(SIGKILL);
  dead->wait();
  forum.add_posts(21, 45);

  // The lease lasts 2 x 200 ms + 1 s past its last renewal; the survivor checks every 200 ms.
  const auto took =
      wait_until([&] { return count(url, "SELECT COUNT(*) FROM comments") == 45; }, std::chrono::seconds(20));
  ASSERT_TRUE(took) << count(url, "SELECT COUNT(*) FROM comments") << " of 45 stored\n" << survivor->output();
  EXPECT_LT(took->count(), 3000) << "taken over within the lease (1.4 s) and a round";
  EXPECT_EQ(count(url, "SELECT COUNT(DISTINCT external_id) FROM comments"), 45);
  EXPECT_EQ(count(url, "SELECT MIN(external_id::BIGINT) FROM comments"), 1);
  EXPECT_EQ(count(url, "SELECT MAX(external_id::BIGINT) FROM comments"), 45);
  EXPECT_EQ(count(url, "SELECT last_post_id FROM poll_cursors"), 45);
  const auto now_holder = std::string(db.exec("SELECT holder FROM leases WHERE name = 'poll:forum'").text(0, 0));
  EXPECT_NE(now_holder.find(hatewatch::test::cat(":", std::to_string(survivor->pid()), ":")), std::string::npos) << now_holder;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments"), 45) << "nothing stored twice afterwards";
}
