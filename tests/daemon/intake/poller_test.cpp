// The Discourse poller against a fake forum on loopback that pages, fails and rate-limits, with a
// real SQLite file.
#include "daemon/intake/poller.hpp"

#include "daemon/api/service.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/store/writer.hpp"

#include "support/fake_forum.hpp"
#include "support/http_client.hpp"
#include "support/loopback_config.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <boost/json/parse.hpp>

#include <thread>

using namespace hatewatch::daemon;
using hatewatch::test::fake_forum;
using namespace std::chrono_literals;

namespace {

config poll_config_for(const hatewatch::test::temp_dir& dir, const fake_forum& forum) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "poll.db";
  source_config src;
  src.name = "forum";
  src.kind = source_kind::discourse;
  src.polls = true;
  src.poll.base_url = forum.base_url();
  src.poll.api_key = fake_forum::api_key;
  src.poll.interval = 100ms;
  src.poll.timeout = 300ms;
  src.poll.max_backoff = 400ms;
  cfg.sources.push_back(src);
  return cfg;
}

/// The daemon's pieces that polling needs: service, writer, poller.
struct polling {
  explicit polling(const config& cfg)
      : svc(api_settings_of(cfg), load_model_file(cfg.model.path)), writer(cfg.storage), poll(cfg.sources, svc, writer) {
    writer.start();
    poll.start();
  }
  ~polling() {
    poll.stop();
    writer.stop();
  }
  service svc;
  store::writer writer;
  poller poll;
};

