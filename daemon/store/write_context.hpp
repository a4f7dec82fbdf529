#pragma once
// What a write job gets on the writer thread: the write connection, prepared statements kept across
// batches, and the ids of sources by name.
//
// Thread safety: none; it lives on the writer thread only.

#include "daemon/store/sql/connection.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace hatewatch::daemon::store {

class write_context {
public:
  explicit write_context(sql::connection& db);
  ~write_context();
  write_context(const write_context&) = delete;
  write_context& operator=(const write_context&) = delete;

  sql::connection& db() { return db_; }

  /// A prepared statement for `sql` (a string literal: it is cached by address), reset and unbound.
  sql::statement& statement(const char* sql);
  /// The same for an INSERT whose new id is wanted (run it with executeInsert()).
  sql::statement& insert_statement(const char* sql);

  /// The id of the source called `name`, creating its row on first use.
  std::int64_t source_id(const std::string& name, std::string_view kind);

  /// Resets every cached statement. After a failed step (disk full, I/O error) a statement left
  /// un-reset keeps SQLite's pager in its error state, and every later write fails too.
  void reset_statements() noexcept;

  /// Forgets cached ids: a rolled-back transaction may have created rows they name.
  void forget_ids() { sources_.clear(); }

private:
  sql::connection& db_;
  std::map<const char*, std::unique_ptr<sql::statement>> statements_;
  std::map<const char*, std::unique_ptr<sql::statement>> inserts_;
  std::map<std::string, std::int64_t, std::less<>> sources_;
};

/// A write job's pipelined form (PostgreSQL, issue 15), which the writer sends with others in one
/// round trip. `bind` binds the job's one statement (a kept one, from write_context::statement())
/// and returns it; it runs before the batch's transaction, so it may look up a source's id but must
/// write nothing else. `read` makes the job's outputs from that statement's rows and returns true,
/// or false when the job must run in full after all, which it then does in a transaction of its own:
/// the statement must then have written nothing (an insert that found its row stored already).
/// Both may run again, for the same job, if the batch is rolled back.
struct piped_write {
  std::function<sql::statement&(write_context&)> bind;
  std::function<bool(sql::statement&)> read;
  explicit operator bool() const { return bind && read; }
};

} // namespace hatewatch::daemon::store
