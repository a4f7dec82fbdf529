#include "daemon/store/pg/sql_connection.hpp"

#include "daemon/store/pg/migrations.hpp"
#include "daemon/store/pg/placeholders.hpp"

#include <charconv>
#include <stdexcept>
#include <vector>

namespace hatewatch::daemon::store::pg {
namespace {

class pg_statement : public sql::statement_impl {
public:
  /// `name`: a server-side prepared statement's (prepared on first use), or empty for one parsed
  /// at every run.
  pg_statement(pg::connection& conn, numbered_sql sql, std::string name = {})
      : conn_(conn), sql_(std::move(sql)), params_(sql_.names.size()), name_(std::move(name)) {}

  void bind(int index, std::int64_t v) override { at(index) = value(v); }
  void bind(int index, double v) override { at(index) = value(v); }
  void bind(int index, std::string_view v) override { at(index) = value(v); }
  void bind_null(int index) override { at(index) = null(); }

  int index_of(std::string_view name) const override {
    // Named as SQLiteCpp names them: with the leading ':'.
    if (name.starts_with(':'))
      name.remove_prefix(1);
    for (std::size_t i = 0; i < sql_.names.size(); ++i)
      if (sql_.names[i] == name)
        return static_cast<int>(i) + 1;
    throw std::out_of_range("no parameter :" + std::string(name) + " in: " + sql_.sql.substr(0, 80));
  }

  bool step() override {
    if (!result_) {
      result_ = run();
      row_ = -1;
    }
    return ++row_ < result_->rows();
  }

  std::int64_t exec() override {
    const auto r = run();
    result_.reset();
    return r.affected();
  }

  std::optional<std::int64_t> insert() override {
    const auto r = run();
    result_.reset();
    if (r.rows() == 0)
      return std::nullopt;
    return r.int64(0, 0);
  }

  void reset() override { result_.reset(); }
  void try_reset() noexcept override { result_.reset(); }
  void clear_bindings() override { std::fill(params_.begin(), params_.end(), null()); }

  sql::pending pend() override;

  bool is_null(int column) const override { return current().is_null(row_, column); }

  std::int64_t int64(int column) const override {
    const auto t = current().text(row_, column);
    if (t == "t" || t == "f") // a boolean expression (x IS NOT NULL) reads as SQLite's 1 or 0
      return t == "t" ? 1 : 0;
    std::int64_t v = 0;
    if (!t.empty() && std::from_chars(t.data(), t.data() + t.size(), v).ec != std::errc{})
      return static_cast<std::int64_t>(real(column)); // a numeric aggregate such as SUM() of doubles
    return v;
  }

  double real(int column) const override { return current().real(row_, column); }
  std::string text(int column) const override { return std::string(current().text(row_, column)); }

private:
  friend class pg_pending;

  void prepare_once() {
    if (!prepared_) {
      conn_.prepare(name_, sql_.sql, static_cast<int>(params_.size()));
      prepared_ = true;
    }
  }

  result run() {
    if (name_.empty())
      return conn_.exec(sql_.sql, params_);
    prepare_once();
    return conn_.exec_prepared(name_, params_);
  }

  param& at(int index) {
    if (index < 1 || static_cast<std::size_t>(index) > params_.size())
      throw std::out_of_range("parameter " + std::to_string(index) + " out of range in: " + sql_.sql.substr(0, 80));
    result_.reset();
    return params_[static_cast<std::size_t>(index) - 1];
  }

  const result& current() const {
    if (!result_ || row_ < 0 || row_ >= result_->rows())
      throw std::logic_error("no current row in: " + sql_.sql.substr(0, 80));
    return *result_;
  }

  pg::connection& conn_;
  numbered_sql sql_;
  std::vector<param> params_;
  std::optional<result> result_;
  int row_ = -1;
  std::string name_;
  bool prepared_ = false;
};

// A run of a kept statement with the values it had when set aside.
class pg_pending : public sql::pending_impl {
public:
  pg_pending(pg_statement& s, std::vector<param> params) : s_(s), params_(std::move(params)) {}

  void send() override { s_.conn_.send_prepared(s_.name_, params_); }

  void receive() override {
    s_.result_.reset();
    s_.row_ = -1;
    s_.result_ = s_.conn_.receive(s_.name_); // named in an error as exec_prepared() names it
  }

private:
  pg_statement& s_;
  std::vector<param> params_;
};

sql::pending pg_statement::pend() {
  if (name_.empty())
    throw std::logic_error("only kept statements go in a pipeline: " + sql_.sql.substr(0, 80));
  prepare_once(); // before the pipeline: a synchronous round trip, once per connection
  return std::make_unique<pg_pending>(*this, params_);
}

} // namespace

sql_connection::sql_connection(const std::string& url, const std::optional<std::string>& password,
                               const std::string& application_name, const pg::connection::settings& more)
    : conn_(url, password, application_name, more) {}

sql::statement sql_connection::prepare(const std::string& sql) {
  return sql::statement(std::make_unique<pg_statement>(conn_, number_placeholders(sql)));
}

sql::statement sql_connection::prepare_insert(const std::string& sql) {
  return prepare(sql + " RETURNING id");
}

sql::statement sql_connection::prepare_kept(const std::string& sql) {
  return sql::statement(
      std::make_unique<pg_statement>(conn_, number_placeholders(sql), "hw" + std::to_string(++kept_)));
}

sql::statement sql_connection::prepare_insert_kept(const std::string& sql) {
  return prepare_kept(sql + " RETURNING id");
}

void sql_connection::exec(const std::string& sql) {
  conn_.exec(sql);
}

bool sql_connection::has_table(const std::string& name) {
  return conn_.exec("SELECT to_regclass($1) IS NOT NULL", {value(name)}).text(0, 0) == "t";
}

std::shared_ptr<void> sql_connection::hold_migration_lock() {
  // A session lock: the server releases it too if the process dies.
  conn_.exec("SELECT pg_advisory_lock($1)", {value(migration_lock_key)});
  return std::shared_ptr<void>(nullptr, [this](void*) {
    try {
      if (conn_.ok())
        conn_.exec("SELECT pg_advisory_unlock($1)", {value(migration_lock_key)});
    } catch (...) {
      // The session ends with the connection, and the lock with it.
    }
  });
}

} // namespace hatewatch::daemon::store::pg
