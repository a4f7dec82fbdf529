#include "daemon/app/server.hpp"

#include "support/http_client.hpp"
#include "support/loopback_config.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <future>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using namespace std::chrono_literals;

namespace {

config loopback_config() {
  auto cfg = hatewatch::test::loopback_config();
  cfg.log.level = "warn";
  return cfg;
}

} // namespace

TEST(Server, AnswersHealthzOnEphemeralPort) {
  server s(loopback_config());
  auto endpoint = s.start(false);
  ASSERT_NE(endpoint.port(), 0);

  http_client client(endpoint.port());
  auto res = client.get("/healthz");
  EXPECT_EQ(res.result(), boost::beast::http::status::ok);
  EXPECT_EQ(boost::json::parse(res.body()).at("status").as_string(), "ok");
  // keep-alive: the same connection serves a second request
  EXPECT_EQ(client.get("/healthz").result(), boost::beast::http::status::ok);

  s.stop();
  EXPECT_EQ(s.wait(), 0);
}

TEST(Server, UnknownPathIsProblemJson) {
  server s(loopback_config());
  auto endpoint = s.start(false);
  http_client client(endpoint.port());
  auto res = client.get("/nope");
  EXPECT_EQ(res.result(), boost::beast::http::status::not_found);
  EXPECT_EQ(res[boost::beast::http::field::content_type], "application/problem+json");
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("status").as_int64(), 404);
  EXPECT_EQ(body.at("title").as_string(), "Not Found");
  s.stop();
  EXPECT_EQ(s.wait(), 0);
}

TEST(Server, WrongMethodIs405WithAllow) {
  server s(loopback_config());
  auto endpoint = s.start(false);
  http_client client(endpoint.port());
  auto res = client.request(boost::beast::http::verb::post, "/healthz", "{}");
  EXPECT_EQ(res.result(), boost::beast::http::status::method_not_allowed);
  EXPECT_EQ(res[boost::beast::http::field::allow], "GET");
  s.stop();
  s.wait();
}

TEST(Server, MalformedRequestGets400AndClose) {
  server s(loopback_config());
  auto endpoint = s.start(false);
  http_client client(endpoint.port());
  client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
  auto res = client.read();
  EXPECT_EQ(res.result(), boost::beast::http::status::bad_request);
  EXPECT_TRUE(client.closed_by_server());
  s.stop();
  s.wait();
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  server s(loopback_config());
  auto endpoint = s.start(false);
  http_client client(endpoint.port());
  client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(client.read().result(), boost::beast::http::status::ok);
  EXPECT_EQ(client.read().result(), boost::beast::http::status::not_found);
  s.stop();
  s.wait();
}

TEST(Server, StopClosesIdleKeepAliveConnections) {
  server s(loopback_config());
  auto endpoint = s.start(false);
  http_client client(endpoint.port());
  EXPECT_EQ(client.get("/healthz").result(), boost::beast::http::status::ok);
  auto started = std::chrono::steady_clock::now();
  s.stop();
  EXPECT_EQ(s.wait(), 0);
  // An idle connection does not hold the drain until its deadline.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Server, BindFailureThrows) {
  server first(loopback_config());
  auto endpoint = first.start(false);
  auto cfg = loopback_config();
  cfg.server.listen.port = endpoint.port();
  server second(cfg);
  EXPECT_THROW(second.start(false), std::system_error);
  first.stop();
  first.wait();
}

TEST(Server, PortFromEnvironmentReplacesTheConfiguredPort) {
  // Find a free port, then ask for it through $PORT.
  unsigned short free_port;
  {
    boost::asio::io_context ioc;
    tcp::acceptor probe(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    free_port = probe.local_endpoint().port();
  }
  auto cfg = loopback_config();
  cfg.server.port_from_env = true;
  ::setenv("PORT", std::to_string(free_port).c_str(), 1);
  server s(cfg);
  EXPECT_EQ(s.start(false).port(), free_port);
  ::unsetenv("PORT");
  s.stop();
  s.wait();
}

TEST(Server, PortFromEnvironment) {
  auto cfg = loopback_config();
  cfg.server.port_from_env = true;
  ::setenv("PORT", "not-a-port", 1);
  {
    server s(cfg);
    EXPECT_THROW(s.start(false), config_error);
  }
  ::unsetenv("PORT");
}
