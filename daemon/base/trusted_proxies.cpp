#include "daemon/base/trusted_proxies.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

namespace ip = boost::asio::ip;

std::array<unsigned char, 16> bytes_of(const ip::address& a) {
  if (a.is_v4())
    return ip::make_address_v6(ip::v4_mapped, a.to_v4()).to_bytes();
  return a.to_v6().to_bytes();
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec)
    return std::nullopt;
  return a;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// A hop of X-Forwarded-For: an address, also written "[v6]" or with a port ("1.2.3.4:5678").
std::optional<ip::address> parse_hop(std::string_view hop) {
  hop = trim(hop);
  if (auto a = parse_address(hop))
    return a;
  if (hop.starts_with('[')) {
    const auto close = hop.find(']');
    return close == std::string_view::npos ? std::nullopt : parse_address(hop.substr(1, close - 1));
  }
  if (const auto colon = hop.find(':'); colon != std::string_view::npos && hop.find(':', colon + 1) == std::string_view::npos)
    return parse_address(hop.substr(0, colon));
  return std::nullopt;
}

} // namespace

trusted_proxies::trusted_proxies(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    const auto slash = entry.find('/');
    const auto a = parse_address(std::string_view(entry).substr(0, slash));
    if (!a)
      throw std::invalid_argument("'" + entry + "' is not an address or a CIDR range (10.0.0.0/8, fd00::/8)");
    range r{bytes_of(*a), 128u};
    if (slash != std::string::npos) {
      unsigned bits = 0;
      const auto text = std::string_view(entry).substr(slash + 1);
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bits);
      const unsigned max = a->is_v4() ? 32 : 128;
      if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || bits > max)
        throw std::invalid_argument("'" + entry + "': the prefix length must be 0 to " + std::to_string(max));
      r.prefix = a->is_v4() ? 96 + bits : bits;
    }
    ranges_.push_back(r);
  }
}

bool trusted_proxies::contains(const ip::address& a) const {
  const auto b = bytes_of(a);
  for (const auto& r : ranges_) {
    unsigned bit = 0;
    for (; bit + 8 <= r.prefix; bit += 8)
      if (b[bit / 8] != r.bytes[bit / 8])
        break;
    if (bit + 8 <= r.prefix)
      continue;
    if (bit < r.prefix) {
      const auto mask = static_cast<unsigned char>(0xFF << (8 - (r.prefix - bit)));
      if ((b[bit / 8] & mask) != (r.bytes[bit / 8] & mask))
        continue;
    }
    return true;
  }
  return false;
}

trusted_proxies::client trusted_proxies::resolve(std::string_view peer, std::string_view forwarded_for,
                                                 std::string_view forwarded_proto) const {
  client out{std::string(peer), false};
  const auto from = parse_address(peer);
  if (ranges_.empty() || !from || !contains(*from))
    return out;
  // The last proxy's word on the scheme (a list: the last entry is the one it added).
  if (const auto comma = forwarded_proto.rfind(','); comma != std::string_view::npos)
    forwarded_proto.remove_prefix(comma + 1);
  out.https = trim(forwarded_proto) == "https";
  // From the right: each hop a trusted proxy added, until the first one that is not trusted.
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto hop = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    const auto a = parse_hop(hop);
    if (!a)
      break; // not an address: the last trusted hop is all that can be told
    out.address = a->to_string();
    if (!contains(*a))
      break;
  }
  return out;
}

} // namespace hatewatch::daemon
