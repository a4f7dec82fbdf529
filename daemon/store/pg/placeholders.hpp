#pragma once
// The store writes parameters as SQLite does (`?` in order, `:name` by name); PostgreSQL numbers
// them ($1, $2, ...). This rewrites one into the other, leaving alone what only looks like a
// parameter: string literals, quoted identifiers, comments and `::` casts.

#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon::store::pg {

struct numbered_sql {
  std::string sql;                 // with $1, $2, ...
  std::vector<std::string> names;  // per $n: the name of a :name parameter, or "" for a `?`
};

/// Throws std::invalid_argument for an unterminated literal or comment, or for `?` and `:name`
/// mixed in one statement (SQLite numbers them in ways that are easy to get wrong).
numbered_sql number_placeholders(std::string_view sql);

} // namespace hatewatch::daemon::store::pg
