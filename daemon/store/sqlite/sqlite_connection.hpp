#pragma once
// The statement layer (store/sql.hpp) on a SQLite connection: SQLiteCpp underneath, with the same
// parameters and rows the store has always used.

#include "daemon/store/sql/connection.hpp"
#include "daemon/store/sqlite/sqlite_fwd.hpp"

#include <memory>

namespace hatewatch::daemon::store {

class sqlite_connection : public sql::connection {
public:
  /// Uses `db` (not owned; it must outlive this).
  explicit sqlite_connection(SQLite::Database& db) : db_(db) {}
  /// Owns `db`.
  explicit sqlite_connection(std::unique_ptr<SQLite::Database> db);
  ~sqlite_connection() override;

  sql::dialect kind() const override { return sql::dialect::sqlite; }
  sql::statement prepare(const std::string& sql) override;
  sql::statement prepare_insert(const std::string& sql) override;
  void exec(const std::string& sql) override;
  void begin() override;
  void begin_read() override;
  bool in_transaction() const override;
  bool shared() const override { return false; }
  bool has_table(const std::string& name) override;

  SQLite::Database& database() { return db_; }

private:
  std::unique_ptr<SQLite::Database> owned_;
  SQLite::Database& db_;
};

} // namespace hatewatch::daemon::store
