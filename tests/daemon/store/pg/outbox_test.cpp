// The outbox shared by replicas on one PostgreSQL: two dispatchers claiming at once never take the
// same row, a claim whose replica died is due again when its lease ends, and the flood rule's count
// covers every replica's deliveries.
#include "daemon/store/outbox.hpp"

#include "daemon/base/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/connect.hpp"
#include "daemon/store/writer.hpp"

#include "support/postgres_server.hpp"
#include "support/test_storage.hpp"
#include "support/text_cat.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

using namespace hatewatch::daemon;
using namespace hatewatch::daemon::store;
using hatewatch::test::on_postgres;

namespace {

// A flagged comment with an alert for "mods".
comment_record flagged(int i) {
  comment_record c;
  c.source = "forum";
  c.source_kind = "generic";
  c.external_id = hatewatch::test::cat("a", std::to_string(i));
  c.text = c.external_id;
  c.received_at = now_ms();
  c.model_version = "m";
  c.p = {0.9, 0.05, 0.05};
  c.flagged = true;
  c.alerts = {"mods"};
  return c;
}

// `n` flagged comments, each with an alert for "mods".
void add_alerts(writer& w, int n) {
  std::vector<comment_record> records;
  for (int i = 0; i < n; ++i)
    records.push_back(flagged(i));
  w.run_and_wait([&records](write_context& ctx) {
    for (const auto& c : records)
      store_comment(ctx, c);
  });
}

std::vector<std::int64_t> claim(writer& w, std::int64_t now, std::int64_t until, std::int64_t limit) {
  std::vector<std::int64_t> ids;
  w.run_and_wait([&](write_context& ctx) { ids = claim_alerts(ctx, now, until, limit); });
  return ids;
}

} // namespace

TEST(PostgresOutbox, TwoReplicasClaimingAtOnceNeverTakeTheSameRow) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer a(on_postgres(url)), b(on_postgres(url));
  a.start();
  b.start();
  add_alerts(a, 400);
  const auto now = now_ms() + 1000;
  // Both claim in small bites at the same time until nothing is left.
  auto drain = [now](writer& w) {
    std::vector<std::int64_t> mine;
    for (;;) {
      const auto got = claim(w, now, now + 60'000, 7);
      if (got.empty())
        return mine;
      mine.insert(mine.end(), got.begin(), got.end());
    }
  };
  auto from_a = std::async(std::launch::async, drain, std::ref(a));
  auto from_b = std::async(std::launch::async, drain, std::ref(b));
  const auto x = from_a.get(), y = from_b.get();
  std::set<std::int64_t> all(x.begin(), x.end());
  for (const auto id : y)
    EXPECT_TRUE(all.insert(id).second) << "alert " << id << " claimed by both";
  EXPECT_EQ(all.size(), 400u);
  EXPECT_FALSE(x.empty());
  EXPECT_FALSE(y.empty()) << "SKIP LOCKED lets the second replica take rows while the first holds others";
  // Claimed rows are not due again until the lease ends; then they are (the replica died).
  EXPECT_TRUE(claim(a, now + 59'000, now + 120'000, 500).empty());
  EXPECT_EQ(claim(b, now + 60'000, now + 120'000, 500).size(), 400u);
}

TEST(PostgresOutbox, ReadsClaimedRowsAndCountsDeliveriesOfEveryReplica) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url));
  w.start();
  add_alerts(w, 5);
  const auto now = now_ms() + 1000;
  const auto ids = claim(w, now, now + 60'000, 500);
  ASSERT_EQ(ids.size(), 5u);
  auto reader = connect(on_postgres(url), access::read, "test");
  const auto rows = read_alerts(*reader, ids);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].source, "forum");
  EXPECT_EQ(rows[0].channel, "mods");
  EXPECT_DOUBLE_EQ(rows[0].p[0], 0.9);
  // One delivered alone, three in one digest (as another replica would record them), one given back.
  w.run_and_wait([&](write_context& ctx) {
    record_alert_outcome(ctx, {ids[0], "delivered", 1, now, 200, "", false, now});
    for (int i = 1; i <= 3; ++i)
      record_alert_outcome(ctx, {ids[static_cast<std::size_t>(i)], "delivered", 1, now, 200, "", true, now + 5});
    release_alert(ctx, ids[4], now);
  });
  EXPECT_EQ(delivered_since(*reader, "mods", "forum", now - 1), 2) << "a digest is one message";
  EXPECT_EQ(delivered_since(*reader, "mods", "forum", now + 1), 1);
  EXPECT_EQ(delivered_since(*reader, "mods", "news", now - 1), 0);
  EXPECT_EQ(delivered_since(*reader, "other", "forum", now - 1), 0);
  EXPECT_TRUE(any_alert_due(*reader, now));
  EXPECT_EQ(claim(w, now, now + 60'000, 500), std::vector<std::int64_t>{ids[4]}) << "the released row is due again";
}