std::int64_t count(const hatewatch::test::temp_dir& dir, const std::string& sql) {
  SQLite::Database db(dir.path() / "poll.db", SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

/// Waits up to 10 s for `sql` to count `expected`.
bool eventually(const hatewatch::test::temp_dir& dir, const std::string& sql, std::int64_t expected) {
  for (int i = 0; i < 200; ++i) {
    if (count(dir, sql) == expected)
      return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

// Waits until the poller has asked the forum `rounds` more times (a positive sign that it ran).
bool more_rounds(const fake_forum& forum, std::size_t rounds, std::chrono::milliseconds limit = 10s) {
  const auto target = forum.requests() + rounds;
  const auto end = std::chrono::steady_clock::now() + limit;
  while (forum.requests() < target && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(10ms);
  return forum.requests() >= target;
}

const std::string comments = "SELECT COUNT(*) FROM comments";
const std::string distinct = "SELECT COUNT(DISTINCT external_id) FROM comments";

} // namespace

TEST(Poller, TakesTheNewestPageThenPagesBackToTheCursor) {
  hatewatch::test::temp_dir dir;
  fake_forum forum;
  forum.add_posts(1, 120);
  polling p(poll_config_for(dir, forum));
  ASSERT_TRUE(eventually(dir, comments, 50)) << count(dir, comments); // no backfill: the newest page
  EXPECT_EQ(count(dir, "SELECT MIN(CAST(external_id AS INTEGER)) FROM comments"), 71);
  forum.add_posts(121, 200); // 80 new: two pages back to post 120
  ASSERT_TRUE(eventually(dir, comments, 130)) << count(dir, comments);
  ASSERT_TRUE(more_rounds(forum, 2)); // two more rounds, seen by the forum, change nothing
  EXPECT_EQ(count(dir, comments), 130);
  EXPECT_EQ(count(dir, distinct), 130);
  EXPECT_EQ(count(dir, "SELECT last_post_id FROM poll_cursors"), 200);
  EXPECT_EQ(count(dir, "SELECT COUNT(*) FROM comments WHERE url = '" + forum.base_url() + "/t/topic-150/150/2'"), 1);
}

TEST(Poller, ARestartResumesWithNoGapAndNoDuplicate) {
  hatewatch::test::temp_dir dir;
  fake_forum forum;
  forum.add_posts(1, 60);
  const auto cfg = poll_config_for(dir, forum);
  {
    polling p(cfg);
    ASSERT_TRUE(eventually(dir, comments, 50));
  }
  forum.add_posts(61, 75); // arrive while the daemon is down
  polling again(cfg);
  ASSERT_TRUE(eventually(dir, comments, 65)) << count(dir, comments);
  ASSERT_TRUE(more_rounds(forum, 2));
  EXPECT_EQ(count(dir, distinct), 65);
  EXPECT_EQ(count(dir, comments), 65);
}

TEST(Poller, OnSQLiteADaemonRestartedAfterACrashPollsAgainAtOnce) {
  hatewatch::test::temp_dir dir;
  fake_forum forum;
  forum.add_posts(1, 10);
  auto cfg = poll_config_for(dir, forum);
  cfg.sources[0].poll.interval = 2s; // its lease lasts 2 x 2 s + 300 ms past a round
  {
    polling p(cfg);
    ASSERT_TRUE(eventually(dir, comments, 10));
  }
  // A crash leaves the lease held (a clean stop gives it up): put it back as a crash leaves it.
  {
    SQLite::Database db(dir.path() / "poll.db", SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO leases (name, holder, expires_at) SELECT 'poll:forum', 'the daemon of this SQLite file',"
            " 9000000000000 WHERE NOT EXISTS (SELECT 1 FROM leases WHERE name = 'poll:forum')");
    ASSERT_EQ(db.execAndGet("SELECT COUNT(*) FROM leases WHERE expires_at > 8000000000000").getInt(), 1);
  }
  forum.add_posts(11, 15);
  polling again(cfg);
  // Its first round is at once; waiting for the lease would take years here.
  ASSERT_TRUE(eventually(dir, comments, 15)) << count(dir, comments);
}

TEST(Poller, SurvivesErrorsGarbageAndTimeoutsAndBacksOff) {
  hatewatch::test::temp_dir dir;
  fake_forum forum;
  forum.add_posts(1, 10);
  forum.script({fake_forum::fault::http_500, fake_forum::fault::garbage, fake_forum::fault::slow,
                fake_forum::fault::wrong_key, fake_forum::fault::http_500});
  polling p(poll_config_for(dir, forum));
  ASSERT_TRUE(eventually(dir, comments, 10)) << count(dir, comments);
  EXPECT_GE(p.poll.failed_rounds(), 5u);
  EXPECT_GE(p.poll.good_rounds(), 1u);
  // Backing off: the gaps between the failed attempts grow (100 ms doubling, capped at 400 ms).
  const auto times = forum.request_times();
  ASSERT_GE(times.size(), 6u);
  EXPECT_GE(times[2] - times[1], 350ms); // after the second failure: 400 ms
}

TEST(Poller, ObeysRetryAfterOn429) {
  hatewatch::test::temp_dir dir;
  fake_forum forum;
  forum.add_posts(1, 5);
  forum.script({fake_forum::fault::rate_limited});
  polling p(poll_config_for(dir, forum));
  ASSERT_TRUE(eventually(dir, comments, 5));
  const auto times = forum.request_times();
  ASSERT_GE(times.size(), 2u);
  EXPECT_GE(times[1] - times[0], 950ms); // Retry-After: 1, not the 100 ms interval
}

// /readyz reports a failing poller (still 200: the daemon keeps taking webhooks) and stops
// reporting it once a round succeeds.
TEST(Poller, ReadyzReportsAFailingPollerUntilItRecovers) {
  hatewatch::test::temp_dir dir;
  fake_forum forum;
  forum.add_posts(1, 3);
  forum.script({fake_forum::fault::http_500, fake_forum::fault::http_500, fake_forum::fault::http_500});
  hatewatch::test::running_server server(poll_config_for(dir, forum));
  hatewatch::test::http_client client(server.port());
  auto readyz = [&] {
    const auto res = client.get("/readyz");
    EXPECT_EQ(res.result(), boost::beast::http::status::ok) << res.body();
    return boost::json::parse(res.body()).as_object();
  };
  auto wait_for_status = [&](std::string_view status) {
    for (int i = 0; i < 500; ++i) {
      if (auto r = readyz(); r.at("status").as_string() == status)
        return r;
      std::this_thread::sleep_for(10ms);
    }
    return boost::json::object{};
  };
  const auto degraded = wait_for_status("degraded");
  ASSERT_FALSE(degraded.empty()) << "no degraded /readyz within 5 s";
  const auto& faults = degraded.at("faults").as_array();
  ASSERT_EQ(faults.size(), 1u) << degraded;
  EXPECT_EQ(faults[0].at("component").as_string(), "poller of source forum");
  EXPECT_NE(std::string_view(faults[0].at("error").as_string()).find("500"), std::string_view::npos) << degraded;

  const auto ready = wait_for_status("ready");
  ASSERT_FALSE(ready.empty()) << "/readyz still degraded 5 s after the faults ended";
  EXPECT_TRUE(ready.at("faults").as_array().empty());
  EXPECT_TRUE(eventually(dir, "SELECT COUNT(*) FROM comments", 3));
}
