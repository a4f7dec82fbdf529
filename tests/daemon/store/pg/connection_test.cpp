// The libpq connection against a real PostgreSQL (tests/support/postgres_server.hpp): parameters
// and NULLs go through as typed, errors carry SQLSTATE, a refused connection names its reason, and
// a connection the server ends reports itself lost.
#include "daemon/store/pg/connection.hpp"

#include "support/postgres_server.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace hatewatch::daemon::store;

TEST(PostgresConnection, RunsStatementsWithParametersAndNulls) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  pg::connection db(server->create_database());
  EXPECT_GE(db.server_version(), 150000);
  db.exec("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n BIGINT, x DOUBLE PRECISION, s TEXT)");
  const auto inserted = db.exec("INSERT INTO t (n, x, s) VALUES ($1, $2, $3), ($4, $5, $6) RETURNING id",
                                {pg::value(std::int64_t{9'007'199'254'740'993}), pg::value(0.1), pg::value("it's ✓"),
                                 pg::null(), pg::null(), pg::null()});
  ASSERT_EQ(inserted.rows(), 2);
  EXPECT_EQ(inserted.affected(), 2);
  const auto r = db.exec("SELECT n, x, s FROM t ORDER BY id");
  EXPECT_EQ(r.int64(0, 0), 9'007'199'254'740'993) << "64-bit integers keep every digit";
  EXPECT_EQ(r.real(0, 1), 0.1) << "doubles read back exactly";
  EXPECT_EQ(r.text(0, 2), "it's ✓");
  EXPECT_TRUE(r.is_null(1, 0));
  EXPECT_TRUE(r.is_null(1, 2));
  EXPECT_FALSE(r.is_null(0, 0));
}

TEST(PostgresConnection, ErrorsCarryTheirSqlstate) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  pg::connection db(server->create_database());
  db.exec("CREATE TABLE u (k TEXT PRIMARY KEY)");
  db.exec("INSERT INTO u VALUES ($1)", {pg::value("a")});
  try {
    db.exec("INSERT INTO u VALUES ($1)", {pg::value("a")});
    FAIL() << "a duplicate key was accepted";
  } catch (const pg::error& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_FALSE(e.connection_lost());
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
  }
  db.exec("SET statement_timeout = '50ms'");
  try {
    db.exec("SELECT pg_sleep(2)");
    FAIL() << "the statement outlived its timeout";
  } catch (const pg::error& e) {
    EXPECT_EQ(e.sqlstate(), "57014");
  }
  EXPECT_TRUE(db.ok()) << "a failed statement leaves the connection usable";
  EXPECT_EQ(db.exec("SELECT 1").int64(0, 0), 1);
}

TEST(PostgresConnection, ARefusedOrEndedConnectionSaysSo) {
  auto* server = hatewatch::test::postgres_server::shared();
  HATEWATCH_REQUIRE_POSTGRES(server);
  try {
    pg::connection nowhere(server->url("no_such_database"));
    FAIL() << "connected to a database that does not exist";
  } catch (const pg::error& e) {
    EXPECT_TRUE(e.connection_lost());
    EXPECT_NE(std::string(e.what()).find("no_such_database"), std::string::npos) << e.what();
  }
  const auto url = server->create_database();
  pg::connection victim(url);
  const auto pid = victim.exec("SELECT pg_backend_pid()").int64(0, 0);
  pg::connection admin(url);
  admin.exec("SELECT pg_terminate_backend($1)", {pg::value(pid)});
  try {
    victim.exec("SELECT 1");
    FAIL() << "a terminated connection still answered";
  } catch (const pg::error& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
  }
  EXPECT_FALSE(victim.ok());
}
