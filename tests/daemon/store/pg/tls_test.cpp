// storage.tls against a real PostgreSQL with TLS on (a server of its own, certificates made by
// openssl for the test): verify-full with the right CA connects encrypted and the writer stores, a
// server certificate from another CA is refused, a connection without TLS is refused by the server,
// and a client certificate logs a role in.
#include "daemon/store/connect.hpp"
#include "daemon/store/errors.hpp"
#include "daemon/store/pg/connection.hpp"
#include "daemon/store/writer.hpp"

#include "support/postgres_server.hpp"
#include "support/test_storage.hpp"

#include <gtest/gtest.h>

#include <future>
#include <memory>

using namespace hatewatch::daemon;
using namespace hatewatch::daemon::store;
using hatewatch::test::on_postgres;
using hatewatch::test::postgres_server;

namespace {

class PostgresTls : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    if (!postgres_server::shared())
      return; // each test skips (or fails under CI) with the reason
    try {
      server_ = postgres_server::start_tls().release();
      pg::connection admin(server_->url("postgres"));
      admin.exec("CREATE DATABASE hatewatch");
      admin.exec("CREATE ROLE certuser LOGIN");
    } catch (const std::exception& e) {
      failure_ = new std::string(e.what());
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    HATEWATCH_REQUIRE_POSTGRES(postgres_server::shared());
    ASSERT_EQ(failure_, nullptr) << "the TLS server did not start: " << *failure_;
  }

  static storage_config tls(const std::string& mode, const std::string& ca, const std::string& user = "postgres") {
    auto cfg = on_postgres(server_->tcp_url("hatewatch", user));
    cfg.tls.mode = mode;
    cfg.tls.ca_file = ca;
    return cfg;
  }

  // What the server says of this session: its role and whether it is encrypted.
  static std::string session(sql::connection& db) {
    auto q = db.prepare("SELECT current_user || ' ' || ssl::TEXT FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    EXPECT_TRUE(q.executeStep());
    return q.getColumn(0).getString();
  }

  static std::string refusal(const storage_config& cfg) {
    try {
      connect(cfg, access::read, "hatewatch-test");
    } catch (const store_unavailable& e) {
      return e.what();
    }
    return "connected";
  }

  static postgres_server* server_;
  static std::string* failure_;
};

postgres_server* PostgresTls::server_ = nullptr;
std::string* PostgresTls::failure_ = nullptr;

} // namespace

TEST_F(PostgresTls, VerifyFullWithTheServersCaConnectsEncryptedAndTheWriterStores) {
  const auto cfg = tls("verify-full", server_->tls().ca);
  auto db = connect(cfg, access::read, "hatewatch-test");
  EXPECT_EQ(session(*db), "postgres true");
  writer w(cfg); // migrates over TLS
  w.start();
  w.run_and_wait([](write_context& ctx) {
    ctx.db().exec("INSERT INTO sources (name, kind, created_at) VALUES ('forum', 'generic', 0)");
  });
  EXPECT_EQ(hatewatch::test::count(cfg, "SELECT COUNT(*) FROM sources"), 1);
}

TEST_F(PostgresTls, AServerCertificateFromAnotherCaIsRefused) {
  const auto why = refusal(tls("verify-full", server_->tls().other_ca));
  EXPECT_NE(why.find("certificate verify failed"), std::string::npos) << why;
  // verify-ca checks the chain too.
  EXPECT_NE(refusal(tls("verify-ca", server_->tls().other_ca)).find("certificate"), std::string::npos);
}

TEST_F(PostgresTls, WithoutTlsTheServerRefusesAndTheReasonSaysSo) {
  const auto why = refusal(tls("disable", ""));
  EXPECT_NE(why.find("no encryption"), std::string::npos) << why;
  EXPECT_NE(why.find("cannot connect to PostgreSQL"), std::string::npos) << why;
}

TEST_F(PostgresTls, AClientCertificateLogsItsRoleIn) {
  auto cfg = tls("verify-full", server_->tls().ca, "certuser");
  EXPECT_NE(refusal(cfg).find("certificate"), std::string::npos) << "no client certificate, no login";
  cfg.tls.cert_file = server_->tls().client_cert;
  cfg.tls.key_file = server_->tls().client_key;
  auto db = connect(cfg, access::read, "hatewatch-test");
  EXPECT_EQ(session(*db), "certuser true");
}
