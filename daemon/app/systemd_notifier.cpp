#include "daemon/app/systemd_notifier.hpp"

#include "daemon/base/logging.hpp"

#include <systemd/sd-daemon.h>

namespace hatewatch::daemon {

systemd_notifier::systemd_notifier(net::strand<net::io_context::executor_type> strand) : timer_(strand) {}

void systemd_notifier::ready(const std::string& status) {
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void systemd_notifier::reloading() { sd_notify(0, "RELOADING=1"); }

void systemd_notifier::stopping() { sd_notify(0, "STOPPING=1"); }

std::chrono::microseconds systemd_notifier::start_watchdog() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
    return std::chrono::microseconds(0);
  interval_ = std::chrono::microseconds(usec / 2);
  running_ = true;
  net::dispatch(timer_.get_executor(), [this] { ping(); });
  get_logger("server")->info("systemd watchdog: pinging every {} ms", interval_.count() / 1000);
  return interval_;
}

void systemd_notifier::stop_watchdog() {
  net::dispatch(timer_.get_executor(), [this] {
    running_ = false;
    timer_.cancel();
  });
}

// Runs on the strand: a ping that arrives proves the event loop is turning.
void systemd_notifier::ping() {
  if (!running_)
    return;
  sd_notify(0, "WATCHDOG=1");
  timer_.expires_after(interval_);
  timer_.async_wait([this](error_code ec) {
    if (!ec)
      ping();
  });
}

} // namespace hatewatch::daemon
