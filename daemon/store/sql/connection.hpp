#pragma once
// The storage interface's statement layer (issue 15): one way for the store's code to prepare,
// bind, step and read SQL on SQLite or PostgreSQL. Its names follow SQLiteCpp's (bind, executeStep,
// exec, getColumn(i).getInt64()...), so the store's queries move onto it without being rewritten;
// SQL is written in the subset both databases speak (`?` and `:name` parameters, ON CONFLICT,
// RETURNING), and the few places in store/ that differ ask connection::kind(); code outside
// store/ asks what a database can do (shared()), never which one it is.
//
// Thread safety: none; a connection and its statements belong to one thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hatewatch::daemon::store::sql {

enum class dialect { sqlite, postgresql };

/// A statement bound and set aside to go out in a pipeline (PostgreSQL): its values are copied, so
/// the statement it came from may be bound again for the next job. send() queues it; receive(),
/// once the pipeline was sent, loads its result into that statement (read it with executeStep() and
/// getColumn()) and throws what its run threw.
class pending_impl {
public:
  virtual ~pending_impl() = default;
  virtual void send() = 0;
  virtual void receive() = 0;
};
using pending = std::unique_ptr<pending_impl>;

/// A text parameter holding a NUL byte: a defect of the caller, which should have replaced or
/// refused it (core::utf8::storable), never a value silently cut short.
class nul_in_text : public std::invalid_argument {
public:
  explicit nul_in_text(int index)
      : std::invalid_argument("text parameter " + std::to_string(index) +
                              " holds a NUL byte (U+0000), which the store does not keep") {}
};

/// What a backend's statement implements: parameters by 1-based index, and the current row.
class statement_impl {
public:
  virtual ~statement_impl() = default;
  virtual void bind(int index, std::int64_t v) = 0;
  virtual void bind(int index, double v) = 0;
  virtual void bind(int index, std::string_view v) = 0;
  virtual void bind_null(int index) = 0;
  /// The 1-based index of the parameter `:name`; throws std::out_of_range for an unknown name.
  virtual int index_of(std::string_view name) const = 0;
  /// Runs the statement on first call, then moves to the next row; false past the last.
  virtual bool step() = 0;
  /// Runs a statement that returns no rows; the rows it changed.
  virtual std::int64_t exec() = 0;
  /// Runs an INSERT prepared with connection::prepare_insert(): the new row's id, or nothing when
  /// it inserted no row (ON CONFLICT DO NOTHING).
  virtual std::optional<std::int64_t> insert() = 0;
  /// Ready to run again (parameters kept).
  virtual void reset() = 0;
  /// reset() that never throws (after a failed step, to leave the connection usable).
  virtual void try_reset() noexcept = 0;
  virtual void clear_bindings() = 0;
  /// The statement as bound now, for a pipeline. Only PostgreSQL's kept statements pipeline: the
  /// others throw std::logic_error.
  virtual pending pend() { throw std::logic_error("only PostgreSQL's kept statements go in a pipeline"); }

  virtual bool is_null(int column) const = 0;
  virtual std::int64_t int64(int column) const = 0; // NULL reads as 0, a boolean as 0/1
  virtual double real(int column) const = 0;        // NULL reads as 0
  virtual std::string text(int column) const = 0;   // NULL reads as ""
};

/// One value of the current row.
class column {
public:
  column(const statement_impl& s, int index) : s_(s), index_(index) {}
  bool isNull() const { return s_.is_null(index_); }
  std::int64_t getInt64() const { return s_.int64(index_); }
  int getInt() const { return static_cast<int>(s_.int64(index_)); }
  double getDouble() const { return s_.real(index_); }
  std::string getString() const { return s_.text(index_); }

private:
  const statement_impl& s_;
  int index_;
};

class statement {
public:
  explicit statement(std::unique_ptr<statement_impl> impl) : impl_(std::move(impl)) {}

