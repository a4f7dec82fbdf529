// The store writer on a real SQLite file: batching, one job's failure kept to itself, completions
// after commit, retention.
#include "daemon/store/writer.hpp"

#include "daemon/base/clock.hpp"
#include "daemon/store/comment_queries.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/sqlite/sqlite_connection.hpp"
#include "daemon/store/database.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <fstream>
#include <future>

using namespace hatewatch::daemon;
using namespace hatewatch::daemon::store;

namespace {

// Built step by step: g++ 12 at -O3 warns (-Wrestrict, a false positive) on "c" + std::to_string(i).
std::string comment_id(int i) {
  std::string id = "c";
  id += std::to_string(i);
  return id;
}

storage_config in(const hatewatch::test::temp_dir& dir) {
  storage_config cfg;
  cfg.path = dir.path() / "w.db";
  return cfg;
}

comment_record record(const std::string& id, std::int64_t received_at = now_ms()) {
  comment_record c;
  c.source = "forum";
  c.source_kind = "generic";
  c.external_id = id;
  c.author = "someone";
  c.url = "https://forum.example/c/" + id;
  c.text = "text of " + id;
  c.received_at = received_at;
  c.model_version = "test";
  c.p = {0.1, 0.2, 0.7};
  c.explanation_json = R"([{"ngram":"text","begin":0,"end":4,"weight":0.1}])";
  return c;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::future<void> store_one(writer& w, comment_record c) {
  auto done = std::make_shared<std::promise<void>>();
  auto f = done->get_future();
  w.submit([c](write_context& ctx) { store_comment(ctx, c); },
           [done](std::exception_ptr e) { e ? done->set_exception(e) : done->set_value(); });
  return f;
}

std::int64_t count(const storage_config& cfg, const std::string& sql) {
  SQLite::Database db(cfg.path, SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

} // namespace

TEST(Writer, CommitsManyJobsAndAFailingJobFailsAlone) {
  hatewatch::test::temp_dir dir;
  const auto cfg = in(dir);
  writer w(cfg);
  std::vector<std::future<void>> ok;
  for (int i = 0; i < 500; ++i)
    ok.push_back(store_one(w, record(comment_id(i))));
  std::promise<void> bad;
  w.submit([](write_context& ctx) {
    store_comment(ctx, record("partial"));
    ctx.db().exec("INSERT INTO nowhere VALUES (1)"); // a defect in the middle of a job
  },
           [&bad](std::exception_ptr e) { e ? bad.set_exception(e) : bad.set_value(); });
  w.start(); // everything queued so far goes in few batches
  for (auto& f : ok)
    EXPECT_NO_THROW(f.get());
  EXPECT_THROW(bad.get_future().get(), SQLite::Exception);
  EXPECT_EQ(count(cfg, "SELECT COUNT(*) FROM comments"), 500);
  EXPECT_EQ(count(cfg, "SELECT COUNT(*) FROM comments WHERE external_id = 'partial'"), 0);
  EXPECT_LT(w.committed_batches(), 500u);
}

TEST(Writer, StopCommitsWhatIsQueuedAndThenRefuses) {
  hatewatch::test::temp_dir dir;
  const auto cfg = in(dir);
  writer w(cfg);
  w.start();
  std::vector<std::future<void>> pending;
  for (int i = 0; i < 100; ++i)
    pending.push_back(store_one(w, record(comment_id(i))));
  w.stop();
  for (auto& f : pending)
    EXPECT_NO_THROW(f.get());
  EXPECT_EQ(count(cfg, "SELECT COUNT(*) FROM comments"), 100);
  EXPECT_THROW(store_one(w, record("late")), store_unavailable);
}

TEST(Writer, AFullQueueRefusesWithStoreUnavailable) {
  hatewatch::test::temp_dir dir;
  auto cfg = in(dir);
  cfg.queue_max = 3;
  writer w(cfg); // not started: nothing drains the queue
  std::vector<std::future<void>> queued;
  for (int i = 0; i < 3; ++i)
    queued.push_back(store_one(w, record(comment_id(i))));
  EXPECT_THROW(store_one(w, record("c3")), store_unavailable);
  w.stop(); // never started: the queued ones are told
  for (auto& f : queued)
    EXPECT_THROW(f.get(), store_unavailable);
}

TEST(Writer, RetentionRemovesTextButKeepsScores) {
  hatewatch::test::temp_dir dir;
  auto cfg = in(dir);
  cfg.retention_days = 30;
  writer w(cfg);
  w.start();
  const auto old = now_ms() - 31LL * 86'400'000;
  store_one(w, record("old", old)).get();
  store_one(w, record("new")).get();
  EXPECT_EQ(w.purge_now(), 1);
  EXPECT_EQ(w.purge_now(), 0); // once
  const auto db = open_for_reading(cfg);
  sqlite_connection conn(*db);
  const auto rows = list_comments(conn, {});
  ASSERT_EQ(rows.size(), 2u);
  const auto& purged = rows[1];
  EXPECT_EQ(purged.external_id, "old");
  EXPECT_FALSE(purged.text.has_value());
  EXPECT_FALSE(purged.author.has_value());
  EXPECT_FALSE(purged.url.has_value());
  EXPECT_TRUE(purged.purged_at.has_value());
  ASSERT_EQ(purged.scores.size(), 1u);
  EXPECT_DOUBLE_EQ(purged.scores[0].p[2], 0.7);
  EXPECT_TRUE(purged.scores[0].explanation_json.empty()); // it quotes the text
  EXPECT_EQ(rows[0].text, "text of new");
}

TEST(Writer, RetentionRemovesOldFeedbackWithItsScores) {
  hatewatch::test::temp_dir dir;
  auto cfg = in(dir);
  cfg.retention_days = 30;
  writer w(cfg);
  w.start();
  const auto old = now_ms() - 31LL * 86'400'000;
  for (const std::int64_t at : {std::int64_t{old}, std::int64_t{now_ms()}}) {
    feedback_record f{"p", "perspective", "a text", {{"TOXICITY", 1.0}, {"HATE_SPEECH", 0.5}}, "", "", at};
    std::promise<void> stored;
    w.submit([f](write_context& ctx) { store_feedback(ctx, f); },
             [&stored](std::exception_ptr e) { e ? stored.set_exception(e) : stored.set_value(); });
    stored.get_future().get();
  }
  w.purge_now();
  SQLite::Database db(cfg.path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM feedback_requests").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM feedback_scores").getInt(), 2);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM feedback").getInt(), 2);
}

TEST(Writer, RetentionInRowsModeDeletesCommentsAndScores) {
  hatewatch::test::temp_dir dir;
  auto cfg = in(dir);
  cfg.retention_days = 1;
  cfg.retention = retention_mode::rows;
  writer w(cfg);
  w.start();
  store_one(w, record("old", now_ms() - 2LL * 86'400'000)).get();
  store_one(w, record("new")).get();
  EXPECT_EQ(w.purge_now(), 1);
  EXPECT_EQ(count(cfg, "SELECT COUNT(*) FROM comments"), 1);
  EXPECT_EQ(count(cfg, "SELECT COUNT(*) FROM scores"), 1);
}

TEST(Writer, RefusesADamagedFileUntouched) {
  // Pages overwritten with junk: the file still opens, and then every write failed with 503 for
  // ever. The writer runs PRAGMA quick_check first and refuses to start, leaving the file as it is.
  // Junk over the last pages (data: the file opens, quick_check finds it) and over all pages but
  // the first (the schema's tables: opening fails); both are refused the same way.
  for (const bool data_pages_only : {true, false}) {
    hatewatch::test::temp_dir dir;
    const auto cfg = in(dir);
    {
      writer w(cfg);
      w.start();
      for (int i = 0; i < 200; ++i)
        store_one(w, record(comment_id(i))).get();
      w.stop();
    }
    const auto size = std::filesystem::file_size(cfg.path);
    ASSERT_GT(size, 8u * 4096);
    const std::size_t from = data_pages_only ? size - 2 * 4096 : 4096;
    {
      std::fstream f(cfg.path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(static_cast<std::streamoff>(from));
      const std::string junk(size - from, '\xA5');
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const auto before = read_file(cfg.path);
    try {
      writer w(cfg);
      FAIL() << "a damaged database was opened for writing";
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(cfg.path.string() + " is damaged ("), std::string::npos) << what;
      if (data_pages_only) {
        EXPECT_NE(what.find("PRAGMA quick_check: "), std::string::npos) << what;
      }
    }
    EXPECT_EQ(read_file(cfg.path), before);
  }
}

TEST(Writer, RefusesADirectoryItCannotCreate) {
  storage_config cfg;
  cfg.path = "/proc/hatewatch-cannot-be-here/w.db";
  try {
    writer w(cfg);
    FAIL() << "opened a database where none can be";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("storage.path"), std::string::npos) << e.what();
  }
}

TEST(Writer, AFullDatabaseIsStoreUnavailableAndTheWriterRecovers) {
  hatewatch::test::temp_dir dir;
  const auto cfg = in(dir);
  writer w(cfg);
  w.start();
  store_one(w, record("before")).get();
  auto run = [&w](std::function<void(write_context&)> job) {
    auto done = std::make_shared<std::promise<void>>();
    auto f = done->get_future();
    w.submit(std::move(job), [done](std::exception_ptr e) { e ? done->set_exception(e) : done->set_value(); });
    return f;
  };
  // Cap the file at its present size: the next insert finds the "disk" full (SQLITE_FULL).
  auto big = record("big");
  big.text.assign(200000, 'x');
  auto full = run([big](write_context& ctx) {
    auto count = ctx.db().prepare("PRAGMA page_count");
    count.executeStep();
    const auto pages = count.getColumn(0).getInt64();
    ctx.db().exec("PRAGMA max_page_count = " + std::to_string(pages));
    store_comment(ctx, big);
  });
  EXPECT_THROW(full.get(), store_unavailable);
  // The space comes back (an operator freed the disk): the same comment is taken.
  auto freed = run([big](write_context& ctx) {
    ctx.db().exec("PRAGMA max_page_count = 1073741823");
    store_comment(ctx, big);
  });
  EXPECT_NO_THROW(freed.get());
  EXPECT_EQ(count(cfg, "SELECT COUNT(*) FROM comments"), 2);
}

TEST(Writer, AReadOnlyDatabaseIsStoreUnavailableAndTheWriterRecovers) {
  hatewatch::test::temp_dir dir;
  const auto cfg = in(dir);
  writer w(cfg);
  w.start();
  auto run = [&w](std::function<void(write_context&)> job) {
    auto done = std::make_shared<std::promise<void>>();
    auto f = done->get_future();
    w.submit(std::move(job), [done](std::exception_ptr e) { e ? done->set_exception(e) : done->set_value(); });
    return f;
  };
  // The connection turns read-only (SQLITE_READONLY) for the length of one write, as on a file
  // system remounted read-only and back.
  auto refused = run([](write_context& ctx) {
    ctx.db().exec("PRAGMA query_only = ON");
    try {
      store_comment(ctx, record("during"));
    } catch (...) {
      ctx.db().exec("PRAGMA query_only = OFF");
      throw;
    }
  });
  EXPECT_THROW(refused.get(), store_unavailable);
  auto taken = run([](write_context& ctx) { store_comment(ctx, record("during")); });
  EXPECT_NO_THROW(taken.get());
  EXPECT_EQ(count(cfg, "SELECT COUNT(*) FROM comments"), 1);
}
