// The migrations runner on real SQLite files: from empty, from each earlier version, a newer
// database refused, and the embedded files well numbered.
#include "daemon/store/sqlite/migrations.hpp"
#include "daemon/store/sqlite/sqlite_connection.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

using namespace hatewatch::daemon::store;

namespace {

SQLite::Database open(const hatewatch::test::temp_dir& dir) {
  return SQLite::Database(dir.path() / "m.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
}

// The runner works on the storage interface; these tests hold the SQLite file to look inside it.
int apply_to(SQLite::Database& db, const std::vector<migration>& known) {
  sqlite_connection conn(db);
  return apply_migrations(conn, known);
}

int version(SQLite::Database& db) {
  sqlite_connection conn(db);
  return schema_version(conn);
}

std::vector<migration_state> states(SQLite::Database& db, const std::vector<migration>& known) {
  sqlite_connection conn(db);
  return migration_status(conn, known);
}

std::vector<migration> first(std::size_t n) {
  auto all = embedded_migrations();
  all.resize(n);
  return all;
}

} // namespace

TEST(Migrations, EmbeddedFilesAreNumberedFromOneWithoutGaps) {
  const auto all = embedded_migrations();
  ASSERT_GE(all.size(), 2u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(all[i].sql.empty());
  }
  EXPECT_THROW(to_migrations({{"0001_a", "SELECT 1;"}, {"0003_c", "SELECT 1;"}}), std::logic_error);
  EXPECT_THROW(to_migrations({{"1_a", "SELECT 1;"}}), std::logic_error);
}

TEST(Migrations, FromEmptyAppliesEveryOneAndIsIdempotent) {
  hatewatch::test::temp_dir dir;
  auto db = open(dir);
  const auto all = embedded_migrations();
  EXPECT_EQ(apply_to(db, all), static_cast<int>(all.size()));
  EXPECT_EQ(version(db), all.back().version);
  EXPECT_EQ(apply_to(db, all), 0);
  for (const auto& s : states(db, all))
    EXPECT_TRUE(s.applied_at.has_value()) << s.name;
  EXPECT_TRUE(db.tableExists("comments"));
  EXPECT_TRUE(db.tableExists("poll_cursors"));
}

TEST(Migrations, FromEachEarlierVersionKeepsTheData) {
  const auto all = embedded_migrations();
  for (std::size_t done = 1; done < all.size(); ++done) {
    hatewatch::test::temp_dir dir;
    auto db = open(dir);
    ASSERT_EQ(apply_to(db, first(done)), static_cast<int>(done));
    db.exec("INSERT INTO sources (name, kind, created_at) VALUES ('forum', 'generic', 1)");
    db.exec("INSERT INTO comments (source_id, external_id, version, text, received_at) VALUES (1, 'a', 1, 'kept', 2)");
    const auto status = states(db, all);
    EXPECT_FALSE(status.back().applied_at.has_value());
    EXPECT_EQ(apply_to(db, all), static_cast<int>(all.size() - done)) << "from version " << done;
    EXPECT_EQ(version(db), all.back().version);
    EXPECT_EQ(db.execAndGet("SELECT text FROM comments WHERE external_id = 'a'").getString(), "kept");
  }
}

TEST(Migrations, FeedbackRowsMoveToRequestsAndScores) {
  // 0005 splits feedback into one request (the text) and its scores; the old rows keep their
  // values, and the view answers the old table's queries.
  hatewatch::test::temp_dir dir;
  auto db = open(dir);
  ASSERT_EQ(apply_to(db, first(4)), 4);
  db.exec("INSERT INTO sources (name, kind, created_at) VALUES ('p', 'perspective', 1)");
  db.exec("INSERT INTO feedback (source_id, text, attribute, value, community_id, client_token, received_at) VALUES"
          " (1, 'one', 'TOXICITY', 1.0, 'c', 't1', 5), (1, 'two', 'HATE_SPEECH', 0.25, NULL, NULL, 6)");
  apply_to(db, embedded_migrations());
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM feedback_requests").getInt(), 2);
  EXPECT_EQ(db.execAndGet("SELECT value FROM feedback WHERE text = 'two' AND attribute = 'HATE_SPEECH'").getDouble(), 0.25);
  EXPECT_EQ(db.execAndGet("SELECT client_token FROM feedback WHERE text = 'one'").getString(), "t1");
}

TEST(Migrations, ScoresKeepTheirValuesAndMayThenBeUnscored) {
  // 0006 rebuilds scores with nullable probabilities and a language; older rows keep theirs.
  hatewatch::test::temp_dir dir;
  auto db = open(dir);
  ASSERT_EQ(apply_to(db, first(5)), 5);
  db.exec("INSERT INTO sources (name, kind, created_at) VALUES ('forum', 'generic', 1)");
  db.exec("INSERT INTO comments (source_id, external_id, version, text, received_at) VALUES (1, 'a', 1, 'x', 2)");
  db.exec("INSERT INTO scores (comment_id, model_version, hate_speech, offensive_language, neither, flagged, scored_at)"
          " VALUES (1, 'm', 0.5, 0.25, 0.25, 1, 3)");
  ASSERT_EQ(apply_to(db, embedded_migrations()), static_cast<int>(embedded_migrations().size()) - 5);
  EXPECT_EQ(db.execAndGet("SELECT hate_speech FROM scores WHERE id = 1").getDouble(), 0.5);
  EXPECT_EQ(db.execAndGet("SELECT flagged FROM scores WHERE id = 1").getInt(), 1);
  EXPECT_TRUE(db.execAndGet("SELECT language FROM scores WHERE id = 1").isNull());
  EXPECT_EQ(db.execAndGet("SELECT unsupported FROM scores WHERE id = 1").getInt(), 0);
  // An unscored row needs unsupported = 1; a scored one all three probabilities.
  db.exec("INSERT INTO scores (comment_id, model_version, flagged, scored_at, language, unsupported)"
          " VALUES (1, 'm', 0, 4, 'de', 1)");
  EXPECT_THROW(db.exec("INSERT INTO scores (comment_id, model_version, flagged, scored_at) VALUES (1, 'm', 0, 5)"),
               SQLite::Exception);
  // Deleting the comment still takes its scores with it.
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("DELETE FROM comments");
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM scores").getInt(), 0);
}

TEST(Migrations, ADatabaseNewerThanTheBinaryIsRefusedUntouched) {
  hatewatch::test::temp_dir dir;
  auto db = open(dir);
  apply_to(db, embedded_migrations());
  db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 0)");
  try {
    apply_to(db, embedded_migrations());
    FAIL() << "a newer database was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("newer than this hatewatch knows"), std::string::npos) << e.what();
  }
  EXPECT_EQ(version(db), 999);
  const auto status = states(db, embedded_migrations());
  EXPECT_NE(status.back().name.find("unknown to this binary"), std::string::npos);
}

