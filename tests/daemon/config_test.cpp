// The config file: defaults, keys, errors with file, line and key, environment variables, models
// per language, moderators and console logins, and the shipped example.
#include "daemon/config/config.hpp"
#include "daemon/base/password_hash.hpp"

#include "config_error_of.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>

#include <cstdlib>

using namespace hatewatch::daemon;
using namespace std::chrono_literals;

TEST(Config, EmptyFileGivesDefaults) {
  auto cfg = parse_config("", "test.yaml");
  EXPECT_EQ(cfg.server.listen.host, "127.0.0.1");
  EXPECT_EQ(cfg.server.listen.port, 8080);
  EXPECT_EQ(cfg.server.body_limit, 1u << 20);
  EXPECT_EQ(cfg.log.level, "info");
}

TEST(Config, ReadsEveryServerKey) {
  auto cfg = parse_config(R"(
server:
  listen: "[::1]:9000"
  port_from_env: true
  threads: 3
  body_limit: 64KiB
  header_limit: 4KiB
  read_timeout: 2s
  idle_timeout: 30s
  drain_timeout: 500ms
  max_connections: 12
log:
  level: debug
  format: json
)",
                          "test.yaml");
  EXPECT_EQ(cfg.server.listen.host, "::1");
  EXPECT_EQ(cfg.server.listen.port, 9000);
  EXPECT_TRUE(cfg.server.port_from_env);
  EXPECT_EQ(cfg.server.threads, 3u);
  EXPECT_EQ(cfg.server.body_limit, 64u * 1024);
  EXPECT_EQ(cfg.server.header_limit, 4u * 1024);
  EXPECT_EQ(cfg.server.read_timeout, 2s);
  EXPECT_EQ(cfg.server.idle_timeout, 30s);
  EXPECT_EQ(cfg.server.drain_timeout, 500ms);
  EXPECT_EQ(cfg.server.max_connections, 12u);
  EXPECT_EQ(cfg.log.level, "debug");
  EXPECT_EQ(cfg.log.format, log_format::json);
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  EXPECT_EQ(error_of("server:\n  listen: 127.0.0.1:1\n  treshold: 3\n"), "test.yaml:3: unknown key 'server.treshold'");
  EXPECT_EQ(error_of("serverr: {}\n"), "test.yaml:1: unknown key 'serverr'");
}

TEST(Config, DuplicateKeyIsAnError) {
  EXPECT_EQ(error_of("log:\n  level: info\n  level: debug\n"), "test.yaml:3: duplicate key 'log.level'");
}

TEST(Config, BadValuesNameTheKey) {
  EXPECT_EQ(error_of("server:\n  threads: -1\n"),
            "test.yaml:2: key 'server.threads': expected a whole number, got '-1'");
  EXPECT_EQ(error_of("server:\n  threads: 1000\n"), "test.yaml:2: key 'server.threads': 1000 is out of range [0, 256]");
  EXPECT_EQ(error_of("server:\n  trusted_proxies: [127.0.0.1, nginx]\n"),
            "test.yaml:2: key 'server.trusted_proxies': 'nginx' is not an address or a CIDR range (10.0.0.0/8, fd00::/8)");
  EXPECT_EQ(error_of("server:\n  body_limit: 1 TiB\n"),
            "test.yaml:2: key 'server.body_limit': unknown size unit 'TiB' (use B, KiB, MiB, GiB, KB, MB or GB)");
  EXPECT_EQ(error_of("server:\n\n  listen: localhost\n"),
            "test.yaml:3: key 'server.listen': expected 'host:port', got 'localhost'");
  EXPECT_EQ(error_of("log:\n  level: loud\n"),
            "test.yaml:2: key 'log.level': expected trace, debug, info, warn, error, critical or off, got 'loud'");
  EXPECT_EQ(error_of("server:\n  port_from_env: yes\n"),
            "test.yaml:2: key 'server.port_from_env': expected true or false, got 'yes'");
  EXPECT_EQ(error_of("server: [1, 2]\n"), "test.yaml:1: key 'server': expected a mapping");
  EXPECT_EQ(error_of("server:\n  listen: [1]\n"), "test.yaml:2: key 'server.listen': expected a string");
}

// Found by the config fuzzer: a '?' complex key, or a list as a key, escaped as yaml-cpp's
// TypedBadConversion instead of a config_error with the line.
TEST(Config, KeysThatAreNotNamesAreErrorsWithTheLine) {
  // The '?' at the start of line 3 opens a top-level key whose content is the mapping on line 4.
  EXPECT_EQ(error_of("api:\n  max_batch: 100\n?  # a comment\n  explain_top: 5\n"),
            "test.yaml:4: a key must be a plain name (this one is a list, a mapping, empty or a '?' complex key)");
  EXPECT_EQ(error_of("server:\n  [1, 2]: 3\n"),
            "test.yaml:2: key 'server': a key must be a plain name (this one is a list, a mapping, empty or a '?' "
            "complex key)");
  EXPECT_EQ(error_of("channels:\n  {a: 1}: {}\n"),
            "test.yaml:2: key 'channels': a key must be a plain name (this one is a list, a mapping, empty or a '?' "
            "complex key)");
  EXPECT_EQ(error_of("? [x]\n: 1\n"),
            "test.yaml:1: a key must be a plain name (this one is a list, a mapping, empty or a '?' complex key)");
}

