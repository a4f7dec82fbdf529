#pragma once
// A migrated store with two sources (1 forum, 2 news), and rows written directly (comments with
// chosen ids and times, scores, decisions, alerts): the store's queries tested on exactly the rows a
// case needs, on either backend: a SQLite file in a temporary directory, or a fresh database on the
// test binary's PostgreSQL (tests/support/postgres_server.hpp). `conn` is null when PostgreSQL
// could not be started (HATEWATCH_REQUIRE_POSTGRES skips or fails the test).

#include "daemon/store/sqlite/migrations.hpp"
#include "daemon/store/pg/migrations.hpp"
#include "daemon/store/pg/sql_connection.hpp"
#include "daemon/store/sqlite/sqlite_connection.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace hatewatch::test {

struct store_rows {
  temp_dir dir;
  std::unique_ptr<SQLite::Database> sqlite;
  /// The store's queries take this.
  std::unique_ptr<daemon::store::sql::connection> conn;

  /// backend: "sqlite" or "postgresql".
  explicit store_rows(const std::string& backend = "sqlite") {
    if (backend == "sqlite") {
      sqlite = std::make_unique<SQLite::Database>(dir.path() / "store.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      conn = std::make_unique<daemon::store::sqlite_connection>(*sqlite);
      daemon::store::apply_migrations(*conn, daemon::store::embedded_migrations());
    } else if (auto* server = postgres_server::shared()) {
      auto pg = std::make_unique<daemon::store::pg::sql_connection>(server->create_database());
      daemon::store::apply_migrations(*pg, daemon::store::pg::embedded_migrations());
      conn = std::move(pg);
    } else {
      return;
    }
    conn->exec("INSERT INTO sources (id, name, kind, created_at) VALUES (1, 'forum', 'generic', 0), (2, 'news', 'generic', 0)");
  }

  void comment(std::int64_t id, std::int64_t source, std::int64_t received_at) {
    auto q = conn->prepare("INSERT INTO comments (id, source_id, external_id, version, text, received_at)"
                          " VALUES (?, ?, ?, 1, 'text', ?)");
    q.bind(1, id);
    q.bind(2, source);
    q.bind(3, std::to_string(id)); // the external id
    q.bind(4, received_at);
    q.exec();
  }

  // hate speech, offensive, neither; flagged
  void score(std::int64_t comment, double h, double o, double n, bool flagged) {
    auto q = conn->prepare("INSERT INTO scores (comment_id, model_version, hate_speech, offensive_language, neither, flagged,"
                          " scored_at) VALUES (?, 'm', ?, ?, ?, ?, 0)");
    q.bind(1, comment);
    q.bind(2, h);
    q.bind(3, o);
    q.bind(4, n);
    q.bind(5, flagged ? 1 : 0);
    q.exec();
  }

  /// A decision: label 0, 1 or 2, or nothing to withdraw.
  void decide(std::int64_t comment, std::optional<int> label) {
    auto q = conn->prepare("INSERT INTO reviews (comment_id, label, moderator, decided_at) VALUES (?, ?, 'carol', 0)"
                          " RETURNING id");
    q.bind(1, comment);
    label ? q.bind(2, *label) : q.bind(2);
    q.executeStep();
    const auto review = q.getColumn(0).getInt64();
    q.reset();
    auto state = conn->prepare("INSERT INTO review_state (comment_id, review_id, label) VALUES (?, ?, ?)"
                              " ON CONFLICT (comment_id) DO UPDATE SET review_id = excluded.review_id, label = excluded.label");
    state.bind(1, comment);
    state.bind(2, review);
    label ? state.bind(3, *label) : state.bind(3);
    state.exec();
  }

  void alert(std::int64_t comment, const char* state, const char* error) {
    auto q = conn->prepare("INSERT INTO alerts (event_id, comment_id, channel, state, next_attempt_at, last_error, created_at)"
                          " VALUES (?, ?, 'slack', ?, 0, ?, 0)");
    q.bind(1, std::to_string(++alerts_)); // the event id
    q.bind(2, comment);
    q.bind(3, state);
    error ? q.bind(4, error) : q.bind(4);
    q.exec();
  }

private:
  int alerts_ = 0;
};


} // namespace hatewatch::test
