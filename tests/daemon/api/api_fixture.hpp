#pragma once
// What the API tests share (api_test.cpp, api_lifecycle_test.cpp).
#include "daemon/app/server.hpp"

#include "daemon/api/routes.hpp"
#include "daemon/api/service.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/store/errors.hpp"
#include "daemon/store/reader.hpp"
#include "daemon/store/writer.hpp"
#include "daemon/base/unavailable.hpp"

#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/temp_dir.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <functional>

#include <SQLiteCpp/Database.h>

#include <boost/json/parse.hpp>

#include <fstream>
#include <future>
#include <thread>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using hatewatch::test::json;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using field = boost::beast::http::field;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;
namespace api_fixture {

inline const std::string shipped_model = HATEWATCH_SOURCE_DIR "/models/forums.hwm";

inline config test_config() {
  return hatewatch::test::loopback_config();
}

inline void expect_problem(const hatewatch::test::response& res, status expected) {
  EXPECT_EQ(res.result(), expected) << res.body();
  EXPECT_EQ(res[field::content_type], "application/problem+json");
  const auto body = json(res);
  EXPECT_EQ(body.at("status").as_int64(), static_cast<int>(expected));
  EXPECT_TRUE(body.contains("title") && body.contains("detail") && body.contains("type"));
}

inline double sum_of(const boost::json::object& o) {
  return o.at("hate speech").as_double() + o.at("offensive language").as_double() + o.at("neither").as_double();
}

} // namespace api_fixture

using namespace api_fixture;
