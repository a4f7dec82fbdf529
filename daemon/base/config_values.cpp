#include "daemon/base/config_values.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <limits>
#include <stdexcept>
#include <utility>

namespace hatewatch::daemon {
namespace {

// Splits "64KiB" into 64 and "KiB"; the number must be a whole, non-negative decimal.
std::pair<std::uint64_t, std::string_view> split_number(std::string_view text, const char* what) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range)
    throw std::invalid_argument(std::string(what) + " is too large: '" + std::string(text) + "'");
  if (ec != std::errc() || end == text.data())
    throw std::invalid_argument("expected " + std::string(what) + ", got '" + std::string(text) + "'");
  std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
  while (!unit.empty() && unit.front() == ' ')
    unit.remove_prefix(1);
  return {value, unit};
}

std::uint64_t checked_multiply(std::uint64_t value, std::uint64_t factor, std::string_view text) {
  if (factor != 0 && value > std::numeric_limits<std::uint64_t>::max() / factor)
    throw std::invalid_argument("value is too large: '" + std::string(text) + "'");
  return value * factor;
}

} // namespace

std::uint64_t parse_byte_size(std::string_view text) {
  auto [value, unit] = split_number(text, "a byte size such as 65536, 64KiB or 1MiB");
  struct suffix {
    std::string_view name;
    std::uint64_t factor;
  };
  static constexpr suffix suffixes[] = {
      {"", 1},
      {"B", 1},
      {"KiB", 1ULL << 10},
      {"MiB", 1ULL << 20},
      {"GiB", 1ULL << 30},
      {"KB", 1000},
      {"MB", 1000 * 1000},
      {"GB", 1000 * 1000 * 1000},
  };
  for (const auto& s : suffixes)
    if (unit == s.name)
      return checked_multiply(value, s.factor, text);
  throw std::invalid_argument("unknown size unit '" + std::string(unit) + "' (use B, KiB, MiB, GiB, KB, MB or GB)");
}

std::chrono::milliseconds parse_duration(std::string_view text) {
  auto [value, unit] = split_number(text, "a duration such as 500ms, 10s, 5m or 1h");
  std::uint64_t factor = 0;
  if (unit == "ms")
    factor = 1;
  else if (unit.empty() || unit == "s")
    factor = 1000;
  else if (unit == "m")
    factor = 60 * 1000;
  else if (unit == "h")
    factor = 3600 * 1000;
  else
    throw std::invalid_argument("unknown duration unit '" + std::string(unit) + "' (use ms, s, m or h)");
  std::uint64_t ms = checked_multiply(value, factor, text);
  if (ms > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw std::invalid_argument("duration is too large: '" + std::string(text) + "'");
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

listen_address parse_listen_address(std::string_view text) {
  listen_address out;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      throw std::invalid_argument("expected '[ipv6]:port', got '" + std::string(text) + "'");
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0)
      throw std::invalid_argument("expected 'host:port', got '" + std::string(text) + "'");
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos)
      throw std::invalid_argument("write an IPv6 address in brackets, as '[::1]:8080'");
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
    throw std::invalid_argument("port must be a number from 0 to 65535, got '" + std::string(port_text) + "'");
  out.port = static_cast<std::uint16_t>(port);
  // The listener binds an address, not a name: refuse here what it would refuse at start.
  unsigned char ip[sizeof(in6_addr)];
  if (::inet_pton(AF_INET, out.host.c_str(), ip) != 1 && ::inet_pton(AF_INET6, out.host.c_str(), ip) != 1)
    throw std::invalid_argument("the host must be an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every "
                                "interface, [::] for IPv6), got '" + out.host + "'");
  return out;
}

} // namespace hatewatch::daemon
