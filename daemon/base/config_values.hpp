#pragma once
// Parsers for the scalar value kinds that appear in the YAML config: byte sizes, durations and
// listen addresses. They throw std::invalid_argument with a message that names what was expected;
// the config loader adds file, line and key.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace hatewatch::daemon {

/// "1048576", "64KiB", "1MiB", "2GiB" (also KB/MB/GB as powers of 1000).
std::uint64_t parse_byte_size(std::string_view text);

/// "250ms", "10s", "5m", "1h"; a bare number is seconds.
std::chrono::milliseconds parse_duration(std::string_view text);

/// A host and a port, as written in `server.listen`.
struct listen_address {
  std::string host;
  std::uint16_t port = 0;
  bool operator==(const listen_address&) const = default;
};

/// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0" (port 0 = any free port).
listen_address parse_listen_address(std::string_view text);

} // namespace hatewatch::daemon
