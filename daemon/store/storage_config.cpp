// The config section of storage: SQLite or PostgreSQL, retention, TLS to the database.
#include "daemon/store/storage_config.hpp"

#include "daemon/base/config_reader.hpp"

namespace hatewatch::daemon {
namespace {

// Why `url` cannot be storage.url, or nothing. The URL is logged, so a password may not be in it.
std::optional<std::string> postgresql_url_problem(const std::string& url) {
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://"))
    return "expected a postgresql://user@host:5432/database URL";
  const auto rest = url.substr(url.find("//") + 2);
  const auto at = rest.find('@');
  const auto slash = rest.find('/');
  if (at != std::string::npos && (slash == std::string::npos || at < slash) &&
      rest.substr(0, at).find(':') != std::string::npos)
    return "put the password in storage.password (\"${HATEWATCH_DB_PASSWORD}\"), not in the URL: the URL is logged";
  if (const auto query = url.find('?'); query != std::string::npos) {
    // Appended, not "&" + substr(): g++ 12 at -O3 reports a false -Wrestrict on that concatenation.
    std::string params = "&";
    params.append(url, query + 1, std::string::npos);
    if (params.find("&password=") != std::string::npos)
      return "put the password in storage.password, not in the URL: the URL is logged";
  }
  if (url.find_first_of(" \r\n\t") != std::string::npos)
    return "a URL has no spaces";
  return std::nullopt;
}

void read_pg_tls(const config_reader& r, const YAML::Node& node, pg_tls_config& t) {
  r.section(node, "storage.tls",
            {
                {"mode",
                 [&](auto& v, auto& k) {
                   t.mode = r.string(v, k);
                   static constexpr std::array modes{"disable", "allow",     "prefer",
                                                     "require", "verify-ca", "verify-full"};
                   if (std::find(modes.begin(), modes.end(), t.mode) == modes.end())
                     r.fail(v, k, "expected disable, allow, prefer, require, verify-ca or verify-full");
                 }},
                {"ca_file", [&](auto& v, auto& k) { t.ca_file = r.string(v, k); }},
                {"cert_file", [&](auto& v, auto& k) { t.cert_file = r.string(v, k); }},
                {"key_file", [&](auto& v, auto& k) { t.key_file = r.string(v, k); }},
            });
}

} // namespace

void read_storage(const config_reader& r, const YAML::Node& node, storage_config& st) {
  r.section(
      node, "storage",
      {
          {"path", [&](auto& v, auto& k) { st.path = r.string(v, k); }},
          {"synchronous",
           [&](auto& v, auto& k) {
             st.synchronous =
                 r.choice(v, k, name_table<sync_mode>{{"full", sync_mode::full}, {"normal", sync_mode::normal}});
           }},
          {"busy_timeout", [&](auto& v, auto& k) { st.busy_timeout = r.duration(v, k, 0ms); }},
          {"batch_max", [&](auto& v, auto& k) { st.batch_max = static_cast<std::uint32_t>(r.whole(v, k, 1, 100000)); }},
          {"queue_max",
           [&](auto& v, auto& k) { st.queue_max = static_cast<std::uint32_t>(r.whole(v, k, 1, 10000000)); }},
          {"retention_days",
           [&](auto& v, auto& k) { st.retention_days = static_cast<std::uint32_t>(r.whole(v, k, 0, 36500)); }},
          {"retention",
           [&](auto& v, auto& k) {
             st.retention = r.choice(
                 v, k, name_table<retention_mode>{{"text", retention_mode::text}, {"rows", retention_mode::rows}});
           }},
          {"retention_interval", [&](auto& v, auto& k) { st.retention_interval = r.duration(v, k, 1000ms); }},
          {"backend",
           [&](auto& v, auto& k) {
             st.backend = r.choice(v, k,
                                   name_table<storage_backend>{{"sqlite", storage_backend::sqlite},
                                                               {"postgresql", storage_backend::postgresql}});
           }},
          {"url",
           [&](auto& v, auto& k) {
             st.url = r.string(v, k);
             if (const auto why = postgresql_url_problem(st.url))
               r.fail(v, k, *why);
           }},
          {"password", [&](auto& v, auto& k) { st.password = r.string(v, k); }},
          {"tls", [&](auto& v, auto&) { read_pg_tls(r, v, st.tls); }},
          {"pool_size", [&](auto& v, auto& k) { st.pool_size = static_cast<std::uint32_t>(r.whole(v, k, 1, 64)); }},
          {"statement_timeout", [&](auto& v, auto& k) { st.statement_timeout = r.duration(v, k, 100ms); }},
          {"connect_timeout", [&](auto& v, auto& k) { st.connect_timeout = r.duration(v, k, 1000ms); }},
      });
  if (st.backend == storage_backend::postgresql && st.url.empty())
    r.fail(node, "storage.url", "storage.backend is postgresql: set storage.url (postgresql://user@host:5432/db)");
}

} // namespace hatewatch::daemon
