#pragma once
// A blocking HTTP/1.1 client over loopback for tests: one connection, requests one after another.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

#include <string>
#include <utility>
#include <vector>

namespace hatewatch::test {

namespace http = boost::beast::http;
using response = http::response<http::string_body>;

/// The body of `res` parsed as a JSON object (throws when it is not one).
inline boost::json::object json(const response& res) {
  return boost::json::parse(res.body()).as_object();
}

class http_client {
public:
  explicit http_client(unsigned short port, const std::string& host = "127.0.0.1");

  /// Sends one request on the open connection and reads the answer.
  response request(http::verb method, const std::string& target, const std::string& body = {},
                   const std::string& content_type = "application/json");
  response get(const std::string& target) { return request(http::verb::get, target); }

  /// The same with extra header fields ({"X-Discourse-Event", "post_created"}, ...).
  using header_list = std::vector<std::pair<std::string, std::string>>;
  response request(http::verb method, const std::string& target, const std::string& body,
                   const std::string& content_type, const header_list& headers);

  /// Writes raw bytes (for malformed or pipelined requests) and reads one answer.
  void send_raw(const std::string& bytes);
  response read();
  /// True once the server has closed the connection (reads EOF within a short wait).
  bool closed_by_server();

private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

} // namespace hatewatch::test
