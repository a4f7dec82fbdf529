#include "daemon/store/pg/migrations.hpp"

namespace hatewatch::daemon::store::pg {

std::vector<migration> embedded_migrations() {
  return to_migrations(embedded_migration_files());
}

} // namespace hatewatch::daemon::store::pg