TEST(Config, InvalidYamlIsReportedWithItsLine) {
  const auto message = error_of("server:\n  listen: [1, 2\n");
  EXPECT_EQ(message.rfind("test.yaml:", 0), 0u) << message;
  EXPECT_NE(message.find("invalid YAML"), std::string::npos) << message;
}

TEST(Config, SubstitutesEnvironmentVariables) {
  ::setenv("HATEWATCH_TEST_LEVEL", "warn", 1);
  auto cfg = parse_config("log:\n  level: \"${HATEWATCH_TEST_LEVEL}\"\n", "test.yaml");
  EXPECT_EQ(cfg.log.level, "warn");
  ::unsetenv("HATEWATCH_TEST_UNSET");
  EXPECT_EQ(error_of("log:\n  level: \"${HATEWATCH_TEST_UNSET}\"\n"),
            "test.yaml:2: key 'log.level': environment variable 'HATEWATCH_TEST_UNSET' is not set");
}

TEST(Config, LoadConfigReportsMissingFile) {
  hatewatch::test::temp_dir dir;
  try {
    load_config(dir.path() / "absent.yaml");
    FAIL() << "expected config_error";
  } catch (const config_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open config file"), std::string::npos);
  }
}

TEST(Config, ReadsAModelPerLanguage) {
  const auto cfg = parse_config("model:\n  path: models/forums.hwm\n  by_language:\n    de: models/de.hwm\n"
                                "    zh-Hant: /srv/zh.hwm\n",
                                "test.yaml");
  EXPECT_EQ(cfg.model.by_language, (std::map<std::string, std::filesystem::path>{{"de", "models/de.hwm"},
                                                                                  {"zh-Hant", "/srv/zh.hwm"}}));
  EXPECT_TRUE(parse_config("model:\n  by_language:\n", "test.yaml").model.by_language.empty());
  EXPECT_EQ(error_of("model:\n  by_language:\n    German: de.hwm\n"),
            "test.yaml:3: key 'model.by_language.German': not a language code the detector writes (ISO 639-1, such "
            "as de, fr, zh-Hant)");
  EXPECT_EQ(error_of("model:\n  by_language:\n    de: \"\"\n"), "test.yaml:3: key 'model.by_language.de': must not be empty");
  EXPECT_EQ(error_of("model:\n  by_language:\n    de: a.hwm\n    de: b.hwm\n"),
            "test.yaml:4: duplicate key 'model.by_language.de'");
  EXPECT_EQ(error_of("model:\n  by_language: [de]\n"),
            "test.yaml:2: key 'model.by_language': expected a mapping of language codes to model files ({de: "
            "models/de.hwm})");
}

TEST(Config, ReadsModeratorsAndRefusesBadOnes) {
  ::setenv("HATEWATCH_TEST_MOD_TOKEN", "a-moderator-token-from-env", 1);
  const auto cfg = parse_config("console:\n  users:\n    - {name: alice, token: \"${HATEWATCH_TEST_MOD_TOKEN}\"}\n"
                                "    - {name: Bob Smith, token: another-moderator-token}\n",
                                "test.yaml");
  ASSERT_EQ(cfg.console.users.size(), 2u);
  EXPECT_EQ(cfg.console.users[0], (moderator_config{"alice", "a-moderator-token-from-env", "", false}));
  EXPECT_EQ(cfg.console.users[1].name, "Bob Smith");
  EXPECT_EQ(error_of("console:\n  users:\n    - {name: alice, token: short}\n"),
            "test.yaml:3: key 'console.users[0].token': a token must be at least 16 characters");
  EXPECT_EQ(error_of("console:\n  users:\n    - {token: a-moderator-token-0001}\n"),
            "test.yaml:3: key 'console.users[0].name': a moderator's name is 1-64 characters on one line, without "
            "quotes or < > &");
  EXPECT_EQ(error_of("console:\n  users:\n    - {name: \"<b>x</b>\", token: a-moderator-token-0001}\n"),
            "test.yaml:3: key 'console.users[0].name': a moderator's name is 1-64 characters on one line, without "
            "quotes or < > &");
  EXPECT_EQ(error_of("console:\n  users:\n    - {name: a, token: a-moderator-token-0001}\n"
                     "    - {name: a, token: a-moderator-token-0002}\n"),
            "test.yaml:4: key 'console.users[1].name': 'a' is listed twice");
  EXPECT_EQ(error_of("console:\n  users:\n    - {name: a, token: a-moderator-token-0001}\n"
                     "    - {name: b, token: a-moderator-token-0001}\n"),
            "test.yaml:4: key 'console.users[1].token': two moderators have the same token");
  EXPECT_EQ(error_of("console:\n  users:\n    - {name: a, token: a-moderator-token-0001, password: x}\n"),
            "test.yaml:3: key 'console.users[0].password': not an scrypt hash (it should start with $scrypt$; make one "
            "with hatewatch hash-password)");
  EXPECT_EQ(error_of("console:\n  users:\n    - {name: a, password: \"$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$aGFzaA\"}\n"),
            "test.yaml:3: key 'console.users[0].password': the parameters are outside ln 10-20, r 1-32, p 1-16 and "
            "256 MiB");
  EXPECT_EQ(error_of("console:\n  users:\n    - {name: a}\n"),
            "test.yaml:3: key 'console.users[0]': a moderator needs a password (a hash from hatewatch hash-password) "
            "or a token");
  EXPECT_EQ(error_of("console:\n  users: alice\n"),
            "test.yaml:2: key 'console.users': expected a list of {name, password, token}");
  EXPECT_EQ(error_of("console:\n  session_lifetime: 10s\n"),
            "test.yaml:2: key 'console.session_lifetime': must be at least 60000ms");
  EXPECT_EQ(error_of("console:\n  session_lifetime: 800h\n"),
            "test.yaml:2: key 'console.session_lifetime': must be at most 30 days (720h)");
  EXPECT_EQ(error_of("console:\n  public_url: mod.example.org\n"),
            "test.yaml:2: key 'console.public_url': expected an http:// or https:// address");
}

