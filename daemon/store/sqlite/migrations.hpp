#pragma once
// The schema migrations on SQLite: the numbered files of migrations/, compiled in, applied by the
// one runner (store/sql/migrations.hpp).

#include "daemon/store/sql/migrations.hpp"

#include <vector>

namespace hatewatch::daemon::store {

/// The files of migrations/, in name order (generated at build time).
const std::vector<migration_file>& embedded_migration_files();

/// The embedded migrations, numbered; throws std::logic_error if a name is not NNNN_name or the
/// numbers are not contiguous from 1 (a build defect, caught by a unit test).
std::vector<migration> embedded_migrations();

} // namespace hatewatch::daemon::store
