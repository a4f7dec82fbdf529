#pragma once
// The config's `storage` section: SQLite or PostgreSQL, durability, retention, TLS to the database.

#include "daemon/base/config_fwd.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace hatewatch::daemon {

enum class sync_mode { normal, full };
enum class retention_mode { text, rows };
enum class storage_backend { sqlite, postgresql };

/// TLS to PostgreSQL (libpq's sslmode, sslrootcert, sslcert, sslkey).
struct pg_tls_config {
  /// disable, allow, prefer (libpq's default), require, verify-ca, verify-full.
  std::string mode;
  std::filesystem::path ca_file;
  std::filesystem::path cert_file;
  std::filesystem::path key_file;

  bool operator==(const pg_tls_config&) const = default;
};

struct storage_config {
  /// sqlite (one daemon, the file at `path`) or postgresql (replicas sharing the database at `url`).
  storage_backend backend = storage_backend::sqlite;
  /// The SQLite database; a relative path is taken from the working directory. Empty turns storage
  /// off (SQLite only): /predict and /v1/score still work, webhooks and the comments API answer 503.
  std::filesystem::path path = "var/hatewatch.db";
  /// PostgreSQL: postgresql://user@host:5432/db (no password in it; it is logged).
  std::string url;
  /// PostgreSQL: the password, normally "${HATEWATCH_DB_PASSWORD}"; empty leaves it to libpq
  /// (PGPASSWORD, ~/.pgpass). Never logged.
  std::string password;
  pg_tls_config tls;
  /// PostgreSQL: connections that read (the console and APIs); the writer and the alert dispatcher
  /// hold one each besides. SQLite: reader threads.
  std::uint32_t pool_size = 2;
  /// PostgreSQL: the longest a statement may run (statement_timeout) before it fails with a 503.
  std::chrono::milliseconds statement_timeout = 10s;
  /// PostgreSQL: the longest a connection attempt may take.
  std::chrono::milliseconds connect_timeout = 5s;
  /// full: a webhook's 2xx means its comment survives a power cut (fsync per batch); normal: it
  /// survives a crash of the daemon (WAL without fsync on commit).
  sync_mode synchronous = sync_mode::full;
  /// How long a write waits for a lock another process holds before it fails (then 503).
  std::chrono::milliseconds busy_timeout = 5s;
  /// Most writes committed in one transaction.
  std::uint32_t batch_max = 1000;
  /// Most writes waiting for the writer; past it, webhooks answer 503 so the forum retries later.
  std::uint32_t queue_max = 50000;
  /// Comments received more than this many days ago are purged; 0 keeps them for ever.
  std::uint32_t retention_days = 0;
  /// text: remove text, author, url and explanation and keep the scores; rows: delete the comments
  /// with their scores.
  retention_mode retention = retention_mode::text;
  std::chrono::milliseconds retention_interval = 1h;

  /// Whether comments are stored at all (a PostgreSQL url, or a non-empty SQLite path).
  bool enabled() const { return backend == storage_backend::postgresql || !path.empty(); }
  /// Where the data lives, for logs and messages: the file, or the URL (which holds no password).
  std::string where() const { return backend == storage_backend::postgresql ? url : path.string(); }

  bool operator==(const storage_config&) const = default;
};

/// Reads the `storage` section.
void read_storage(const config_reader& r, const YAML::Node& node, storage_config& st);

} // namespace hatewatch::daemon
