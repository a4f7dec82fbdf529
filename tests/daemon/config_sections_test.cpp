// The config sections of the APIs, storage, sources, channels and alert rules: what they read, and
// the errors that name the key and line.
#include "daemon/config/config.hpp"
#include "daemon/base/password_hash.hpp"

#include "config_error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>

#include <cstdlib>

using namespace hatewatch::daemon;
using namespace std::chrono_literals;

TEST(Config, ReadsApiAuthAndRateLimit) {
  ::setenv("HATEWATCH_TEST_TOKEN", "a-secret-token-from-env", 1);
  auto cfg = parse_config(R"(
model:
  path: /srv/m.hwm
api:
  max_text_bytes: 1KiB
  max_comment_bytes: 256KiB
  max_batch: 7
  explain_top: 3
auth:
  api_tokens: ["${HATEWATCH_TEST_TOKEN}", "another-long-token-1234"]
  ops_tokens: []
rate_limit:
  requests_per_second: 2.5
  burst: 10
)",
                          "test.yaml");
  EXPECT_EQ(cfg.model.path, "/srv/m.hwm");
  EXPECT_EQ(cfg.api.max_text_bytes, 1024u);
  EXPECT_EQ(cfg.api.max_comment_bytes, 256u * 1024);
  EXPECT_EQ(cfg.api.max_batch, 7u);
  EXPECT_EQ(cfg.api.explain_top, 3u);
  EXPECT_EQ(cfg.auth.api_tokens, (std::vector<std::string>{"a-secret-token-from-env", "another-long-token-1234"}));
  EXPECT_DOUBLE_EQ(cfg.rate_limit.requests_per_second, 2.5);
  EXPECT_EQ(cfg.rate_limit.burst, 10u);
}

TEST(Config, RejectsBadApiValues) {
  EXPECT_EQ(error_of("auth:\n  api_tokens: [short]\n"),
            "test.yaml:2: key 'auth.api_tokens[0]': a token must be at least 16 characters");
  EXPECT_EQ(error_of("auth:\n  api_tokens: just-one-string-token\n"),
            "test.yaml:2: key 'auth.api_tokens': expected a list of strings");
  EXPECT_EQ(error_of("rate_limit:\n  requests_per_second: fast\n"),
            "test.yaml:2: key 'rate_limit.requests_per_second': expected a number, got 'fast'");
  EXPECT_NE(error_of("rate_limit:\n  requests_per_second: -1\n").find("expected a number in [0"), std::string::npos);
  EXPECT_EQ(error_of("api:\n  max_batch: 0\n"), "test.yaml:2: key 'api.max_batch': 0 is out of range [1, 10000]");
  EXPECT_EQ(error_of("model:\n  path: \"\"\n"), "test.yaml:2: key 'model.path': must not be empty");
}

TEST(Config, ReadsThePostgreSQLBackend) {
  ::setenv("HATEWATCH_TEST_DB_PASSWORD", "pg-secret-from-env", 1);
  const auto cfg = parse_config(R"(
storage:
  backend: postgresql
  url: "postgresql://hatewatch@db.internal:5432/hatewatch"
  password: "${HATEWATCH_TEST_DB_PASSWORD}"
  pool_size: 6
  statement_timeout: 3s
  connect_timeout: 2s
  tls: { mode: verify-full, ca_file: /etc/ssl/db-ca.pem }
)",
                                "t.yaml");
  EXPECT_EQ(cfg.storage.backend, storage_backend::postgresql);
  EXPECT_EQ(cfg.storage.url, "postgresql://hatewatch@db.internal:5432/hatewatch");
  EXPECT_EQ(cfg.storage.password, "pg-secret-from-env");
  EXPECT_EQ(cfg.storage.pool_size, 6u);
  EXPECT_EQ(cfg.storage.statement_timeout, std::chrono::seconds(3));
  EXPECT_EQ(cfg.storage.tls.mode, "verify-full");
  EXPECT_EQ(cfg.storage.tls.ca_file, "/etc/ssl/db-ca.pem");
  EXPECT_TRUE(cfg.storage.enabled());
  EXPECT_EQ(cfg.storage.where(), cfg.storage.url);
  EXPECT_EQ(parse_config("", "t.yaml").storage.backend, storage_backend::sqlite);
}

