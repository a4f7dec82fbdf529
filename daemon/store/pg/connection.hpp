#pragma once
// One PostgreSQL connection through libpq: connect from a URL (the password from the environment,
// never the URL or the log), run SQL with text parameters, read results. Errors carry the server's
// SQLSTATE, and say whether the connection itself is gone (the caller reconnects) or the statement
// failed (the caller's fault or a conflict).
//
// Thread safety: none; one thread uses a connection at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;

namespace hatewatch::daemon::store::pg {

class error : public std::runtime_error {
public:
  error(const std::string& what, std::string sqlstate, bool connection_lost)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
  /// The five-character SQLSTATE ("23505" unique violation, "57014" statement timeout), or empty.
  const std::string& sqlstate() const { return sqlstate_; }
  /// The connection is broken (server gone, network): reconnect before the next statement.
  bool connection_lost() const { return connection_lost_; }

private:
  std::string sqlstate_;
  bool connection_lost_;
};

/// A statement's parameter: text in PostgreSQL's input syntax, or NULL.
using param = std::optional<std::string>;
param value(std::int64_t v);
param value(double v);
param value(std::string_view v);
inline param null() { return std::nullopt; }

class result {
public:
  explicit result(pg_result* r);
  int rows() const;
  int columns() const;
  bool is_null(int row, int column) const;
  std::string_view text(int row, int column) const;
  std::int64_t int64(int row, int column) const; // NULL reads as 0
  double real(int row, int column) const;        // NULL reads as 0
  /// Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t affected() const;

private:
  std::shared_ptr<pg_result> r_;
};

class connection {
public:
  /// Connects to `url` (postgresql://user@host:port/db?sslmode=...; a libpq keyword string works
  /// too) with `password` when given. Throws error naming the server's reason, without the
  /// password. `application_name` shows in pg_stat_activity.
  /// `settings` are further libpq keywords (sslmode, connect_timeout, options...); they override
  /// what the URL says.
  using settings = std::vector<std::pair<std::string, std::string>>;
  explicit connection(const std::string& url, const std::optional<std::string>& password = std::nullopt,
                      const std::string& application_name = "hatewatch", const settings& more = {});
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Runs SQL without parameters (several statements separated by ';' allowed: a migration).
  result exec(const std::string& sql);
  /// Runs one statement with $1, $2, ... bound to `params`.
  result exec(const std::string& sql, const std::vector<param>& params);

  /// Prepares `sql` on the server as statement `name` (parsed and planned once per connection).
  void prepare(const std::string& name, const std::string& sql, int parameters);
  /// Runs the prepared statement `name` with `params`.
  result exec_prepared(const std::string& name, const std::vector<param>& params);

  /// Pipeline mode (libpq 14+): statements go out without waiting for each other's results, and
  /// their results are read afterwards in the order sent: one round trip for many statements.
  /// After an error the server skips what follows up to the next sync (receive() throws for those
  /// too). Synchronous calls (exec, prepare) are refused while it is on.
  void enter_pipeline();
  /// Leaves it; every result must have been read (receive() and receive_sync()).
  void exit_pipeline();
  /// Queues the prepared statement `name` with `params` (sent by sync()).
  void send_prepared(const std::string& name, const std::vector<param>& params);
  /// Queues SQL without parameters (one statement: COMMIT).
  void send(const std::string& sql);
  /// Marks the end of what was queued and sends it all.
  void sync();
  /// The next statement's result; throws error for a statement that failed or was skipped.
  /// `what` names it in the error.
  result receive(const std::string& what);
  /// Reads up to and including the next sync, discarding results not read (after an error).
  void receive_sync();

  /// Closes the connection (one left in a state it cannot be used from): ok() is false after it,
  /// and every statement fails as on a lost connection.
  void abandon() noexcept;

  /// Whether the connection is still up (after an error with connection_lost(), it is not).
  bool ok() const;
  /// The server's version number (150018 for 15.18).
  int server_version() const;
  /// Whether a transaction is open (also one a failed statement aborted).
  bool in_transaction() const;
  /// The server process serving this connection (pg_backend_pid()).
  int backend_pid() const;

private:
  result check(pg_result* r, const std::string& sql);
  /// Throws error with libpq's message for a call about `what` that libpq refused.
  [[noreturn]] void fail(const std::string& what);

  pg_conn* conn_ = nullptr;
};

} // namespace hatewatch::daemon::store::pg
