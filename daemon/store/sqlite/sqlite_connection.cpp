#include "daemon/store/sqlite/sqlite_connection.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

namespace hatewatch::daemon::store {
namespace {

class sqlite_statement : public sql::statement_impl {
public:
  sqlite_statement(SQLite::Database& db, const std::string& sql) : db_(db), q_(db, sql) {}

  void bind(int index, std::int64_t v) override { q_.bind(index, v); }
  void bind(int index, double v) override { q_.bind(index, v); }
  void bind(int index, std::string_view v) override { q_.bind(index, std::string(v)); }
  void bind_null(int index) override { q_.bind(index); }
  int index_of(std::string_view name) const override {
    std::string full; // appended, not "+": GCC 12 at -O3 misreads the concatenation as an overlapping memcpy
    if (!name.starts_with(':'))
      full += ':';
    full.append(name);
    const int i = q_.getIndex(full.c_str());
    if (i == 0)
      throw std::out_of_range("no parameter " + full + " in: " + q_.getQuery().substr(0, 80));
    return i;
  }
  bool step() override { return q_.executeStep(); }
  std::int64_t exec() override {
    q_.exec();
    return db_.getChanges();
  }
  std::optional<std::int64_t> insert() override {
    if (exec() == 0)
      return std::nullopt;
    return db_.getLastInsertRowid();
  }
  void reset() override { q_.reset(); }
  void try_reset() noexcept override { q_.tryReset(); }
  void clear_bindings() override { q_.clearBindings(); }

  bool is_null(int column) const override { return q_.isColumnNull(column); }
  std::int64_t int64(int column) const override { return q_.getColumn(column).getInt64(); }
  double real(int column) const override { return q_.getColumn(column).getDouble(); }
  std::string text(int column) const override { return q_.getColumn(column).getString(); }

private:
  SQLite::Database& db_;
  SQLite::Statement q_;
};

} // namespace

sqlite_connection::sqlite_connection(std::unique_ptr<SQLite::Database> db) : owned_(std::move(db)), db_(*owned_) {}

sqlite_connection::~sqlite_connection() = default;

void sqlite_connection::begin() {
  db_.exec("BEGIN IMMEDIATE");
}

void sqlite_connection::begin_read() {
  db_.exec("BEGIN");
}

bool sqlite_connection::in_transaction() const {
  return sqlite3_get_autocommit(db_.getHandle()) == 0;
}

sql::statement sqlite_connection::prepare(const std::string& sql) {
  return sql::statement(std::make_unique<sqlite_statement>(db_, sql));
}

sql::statement sqlite_connection::prepare_insert(const std::string& sql) {
  return prepare(sql);
}

void sqlite_connection::exec(const std::string& sql) {
  db_.exec(sql);
}

bool sqlite_connection::has_table(const std::string& name) {
  return db_.tableExists(name);
}

} // namespace hatewatch::daemon::store