TEST(Config, RefusesAPostgreSQLURLThatWouldLogAPassword) {
  EXPECT_NE(error_of("storage: { backend: postgresql }").find("set storage.url"), std::string::npos);
  EXPECT_NE(error_of("storage: { backend: postgresql, url: \"postgresql://hw:s3cret@db/hw\" }")
                .find("put the password in storage.password"),
            std::string::npos);
  EXPECT_NE(error_of("storage: { backend: postgresql, url: \"postgresql://db/hw?sslmode=require&password=x\" }")
                .find("not in the URL"),
            std::string::npos);
  EXPECT_NE(error_of("storage: { backend: postgresql, url: \"host=db dbname=hw\" }").find("expected a postgresql://"),
            std::string::npos);
  EXPECT_NE(error_of("storage: { tls: { mode: sometimes } }").find("verify-full"), std::string::npos);
  EXPECT_NE(error_of("storage: { pool_size: 0 }").find("storage.pool_size"), std::string::npos);
  // A user without a password, and a Unix socket directory, are fine.
  EXPECT_EQ(error_of("storage: { backend: postgresql, url: \"postgresql:///hw?host=/run/postgresql&user=hw\" }"), "");
}

TEST(Config, ReadsStorageAndSources) {
  ::setenv("HATEWATCH_TEST_SECRET", "a-webhook-secret-from-env", 1);
  auto cfg = parse_config(R"(
storage:
  path: /var/lib/hatewatch/h.db
  synchronous: normal
  retention_days: 30
  retention: rows
sources:
  - name: community
    kind: discourse
    secret: "${HATEWATCH_TEST_SECRET}"
    thresholds: { hate_speech: 0.7, offensive_language: 0.95 }
    poll: { base_url: "https://forum.example/", api_key: k, interval: 1m }
  - name: blog
    kind: generic
    unsupported_language: alert
)",
                          "t.yaml");
  EXPECT_EQ(cfg.storage.path, "/var/lib/hatewatch/h.db");
  EXPECT_EQ(cfg.storage.synchronous, sync_mode::normal);
  EXPECT_EQ(cfg.storage.retention_days, 30u);
  EXPECT_EQ(cfg.storage.retention, retention_mode::rows);
  ASSERT_EQ(cfg.sources.size(), 2u);
  EXPECT_EQ(cfg.sources[0].secret, "a-webhook-secret-from-env");
  EXPECT_DOUBLE_EQ(cfg.sources[0].hate_speech_threshold, 0.7);
  EXPECT_DOUBLE_EQ(cfg.sources[0].offensive_language_threshold, 0.95);
  EXPECT_TRUE(cfg.sources[0].polls);
  EXPECT_EQ(cfg.sources[0].poll.base_url, "https://forum.example");
  EXPECT_EQ(cfg.sources[0].poll.interval, std::chrono::minutes(1));
  EXPECT_EQ(cfg.sources[1].kind, source_kind::generic);
  EXPECT_FALSE(cfg.sources[1].polls);
  EXPECT_EQ(cfg.sources[0].alerts.unsupported_language, unsupported_policy::queue); // the default
  EXPECT_EQ(cfg.sources[1].alerts.unsupported_language, unsupported_policy::alert);
  EXPECT_STREQ(unsupported_policy_name(unsupported_policy::ignore), "ignore");
}

