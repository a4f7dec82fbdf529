#pragma once
// One HTTP/1.1 connection: reads requests one after another (keep-alive and pipelining), hands each
// to the router inside the one try block that turns errors into problem+json, and writes the answer.
//
// Thread safety: all of a session's work runs on its own strand; other threads reach it only through
// drain() and close(), which post to that strand.
// Lifetime: the session owns itself through shared_from_this(); every pending handler holds it.

#include "daemon/http/server_config.hpp"
#include "daemon/http/router.hpp"
#include "daemon/base/trusted_proxies.hpp"
#include "daemon/base/net.hpp"

#include <chrono>
#include <exception>
#include <memory>
#include <optional>

namespace hatewatch::daemon {

class session_registry;

class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket&& socket, std::shared_ptr<const router> routes, const server_config& cfg,
          std::shared_ptr<session_registry> registry);
  ~session();

  void run();
  /// Ends the connection at the next request boundary: at once when idle, after the answer when busy.
  void drain();
  /// Ends the connection now, whatever it is doing.
  void close();

private:
  enum class phase { idle, reading, handling, writing, closed };

  void wait_for_request();
  void on_first_bytes(error_code ec, std::size_t n);
  void read_request();
  // Feeds buffered bytes to the parser: up to the end of the header until it is checked, then on.
  void parse_buffered(error_code& ec);
  void on_header(error_code ec, std::size_t n);
  void read_body();
  void on_read(error_code ec, std::size_t n);
  void write(string_response res);
  void on_write(bool keep_alive, error_code ec, std::size_t n);
  void shutdown();
  void handle(const string_request& req);
  void respond(std::exception_ptr error, string_response res);
  string_response finish(const string_request& req, std::exception_ptr error, string_response res) noexcept;

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<const router> routes_;
  server_config cfg_;
  std::shared_ptr<session_registry> registry_;
  std::shared_ptr<void> response_; // keeps the message being written alive
  std::string client_;             // the peer's address
  trusted_proxies proxies_;        // server.trusted_proxies: peers whose X-Forwarded-* are believed
  std::string request_client_;     // the request's client: the peer, or whom a trusted proxy names
  route_match match_;                              // the request being handled
  std::chrono::steady_clock::time_point started_; // when its handling began
  phase phase_ = phase::idle;
  bool header_checked_ = false;
  bool draining_ = false;
};

} // namespace hatewatch::daemon
