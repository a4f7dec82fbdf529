#pragma once
// A real PostgreSQL server for the tests: initdb into a temporary directory, pg_ctl start on a Unix
// socket in it (no TCP port, nothing outside the directory), one per test binary, a fresh database
// per test, stopped and removed at exit. As root, initdb and pg_ctl run as the postgres user
// (runuser), as PostgreSQL refuses to run as root.
//
// Where the server cannot be started (no postgresql package, no postgres user), a test skips with
// the reason; under CI (CI=true), where .ci/run installs PostgreSQL, it fails instead: these tests
// are never passed silently.

#include "support/temp_dir.hpp"

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace hatewatch::test {

class postgres_server {
public:
  /// The server of this test binary, started on first use; nothing, with why(), when it cannot be.
  static postgres_server* shared();
  /// Why the shared server could not be started.
  static const std::string& why();

  /// Files of a TLS server (start_tls()): its CA, a client certificate and key for the role
  /// `certuser`, and a CA that signed nothing of it.
  struct tls_files {
    std::string ca, client_cert, client_key, other_ca;
  };

  /// A server of its own for the TLS tests, besides the one above: on 127.0.0.1 (a free port) with
  /// ssl on and a certificate for localhost (and 127.0.0.1) signed by a CA made for it; TCP
  /// connections without TLS are refused, and the role `certuser` logs in by client certificate
  /// only. Throws std::runtime_error when it cannot be started.
  static std::unique_ptr<postgres_server> start_tls();
  /// A TLS server's URL for `database` over TCP, as `user`: postgresql://user@localhost:port/db.
  std::string tcp_url(const std::string& database, const std::string& user = "postgres") const;
  const tls_files& tls() const { return tls_; }

  postgres_server();
  ~postgres_server();
  postgres_server(const postgres_server&) = delete;
  postgres_server& operator=(const postgres_server&) = delete;

  /// A new empty database; returns its postgresql:// URL (storage.url takes it as it is).
  std::string create_database();
  /// The URL of an existing database.
  std::string url(const std::string& database) const;

private:
  struct tls_tag {};
  explicit postgres_server(tls_tag);
  void init();
  void start(const std::string& options);
  void make_certificates();
  std::string run_as_owner(const std::string& command) const;

  temp_dir dir_;
  std::string bin_;
  std::string user_;
  bool as_postgres_ = false;
  int databases_ = 0;
  int port_ = 5433; // names the socket file; a TLS server also listens on it on 127.0.0.1
  tls_files tls_;
};

} // namespace hatewatch::test

/// In a test, after `auto* server = postgres_server::shared();` (or a fixture's connection):
/// skips, or under CI fails, when it is null.
#define HATEWATCH_REQUIRE_POSTGRES(pg)                                                               \
  do {                                                                                               \
    if (!(pg)) {                                                                                     \
      if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true")                       \
        FAIL() << "PostgreSQL is needed under CI: " << ::hatewatch::test::postgres_server::why();    \
      GTEST_SKIP() << "PostgreSQL could not be started: " << ::hatewatch::test::postgres_server::why(); \
    }                                                                                                \
  } while (false)
