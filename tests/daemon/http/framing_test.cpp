// RFC 9112 framing at the socket: requests whose body cannot be framed are answered 400 and the
// connection closed (their bytes used to parse as a next request); Expect: 100-continue gets its
// interim answer; absolute-form targets are routed by their path.
#include "support/http_client.hpp"
#include "support/running_server.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

using hatewatch::test::http_client;
namespace http = boost::beast::http;

namespace {

const std::string body = R"({"text":"hello there"})";

std::string chunked(const std::string& b) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx", b.size());
  return std::string(size) + "\r\n" + b + "\r\n0\r\n\r\n";
}

// Sends `raw`, expects a 400 naming `why`, then the server closing the connection.
void expect_refused(unsigned short port, const std::string& raw, const std::string& why) {
  http_client c(port);
  c.send_raw(raw);
  const auto res = c.read();
  EXPECT_EQ(res.result(), http::status::bad_request) << raw;
  EXPECT_NE(res.body().find(why), std::string::npos) << res.body();
  EXPECT_TRUE(c.closed_by_server()) << raw;
}

} // namespace

TEST(Framing, TransferEncodingOtherThanChunkedAloneIs400AndCloses) {
  hatewatch::test::running_server s;
  const std::string head = "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  // Before: read as an empty body, then the chunk bytes parsed as the next request.
  expect_refused(s.port(), head + "Transfer-Encoding: chunked, gzip\r\n\r\n" + chunked(body), "transfer coding");
  expect_refused(s.port(), head + "Transfer-Encoding: gzip\r\n\r\n" + body, "transfer coding");
  expect_refused(s.port(), head + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(body),
                 "transfer coding");
  expect_refused(s.port(),
                 head + "Transfer-Encoding: chunked\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                     chunked(body),
                 "Content-Length"); // Beast's parser refuses this pair itself
  // Chunked alone is fine, in any case.
  http_client c(s.port());
  c.send_raw(head + "Transfer-Encoding: Chunked\r\n\r\n" + chunked(body));
  EXPECT_EQ(c.read().result(), http::status::ok);
}

TEST(Framing, HostMustAppearExactlyOnce) {
  hatewatch::test::running_server s;
  const std::string rest = "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  expect_refused(s.port(), "POST /predict HTTP/1.1\r\n" + rest, "exactly one Host");
  expect_refused(s.port(), "POST /predict HTTP/1.1\r\nHost: a\r\nHost: b\r\n" + rest, "exactly one Host");
  http_client c(s.port());
  c.send_raw("POST /predict HTTP/1.0\r\n" + rest); // HTTP/1.0 had no Host
  EXPECT_EQ(c.read().result(), http::status::ok);
}

TEST(Framing, ExpectContinueGetsOneHundredBeforeTheBodyIsSent) {
  hatewatch::test::running_server s;
  http_client c(s.port());
  c.send_raw("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
             "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n");
  const auto interim = c.read();
  EXPECT_EQ(interim.result(), http::status::continue_);
  c.send_raw(body);
  const auto res = c.read();
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find("hate speech"), std::string::npos) << res.body();
}

TEST(Framing, AbsoluteFormTargetsAreRoutedByTheirPath) {
  hatewatch::test::running_server s;
  http_client c(s.port());
  c.send_raw("POST http://127.0.0.1:8080/predict?explain=true HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: "
             "application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto res = c.read();
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_NE(res.body().find("explanation"), std::string::npos) << res.body();
  c.send_raw("GET HTTP://127.0.0.1:8080/healthz HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
  EXPECT_EQ(c.read().result(), http::status::ok);
}

// Found by the HTTP fuzzer: an error answer to HEAD carried its problem+json body, which the client
// (expecting none) read as the start of the next answer.
TEST(Framing, AnswersToHeadHaveNoBodyErrorsIncluded) {
  hatewatch::test::running_server s;
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket sock(ioc);
  sock.connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});
  const std::string requests = "HEAD /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n"
                               "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                               "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  boost::asio::write(sock, boost::asio::buffer(requests));
  std::string answer;
  boost::system::error_code ec;
  boost::asio::read(sock, boost::asio::dynamic_buffer(answer), ec);
  ASSERT_EQ(ec, boost::asio::error::eof);
  // Each HEAD answer ends with its header; the next answer starts right there.
  const auto first_end = answer.find("\r\n\r\n");
  ASSERT_NE(first_end, std::string::npos);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 404")) << answer;
  EXPECT_NE(answer.substr(0, first_end).find("Content-Length: "), std::string::npos) << answer;
  const auto second = answer.substr(first_end + 4);
  EXPECT_TRUE(second.starts_with("HTTP/1.1 200")) << answer;
  const auto third = second.substr(second.find("\r\n\r\n") + 4);
  EXPECT_TRUE(third.starts_with("HTTP/1.1 200")) << answer;
  EXPECT_TRUE(third.ends_with(R"({"status":"ok"})")) << answer;
}