TEST(Config, RejectsBadSources) {
  auto fails_with = [](const std::string& yaml, const std::string& words) {
    try {
      parse_config(yaml, "s.yaml");
      ADD_FAILURE() << "accepted: " << yaml;
    } catch (const config_error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  fails_with("sources:\n  - kind: generic\n", "name is required");
  fails_with("sources:\n  - name: a\n", "kind is required");
  fails_with("sources:\n  - name: Bad Name\n    kind: generic\n", "s.yaml:2: key 'sources[0].name'");
  fails_with("sources:\n  - name: a\n    kind: forum\n", "expected discourse, generic, coral or perspective");
  fails_with("sources:\n  - name: a\n    kind: generic\n  - name: a\n    kind: generic\n", "defined twice");
  fails_with("sources:\n  - name: a\n    kind: generic\n    secret: short\n", "at least 12 characters");
  fails_with("sources:\n  - name: a\n    kind: generic\n    poll: { base_url: 'https://x', api_key: k }\n",
             "only discourse sources can be polled");
  fails_with("sources:\n  - name: a\n    kind: discourse\n    poll: { api_key: k }\n", "base_url is required");
  fails_with("sources:\n  - name: a\n    kind: discourse\n    poll: { base_url: 'ftp://x' }\n", "http:// or https://");
  fails_with("sources:\n  - name: a\n    kind: generic\n    thresholds: { hate_speech: 1.5 }\n", "expected a number in");
  fails_with("sources:\n  - name: a\n    kind: generic\n    tresholds: {}\n", "unknown key 'sources[0].tresholds'");
  fails_with("sources: {}\n", "expected a list of sources");
  fails_with("storage:\n  synchronous: sometimes\n", "expected full or normal");
  fails_with("storage:\n  retention: forever\n", "expected text or rows");
  fails_with("sources:\n  - name: a\n    kind: generic\n    unsupported_language: score\n",
             "s.yaml:4: key 'sources[0].unsupported_language': expected queue, alert or ignore, got 'score'");
}

TEST(Config, ReadsChannelsAndAlertRules) {
  ::setenv("HATEWATCH_TEST_SLACK", "https://hooks.slack.com/services/T0/B0/XXXX", 1);
  auto cfg = parse_config(R"(
channels:
  mods-slack: { kind: slack, url: "${HATEWATCH_TEST_SLACK}" }
  mods-email:
    kind: email
    smtp_url: "smtps://mail.example:465"
    from: hatewatch@forum.example
    to: [mods@forum.example]
  mods-matrix: { kind: matrix, url: "https://matrix.example", room: "!mods:example", access_token: tok }
sources:
  - name: community
    kind: discourse
    notify: [mods-slack, mods-email]
    min_text_length: 20
    bypass: { staff: false, min_trust_level: 3 }
    flag: { enabled: true, base_url: "https://forum.example", api_key: k }
alerts:
  digest_after: 20
  max_attempts: 5
)",
                          "a.yaml");
  ASSERT_EQ(cfg.channels.size(), 3u);
  EXPECT_EQ(cfg.channels[0].url, "https://hooks.slack.com/services/T0/B0/XXXX");
  EXPECT_EQ(cfg.channels[1].kind, channel_kind::email);
  EXPECT_EQ(cfg.channels[2].kind, channel_kind::matrix);
  EXPECT_EQ(cfg.channels[2].room, "!mods:example");
  EXPECT_EQ(cfg.channels[2].access_token, "tok");
  EXPECT_EQ(cfg.sources[0].alerts.notify, (std::vector<std::string>{"mods-slack", "mods-email"}));
  EXPECT_EQ(cfg.sources[0].alerts.min_text_length, 20u);
  EXPECT_FALSE(cfg.sources[0].alerts.bypass_staff);
  EXPECT_EQ(cfg.sources[0].alerts.bypass_min_trust_level, 3);
  EXPECT_TRUE(cfg.sources[0].alerts.flag.enabled);
  EXPECT_EQ(cfg.sources[0].alerts.flag.post_action_type_id, 7u);
  EXPECT_EQ(cfg.alerts.digest_after, 20u);
  EXPECT_EQ(cfg.alerts.max_attempts, 5u);
}

TEST(Config, RejectsBadChannelsWithKeyAndLine) {
  auto fails_with = [](const std::string& yaml, const std::string& words) {
    try {
      parse_config(yaml, "c.yaml");
      ADD_FAILURE() << "accepted: " << yaml;
    } catch (const config_error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  fails_with("channels:\n  x: { kind: pager, url: 'https://a' }\n", "c.yaml:2: key 'channels.x.kind': expected slack");
  fails_with("channels:\n  x:\n    kind: slack\n    url: hooks.slack.com/services/T0\n",
             "c.yaml:4: key 'channels.x.url': expected a URL starting with https:// or http://");
  fails_with("channels:\n  x: { kind: slack, url: '${HATEWATCH_SURELY_UNSET_VARIABLE}' }\n",
             "environment variable 'HATEWATCH_SURELY_UNSET_VARIABLE' is not set");
  fails_with("channels:\n  x: { kind: slack }\n", "url is required");
  fails_with("channels:\n  x: { kind: email, smtp_url: 'smtp://m:25' }\n", "needs smtp_url, from and to");
  fails_with("channels:\n  x: { kind: email, smtp_url: 'http://m', from: a, to: [b] }\n", "smtp:// or smtps://");
  fails_with("sources:\n  - name: a\n    kind: generic\n    notify: [nowhere]\n",
             "c.yaml:4: key 'sources[0].notify[0]': no channel named 'nowhere'");
  fails_with("sources:\n  - name: a\n    kind: generic\n    flag: { enabled: true }\n", "only discourse sources can flag");
  fails_with("sources:\n  - name: a\n    kind: discourse\n    flag: { enabled: true }\n", "needs base_url and api_key");
  fails_with("channels:\n  x: { kind: matrix, url: 'https://matrix.example', room: '!a:example' }\n",
             "c.yaml:2: key 'channels.x': a matrix channel needs url, room and access_token");
  fails_with("channels:\n  x: { kind: matrix, url: 'https://m.example', room: '#mods:example', access_token: t }\n",
             "key 'channels.x.room': expected a room ID (!id:server");
  fails_with("channels:\n  x: { kind: matrix, url: 'https://m.example', room: '!a:example', access_token: '' }\n",
             "key 'channels.x.access_token': must not be empty");
  // The secret URL itself is never echoed in the message.
  try {
    parse_config("channels:\n  x: { kind: slack, url: 'ftp://secret-token-here' }\n", "c.yaml");
    ADD_FAILURE();
  } catch (const config_error& e) {
    EXPECT_EQ(std::string(e.what()).find("secret-token-here"), std::string::npos) << e.what();
  }
}
