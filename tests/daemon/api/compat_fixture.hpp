#pragma once
// What the drop-in API tests share (perspective_test.cpp, compat_test.cpp): a daemon with storage,
// a Perspective key and a Coral secret.

#include "daemon/base/signature.hpp"
#include "daemon/app/server.hpp"

#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <boost/json/parse.hpp>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using hatewatch::test::json;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;

namespace compat_fixture {

inline const std::string perspective_key = "AIzaSyExampleKeyForTests0123";
inline const std::string coral_secret = "coral-signing-secret-0123";

inline config compat_config(const hatewatch::test::temp_dir& dir) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "compat.db";
  cfg.perspective.keys = {perspective_key};
  source_config coral;
  coral.name = "talk";
  coral.kind = source_kind::coral;
  coral.secret = coral_secret;
  coral.hate_speech_threshold = 0.5;
  coral.coral_status = "SYSTEM_WITHHELD";
  cfg.sources.push_back(coral);
  source_config flag_all = coral;
  flag_all.name = "talk-strict";
  flag_all.hate_speech_threshold = 0.0;
  cfg.sources.push_back(flag_all);
  return cfg;
}

struct fixture {
  hatewatch::test::temp_dir dir;
  running daemon{compat_config(dir)};
  http_client client{daemon.port()};

  hatewatch::test::response analyze(const std::string& body, const std::string& key = perspective_key) {
    return client.request(verb::post, "/v1alpha1/comments:analyze" + (key.empty() ? "" : "?key=" + key), body);
  }
  std::int64_t count(const std::string& sql) {
    SQLite::Database db(dir.path() / "compat.db", SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
};

inline void expect_google_error(const hatewatch::test::response& res, unsigned code, const std::string& status_name,
                         const std::string& error_type, const std::string& words) {
  EXPECT_EQ(res.result_int(), code) << res.body();
  const auto body = json(res);
  const auto& error = body.at("error").as_object();
  EXPECT_EQ(error.at("code").as_int64(), code);
  EXPECT_EQ(error.at("status").as_string(), status_name);
  EXPECT_NE(std::string(error.at("message").as_string()).find(words), std::string::npos) << res.body();
  if (error_type.empty()) {
    EXPECT_FALSE(error.contains("details"));
  } else {
    EXPECT_EQ(error.at("details").as_array().at(0).at("errorType").as_string(), error_type);
  }
}

} // namespace compat_fixture

using namespace compat_fixture;