TEST(Config, ReadsConsoleLoginsAndSessions) {
  const auto hash = hash_password("correct horse", {10, 8, 1});
  const auto cfg = parse_config("console:\n  session_lifetime: 2h\n  public_url: https://mod.example.org/console\n"
                                "  users:\n    - {name: carol, password: \"" + hash + "\"}\n",
                                "test.yaml");
  ASSERT_EQ(cfg.console.users.size(), 1u);
  EXPECT_EQ(cfg.console.users[0].password, hash);
  EXPECT_TRUE(cfg.console.users[0].token.empty());
  EXPECT_EQ(cfg.console.session_lifetime, std::chrono::hours(2));
  EXPECT_EQ(cfg.console.public_url, "https://mod.example.org/console/");
}

TEST(Config, ShippedExampleIsValidAndMatchesDefaults) {
  auto cfg = load_config(HATEWATCH_SOURCE_DIR "/config/hatewatch.example.yaml");
  config defaults;
  EXPECT_EQ(cfg.server.listen.host, defaults.server.listen.host);
  EXPECT_EQ(cfg.server.listen.port, defaults.server.listen.port);
  EXPECT_EQ(cfg.server.body_limit, defaults.server.body_limit);
  EXPECT_EQ(cfg.server.header_limit, defaults.server.header_limit);
  EXPECT_EQ(cfg.server.read_timeout, defaults.server.read_timeout);
  EXPECT_EQ(cfg.server.idle_timeout, defaults.server.idle_timeout);
  EXPECT_EQ(cfg.server.drain_timeout, defaults.server.drain_timeout);
  EXPECT_EQ(cfg.server.max_connections, defaults.server.max_connections);
  EXPECT_EQ(cfg.log.level, defaults.log.level);
  EXPECT_EQ(cfg.model.path, defaults.model.path);
  // The one difference: the example routes the shipped language models, which a config without
  // model.by_language does not load (its own model.path may sit where models/de.hwm does not).
  EXPECT_TRUE(defaults.model.by_language.empty());
  EXPECT_EQ(cfg.model.by_language, (std::map<std::string, std::filesystem::path>{{"da", "models/da.hwm"},
                                                                                 {"de", "models/de.hwm"},
                                                                                 {"no", "models/da.hwm"},
                                                                                 {"pt", "models/pt.hwm"}}));
  EXPECT_EQ(cfg.api.max_text_bytes, defaults.api.max_text_bytes);
  EXPECT_EQ(cfg.api.max_batch, defaults.api.max_batch);
  EXPECT_EQ(cfg.api.explain_top, defaults.api.explain_top);
  EXPECT_EQ(cfg.auth.api_tokens, defaults.auth.api_tokens);
  EXPECT_EQ(cfg.auth.ops_tokens, defaults.auth.ops_tokens);
  EXPECT_EQ(cfg.rate_limit.requests_per_second, defaults.rate_limit.requests_per_second);
  EXPECT_EQ(cfg.rate_limit.burst, defaults.rate_limit.burst);
  EXPECT_EQ(cfg.auth.read_tokens, defaults.auth.read_tokens);
  EXPECT_EQ(cfg.storage, defaults.storage);
  EXPECT_EQ(cfg.sources, defaults.sources);
  EXPECT_EQ(cfg.perspective, defaults.perspective);
  EXPECT_EQ(cfg.openai, defaults.openai);
  EXPECT_EQ(cfg.channels, defaults.channels);
  EXPECT_EQ(cfg.alerts, defaults.alerts);
  EXPECT_EQ(cfg.console, defaults.console);
}