TEST(Migrations, AFailingMigrationLeavesNoTrace) {
  hatewatch::test::temp_dir dir;
  auto db = open(dir);
  const std::vector<migration_file> files{{"0001_good", "CREATE TABLE a (x INTEGER);"},
                                          {"0002_bad", "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);"}};
  EXPECT_THROW(apply_to(db, to_migrations(files)), std::runtime_error);
  EXPECT_EQ(version(db), 1);
  EXPECT_TRUE(db.tableExists("a"));
  EXPECT_FALSE(db.tableExists("b")); // rolled back with its failed statement
}

#include "support/cli_runner.hpp"

TEST(MigrateCommand, ListsPendingAppliesAndListsApplied) {
  hatewatch::test::temp_dir dir;
  const auto db = (dir.path() / "cli.db").string();
  auto before = hatewatch::test::run_cli({"migrate", "--status", "--database", db});
  EXPECT_EQ(before.code, 0) << before.err;
  EXPECT_NE(before.out.find("1 comments_and_scores: pending"), std::string::npos) << before.out;

  auto apply = hatewatch::test::run_cli({"migrate", "--database", db});
  EXPECT_EQ(apply.code, 0) << apply.err;
  EXPECT_NE(apply.out.find("migrated from schema version 0 to"), std::string::npos) << apply.out;

  auto after = hatewatch::test::run_cli({"migrate", "--status", "--database", db});
  EXPECT_EQ(after.code, 0);
  EXPECT_NE(after.out.find("1 comments_and_scores: applied 20"), std::string::npos) << after.out;
  EXPECT_EQ(after.out.find("pending"), std::string::npos) << after.out;
  EXPECT_NE(hatewatch::test::run_cli({"migrate", "--database", db}).out.find("up to date"), std::string::npos);

  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)");
  }
  auto newer = hatewatch::test::run_cli({"migrate", "--database", db});
  EXPECT_EQ(newer.code, 1);
  EXPECT_NE(newer.err.find("newer than this hatewatch knows"), std::string::npos) << newer.err;
}
