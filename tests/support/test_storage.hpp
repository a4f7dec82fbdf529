#pragma once
// The store a daemon under test uses, on either backend: a SQLite file in the test's directory, or
// a fresh database on the test binary's PostgreSQL (support/postgres_server.hpp). Tests that run
// on both are parameterized by the backend's name (backends) and read what was stored with count().

#include "daemon/config/config.hpp"
#include "daemon/store/connect.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>

namespace hatewatch::test {

inline constexpr std::array<const char*, 2> backends{"sqlite", "postgresql"};

/// Names the instances of a test parameterized by backend ("Backends/Reviews.X/postgresql").
inline std::string backend_name(const ::testing::TestParamInfo<const char*>& info) {
  return info.param;
}

/// Storage on the PostgreSQL database at `url`, with the defaults otherwise.
inline daemon::storage_config on_postgres(const std::string& url) {
  daemon::storage_config st;
  st.backend = daemon::storage_backend::postgresql;
  st.url = url;
  return st;
}

/// Storage on `backend` ("sqlite" or "postgresql"); nothing when PostgreSQL cannot be started
/// (then HATEWATCH_REQUIRE_POSTGRES(nullptr) skips or fails the test).
inline std::optional<daemon::storage_config> test_storage(const std::string& backend, const temp_dir& dir) {
  daemon::storage_config st;
  if (backend == "sqlite") {
    st.path = dir.path() / "store.db";
    return st;
  }
  auto* server = postgres_server::shared();
  if (!server)
    return std::nullopt;
  return on_postgres(server->create_database());
}

/// The first column of the first row of `sql` (a COUNT, a SUM), read from `st`'s database.
inline std::int64_t count(const daemon::storage_config& st, const std::string& sql) {
  auto db = daemon::store::connect(st, daemon::store::access::read, "test");
  auto q = db->prepare(sql);
  q.executeStep();
  return q.getColumn(0).getInt64();
}

} // namespace hatewatch::test
