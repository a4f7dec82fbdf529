#pragma once
// What a write job gets on the writer thread: the write connection, prepared statements kept across
// batches, and the ids of sources by name.
//
// Thread safety: none; it lives on the writer thread only.

#include "daemon/store/sql.hpp"

#include <cstdint>
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

} // namespace hatewatch::daemon::store
