#include "daemon/http/listener.hpp"

#include "daemon/http/session.hpp"
#include "daemon/base/logging.hpp"

#include <boost/asio/strand.hpp>

#include <algorithm>
#include <system_error>

namespace hatewatch::daemon {

bool session_registry::add(session* s, const std::shared_ptr<session>& owner, std::size_t limit) {
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= limit)
    return false;
  sessions_.emplace(s, owner);
  return true;
}

void session_registry::remove(session* s) {
  std::lock_guard lock(mutex_);
  sessions_.erase(s);
}

std::size_t session_registry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::vector<std::shared_ptr<session>> session_registry::snapshot() const {
  std::vector<std::shared_ptr<session>> out;
  std::lock_guard lock(mutex_);
  out.reserve(sessions_.size());
  for (const auto& [raw, weak] : sessions_)
    if (auto s = weak.lock())
      out.push_back(std::move(s));
  return out;
}

void session_registry::drain_all() {
  for (const auto& s : snapshot())
    s->drain();
}

void session_registry::close_all() {
  for (const auto& s : snapshot())
    s->close();
}

listener::listener(net::io_context& ioc, server_config cfg, std::shared_ptr<const router> routes)
    : ioc_(ioc), cfg_(std::move(cfg)), routes_(std::move(routes)), strand_(net::make_strand(ioc)), acceptor_(strand_), retry_(strand_),
      registry_(std::make_shared<session_registry>()) {}

tcp::endpoint listener::open() {
  error_code ec;
  const auto address = net::ip::make_address(cfg_.listen.host, ec);
  if (ec)
    throw std::system_error(ec, "listen address '" + cfg_.listen.host + "' is not an IP address");
  const tcp::endpoint endpoint{address, cfg_.listen.port};
  const auto where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  auto check = [&](const char* what) {
    if (ec)
      throw std::system_error(ec, std::string("cannot ") + what + " " + where);
  };
  acceptor_.open(endpoint.protocol(), ec);
  check("open a socket for");
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  check("set SO_REUSEADDR on");
  acceptor_.bind(endpoint, ec);
  check("bind");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  check("listen on");
  return acceptor_.local_endpoint();
}

void listener::start() {
  net::dispatch(strand_, [self = shared_from_this()] { self->do_accept(); });
}

void listener::do_accept() {
  acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open())
    return;
  if (ec)
    return pause_accepting(ec);
  backoff_ = std::chrono::milliseconds(0);
  auto s = std::make_shared<session>(std::move(socket), routes_, cfg_, registry_);
  if (registry_->add(s.get(), s, cfg_.max_connections))
    s->run();
  else
    get_logger("http")->warn("connection refused: {} connections are open (server.max_connections)",
                             cfg_.max_connections);
  do_accept();
}

void listener::pause_accepting(const error_code& ec) {
  using namespace std::chrono_literals;
  constexpr auto report_every = 5s;
  backoff_ = std::clamp(backoff_ * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  ++failures_;
  const auto now = std::chrono::steady_clock::now();
  if (now >= next_report_) {
    // One line per interval, however fast the failures come.
    get_logger("http")->warn("accept: {}; {} failure(s) since the last report; accepting again in {} ms "
                             "(check server.max_connections against the open-file limit)",
                             ec.message(), failures_, backoff_.count());
    failures_ = 0;
    next_report_ = now + report_every;
  }
  retry_.expires_after(backoff_);
  retry_.async_wait([self = shared_from_this()](error_code wait_ec) {
    if (!wait_ec && self->acceptor_.is_open())
      self->do_accept();
  });
}

void listener::stop() {
  net::dispatch(strand_, [self = shared_from_this()] {
    error_code ignored;
    self->retry_.cancel();
    self->acceptor_.close(ignored);
    self->registry_->drain_all();
  });
}

void listener::close_all() {
  registry_->close_all();
}

} // namespace hatewatch::daemon
