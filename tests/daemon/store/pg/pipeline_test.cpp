// The PostgreSQL writer's pipeline (store::piped_write) on a real server: many comments in one
// round trip, one failing statement kept to its job, a redelivery inside one pipeline, the outbox
// rows the one statement writes (a lost connection and a statement timeout: writer_test.cpp).
#include "daemon/store/writer.hpp"

#include "daemon/base/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/errors.hpp"
#include "daemon/store/pg/connection.hpp"

#include "support/postgres_server.hpp"
#include "support/store_jobs.hpp"
#include "support/test_storage.hpp"
#include "support/text_cat.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

using namespace hatewatch::daemon;
using namespace hatewatch::daemon::store;
using hatewatch::test::on_postgres;
using hatewatch::test::pg_count;

namespace {

comment_record record(const std::string& id) {
  return hatewatch::test::test_comment(id, {0.8, 0.1, 0.1}, true);
}

// store_comment() with its pipelined form, as the webhook routes submit it.
std::future<stored_comment> store_piped(writer& w, comment_record c) {
  return hatewatch::test::store_one(w, std::move(c), /*piped=*/true);
}

} // namespace

TEST(PostgresPipeline, ManyCommentsGoOutTogetherInTransactionsOf256) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url));
  std::vector<std::future<stored_comment>> results;
  for (int i = 0; i < 300; ++i)
    results.push_back(store_piped(w, record(hatewatch::test::cat("c", std::to_string(i)))));
  w.start(); // all 300 in the writer's first batch
  std::set<std::int64_t> ids;
  for (auto& f : results) {
    const auto s = f.get();
    EXPECT_FALSE(s.duplicate);
    ids.insert(s.id);
  }
  EXPECT_EQ(ids.size(), 300u) << "each job read its own comment's id";
  EXPECT_EQ(w.pipelined_jobs(), 300u);
  EXPECT_EQ(w.committed_batches(), 2u) << "256 in one pipelined transaction, 44 in the next";
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments"), 300);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM scores s JOIN comments c ON c.id = s.comment_id"
                          " WHERE s.hate_speech = 0.8 AND s.flagged = 1"),
            300);
}

TEST(PostgresPipeline, AFailingStatementRollsThePipelineBackAndFailsOnlyItsJob) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url));
  std::vector<std::future<stored_comment>> ok;
  for (int i = 0; i < 20; ++i)
    ok.push_back(store_piped(w, record(hatewatch::test::cat("ok", std::to_string(i)))));
  std::promise<void> bad;
  piped_write failing{[](write_context& ctx) -> sql::statement& {
                        auto& q = ctx.statement("SELECT 1 / ?::INTEGER");
                        q.bind(1, 0);
                        return q;
                      },
                      [](sql::statement&) { return true; }};
  w.submit([](write_context& ctx) { ctx.db().exec("SELECT 1 / 0"); }, std::move(failing),
           [&bad](std::exception_ptr e) { e ? bad.set_exception(e) : bad.set_value(); });
  for (int i = 20; i < 40; ++i)
    ok.push_back(store_piped(w, record(hatewatch::test::cat("ok", std::to_string(i)))));
  w.start();
  for (auto& f : ok)
    EXPECT_FALSE(f.get().duplicate);
  try {
    bad.get_future().get();
    FAIL() << "division by zero committed";
  } catch (const pg::error& e) {
    EXPECT_EQ(e.sqlstate(), "22012") << "the job's own error, not a store fault: " << e.what();
  }
  EXPECT_EQ(w.pipelined_jobs(), 0u) << "the failed pipeline ran again job by job";
  EXPECT_FALSE(w.fault().has_value());
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments"), 40);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM scores"), 40);
  // The connection left pipeline mode: the next comment goes out in a pipeline again.
  EXPECT_FALSE(store_piped(w, record("after")).get().duplicate);
  EXPECT_EQ(w.pipelined_jobs(), 1u);
}

TEST(PostgresPipeline, ARedeliveryInTheSamePipelineIsAnsweredAsADuplicate) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url));
  auto first = store_piped(w, record("twice"));
  auto second = store_piped(w, record("twice"));
  w.start();
  const auto a = first.get(), b = second.get();
  EXPECT_FALSE(a.duplicate);
  EXPECT_TRUE(b.duplicate) << "its insert found the row and wrote nothing; its statement read it";
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(b.stored_p[0], 0.8);
  EXPECT_EQ(w.pipelined_jobs(), 2u) << "a redelivery is answered from its one statement, not a second transaction";
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments"), 1);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM scores"), 1);
}

TEST(PostgresPipeline, TheOneStatementWritesAnOutboxRowPerChannelNamedExactly) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url));
  w.start();
  // Names that PostgreSQL's array syntax would split or unquote if they went in unescaped.
  const std::vector<std::string> channels = {"slack", "a,b", "say \"hi\"", "back\\slash", "{braces}", "NULL", " "};
  auto piped = record("piped");
  piped.alerts = channels;
  const auto stored = store_piped(w, piped).get();
  // store_comment() on its own runs the same statement.
  auto direct = record("direct");
  direct.alerts = {"email"};
  stored_comment by_job;
  w.run_and_wait([&](write_context& ctx) { by_job = store_comment(ctx, direct); });
  EXPECT_EQ(w.pipelined_jobs(), 1u);

  pg::connection db(url);
  const auto rows = db.exec("SELECT event_id, channel, comment_id, next_attempt_at = created_at FROM alerts"
                            " ORDER BY id");
  ASSERT_EQ(rows.rows(), 8);
  std::set<std::string> seen;
  for (int r = 0; r < 7; ++r) {
    const std::string channel(rows.text(r, 1));
    seen.insert(channel);
    EXPECT_EQ(rows.text(r, 0), hatewatch::test::cat("hw-", std::to_string(stored.id), "-", channel));
    EXPECT_EQ(rows.int64(r, 2), stored.id);
    EXPECT_EQ(rows.text(r, 3), "t");
  }
  EXPECT_EQ(seen, std::set<std::string>(channels.begin(), channels.end()));
  EXPECT_EQ(rows.text(7, 0), hatewatch::test::cat("hw-", std::to_string(by_job.id), "-email"));
  // A comment stored already writes no second outbox row.
  EXPECT_TRUE(store_piped(w, piped).get().duplicate);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM alerts"), 8);
}
