#pragma once
// The statement layer (store/sql.hpp) on a PostgreSQL connection: the store's SQL with its `?` and
// `:name` parameters numbered for PostgreSQL, values sent as text, rows read from the result.

#include "daemon/store/pg/connection.hpp"
#include "daemon/store/sql/connection.hpp"

#include <optional>
#include <string>

namespace hatewatch::daemon::store::pg {

class sql_connection : public sql::connection {
public:
  explicit sql_connection(const std::string& url, const std::optional<std::string>& password = std::nullopt,
                          const std::string& application_name = "hatewatch",
                          const pg::connection::settings& more = {});

  sql::dialect kind() const override { return sql::dialect::postgresql; }
  sql::statement prepare(const std::string& sql) override;
  sql::statement prepare_insert(const std::string& sql) override;
  sql::statement prepare_kept(const std::string& sql) override;
  sql::statement prepare_insert_kept(const std::string& sql) override;
  void exec(const std::string& sql) override;
  void begin() override { conn_.exec("BEGIN"); }
  void begin_read() override { conn_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ"); }
  bool in_transaction() const override { return conn_.in_transaction(); }
  bool usable() const override { return conn_.ok(); }
  bool shared() const override { return true; }
  bool has_table(const std::string& name) override;
  std::shared_ptr<void> hold_migration_lock() override;

  pg::connection& raw() { return conn_; }

private:
  pg::connection conn_;
  int kept_ = 0; // prepared statements named so far
};

} // namespace hatewatch::daemon::store::pg
