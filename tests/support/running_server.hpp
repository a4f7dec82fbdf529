#pragma once
// A daemon::server started for one test on the config given (loopback_config() by default), stopped
// and joined when the test ends.

#include "daemon/app/server.hpp"
#include "support/loopback_config.hpp"

namespace hatewatch::test {

class running_server {
public:
  explicit running_server(daemon::config cfg = loopback_config()) : server_(std::move(cfg)) {
    port_ = server_.start(false).port();
  }
  ~running_server() {
    server_.stop();
    server_.wait();
  }
  running_server(const running_server&) = delete;
  running_server& operator=(const running_server&) = delete;

  unsigned short port() const { return port_; }
  daemon::server& get() { return server_; }

private:
  daemon::server server_;
  unsigned short port_ = 0;
};

} // namespace hatewatch::test
