#pragma once
// The config's `server` section: where the daemon listens and the limits of its HTTP server.

#include "daemon/base/config_fwd.hpp"
#include "daemon/base/config_values.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct server_config {
  listen_address listen{"127.0.0.1", 8080};
  /// When true and $PORT is set, it replaces the port of `listen` (container platforms set it).
  bool port_from_env = false;
  /// I/O threads; 0 means one per core.
  unsigned threads = 0;
  std::uint64_t body_limit = 1ULL << 20;
  std::uint32_t header_limit = 8 * 1024;
  /// Deadline for reading one whole request once its first byte has arrived.
  std::chrono::milliseconds read_timeout = 10s;
  /// How long a keep-alive connection may sit idle between requests.
  std::chrono::milliseconds idle_timeout = 60s;
  /// On SIGTERM/SIGINT, how long requests in flight get to finish.
  std::chrono::milliseconds drain_timeout = 10s;
  std::uint32_t max_connections = 10000;
  /// Reverse proxies in front (addresses and CIDR ranges): only from these peers are the client
  /// (X-Forwarded-For, its rightmost hop that is not a trusted proxy) and the scheme
  /// (X-Forwarded-Proto) believed. Empty: the socket's peer is the client, the headers are ignored.
  std::vector<std::string> trusted_proxies;

  bool operator==(const server_config&) const = default;
};

/// Reads the `server` section.
void read_server(const config_reader& r, const YAML::Node& node, server_config& s);

} // namespace hatewatch::daemon
