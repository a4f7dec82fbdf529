// PostgreSQL's migrations against a real server: the same numbered list as SQLite's, applied once
// even when replicas start together (the advisory lock), the schema they make usable, a newer
// database refused untouched, and a failing migration leaving no trace.
#include "daemon/store/pg/migrations.hpp"
#include "daemon/store/sqlite/migrations.hpp"

#include "daemon/store/pg/connection.hpp"
#include "daemon/store/pg/sql_connection.hpp"
#include "support/postgres_server.hpp"

#include <gtest/gtest.h>

#include <future>
#include <vector>

using namespace hatewatch::daemon::store;

TEST(PostgresMigrations, AreSqlitesListWrittenForPostgres) {
  const auto sqlite = embedded_migrations();
  const auto postgres = pg::embedded_migrations();
  ASSERT_EQ(postgres.size(), sqlite.size()) << "every migration has its PostgreSQL file in migrations/postgresql/";
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(postgres[i].version, sqlite[i].version);
    EXPECT_EQ(postgres[i].name, sqlite[i].name);
  }
}

TEST(PostgresMigrations, ReplicasStartingTogetherApplyEachOnce) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  const auto all = pg::embedded_migrations();
  std::vector<std::future<int>> replicas;
  for (int i = 0; i < 4; ++i)
    replicas.push_back(std::async(std::launch::async, [&url, &all] {
      pg::sql_connection db(url);
      return apply_migrations(db, all);
    }));
  int ran = 0;
  for (auto& r : replicas)
    ran += r.get();
  EXPECT_EQ(ran, static_cast<int>(all.size())) << "each migration ran once among the four";

  pg::sql_connection conn(url);
  auto& db = conn.raw();
  EXPECT_EQ(schema_version(conn), all.back().version);
  for (const auto& s : migration_status(conn, all))
    EXPECT_TRUE(s.applied_at.has_value()) << s.name;
  EXPECT_EQ(db.exec("SELECT COUNT(*) FROM schema_migrations").int64(0, 0), static_cast<std::int64_t>(all.size()));
  EXPECT_EQ(apply_migrations(conn, all), 0);
  EXPECT_EQ(db.exec("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'").int64(0, 0), 0)
      << "the migration lock is released";

  // The schema takes what the daemon writes: a comment, scores (one unsupported), a decision.
  db.exec("INSERT INTO sources (name, kind, created_at) VALUES ('forum', 'discourse', 1)");
  db.exec("INSERT INTO comments (source_id, external_id, version, text, received_at) VALUES (1, 'p1', 1, 'hello', 2)");
  db.exec("INSERT INTO scores (comment_id, model_version, hate_speech, offensive_language, neither, flagged, scored_at)"
          " VALUES (1, 'm', 0.1, 0.2, 0.7, 0, 3)");
  db.exec("INSERT INTO scores (comment_id, model_version, flagged, scored_at, unsupported) VALUES (1, 'm', 0, 4, 1)");
  EXPECT_THROW(db.exec("INSERT INTO scores (comment_id, model_version, flagged, scored_at) VALUES (1, 'm', 0, 5)"), pg::error)
      << "a supported score needs its probabilities";
  db.exec("INSERT INTO reviews (comment_id, label, moderator, decided_at) VALUES (1, 0, 'carol', 5)");
  db.exec("INSERT INTO feedback_requests (source_id, text, received_at) VALUES (1, 'x', 6)");
  db.exec("INSERT INTO feedback_scores (request_id, attribute, value) VALUES (1, 'TOXICITY', 0.5)");
  EXPECT_EQ(db.exec("SELECT attribute FROM feedback").text(0, 0), "TOXICITY");
  try {
    db.exec("INSERT INTO comments (source_id, external_id, version, received_at) VALUES (1, 'p1', 1, 9)");
    FAIL() << "a comment version was stored twice";
  } catch (const pg::error& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
  }
}

TEST(PostgresMigrations, ANewerDatabaseIsRefusedAndAFailureLeavesNoTrace) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  {
    pg::sql_connection db(server->create_database());
    apply_migrations(db, pg::embedded_migrations());
    db.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 0)");
    try {
      apply_migrations(db, pg::embedded_migrations());
      FAIL() << "a newer database was migrated";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("newer than this hatewatch knows"), std::string::npos) << e.what();
    }
  }
  pg::sql_connection conn(server->create_database());
  auto& db = conn.raw();
  const auto bad = to_migrations({{"0001_a", "CREATE TABLE a (x INTEGER)"},
                                  {"0002_b", "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)"}});
  try {
    apply_migrations(conn, bad);
    FAIL() << "a failing migration was applied";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("migration 2 (b) failed"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema_version(conn), 1);
  EXPECT_EQ(db.exec("SELECT to_regclass('b') IS NULL").text(0, 0), "t") << "the failed migration's table is gone";
  EXPECT_EQ(db.exec("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'").int64(0, 0), 0);
}

#include "support/cli_runner.hpp"

TEST(PostgresMigrations, TheMigrateCommandListsAndAppliesThem) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  const auto url = server->create_database();
  auto before = hatewatch::test::run_cli({"migrate", "--status", "--database", url});
  EXPECT_EQ(before.code, 0) << before.err;
  EXPECT_NE(before.out.find("schema version 0"), std::string::npos) << before.out;
  EXPECT_NE(before.out.find("1 comments_and_scores: pending"), std::string::npos) << before.out;

  auto apply = hatewatch::test::run_cli({"migrate", "--database", url});
  EXPECT_EQ(apply.code, 0) << apply.err;
  EXPECT_NE(apply.out.find("migrated from schema version 0 to"), std::string::npos) << apply.out;

  auto after = hatewatch::test::run_cli({"migrate", "--status", "--database", url});
  EXPECT_EQ(after.code, 0) << after.err;
  EXPECT_NE(after.out.find("11 leases: applied 20"), std::string::npos) << after.out;
  EXPECT_EQ(after.out.find("pending"), std::string::npos) << after.out;
  EXPECT_NE(hatewatch::test::run_cli({"migrate", "--database", url}).out.find("up to date"), std::string::npos);

  auto unreachable = hatewatch::test::run_cli(
      {"migrate", "--status", "--database", "postgresql:///none?host=/nonexistent-directory&port=5999"});
  EXPECT_EQ(unreachable.code, 1);
  EXPECT_NE(unreachable.err.find("cannot connect to PostgreSQL"), std::string::npos) << unreachable.err;
}
