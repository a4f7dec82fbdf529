#pragma once
// A migrated SQLite file in a temporary directory with two sources (1 forum, 2 news), and rows
// written directly (comments with chosen ids and times, scores, decisions, alerts): the store's
// queries tested on exactly the rows a case needs.

#include "daemon/store/migrations.hpp"
#include "support/temp_dir.hpp"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>

namespace hatewatch::test {

struct store_rows {
  temp_dir dir;
  SQLite::Database db{dir.path() / "store.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};

  store_rows() {
    daemon::store::apply_migrations(db, daemon::store::embedded_migrations());
    db.exec("INSERT INTO sources (id, name, kind, created_at) VALUES (1, 'forum', 'generic', 0), (2, 'news', 'generic', 0)");
  }

  void comment(std::int64_t id, std::int64_t source, std::int64_t received_at) {
    db.exec("INSERT INTO comments (id, source_id, external_id, version, text, received_at) VALUES (" + std::to_string(id) +
            ", " + std::to_string(source) + ", 'c" + std::to_string(id) + "', 1, 'text', " + std::to_string(received_at) + ")");
  }

  // hate speech, offensive, neither; flagged
  void score(std::int64_t comment, double h, double o, double n, bool flagged) {
    db.exec("INSERT INTO scores (comment_id, model_version, hate_speech, offensive_language, neither, flagged, scored_at)"
            " VALUES (" + std::to_string(comment) + ", 'm', " + std::to_string(h) + ", " + std::to_string(o) + ", " +
            std::to_string(n) + ", " + (flagged ? "1" : "0") + ", 0)");
  }

  void decide(std::int64_t comment, const char* label) {
    db.exec("INSERT INTO reviews (comment_id, label, moderator, decided_at) VALUES (" + std::to_string(comment) + ", " +
            label + ", 'carol', 0)");
    db.exec("INSERT OR REPLACE INTO review_state (comment_id, review_id, label) VALUES (" + std::to_string(comment) +
            ", last_insert_rowid(), " + label + ")");
  }

  void alert(std::int64_t comment, const char* state, const char* error) {
    static int n = 0;
    db.exec("INSERT INTO alerts (event_id, comment_id, channel, state, next_attempt_at, last_error, created_at) VALUES ('e" +
            std::to_string(++n) + "', " + std::to_string(comment) + ", 'slack', '" + state + "', 0, " +
            (error ? "'" + std::string(error) + "'" : "NULL") + ", 0)");
  }
};


} // namespace hatewatch::test