  void bind(int index, std::int64_t v) { impl_->bind(index, v); }
  void bind(int index, int v) { impl_->bind(index, std::int64_t{v}); }
  void bind(int index, double v) { impl_->bind(index, v); }
  /// Text; throws nul_in_text for one holding a NUL byte, on every backend (PostgreSQL would cut it
  /// there): what comes from outside has its U+0000 replaced or refused before it reaches the store.
  void bind(int index, std::string_view v) {
    if (v.find('\0') != std::string_view::npos)
      throw nul_in_text(index);
    impl_->bind(index, v);
  }
  void bind(int index, const std::string& v) { bind(index, std::string_view(v)); }
  void bind(int index, const char* v) { bind(index, std::string_view(v)); }
  /// NULL.
  void bind(int index) { impl_->bind_null(index); }
  template <typename T>
  void bind(const char* name, const T& v) {
    bind(impl_->index_of(name), v);
  }
  void bind(const char* name) { bind(impl_->index_of(name)); }

  bool executeStep() { return impl_->step(); }
  std::int64_t exec() { return impl_->exec(); }
  std::optional<std::int64_t> executeInsert() { return impl_->insert(); }
  void reset() { impl_->reset(); }
  void tryReset() noexcept { impl_->try_reset(); }
  void clearBindings() { impl_->clear_bindings(); }
  pending pend() { return impl_->pend(); }
  column getColumn(int index) const { return column(*impl_, index); }

private:
  std::unique_ptr<statement_impl> impl_;
};

class connection {
public:
  virtual ~connection() = default;
  virtual dialect kind() const = 0;
  virtual statement prepare(const std::string& sql) = 0;
  /// An INSERT of one row into a table with an `id` key, run with executeInsert(). (SQLite reads
  /// the new rowid; PostgreSQL adds RETURNING id. SQLite's own RETURNING costs a temporary table
  /// per insert: 6-8 % of webhook intake.)
  virtual statement prepare_insert(const std::string& sql) = 0;
  /// The same for a statement kept and run many times (the writer's cache): PostgreSQL prepares it
  /// on the server once, instead of parsing and planning it at every run.
  virtual statement prepare_kept(const std::string& sql) { return prepare(sql); }
  virtual statement prepare_insert_kept(const std::string& sql) { return prepare_insert(sql); }
  /// Runs SQL without parameters (several statements allowed).
  virtual void exec(const std::string& sql) = 0;
  /// Opens a write transaction (SQLite: BEGIN IMMEDIATE, which takes the write lock at once).
  virtual void begin() = 0;
  /// Opens a read transaction whose queries all see one state of the database (SQLite: a deferred
  /// BEGIN, its snapshot taken at the first read; PostgreSQL: REPEATABLE READ).
  virtual void begin_read() = 0;
  /// Whether a transaction is open: false after SQLite rolled one back by itself (disk full) or
  /// after a PostgreSQL connection was lost.
  virtual bool in_transaction() const = 0;
  /// False once the connection is lost (PostgreSQL): open a new one.
  virtual bool usable() const { return true; }
  /// Whether other daemons (replicas) may share this database: false for a SQLite file, which has
  /// one daemon, so that what that daemon claimed before a crash is its own again at its restart.
  virtual bool shared() const = 0;
  /// Whether the table exists.
  virtual bool has_table(const std::string& name) = 0;
  /// Keeps other processes from migrating the schema while the returned object lives (PostgreSQL:
  /// a session advisory lock, so replicas starting together apply each migration once). SQLite
  /// needs none: each migration's write transaction (BEGIN IMMEDIATE) serialises them.
  virtual std::shared_ptr<void> hold_migration_lock() { return nullptr; }
};

/// Runs `read(db)` in one read transaction (begin_read()) and returns what it returns: queries
/// that must agree (a comment and its list of decisions) see a write land in both or in neither.
template <typename Read>
auto read_snapshot(connection& db, Read&& read) {
  db.begin_read();
  try {
    auto out = read(db);
    db.exec("COMMIT");
    return out;
  } catch (...) {
    try {
      if (db.usable() && db.in_transaction())
        db.exec("ROLLBACK");
    } catch (...) {
      // the first error is the one to report
    }
    throw;
  }
}

} // namespace hatewatch::daemon::store::sql
