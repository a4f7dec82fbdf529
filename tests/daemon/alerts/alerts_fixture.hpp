#pragma once
// What the alert tests share (alerts_test.cpp, alerts_email_test.cpp, alerts_dead_letter_test.cpp):
// a config with every kind of channel pointed at loopback receivers, and a running daemon with them.

#include "daemon/alerts/channels.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/app/server.hpp"

#include "support/cli_runner.hpp"
#include "support/discourse_payloads.hpp"
#include "support/fake_receiver.hpp"
#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/smtp_server.hpp"
#include "support/text_cat.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/ringbuffer_sink.h>

#include <SQLiteCpp/Database.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <set>
#include <functional>


using namespace hatewatch::daemon;
using hatewatch::test::fake_receiver;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;

namespace alerts_fixture {

inline const std::string hook_secret = "hook-signing-secret-01";
inline const std::string reader_token = "reader-token-0123456789";

inline channel_config channel(std::string name, channel_kind kind, std::string url) {
  channel_config c;
  c.name = std::move(name);
  c.kind = kind;
  c.url = std::move(url);
  c.timeout = 2s;
  return c;
}

inline source_config generic_source(std::string name, std::vector<std::string> notify) {
  source_config s;
  s.name = std::move(name);
  s.kind = source_kind::generic;
  s.hate_speech_threshold = 0.0; // every comment is flagged
  s.alerts.notify = std::move(notify);
  return s;
}

inline config alert_config(const hatewatch::test::temp_dir& dir, const fake_receiver& rx) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "alerts.db";
  cfg.auth.read_tokens = {reader_token};
  cfg.alerts.interval = 50ms;
  cfg.alerts.retry_base = 100ms;
  cfg.alerts.retry_max = 400ms;
  cfg.alerts.max_attempts = 4;
  cfg.alerts.digest_after = 5;
  cfg.channels.push_back(channel("slack", channel_kind::slack, rx.url("/slack")));
  cfg.channels.push_back(channel("discord", channel_kind::discord, rx.url("/discord")));
  auto hook = channel("hook", channel_kind::webhook, rx.url("/hook"));
  hook.secret = hook_secret;
  cfg.channels.push_back(hook);
  cfg.sources.push_back(generic_source("forum", {"slack", "discord", "hook"}));
  cfg.sources.push_back(generic_source("only-hook", {"hook"}));
  cfg.sources.push_back(generic_source("only-slack", {"slack"}));
  cfg.sources.push_back(generic_source("only-discord", {"discord"}));
  source_config disc;
  disc.name = "disc";
  disc.kind = source_kind::discourse;
  disc.hate_speech_threshold = 0.0;
  disc.alerts.notify = {"hook"};
  disc.alerts.min_text_length = 10;
  disc.alerts.bypass_min_trust_level = 3;
  disc.alerts.flag.enabled = true;
  disc.alerts.flag.base_url = rx.url("");
  disc.alerts.flag.api_key = "discourse-api-key-0123";
  cfg.sources.push_back(disc);
  return cfg;
}

inline bool eventually(const std::function<bool()>& f, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (f())
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return f();
}

/// A certificate for 127.0.0.1 and its key, made with the openssl command line.
inline bool make_self_signed_cert(const std::filesystem::path& cert, const std::filesystem::path& key) {
  const auto cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext "
                   "subjectAltName=IP:127.0.0.1 -keyout " +
                   key.string() + " -out " + cert.string() + " 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

inline boost::json::object json(const std::string& s) {
  return boost::json::parse(s).as_object();
}

struct fixture {
  hatewatch::test::temp_dir dir;
  fake_receiver rx{{"/slack", "/discord", "/hook", "/post_actions.json"}};
  std::unique_ptr<running> daemon;
  std::unique_ptr<http_client> client;

  void start(const std::function<void(config&)>& tweak = {}) {
    auto cfg = alert_config(dir, rx);
    if (tweak)
      tweak(cfg);
    daemon = std::make_unique<running>(cfg);
    client = std::make_unique<http_client>(daemon->port());
  }
  std::int64_t post(const std::string& source, const std::string& id, const std::string& text = "a comment to alert on") {
    const auto res = client->request(verb::post, "/webhooks/generic/" + source,
                                     R"({"id":")" + id + R"(","text":")" + text + R"(","url":"https://forum.example/c/)" +
                                         id + "\"}");
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return json(res.body()).at("results").at(0).at("comment_id").as_int64();
  }
  std::int64_t count(const std::string& sql) {
    SQLite::Database db(dir.path() / "alerts.db", SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
  boost::json::array alerts(const std::string& query = "") {
    const auto res = client->request(verb::get, "/v1/alerts" + query, "", "", {{"Authorization", "Bearer " + reader_token}});
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return json(res.body()).at("alerts").as_array();
  }
};

} // namespace alerts_fixture

using namespace alerts_fixture;
