#include "support/http_client.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>

namespace hatewatch::test {

http_client::http_client(unsigned short port, const std::string& host) : socket_(ioc_) {
  socket_.connect({boost::asio::ip::make_address(host), port});
}

response http_client::request(http::verb method, const std::string& target, const std::string& body,
                              const std::string& content_type) {
  return request(method, target, body, content_type, {});
}

response http_client::request(http::verb method, const std::string& target, const std::string& body,
                              const std::string& content_type, const header_list& headers) {
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers)
    req.set(name, value);
  if (!body.empty() || method == http::verb::post) {
    req.set(http::field::content_type, content_type);
    req.body() = body;
    req.prepare_payload();
  }
  http::write(socket_, req);
  return read();
}

void http_client::send_raw(const std::string& bytes) {
  boost::asio::write(socket_, boost::asio::buffer(bytes));
}

response http_client::read() {
  response res;
  http::read(socket_, buffer_, res);
  // Every JSON answer of every test must be valid JSON in valid UTF-8 (Boost.JSON's parser checks
  // both), however odd the request was.
  const auto type = res[http::field::content_type];
  if (type.starts_with("application/json") || type.starts_with("application/problem+json")) {
    boost::system::error_code ec;
    boost::json::parse(res.body(), ec);
    EXPECT_FALSE(ec) << "invalid JSON answer (" << ec.message() << "): " << res.body();
  }
  return res;
}

bool http_client::closed_by_server() {
  pollfd p{socket_.native_handle(), POLLIN, 0};
  if (::poll(&p, 1, 2000) <= 0)
    return false;
  char c;
  boost::system::error_code ec;
  auto n = socket_.read_some(boost::asio::buffer(&c, 1), ec);
  return n == 0 && (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset);
}

} // namespace hatewatch::test
