// The store writer on a real PostgreSQL: batches with one job's failure kept to itself, two writers
// (two replicas) storing the same comment keep one row, a lost connection answers store_unavailable
// at once, then reconnects by itself, and a statement past its timeout fails its batch as
// unavailable; the last two job by job and in a pipeline (pipeline_test.cpp has the rest of it).
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
#include <thread>

using namespace hatewatch::daemon;
using namespace hatewatch::daemon::store;
using hatewatch::test::on_postgres;
using hatewatch::test::pg_count;
using hatewatch::test::store_one;

namespace {

comment_record record(const std::string& id) {
  return hatewatch::test::test_comment(id);
}

} // namespace

TEST(PostgresWriter, CommitsManyJobsAndAFailingJobFailsAlone) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url)); // migrates the empty database
  std::vector<std::future<stored_comment>> ok;
  for (int i = 0; i < 300; ++i)
    ok.push_back(store_one(w, record(hatewatch::test::cat("c", std::to_string(i)))));
  std::promise<void> bad;
  w.submit(
      [](write_context& ctx) {
        store_comment(ctx, record("partial"));
        ctx.db().exec("INSERT INTO nowhere VALUES (1)"); // a defect in the middle of a job
      },
      [&bad](std::exception_ptr e) { e ? bad.set_exception(e) : bad.set_value(); });
  ok.push_back(store_one(w, record("after-the-failure")));
  w.start();
  for (auto& f : ok)
    EXPECT_FALSE(f.get().duplicate);
  EXPECT_THROW(bad.get_future().get(), pg::error);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments"), 301);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM scores"), 301);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments WHERE external_id = 'partial'"), 0);
  EXPECT_LT(w.committed_batches(), 300u);
}

TEST(PostgresWriter, TwoWritersStoringTheSameCommentsKeepOneRowOfEach) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer a(on_postgres(url)), b(on_postgres(url));
  a.start();
  b.start();
  // The same 200 comments delivered to both replicas at once, as a forum retrying a timed-out
  // webhook against a load balancer would.
  std::vector<std::future<stored_comment>> from_a, from_b;
  for (int i = 0; i < 200; ++i) {
    from_a.push_back(store_one(a, record(hatewatch::test::cat("same-", std::to_string(i)))));
    from_b.push_back(store_one(b, record(hatewatch::test::cat("same-", std::to_string(i)))));
  }
  int fresh = 0, duplicates = 0;
  for (int i = 0; i < 200; ++i) {
    const auto x = from_a[static_cast<std::size_t>(i)].get();
    const auto y = from_b[static_cast<std::size_t>(i)].get();
    EXPECT_EQ(x.id, y.id) << "both replicas name the one row";
    fresh += !x.duplicate + !y.duplicate;
    duplicates += x.duplicate + y.duplicate;
  }
  EXPECT_EQ(fresh, 200);
  EXPECT_EQ(duplicates, 200);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments"), 200);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM scores"), 200);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM sources"), 1) << "the source row, created by both, is one";
}

namespace {

// Ends the writer's backend, then stores (job by job, or `piped`): 503 at once with the reason,
// then stored again once the writer reconnected by itself.
void lose_the_connection(bool piped) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  writer w(on_postgres(url));
  w.start();
  EXPECT_FALSE(store_one(w, record("before"), piped).get().duplicate);

