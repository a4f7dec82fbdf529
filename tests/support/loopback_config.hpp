#pragma once
// A daemon config for tests: an ephemeral loopback port, two threads, quiet logs, the shipped model,
// storage off.

#include "daemon/config/config.hpp"

namespace hatewatch::test {

inline daemon::config loopback_config() {
  using namespace std::chrono_literals;
  daemon::config cfg;
  cfg.server.listen = {"127.0.0.1", 0};
  cfg.server.threads = 2;
  cfg.server.drain_timeout = 2s;
  cfg.log.level = "off";
  cfg.model.path = HATEWATCH_SOURCE_DIR "/models/forums.hwm";
  cfg.storage.path.clear(); // storage tests give a database of their own

  return cfg;
}

} // namespace hatewatch::test
