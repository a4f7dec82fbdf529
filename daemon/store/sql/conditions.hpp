#pragma once
// A query's optional filters: each condition is written into the SQL only when its value is set,
// and bound by its :name after prepare(), so that a list query says each filter once instead of
// once to write it and once to bind it.

#include "daemon/store/sql/connection.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hatewatch::daemon::store::sql {

class conditions {
public:
  /// Appends `clause` (" AND s.name = :source") and binds `value` to `name` (":source") when it is set.
  template <typename T>
  void add(std::string_view clause, const char* name, const std::optional<T>& value) {
    if (!value)
      return;
    sql_ += clause;
    binds_.emplace_back([name, v = *value](statement& q) { q.bind(name, v); });
  }
  /// Appends `clause` (no parameter) when `on`.
  void add(std::string_view clause, bool on) {
    if (on)
      sql_ += clause;
  }
  /// The clauses, each starting with its " AND ".
  const std::string& sql() const { return sql_; }
  /// Binds every value of the clauses added.
  void bind(statement& q) const {
    for (const auto& b : binds_)
      b(q);
  }

private:
  std::string sql_;
  std::vector<std::function<void(statement&)>> binds_;
};

} // namespace hatewatch::daemon::store::sql
