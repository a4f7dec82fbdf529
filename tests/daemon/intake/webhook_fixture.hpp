#pragma once
// What the webhook tests share (webhook_test.cpp, webhook_outcomes_test.cpp, comments_api_test.cpp).

#include "daemon/base/logging.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/app/server.hpp"

#include "support/discourse_payloads.hpp"
#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/ringbuffer_sink.h>

#include <thread>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/json/parse.hpp>

using namespace hatewatch::daemon;
using hatewatch::test::discourse_post;
using hatewatch::test::http_client;
using hatewatch::test::json;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;
namespace webhook_fixture {

inline const std::string community_secret = "community-secret-123";
inline const std::string blog_secret = "blog-secret-456789";
inline const std::string reader_token = "reader-token-0123456789";

inline source_config source(std::string name, source_kind kind, std::string secret = {}) {
  source_config s;
  s.name = std::move(name);
  s.kind = kind;
  s.secret = std::move(secret);
  return s;
}

inline config storage_config_in(const hatewatch::test::temp_dir& dir) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "hatewatch.db";
  cfg.storage.busy_timeout = 200ms;
  cfg.auth.read_tokens = {reader_token};
  cfg.sources.push_back(source("community", source_kind::discourse, community_secret));
  cfg.sources.push_back(source("open", source_kind::discourse));
  cfg.sources.push_back(source("blog", source_kind::generic, blog_secret));
  auto strict = source("strict", source_kind::generic);
  strict.hate_speech_threshold = 0.0; // flags everything
  cfg.sources.push_back(strict);
  auto lenient = source("lenient", source_kind::generic);
  lenient.hate_speech_threshold = 1.0; // flags nothing a softmax can give
  cfg.sources.push_back(lenient);
  auto told = source("told", source_kind::generic);
  told.alerts.unsupported_language = unsupported_policy::alert; // no channel: the outbox row is the signal
  told.alerts.notify = {};
  cfg.sources.push_back(told);
  auto pms = source("pms", source_kind::discourse);
  pms.include_private = true;
  cfg.sources.push_back(pms);
  return cfg;
}

struct fixture {
  hatewatch::test::temp_dir dir;
  running daemon{storage_config_in(dir)};
  http_client client{daemon.port()};

  hatewatch::test::response discourse(const std::string& source, const std::string& event, const std::string& body,
                                      const std::string& event_id = "", const std::string& secret = "") {
    http_client::header_list headers{{"X-Discourse-Event", event},
                                     {"X-Discourse-Event-Type", "post"},
                                     {"X-Discourse-Instance", "https://forum.example"}};
    if (!event_id.empty())
      headers.emplace_back("X-Discourse-Event-Id", event_id);
    if (!secret.empty())
      headers.emplace_back("X-Discourse-Event-Signature", "sha256=" + hmac_sha256_hex(secret, body));
    return client.request(verb::post, "/webhooks/discourse/" + source, body, "application/json", headers);
  }

  hatewatch::test::response generic(const std::string& source, const std::string& body, const std::string& secret = "") {
    http_client::header_list headers;
    if (!secret.empty())
      headers.emplace_back("X-Hatewatch-Signature", "sha256=" + hmac_sha256_hex(secret, body));
    return client.request(verb::post, "/webhooks/generic/" + source, body, "application/json", headers);
  }

  hatewatch::test::response read(const std::string& target, const std::string& token = reader_token) {
    return client.request(verb::get, target, "", "", {{"Authorization", "Bearer " + token}});
  }

  std::int64_t count(const std::string& sql) {
    SQLite::Database db(dir.path() / "hatewatch.db", SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
};

} // namespace webhook_fixture

using namespace webhook_fixture;
