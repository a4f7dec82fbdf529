#include "daemon/http/session.hpp"

#include "daemon/http/error_answer.hpp"

#include "daemon/http/framing.hpp"
#include "daemon/http/listener.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/base/refusal_log.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <optional>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

const std::shared_ptr<spdlog::logger>& log() {
  static const auto logger = get_logger("http");
  return logger;
}

} // namespace

session::session(tcp::socket&& socket, std::shared_ptr<const router> routes, const server_config& cfg,
                 std::shared_ptr<session_registry> registry)
    : stream_(std::move(socket)), routes_(std::move(routes)), cfg_(cfg), registry_(std::move(registry)),
      proxies_(cfg.trusted_proxies) {
  error_code ec;
  const auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec)
    client_ = remote.address().to_string();
}

session::~session() {
  registry_->remove(this);
}

void session::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void session::drain() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->draining_ = true; // a request being handled is answered first, then the connection closes
    if (self->phase_ == phase::idle)
      self->shutdown();
  });
}

void session::close() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->shutdown(); });
}

// Between requests the connection may sit idle for idle_timeout; a request that has begun must
// arrive whole within read_timeout, which bounds slow clients.
void session::wait_for_request() {
  if (draining_)
    return shutdown();
  phase_ = phase::idle;
  if (buffer_.size() > 0)
    return read_request(); // a pipelined request is already here
  stream_.expires_after(cfg_.idle_timeout);
  stream_.async_read_some(buffer_.prepare(4096),
                          beast::bind_front_handler(&session::on_first_bytes, shared_from_this()));
}

void session::on_first_bytes(error_code ec, std::size_t n) {
  if (ec) {
    if (ec != net::error::eof && ec != beast::error::timeout && ec != net::error::operation_aborted &&
        ec != net::error::connection_reset)
      log()->debug("read: {}", ec.message());
    return shutdown();
  }
  buffer_.commit(n);
  read_request();
}

void session::read_request() {
  phase_ = phase::reading;
  parser_.emplace();
  parser_->body_limit(cfg_.body_limit);
  parser_->header_limit(cfg_.header_limit);
  // Fast path: a small request usually arrives whole in the first read, so parse its header from
  // the buffer here and skip an asynchronous read. The parser stops after the header (it is not
  // eager), so the header is checked before any of the body is read.
  error_code ec;
  parse_buffered(ec);
  if (ec || parser_->is_header_done())
    return on_header(ec, 0);
  stream_.expires_after(cfg_.read_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&session::on_header, shared_from_this()));
}

void session::parse_buffered(error_code& ec) {
  while (buffer_.size() > 0 && !parser_->is_done()) {
    const auto used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0 || (parser_->is_header_done() && !header_checked_))
      break;
  }
}

void session::on_header(error_code ec, std::size_t) {
  if (ec)
    return on_read(ec, 0);
  header_checked_ = true;
  if (auto problem = framing_problem(parser_->get())) {
    routes_->observe(0, problem->result_int(), std::chrono::nanoseconds(0));
    return write(std::move(*problem));
  }
  // A client that waits for "100 Continue" before sending its body gets it now (RFC 9110 10.1.1);
  // an answer without reading the body (an error) is also allowed, and closes.
  if (!parser_->is_done() && beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    stream_.expires_after(cfg_.read_timeout);
    static constexpr std::string_view go_on = "HTTP/1.1 100 Continue\r\n\r\n";
    return net::async_write(stream_, net::buffer(go_on.data(), go_on.size()),
                            [self = shared_from_this()](error_code write_ec, std::size_t) {
                              if (write_ec)
                                return self->on_read(write_ec, 0);
                              self->read_body();
                            });
  }
  read_body();
}

void session::read_body() {
  error_code ec;
  parse_buffered(ec);
  header_checked_ = false;
  if (ec || parser_->is_done())
    return on_read(ec, 0);
  stream_.expires_after(cfg_.read_timeout);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
}

void session::on_read(error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == net::error::eof)
    return shutdown();
  if (ec == beast::error::timeout) {
    log()->debug("read timed out");
    return shutdown();
  }
  // Errors in the request itself get an answer, then the connection closes: the stream's framing
  // can no longer be trusted.
  if (ec) {
    std::optional<string_response> problem;
    if (ec == http::error::body_limit) {
      const std::runtime_error why("the body exceeds the limit of " + std::to_string(cfg_.body_limit) +
                                  " bytes (server.body_limit)");
      const auto& head = parser_->get();
      log_too_large(std::string(head.method_string()) + " " + std::string(head.target().substr(0, head.target().find('?'))),
                    why);
      problem = make_problem(http::status::payload_too_large, why.what(), 11, false);
    }
    else if (ec == http::error::header_limit)
      problem =
          make_problem(http::status::request_header_fields_too_large,
                       "the headers exceed the limit of " + std::to_string(cfg_.header_limit) + " bytes", 11, false);
    else if (ec.category() == make_error_code(http::error::bad_target).category()) // a Beast parse error
      problem = make_problem(http::status::bad_request, "malformed HTTP request: " + ec.message(), 11, false);
    if (!problem) {
      log()->debug("read: {}", ec.message());
      return shutdown();
    }
    routes_->observe(0, problem->result_int(), std::chrono::nanoseconds(0));
    return write(std::move(*problem));
  }

  handle(parser_->get());
}

