#include "daemon/store/sqlite/migrations.hpp"

namespace hatewatch::daemon::store {

std::vector<migration> embedded_migrations() {
  return to_migrations(embedded_migration_files());
}

} // namespace hatewatch::daemon::store
