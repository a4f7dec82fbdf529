#include "daemon/store/connect.hpp"

#include "daemon/store/database.hpp"
#include "daemon/store/pg/migrations.hpp"
#include "daemon/store/pg/sql_connection.hpp"
#include "daemon/store/sqlite/migrations.hpp"
#include "daemon/store/sqlite/sqlite_connection.hpp"

#include <SQLiteCpp/Database.h>

#include <algorithm>

namespace hatewatch::daemon::store {
namespace {

std::string millis(std::chrono::milliseconds d) {
  return std::to_string(d.count());
}

pg::connection::settings session_settings(const storage_config& cfg, access mode) {
  // libpq counts whole seconds and takes less than 2 as 2.
  const auto connect_s = std::max<std::int64_t>(2, (cfg.connect_timeout.count() + 999) / 1000);
  // A replica that hangs mid-transaction must not hold its locks for ever.
  const auto idle_ms = std::max<std::int64_t>(60'000, 6 * cfg.statement_timeout.count());
  std::string options = "-c statement_timeout=" + millis(cfg.statement_timeout);
  options += " -c lock_timeout=";
  options += millis(cfg.statement_timeout);
  options += " -c idle_in_transaction_session_timeout=";
  options += std::to_string(idle_ms);
  if (mode == access::read)
    options += " -c default_transaction_read_only=on";
  pg::connection::settings s{{"connect_timeout", std::to_string(connect_s)}, {"options", std::move(options)}};
  if (!cfg.tls.mode.empty())
    s.emplace_back("sslmode", cfg.tls.mode);
  if (!cfg.tls.ca_file.empty())
    s.emplace_back("sslrootcert", cfg.tls.ca_file.string());
  if (!cfg.tls.cert_file.empty())
    s.emplace_back("sslcert", cfg.tls.cert_file.string());
  if (!cfg.tls.key_file.empty())
    s.emplace_back("sslkey", cfg.tls.key_file.string());
  return s;
}

} // namespace

std::unique_ptr<sql::connection> connect(const storage_config& cfg, access mode, const std::string& role) {
  if (cfg.backend == storage_backend::sqlite) {
    auto db = mode == access::write ? open_for_writing(cfg) : open_for_reading(cfg);
    return std::make_unique<sqlite_connection>(std::move(db));
  }
  std::optional<std::string> password;
  if (!cfg.password.empty())
    password = cfg.password;
  try {
    return std::make_unique<pg::sql_connection>(cfg.url, password, role, session_settings(cfg, mode));
  } catch (const pg::error& e) {
    throw store_unavailable(e.what());
  }
}

namespace {

std::vector<migration> known_migrations(sql::dialect kind) {
  return kind == sql::dialect::postgresql ? pg::embedded_migrations() : embedded_migrations();
}

} // namespace

std::vector<migration_state> migration_status(sql::connection& conn) {
  return migration_status(conn, known_migrations(conn.kind()));
}

std::vector<migration> known_migrations(const storage_config& cfg) {
  return known_migrations(cfg.backend == storage_backend::postgresql ? sql::dialect::postgresql : sql::dialect::sqlite);
}

migrated migrate(sql::connection& conn) {
  const int before = schema_version(conn);
  return {before, apply_migrations(conn, known_migrations(conn.kind()))};
}

} // namespace hatewatch::daemon::store
