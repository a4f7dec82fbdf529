#pragma once
// Tells systemd how the daemon is doing (sd_notify): READY=1 once it serves, RELOADING=1/READY=1
// around a reload, STOPPING=1 at a stop, and WATCHDOG=1 at half the watchdog interval while the
// event loop runs. Without $NOTIFY_SOCKET (not under systemd) every call does nothing.
//
// Thread safety: the notify calls may come from any thread; the watchdog timer runs on the strand
// given to start_watchdog().

#include "daemon/base/net.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace hatewatch::daemon {

class systemd_notifier {
public:
  explicit systemd_notifier(net::strand<net::io_context::executor_type> strand);

  void ready(const std::string& status);
  void reloading();
  void stopping();
  /// Starts pinging when systemd asked for a watchdog ($WATCHDOG_USEC); returns the interval used.
  std::chrono::microseconds start_watchdog();
  void stop_watchdog();

private:
  void ping();

  boost::asio::steady_timer timer_;
  std::chrono::microseconds interval_{0};
  bool running_ = false;
};

} // namespace hatewatch::daemon