  pg::connection admin(url);
  const auto ended = admin.exec("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                " WHERE application_name = 'hatewatch-writer' AND datname = current_database()");
  ASSERT_EQ(ended.int64(0, 0), 1);
  // The next write finds the connection gone: 503 for it, not a defect, and the writer says why.
  EXPECT_THROW(store_one(w, record("during"), piped).get(), store_unavailable);
  ASSERT_TRUE(w.fault().has_value());

  // Then it reconnects by itself (the first try is at once, the next after 0.5 s).
  bool stored = false;
  for (int i = 0; i < 100 && !stored; ++i) {
    try {
      stored = !store_one(w, record("after"), piped).get().duplicate;
    } catch (const store_unavailable&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_TRUE(stored);
  EXPECT_FALSE(w.fault().has_value());
  EXPECT_EQ(w.pipelined_jobs(), piped ? 2u : 0u);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments WHERE external_id IN ('before', 'after')"), 2);
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments WHERE external_id = 'during'"), 0);
}

} // namespace

TEST(PostgresWriter, ALostConnectionIsUnavailableUntilTheWriterReconnects) {
  lose_the_connection(false);
}

TEST(PostgresWriter, ALostConnectionFailsAPipelineAsUnavailableAndTheWriterRecovers) {
  lose_the_connection(true);
}

TEST(PostgresWriter, AnUnreachableDatabaseAtStartIsAClearError) {
  storage_config cfg = on_postgres("postgresql:///hatewatch?host=/nonexistent-directory&port=5999");
  cfg.connect_timeout = std::chrono::seconds(2);
  try {
    writer w(cfg);
    FAIL() << "a writer without a database";
  } catch (const store_unavailable& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-directory"), std::string::npos) << e.what();
  }
}

namespace {

// A batch with a job that stalls past statement_timeout (job by job, or `piped` in one pipeline):
// 503 for all its jobs, none committed, no second run into the same timeout; the next write commits.
void stall_past_the_timeout(bool piped) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  auto cfg = on_postgres(url);
  cfg.statement_timeout = std::chrono::milliseconds(300);
  writer w(cfg);
  auto first = store_one(w, record("queued-with-the-slow-one"), piped);
  std::promise<void> slow;
  auto runs = std::make_shared<int>(0);
  piped_write sleeping{[](write_context& ctx) -> sql::statement& {
                         auto& q = ctx.statement("SELECT pg_sleep(?::DOUBLE PRECISION)");
                         q.bind(1, 2.0);
                         return q;
                       },
                       [](sql::statement&) { return true; }};
  w.submit(
      [runs](write_context& ctx) {
        ++*runs;
        ctx.db().exec("SELECT pg_sleep(2)");
      },
      piped ? std::move(sleeping) : piped_write{},
      [&slow](std::exception_ptr e) { e ? slow.set_exception(e) : slow.set_value(); });
  w.start(); // both in one batch
  EXPECT_THROW(slow.get_future().get(), store_unavailable) << "a timeout is the database's fault: 503, retried";
  EXPECT_THROW(first.get(), store_unavailable) << "the batch it stalled is rolled back as a whole";
  EXPECT_EQ(*runs, piped ? 0 : 1) << "a fault is not run again job by job (into a second timeout)";
  EXPECT_EQ(w.committed_batches(), 0u);
  EXPECT_EQ(w.failed_batches(), 1u);
  EXPECT_TRUE(w.fault().has_value());
  // The connection is fine: the next write commits.
  EXPECT_FALSE(store_one(w, record("after"), piped).get().duplicate);
  EXPECT_FALSE(w.fault().has_value());
  EXPECT_EQ(pg_count(url, "SELECT COUNT(*) FROM comments"), 1);
}

} // namespace

TEST(PostgresWriter, AStatementPastItsTimeoutFailsTheBatchAsUnavailable) {
  stall_past_the_timeout(false);
}

TEST(PostgresWriter, AStatementPastItsTimeoutFailsAPipelineAsUnavailableWithoutRunningItAgain) {
  stall_past_the_timeout(true);
}

// Two replicas' writers whose jobs take two rows' locks in opposite orders (issue 29, defect 5):
// PostgreSQL aborts one transaction to break the deadlock (40P01), and that writer runs it again
// instead of answering 503. Both jobs succeed and each ran its work once.
TEST(PostgresWriter, ADeadlockWithAnotherReplicaIsRunAgainNotAnswered503) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  {
    pg::connection setup(url);
    setup.exec("CREATE TABLE locks (k TEXT PRIMARY KEY, n BIGINT NOT NULL); "
               "INSERT INTO locks VALUES ('x', 0), ('y', 0); ALTER DATABASE " +
               std::string(setup.exec("SELECT current_database()").text(0, 0)) + " SET deadlock_timeout = '100ms'");
  }
  writer a(on_postgres(url)), b(on_postgres(url));
  a.start();
  b.start();
  // Each job locks its first row, waits (once) until the other holds its own, then asks for it.
  std::promise<void> a_holds, b_holds;
  auto a_ready = a_holds.get_future().share(), b_ready = b_holds.get_future().share();
  auto job = [](const char* first, const char* second, std::promise<void>& holds,
                std::shared_future<void> other, std::shared_ptr<bool> waited) {
    return [=, &holds](write_context& ctx) {
      ctx.db().exec(std::string("UPDATE locks SET n = n + 1 WHERE k = '") + first + "'");
      if (!*waited) {
        *waited = true;
        holds.set_value();
        other.wait_for(std::chrono::seconds(10));
      }
      ctx.db().exec(std::string("UPDATE locks SET n = n + 1 WHERE k = '") + second + "'");
    };
  };
  std::promise<void> a_done, b_done;
  auto completion = [](std::promise<void>& p) {
    return [&p](std::exception_ptr e) { e ? p.set_exception(e) : p.set_value(); };
  };
  a.submit(job("x", "y", a_holds, b_ready, std::make_shared<bool>(false)), completion(a_done));
  b.submit(job("y", "x", b_holds, a_ready, std::make_shared<bool>(false)), completion(b_done));
  auto fa = a_done.get_future(), fb = b_done.get_future();
  ASSERT_EQ(fa.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  ASSERT_EQ(fb.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_NO_THROW(fa.get());
  EXPECT_NO_THROW(fb.get());
  // One was the deadlock's victim and ran again (PostgreSQL's detector may, rarely, find the same
  // cycle from both sides before the first victim's locks are gone: then both run again).
  EXPECT_GE(a.conflict_retries() + b.conflict_retries(), 1u) << "a deadlock was met and run again";
  EXPECT_EQ(pg_count(url, "SELECT SUM(n) FROM locks WHERE k = 'x'"), 2) << "each job's work stands once";
  EXPECT_EQ(pg_count(url, "SELECT SUM(n) FROM locks WHERE k = 'y'"), 2);
}