// The request stays in parser_ until the answer is written: the next read starts only after that.
void session::handle(const string_request& req) {
  phase_ = phase::handling;
  started_ = std::chrono::steady_clock::now();
  match_ = route_match{};
  // Behind a trusted reverse proxy, the client it names (for rate limits, the login throttle, logs)
  // and the scheme it was reached by; from anyone else, the peer and plain HTTP.
  const auto who = proxies_.resolve(client_, req["X-Forwarded-For"], req["X-Forwarded-Proto"]);
  request_client_ = who.address;
  match_.client = request_client_;
  match_.https = who.https;
  routes_->dispatch(req, match_, [self = shared_from_this()](std::exception_ptr error, string_response res) {
    // Deferred answers arrive from other threads; plain ones are already on the strand and run inline.
    net::dispatch(self->stream_.get_executor(), [self, error, res = std::move(res)]() mutable {
      self->respond(error, std::move(res));
    });
  });
}

void session::respond(std::exception_ptr error, string_response res) {
  if (phase_ != phase::handling)
    return; // closed while the answer was being made
  const auto& req = parser_->get();
  res = finish(req, error, std::move(res));
  // The JSON APIs' answers (comments, reviews, alerts, models) are a moderator's private data and
  // change at every request: never kept by a browser or a proxy.
  if (match_.path.starts_with("/v1/") && res.find(http::field::cache_control) == res.end())
    res.set(http::field::cache_control, "no-store");
  const auto took = std::chrono::steady_clock::now() - started_;
  routes_->observe(match_.route, res.result_int(), took);
  // The path only: a query string may carry a key, and bodies are never logged.
  log()->debug("{} {} {} {} {}us", request_client_, std::string(req.method_string()), std::string(match_.path),
               res.result_int(), std::chrono::duration_cast<std::chrono::microseconds>(took).count());
  if (draining_ || !req.keep_alive())
    res.keep_alive(false);
  write(std::move(res));
}

// The one catch of the HTTP boundary: every error becomes problem+json here.
string_response session::finish(const string_request& req, std::exception_ptr error, string_response res) noexcept {
  const bool keep_alive = req.keep_alive();
  try {
    try {
      if (error)
        std::rethrow_exception(error);
      res.version(req.version());
      res.keep_alive(keep_alive);
      return res;
    } catch (...) {
      const auto a = answer_for(std::current_exception(),
                                std::string(req.method_string()) + " " + std::string(match_.path));
      auto res = make_problem(a.status, a.detail, req.version(), keep_alive);
      for (const auto& [name, value] : a.headers)
        res.set(name, value);
      return res;
    }
  } catch (...) {
    // Building the problem itself failed (out of memory): answer with a bare 500.
    string_response bare{http::status::internal_server_error, req.version()};
    bare.keep_alive(false);
    bare.prepare_payload();
    return bare;
  }
}

void session::write(string_response res) {
  phase_ = phase::writing;
  // The answer to HEAD has no body, whatever the answer (errors too): only its length is told
  // (RFC 9110 9.3.2). A body here would be read by the client as the start of the next answer.
  if (parser_ && parser_->is_header_done() && parser_->get().method() == http::verb::head) {
    const auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  const bool keep_alive = res.keep_alive();
  auto msg = std::make_shared<string_response>(std::move(res));
  response_ = msg;
  stream_.expires_after(cfg_.read_timeout);
  http::async_write(stream_, *msg, beast::bind_front_handler(&session::on_write, shared_from_this(), keep_alive));
}

void session::on_write(bool keep_alive, error_code ec, std::size_t) {
  response_.reset();
  if (ec) {
    if (ec != net::error::operation_aborted && ec != beast::error::timeout)
      log()->debug("write: {}", ec.message());
    return shutdown();
  }
  if (!keep_alive)
    return shutdown();
  wait_for_request();
}

void session::shutdown() {
  if (phase_ == phase::closed)
    return;
  phase_ = phase::closed;
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

} // namespace hatewatch::daemon
