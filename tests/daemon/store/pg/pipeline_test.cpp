// The PostgreSQL writer's pipeline (store::piped_write) on a real server: many comments in one
// round trip, one failing statement kept to its job, a redelivery inside one pipeline, the outbox
// rows the one statement writes, and a lost connection.
#include "daemon/store/writer.hpp"

#include "daemon/store/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/database.hpp"
#include "daemon/store/pg/connection.hpp"

#include "support/postgres_server.hpp"
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

namespace {

comment_record record(const std::string& id) {
  comment_record c;
  c.source = "forum";
  c.source_kind = "generic";
  c.external_id = id;
  c.text = hatewatch::test::cat("text of ", id);
  c.received_at = now_ms();
  c.model_version = "test";
  c.p = {0.8, 0.1, 0.1};
  c.flagged = true;
  return c;
}

// Submits store_comment() with its pipelined form, as the webhook routes do.
std::future<stored_comment> store_piped(writer& w, comment_record c) {
  auto done = std::make_shared<std::promise<stored_comment>>();
  auto result = std::make_shared<stored_comment>();
  auto shared = std::make_shared<const comment_record>(std::move(c));
  auto f = done->get_future();
  w.submit([shared, result](write_context& ctx) { *result = store_comment(ctx, *shared); },
           piped_store_comment(shared, [result](const stored_comment& s) { *result = s; }),
           [done, result](std::exception_ptr e) { e ? done->set_exception(e) : done->set_value(*result); });
  return f;
}

std::int64_t count(const std::string& url, const std::string& sql) {
  pg::connection db(url);
  return db.exec(sql).int64(0, 0);
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
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments"), 300);
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM scores s JOIN comments c ON c.id = s.comment_id"
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
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments"), 40);
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM scores"), 40);
  // The connection left pipeline mode: the next comment goes out in a pipeline again.
  EXPECT_FALSE(store_piped(w, record("after")).get().duplicate);
  EXPECT_EQ(w.pipelined_jobs(), 1u);
}

TEST(PostgresPipeline, AStatementPastItsTimeoutFailsThePipelineAsUnavailableWithoutRunningItAgain) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  auto cfg = on_postgres(url);
  cfg.statement_timeout = std::chrono::milliseconds(300);
  writer w(cfg);
  auto first = store_piped(w, record("queued-with-the-slow-one"));
  std::promise<void> slow;
  auto ran_in_full = std::make_shared<bool>(false);
  piped_write sleeping{[](write_context& ctx) -> sql::statement& {
                         auto& q = ctx.statement("SELECT pg_sleep(?::DOUBLE PRECISION)");
                         q.bind(1, 2.0);
                         return q;
                       },
                       [](sql::statement&) { return true; }};
  w.submit([ran_in_full](write_context&) { *ran_in_full = true; }, std::move(sleeping),
           [&slow](std::exception_ptr e) { e ? slow.set_exception(e) : slow.set_value(); });
  w.start(); // both in one pipeline
  EXPECT_THROW(slow.get_future().get(), store_unavailable) << "a timeout is the database's fault: 503, retried";
  EXPECT_THROW(first.get(), store_unavailable) << "the pipeline it stalled is rolled back as a whole";
  EXPECT_FALSE(*ran_in_full) << "a fault is not run again job by job (a second timeout)";
  EXPECT_EQ(w.committed_batches(), 0u);
  EXPECT_EQ(w.failed_batches(), 1u);
  EXPECT_TRUE(w.fault().has_value());
  EXPECT_FALSE(store_piped(w, record("after")).get().duplicate);
  EXPECT_FALSE(w.fault().has_value());
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments"), 1);
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
  EXPECT_TRUE(b.duplicate) << "its insert found the row and wrote nothing; store_comment() read it";
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(b.stored_p[0], 0.8);
  EXPECT_EQ(w.pipelined_jobs(), 1u);
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments"), 1);
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM scores"), 1);
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
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM alerts"), 8);
}

TEST(PostgresPipeline, ALostConnectionFailsThePipelineAsUnavailableAndTheWriterRecovers) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url));
  w.start();
  EXPECT_FALSE(store_piped(w, record("before")).get().duplicate);
  pg::connection admin(url);
  ASSERT_EQ(admin
                .exec("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      " WHERE application_name = 'hatewatch-writer' AND datname = current_database()")
                .int64(0, 0),
            1);
  EXPECT_THROW(store_piped(w, record("during")).get(), store_unavailable);
  ASSERT_TRUE(w.fault().has_value());
  bool stored = false;
  for (int i = 0; i < 100 && !stored; ++i) {
    try {
      stored = !store_piped(w, record("after")).get().duplicate;
    } catch (const store_unavailable&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_TRUE(stored);
  EXPECT_FALSE(w.fault().has_value());
  EXPECT_EQ(w.pipelined_jobs(), 2u);
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments WHERE external_id IN ('before', 'after')"), 2);
  EXPECT_EQ(count(url, "SELECT COUNT(*) FROM comments WHERE external_id = 'during'"), 0);
}
